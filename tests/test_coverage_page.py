"""KPU's coverage page: the city by kecamatan, a kecamatan by kelurahan, a kelurahan by TPS,
each with counts only, an "as of" time and a bar chart that needs no JavaScript."""

import html
import re

import pytest

from screening import journey
from screening.demo.screenings import HEALTHY
from screening.store import access, coverage, referrals, regions
from screening.web import library
from screening.web.views.screening import consent_version
from tests.clinic.conftest import ROUTINE

TODAY = "2020-01-03"  # the referrals made today are due long after; one is set due before
BARAT, MEDONO = "337501", "3375011002"
TIMUR, KLEGO = "337502", "3375021001"


@pytest.fixture
def city(app, db, make):
    """Two kecamatan. Pekalongan Barat, kelurahan Medono: TPS 1 has one officer not yet
    screened, one who declined, one screened healthy; TPS 2 one referred and seen, one referred
    and overdue. Pekalongan Timur, kelurahan Klego: two officers, one screened, one not, neither
    with JKN or BPJS Ketenagakerjaan."""
    make.region()
    regions.upsert_kecamatan(db, [{"code": TIMUR, "name": "Pekalongan Timur"}])
    regions.upsert_kelurahan(
        db, [{"code": KLEGO, "name": "Klego", "kecamatan_code": TIMUR, "tps_count": 10}]
    )
    with app.test_request_context():
        make.officer(jkn_status="tidak_aktif")
        declined = make.officer(bpjs_tk_status="belum_terdaftar")
        declined = dict(next(db["officer"].rows_where("nik = ?", [declined["nik"]])))
        journey.decide_consent(
            db,
            declined,
            decision=journey.DECLINED,
            text_version=consent_version(),
            questionnaire=None,
            polling_day="2029-02-14",
            now="2029-01-20T01:00:00+00:00",
        )
        make.screened_officer(HEALTHY)
        _, _, seen = make.screened_officer(ROUTINE, tps=2)
        _, _, late = make.screened_officer(ROUTINE, tps=2, jkn_status="belum_terdaftar")
        clinician = make.staff(role="fktp")
        referrals.change_status(
            db, seen["id"], expected="baru", to="diperiksa", staff_id=clinician["id"], now=TODAY
        )
        db["referral"].update(late["id"], {"deadline": "2020-01-02"})
        timur = {"kecamatan_code": TIMUR, "kelurahan_code": KLEGO, "tps": 3}
        make.officer(**timur, jkn_status="belum_terdaftar", bpjs_tk_status="belum_terdaftar")
        make.screened_officer(
            HEALTHY, **timur, jkn_status="belum_terdaftar", bpjs_tk_status="belum_terdaftar"
        )
    return db


def _counts(row, *keys):
    return tuple(row[key] for key in keys)


SCREENING = ("officers", "screened", "declined", "not_yet")
REFERRALS = ("referred", "seen", "overdue")
INSURANCE = (
    "jkn_aktif",
    "jkn_tidak_aktif",
    "jkn_belum_terdaftar",
    "bpjs_tk_terdaftar",
    "bpjs_tk_belum",
)


def test_city_level_counts_each_kecamatan(city):
    barat, timur = coverage.city_by_kecamatan(city, today=TODAY)
    assert (barat["name"], timur["name"]) == ("Pekalongan Barat", "Pekalongan Timur")
    assert _counts(barat, *SCREENING) == (5, 3, 1, 1)
    assert _counts(barat, *REFERRALS) == (2, 1, 1)
    assert _counts(barat, *INSURANCE) == (3, 1, 1, 4, 1)
    assert _counts(timur, *SCREENING) == (2, 1, 0, 1)
    assert _counts(timur, *REFERRALS) == (0, 0, 0)
    assert _counts(timur, *INSURANCE) == (0, 0, 2, 0, 2)
    total = coverage.total([barat, timur])
    assert _counts(total, *SCREENING, *REFERRALS) == (7, 4, 1, 2, 2, 1, 1)


def test_kecamatan_level_counts_each_kelurahan(city):
    (medono,) = coverage.kecamatan_by_kelurahan(city, BARAT, today=TODAY)
    assert medono["name"] == "Medono"
    assert _counts(medono, *SCREENING, *REFERRALS) == (5, 3, 1, 1, 2, 1, 1)
    (klego,) = coverage.kecamatan_by_kelurahan(city, TIMUR, today=TODAY)
    assert _counts(klego, *SCREENING) == (2, 1, 0, 1)


def test_kelurahan_level_counts_each_tps(city):
    tps1, tps2 = coverage.kelurahan_by_tps(city, MEDONO, today=TODAY)
    assert (tps1["code"], tps2["code"]) == (1, 2)
    assert _counts(tps1, *SCREENING, *REFERRALS) == (3, 1, 1, 1, 0, 0, 0)
    assert _counts(tps2, *SCREENING, *REFERRALS) == (2, 2, 0, 0, 2, 1, 1)


def test_overdue_depends_on_the_day(city):
    (medono,) = coverage.kecamatan_by_kelurahan(city, BARAT, today="2020-01-02")
    assert medono["overdue"] == 0


def _cells(page: str) -> list[str]:
    """The numbers of the table's cells, without their links and shares."""
    cells = re.findall(r'<td class="num">(.*?)</td>', page)
    return [re.sub(r"<[^>]+>", "", cell).split(" (")[0] for cell in cells]


def test_coverage_page_drills_from_city_to_tps_with_links(client, city, sign_in):
    sign_in("kpu")
    page = client.get("/kpu/cakupan/").text
    assert "Seluruh kota per kecamatan" in page
    assert f'href="/kpu/cakupan/?kecamatan={BARAT}"' in page
    assert "WIB" in page
    page = client.get(f"/kpu/cakupan/?kecamatan={BARAT}").text
    assert "Kecamatan Pekalongan Barat per kelurahan" in page
    assert f'href="/kpu/cakupan/?kelurahan={MEDONO}"' in page
    page = client.get(f"/kpu/cakupan/?kelurahan={MEDONO}").text
    assert "Kelurahan Medono per TPS" in page
    assert "TPS 2" in page
    # TPS 2: 2 officers, 2 screened (100%), 0 declined, 0 not yet, 2 referred, 1 seen, 1 overdue.
    body = page.split("TPS 2", 1)[1]
    assert _cells(body)[:7] == ["2", "2", "0", "0", "2", "1", "1"]


def test_coverage_page_draws_the_screened_share_as_an_svg_with_its_numbers(client, city, sign_in):
    sign_in("admin")
    page = client.get("/kpu/cakupan/").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<script" not in page
    # 3 of 5 screened in Barat, 1 of 2 in Timur: labels and percentages as text in the chart.
    bars = dict(re.findall(r">(Pekalongan \w+)</text>.*?>(\d+%)</text>", svg, re.DOTALL))
    assert bars == {"Pekalongan Barat": "60%", "Pekalongan Timur": "50%"}
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize(
    "query", ["kecamatan=999999", "kelurahan=9999999999", "kecamatan=abc", "kelurahan=%00"]
)
def test_an_unknown_area_is_not_found(client, city, sign_in, query):
    sign_in("kpu")
    assert client.get(f"/kpu/cakupan/?{query}").status_code == 404


def test_an_empty_area_gives_the_city(client, city, sign_in):
    sign_in("kpu")
    page = client.get("/kpu/cakupan/?kecamatan=&kelurahan=")
    assert page.status_code == 200
    assert "Seluruh kota per kecamatan" in page.text


def test_coverage_page_shows_counts_only_never_health_data(client, city, sign_in):
    sign_in("kpu")
    for path in ("/kpu/cakupan/", f"/kpu/cakupan/?kelurahan={MEDONO}"):
        page = client.get(path).text.lower()
        for word in ("hipertensi", "diabetes", "obat", "berisiko", "icd", "tekanan darah"):
            assert word not in page, (path, word)
        assert "petugas uji" not in page  # no officer's name either


def test_kpu_home_links_to_the_coverage_page(client, sign_in):
    sign_in("kpu")
    assert 'href="/kpu/cakupan/"' in client.get("/staf/").text


def test_clinicians_may_not_open_the_coverage_page(client, sign_in):
    sign_in("fktp")
    assert client.get("/kpu/cakupan/").status_code in (403, 404)


@pytest.fixture
def city_with_edges(app, city, make):
    """The city, and in Medono: an officer with no TPS, no JKN status and a lapsed BPJS
    Ketenagakerjaan membership; one who declined, then agreed and is answering; one whose
    referral was cancelled."""
    with app.test_request_context():
        make.officer(tps=None, role="PPS", jkn_status=None, bpjs_tk_status="tidak_aktif")
        changed = make.officer(tps=3, jkn_status="tidak_aktif")
        changed = dict(next(city["officer"].rows_where("nik = ?", [changed["nik"]])))
        for decision in (journey.DECLINED, journey.AGREED):
            journey.decide_consent(
                city,
                changed,
                decision=decision,
                text_version=consent_version(),
                questionnaire=None if decision == journey.DECLINED else library.live(),
                polling_day="2029-02-14",
                now="2029-01-20T01:00:00+00:00",
            )
        _, _, cancelled = make.screened_officer(ROUTINE, tps=3, bpjs_tk_status=None)
        city["referral"].update(cancelled["id"], {"status": "dibatalkan"})
    return city


def _listed(client, href: str) -> int:
    """How many officers the officer list at `href` says it holds."""
    page = client.get(html.unescape(href))
    assert page.status_code == 200, href
    heading = re.search(r'<h2 id="hasil">(.*?)</h2>', page.text, re.DOTALL).group(1)
    if "Tidak ada petugas" in heading:
        return 0
    found = re.search(r"dari ([\d.]+)|([\d.]+) petugas", heading)
    return int((found.group(1) or found.group(2)).replace(".", ""))


def test_every_count_of_every_level_links_to_a_list_of_exactly_that_many_officers(
    client, city_with_edges, sign_in
):
    sign_in("kpu")
    levels = ["", f"?kecamatan={BARAT}", f"?kecamatan={TIMUR}", f"?kelurahan={MEDONO}"]
    levels.append(f"?kelurahan={KLEGO}")
    checked = 0
    for level in levels:
        page = client.get(f"/kpu/cakupan/{level}").text
        table = page[page.index("<tbody>") : page.index("</tfoot>")]
        cells = re.findall(r'<td class="num"><a href="([^"]+)">([\d.]+)</a>', table)
        rows = table.count("<tr>")
        assert len(cells) == rows * 12, level
        for href, shown in cells:
            assert href.startswith("/kpu/petugas/"), href
            assert _listed(client, href) == int(shown.replace(".", "")), (level, href)
            checked += 1
    assert checked == 12 * (3 + 2 + 2 + 5 + 2)  # rows and totals of the five levels
    # The edges are in it: Medono has a row for the officer with no TPS, and its list is his.
    medono = client.get(f"/kpu/cakupan/?kelurahan={MEDONO}").text
    assert "TPS belum diisi" in medono
    assert f"/kpu/petugas/?kelurahan={MEDONO}&amp;tps=tanpa" in medono


def test_the_counts_agree_with_the_lists_in_the_store_too(city_with_edges):
    """Without the pages: each count of each kelurahan and TPS row is the size of its list."""
    db = city_with_edges
    for kelurahan in (MEDONO, KLEGO):
        for row in coverage.kelurahan_by_tps(db, kelurahan, today=TODAY):
            for key in coverage.COUNTS:
                _, listed = access.officer_list_page(
                    db,
                    kelurahan=kelurahan,
                    tps=row["code"],
                    without_tps=row["code"] is None,
                    **coverage.COUNT_FILTERS[key],
                    today=TODAY,
                    limit=1,
                )
                assert listed == row[key], (kelurahan, row["code"], key)


def _first_column(page: str) -> list[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [
        re.sub(r"<[^>]+>", "", name) for name in re.findall(r'<th scope="row">(.*?)</th>', body)
    ]


def test_column_headers_sort_the_rows_on_the_server_and_toggle_their_direction(
    client, city, sign_in
):
    sign_in("kpu")
    page = client.get("/kpu/cakupan/").text
    assert _first_column(page) == ["Pekalongan Barat", "Pekalongan Timur"]
    # A count sorts largest first; clicked again, smallest first.
    assert 'href="/kpu/cakupan/?urut=petugas&amp;arah=turun"' in page
    page = client.get("/kpu/cakupan/?urut=belum&arah=naik").text
    assert 'aria-sort="ascending"' in page
    assert _first_column(page) == ["Pekalongan Barat", "Pekalongan Timur"]  # 1 and 1: as listed
    page = client.get("/kpu/cakupan/?urut=wilayah&arah=turun").text
    assert _first_column(page) == ["Pekalongan Timur", "Pekalongan Barat"]
    assert 'href="/kpu/cakupan/?urut=wilayah&amp;arah=naik"' in page
    page = client.get("/kpu/cakupan/?urut=dirujuk").text
    assert _first_column(page) == ["Pekalongan Barat", "Pekalongan Timur"]
    # The level is kept when sorting a kelurahan's TPS.
    page = client.get(f"/kpu/cakupan/?kelurahan={MEDONO}&urut=sudah&arah=turun").text
    assert _first_column(page) == ["TPS 2", "TPS 1"]
    assert f"urut=wilayah&amp;arah=naik&amp;kelurahan={MEDONO}" in page


@pytest.mark.parametrize("query", ["urut=x", "urut=sudah&arah=miring", "arah=turun", "urut="])
def test_an_unknown_sort_leaves_the_rows_in_their_order(client, city, sign_in, query):
    sign_in("kpu")
    page = client.get(f"/kpu/cakupan/?{query}")
    assert page.status_code == 200
    assert _first_column(page.text) == ["Pekalongan Barat", "Pekalongan Timur"]


def test_the_city_summary_counts_as_the_coverage_page_does(city_with_edges):
    db = city_with_edges
    summary = coverage.city_summary(db, today=TODAY)
    total = coverage.total(coverage.city_by_kecamatan(db, today=TODAY))
    assert summary == {key: total[key] for key in summary}
    assert summary == {"officers": 10, "screened": 5, "referred": 2, "seen": 1, "overdue": 1}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_coverage_table_downloads_as_the_page_counts_it_dated_and_audited(
    client, sign_in, demo_city, db, kind
):
    import csv
    import io

    import openpyxl

    from screening.clock import today_wib
    from screening.store import coverage as coverage_store

    sign_in("kpu")
    response = client.get(f"/kpu/cakupan/cakupan.{kind}?kecamatan=337501")
    assert response.status_code == 200
    name = f"cakupan-337501-{today_wib().isoformat()}.{kind}"
    assert name in response.headers["Content-Disposition"]
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        text = response.data.decode("utf-8-sig")
        table = [
            [int(cell) if cell.isdigit() else cell for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=";")
        ]
    header, *body = table
    assert header[:3] == ["Wilayah", "Petugas", "Sudah skrining"]
    rows = coverage_store.kecamatan_by_kelurahan(db, "337501", today=today_wib().isoformat())
    assert [r[0] for r in body] == [row["name"] for row in rows] + ["Jumlah"]
    for line, row in zip(body, rows, strict=False):
        assert line[1:3] == [row["officers"], row["screened"]]
        assert line[13] == row["bpjs_tk_belum"]
    assert body[-1][1] == sum(row["officers"] for row in rows)
    audit = db.execute("SELECT detail FROM audit_log WHERE subject = 'coverage'").fetchone()[0]
    assert audit.startswith(name)


def test_an_area_operator_downloads_only_their_own_area(client, make, db):
    from tests.factories import sign_in_staff

    make.region()
    pps = make.staff(role="pps", totp=True)
    sign_in_staff(client, make, pps)
    assert client.get("/kpu/cakupan/cakupan.csv").status_code == 200
    assert client.get("/kpu/cakupan/cakupan.csv?kecamatan=337502").status_code == 404
