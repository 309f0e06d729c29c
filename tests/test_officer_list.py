"""KPU's officer list: paged, searchable by name (and by NIK without it entering an address),
with real buttons for the link actions and a proper TPS box."""

import re

import pytest

from screening import journey
from screening.demo.screenings import HEALTHY
from screening.store import referrals
from screening.web.views.screening import consent_version
from tests.clinic.conftest import ROUTINE
from tests.factories import officer_with_link

MEDONO = "3375011002"
NOW = "2026-01-05T01:00:00+00:00"


def _officers(make, count, **fields):
    return [make.officer(**fields) for _ in range(count)]


def _names(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="officer-name">([^<]+)</th>', page)


def _searched(client, form: dict) -> str:
    """The list a posted search leads to."""
    response = client.post("/kpu/petugas/", data=form)
    assert response.status_code == 302
    return client.get(response.headers["Location"]).text


def test_a_kelurahan_is_paged_with_the_shared_pager(client, make, sign_in):
    _officers(make, 30)
    sign_in("kpu")
    first = client.get(f"/kpu/petugas/?kelurahan={MEDONO}").text
    assert len(_names(first)) == 25
    assert "Petugas 1–25 dari 30" in first
    assert f"/kpu/petugas/?halaman=2&amp;kelurahan={MEDONO}" in first
    second = client.get(f"/kpu/petugas/?kelurahan={MEDONO}&halaman=2").text
    assert len(_names(second)) == 5
    assert set(_names(first)).isdisjoint(_names(second))


def test_name_search_is_posted_kept_out_of_the_address_and_finds_part_of_a_name(
    client, make, sign_in
):
    _officers(make, 3)
    make.officer(name="Bambang Sutrisno")
    sign_in("kpu")
    response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "tps": "", "cari": "sutris"})
    assert response.status_code == 302
    assert "sutris" not in response.headers["Location"].lower()
    page = client.get(response.headers["Location"]).text
    assert _names(page) == ["Bambang Sutrisno"]
    assert "1 petugas" in page


def test_name_search_without_a_kelurahan_covers_the_whole_city(client, make, sign_in):
    make.officer(name="Bambang Sutrisno")
    sign_in("kpu")
    page = _searched(client, {"cari": "bambang"})
    assert _names(page) == ["Bambang Sutrisno"]
    assert "Medono" in page  # the kelurahan is shown when the list spans the city


def test_a_search_treats_percent_and_underscore_as_letters(client, make, sign_in):
    _officers(make, 3)
    sign_in("kpu")
    assert _names(_searched(client, {"cari": "%"})) == []


def test_nik_search_is_answered_at_once_and_the_nik_is_kept_in_no_address_or_cookie(
    client, make, sign_in
):
    _officers(make, 2)
    wanted = make.officer(name="Dewi Lestari")
    sign_in("kpu")
    spaced = " ".join(wanted["nik"][i : i + 4] for i in range(0, 16, 4))
    response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "cari": spaced})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert _names(response.text) == ["Dewi Lestari"]
    assert "Dicari menurut NIK" in response.text
    for link in re.findall(r'(?:href|action)="([^"]+)"', response.text):
        assert wanted["nik"] not in link.replace(" ", "").replace("+", "")
    with client.session_transaction() as session:
        assert wanted["nik"] not in str(dict(session)).replace(" ", "")
    # Nothing of it stays: the next visit lists the kelurahan again.
    assert len(_names(client.get(f"/kpu/petugas/?kelurahan={MEDONO}").text)) == 3


def test_a_nik_of_the_wrong_length_is_explained_not_searched(client, make, sign_in):
    _officers(make, 2)
    sign_in("kpu")
    response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "cari": "33750141"})
    assert response.status_code == 422
    assert "NIK harus 16 angka" in response.text
    assert 'value="33750141"' in response.text  # what was typed stays in the box
    assert _names(response.text) == []


def test_clearing_the_search_shows_the_whole_kelurahan_again(client, make, sign_in):
    _officers(make, 3)
    sign_in("kpu")
    assert _names(_searched(client, {"kelurahan": MEDONO, "cari": "tidak ada orangnya"})) == []
    assert len(_names(_searched(client, {"kelurahan": MEDONO, "cari": ""}))) == 3


def test_link_actions_are_buttons_and_the_tps_box_is_a_real_number_field(
    client, make, app, sign_in
):
    officer_with_link(make, app)
    make.officer()  # no link yet
    sign_in("kpu")
    page = client.get(f"/kpu/petugas/?kelurahan={MEDONO}").text
    assert 'class="link-button"' not in page.split("<main")[1]
    assert re.search(r'<a class="button secondary" href="/kpu/petugas/\d+/tautan-baru">', page)
    assert re.search(
        r'<a class="button secondary danger-outline" href="/kpu/petugas/\d+/cabut">', page
    )
    assert re.search(r'<button class="button secondary" type="submit">Buat tautan', page)
    tps = re.search(r"<input id=\"tps\"[^>]*>", page).group(0)
    assert 'type="text"' in tps
    assert 'inputmode="numeric"' in tps


def test_staff_list_pages_use_the_desk_width_and_officer_pages_do_not(client, make, sign_in):
    _officers(make, 1)
    assert 'class="page-wide"' not in client.get("/masuk").text
    sign_in("admin")
    for path in (
        f"/kpu/petugas/?kelurahan={MEDONO}",
        "/admin/staf",
        "/admin/audit",
        "/kpu/rujukan/",
    ):
        assert 'class="page-wide"' in client.get(path).text, path


def test_hostile_searches_get_an_answer_not_a_500(client, make, sign_in):
    _officers(make, 1)
    sign_in("kpu")
    for text in ("²", "٣٣٧٥", "\x00", "a" * 10_000, "'; DROP TABLE officer; --", "\r\n"):
        response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "cari": text})
        assert response.status_code < 500, text
        assert client.get(f"/kpu/petugas/?kelurahan={MEDONO}").status_code == 200, text


def _statuses(page: str) -> list[str]:
    cells = re.findall(r'<td class="officer-status" data-label="Skrining">(.*?)</td>', page)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


@pytest.fixture
def five_stages(app, db, make):
    """One officer at each stage, in Medono TPS 1..5: not yet, declined, screened healthy,
    referred, referred and seen; with different JKN and BPJS Ketenagakerjaan statuses."""
    with app.test_request_context():
        make.officer(tps=1, name="A Belum", jkn_status=None, bpjs_tk_status=None)
        declined = make.officer(tps=2, name="B Menolak", jkn_status="tidak_aktif")
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
        make.screened_officer(HEALTHY, tps=3, name="C Skrining", bpjs_tk_status="belum_terdaftar")
        _, _, late = make.screened_officer(ROUTINE, tps=4, name="D Dirujuk")
        db["referral"].update(late["id"], {"deadline": "2020-01-02"})
        _, _, seen = make.screened_officer(ROUTINE, tps=5, name="E Diperiksa")
        clinician = make.staff(role="fktp")
        referrals.change_status(
            db, seen["id"], expected="baru", to="diperiksa", staff_id=clinician["id"], now=NOW
        )


def test_each_officer_shows_the_furthest_stage_and_insurance_statuses_in_words(
    client, five_stages, sign_in
):
    sign_in("kpu")
    page = client.get(f"/kpu/petugas/?kelurahan={MEDONO}").text
    assert _names(page) == ["A Belum", "B Menolak", "C Skrining", "D Dirujuk", "E Diperiksa"]
    assert _statuses(page) == [
        "belum",
        "menolak",
        "sudah skrining",
        "dirujuk lewat batas",
        "sudah diperiksa",
    ]
    jkn = re.findall(r'data-label="JKN">([^<]*)</td>', page)
    assert jkn == ["belum terdaftar", "tidak aktif", "aktif", "aktif", "aktif"]
    bpjs_tk = re.findall(r'data-label="BPJS TK">([^<]*)</td>', page)
    assert bpjs_tk == ["belum terdaftar", "terdaftar", "belum terdaftar", "terdaftar", "terdaftar"]
    lowered = page.lower()
    for word in ("hipertensi", "diabetes", "berisiko", "tekanan darah", "icd", "rutin"):
        assert word not in lowered, word


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("status=belum", ["A Belum"]),
        ("status=menolak", ["B Menolak"]),
        ("status=skrining", ["C Skrining", "D Dirujuk", "E Diperiksa"]),
        ("status=dirujuk", ["D Dirujuk", "E Diperiksa"]),
        ("status=diperiksa", ["E Diperiksa"]),
        ("status=terlambat", ["D Dirujuk"]),
        ("jkn=belum_terdaftar", ["A Belum"]),
        ("jkn=tidak_aktif", ["B Menolak"]),
        ("jkn=aktif", ["C Skrining", "D Dirujuk", "E Diperiksa"]),
        ("bpjs_tk=belum", ["A Belum", "C Skrining"]),
        ("bpjs_tk=terdaftar", ["B Menolak", "D Dirujuk", "E Diperiksa"]),
        ("status=skrining&bpjs_tk=belum", ["C Skrining"]),
        ("status=dirujuk&tps=5", ["E Diperiksa"]),
        ("status=hilang&jkn=x&bpjs_tk=", ["A Belum", "B Menolak", "C Skrining", "D Dirujuk",
                                          "E Diperiksa"]),
    ],
)  # fmt: skip
def test_the_filters_list_the_officers_of_each_coverage_count(
    client, five_stages, sign_in, query, names
):
    sign_in("kpu")
    for area in (f"kelurahan={MEDONO}", "kecamatan=337501", ""):
        page = client.get(f"/kpu/petugas/?{area}&{query}").text
        assert _names(page) == names, (area, query)


def test_the_filters_are_chosen_in_the_form_and_land_in_the_address(client, five_stages, sign_in):
    sign_in("kpu")
    response = client.post(
        "/kpu/petugas/",
        data={"kecamatan": "337501", "kelurahan": "", "tps": "", "status": "dirujuk", "cari": ""},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/kpu/petugas/?kecamatan=337501&status=dirujuk"
    page = client.get(response.headers["Location"]).text
    assert _names(page) == ["D Dirujuk", "E Diperiksa"]
    assert '<option value="dirujuk" selected>' in page


def test_a_name_search_keeps_the_filters_and_a_link_without_it_lists_them_all(
    client, five_stages, sign_in
):
    sign_in("kpu")
    response = client.post(
        "/kpu/petugas/", data={"kelurahan": MEDONO, "status": "skrining", "cari": "rujuk"}
    )
    location = response.headers["Location"]
    assert location == f"/kpu/petugas/?kelurahan={MEDONO}&status=skrining&dicari=1"
    assert _names(client.get(location).text) == ["D Dirujuk"]
    # The coverage page's link to the same filter lists every one of them.
    page = client.get(f"/kpu/petugas/?kelurahan={MEDONO}&status=skrining").text
    assert _names(page) == ["C Skrining", "D Dirujuk", "E Diperiksa"]
    assert "Dicari" not in page


def test_a_nik_search_ignores_the_filters_and_finds_the_one_officer(
    client, five_stages, db, sign_in
):
    sign_in("kpu")
    nik = next(db["officer"].rows_where("name = ?", ["A Belum"]))["nik"]
    response = client.post("/kpu/petugas/", data={"status": "diperiksa", "cari": nik})
    assert response.status_code == 200
    assert _names(response.text) == ["A Belum"]


def test_officers_without_a_tps_have_their_own_list(client, make, sign_in):
    make.officer(tps=None, role="PPS", name="Tanpa Tps")
    make.officer(tps=2)
    sign_in("kpu")
    page = client.get(f"/kpu/petugas/?kelurahan={MEDONO}&tps=tanpa").text
    assert _names(page) == ["Tanpa Tps"]
    assert "belum punya nomor TPS" in page
    assert "tautan.xlsx" not in page  # the links download is for a kelurahan or a TPS


def test_the_search_form_can_ask_for_the_officers_without_a_tps_and_keeps_asking(
    client, make, sign_in
):
    make.officer(tps=None, name="Tanpa Tps Satu")
    make.officer(tps=None, name="Tanpa Tps Dua")
    make.officer(tps=2, name="Tanpa Lain")
    sign_in("kpu")
    response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "tanpa_tps": "1"})
    location = response.headers["Location"]
    assert location == f"/kpu/petugas/?kelurahan={MEDONO}&tps=tanpa"
    page = client.get(location).text
    assert sorted(_names(page)) == ["Tanpa Tps Dua", "Tanpa Tps Satu"]
    assert 'name="tanpa_tps" value="1" checked' in page
    # A name searched in that list stays within it.
    response = client.post(
        "/kpu/petugas/", data={"kelurahan": MEDONO, "tanpa_tps": "1", "cari": "Tanpa"}
    )
    assert response.headers["Location"] == f"/kpu/petugas/?kelurahan={MEDONO}&tps=tanpa&dicari=1"
    names = _names(client.get(response.headers["Location"]).text)
    assert sorted(names) == ["Tanpa Tps Dua", "Tanpa Tps Satu"]


def test_the_whole_city_is_listed_without_a_filter(client, make, sign_in):
    _officers(make, 2)
    sign_in("kpu")
    assert len(_names(client.get("/kpu/petugas/").text)) == 2
