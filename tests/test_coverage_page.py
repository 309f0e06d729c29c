"""KPU's coverage page: the city by kecamatan, a kecamatan by kelurahan, a kelurahan by TPS,
each with counts only, an "as of" time and a bar chart that needs no JavaScript."""

import re

import pytest

from screening import journey
from screening.demo.screenings import HEALTHY
from screening.store import coverage, referrals, regions
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
    return re.findall(r'<td class="num">([^<]*)', page)


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
    assert _cells(body)[:7] == ["2", "2 ", "0", "0", "2", "1", "1"]


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
