"""Operators of one area: a PPK (one kecamatan) and a PPS (one kelurahan) see coverage, officers,
downloads and prints of their own area only, and asking for another area is not found (404).
Accounts get their area when they are made (admin page and `flask users create`), checked
against the map."""

import io

import openpyxl
import pytest

from screening import areas
from screening import staff as staff_accounts
from screening.referrals import access as referral_access
from screening.store import staff as staff_store

GOOD = "kuda-laut-berenang-pelan"
MEDONO, BENDAN, NOYONTAAN = "3375011002", "3375011005", "3375021001"
BARAT, TIMUR = "337501", "337502"


@pytest.fixture
def places(make):
    """Medono and Bendan in Pekalongan Barat, Noyontaan in Pekalongan Timur, one officer not
    yet screened in each (two in Medono, TPS 1 and 2)."""
    make.other_places()
    return {
        "medono": make.officer(name="Ani Medono", tps=1, jkn_status="tidak_aktif"),
        "medono_2": make.officer(name="Tono Medono", tps=2, jkn_status="tidak_aktif"),
        "bendan": make.officer(name="Bayu Bendan", kelurahan_code=BENDAN, jkn_status="tidak_aktif"),
        "noyontaan": make.officer(
            name="Nur Noyontaan",
            kecamatan_code=TIMUR,
            kelurahan_code=NOYONTAAN,
            jkn_status="tidak_aktif",
        ),
    }


def officer_id(db, name: str) -> int:
    return next(db["officer"].rows_where("name = ?", [name]))["id"]


def names_in(response) -> list[str]:
    assert response.status_code == 200, response.text[:300]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return sorted(row[rows[0].index("Nama")] for row in rows[1:])


# --- the domain ---------------------------------------------------------------------------------


def test_an_area_operator_sees_their_own_area_and_kpu_the_whole_city(db, make):
    make.other_places()
    pps = areas.staff_area(db, {"role": "pps", "area_code": MEDONO})
    assert (pps.kecamatan, pps.kelurahan, pps.kelurahan_name) == (BARAT, MEDONO, "Medono")
    ppk = areas.staff_area(db, {"role": "ppk", "area_code": BARAT})
    assert (ppk.kecamatan, ppk.kelurahan) == (BARAT, None)
    assert areas.staff_area(db, {"role": "kpu", "area_code": None}) is None
    with pytest.raises(areas.OutsideArea):
        areas.staff_area(db, {"role": "pps", "area_code": "9999999999"})


def test_a_filter_is_narrowed_to_the_area_and_another_area_is_refused(db, make):
    make.other_places()
    pps = areas.staff_area(db, {"role": "pps", "area_code": MEDONO})
    ppk = areas.staff_area(db, {"role": "ppk", "area_code": BARAT})
    assert areas.narrow(db, pps, tps=3) == {"kecamatan": BARAT, "kelurahan": MEDONO, "tps": 3}
    assert areas.narrow(db, ppk) == {"kecamatan": BARAT, "kelurahan": None, "tps": None}
    assert areas.narrow(db, ppk, kelurahan=BENDAN)["kelurahan"] == BENDAN
    assert areas.narrow(db, None, kelurahan=NOYONTAAN)["kelurahan"] == NOYONTAAN
    for scope, asked in [
        (pps, {"kelurahan": BENDAN}),
        (pps, {"kecamatan": TIMUR}),
        (ppk, {"kelurahan": NOYONTAAN}),
        (ppk, {"kecamatan": TIMUR}),
        (ppk, {"kelurahan": "3375019999"}),
    ]:
        with pytest.raises(areas.OutsideArea):
            areas.narrow(db, scope, **asked)


# --- accounts -----------------------------------------------------------------------------------


def create(db, **fields):
    return staff_accounts.create_account(
        db,
        **{
            "username": "operator",
            "full_name": "Operator Wilayah",
            "role": "pps",
            "fktp_code": None,
            "password": GOOD,
            "now": "2029-01-10T01:00:00+00:00",
            "hash_with": lambda p: "hash",
            **fields,
        },
    )


@pytest.mark.parametrize(
    ("fields", "msgid_part"),
    [
        ({"role": "pps", "area_code": None}, "Akun PPS perlu kode kelurahan"),
        ({"role": "pps", "area_code": BARAT}, "Akun PPS perlu kode kelurahan"),
        ({"role": "pps", "area_code": "3375019999"}, "Akun PPS perlu kode kelurahan"),
        ({"role": "ppk", "area_code": MEDONO}, "Akun PPK perlu kode kecamatan"),
        ({"role": "ppk", "area_code": ""}, "Akun PPK perlu kode kecamatan"),
        ({"role": "kpu", "area_code": BARAT}, "Hanya akun PPK dan PPS"),
        ({"role": "dinkes", "area_code": MEDONO}, "Hanya akun PPK dan PPS"),
    ],
)
def test_an_area_account_needs_a_known_area_of_its_level(db, make, fields, msgid_part):
    make.other_places()
    with pytest.raises(staff_accounts.AccountRefused) as refused:
        create(db, **fields)
    assert msgid_part in refused.value.message.msgid


def test_area_accounts_and_the_health_office_are_made_with_their_area(db, make):
    make.other_places()
    pps = staff_store.staff_by_id(db, create(db, username="pps.medono", area_code=MEDONO))
    ppk = staff_store.staff_by_id(db, create(db, username="ppk.barat", role="ppk", area_code=BARAT))
    dinkes = staff_store.staff_by_id(db, create(db, username="dinkes", role="dinkes"))
    assert (pps["area_code"], ppk["area_code"], dinkes["area_code"]) == (MEDONO, BARAT, None)


NEW = {
    "username": "pps.medono",
    "full_name": "Operator PPS Medono",
    "role": "pps",
    "fktp_code": "",
    "area_code": MEDONO,
    "password": "sandi-panjang-123",
    "password_again": "sandi-panjang-123",
}


def test_admin_makes_a_pps_account_for_one_kelurahan_and_the_list_shows_it(
    client, sign_in, db, make
):
    make.other_places()
    sign_in("admin")
    form = client.get("/admin/staf/baru").text
    assert 'value="ppk"' in form
    assert 'value="pps"' in form
    assert 'value="dinkes"' in form
    assert f'value="{MEDONO}"' in form
    assert f'value="{BARAT}"' in form
    assert client.post("/admin/staf/baru", data=NEW).status_code == 302
    assert staff_store.staff_by_username(db, "pps.medono")["area_code"] == MEDONO
    listed = client.get("/admin/staf").text
    assert "Kelurahan Medono" in listed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"area_code": ""}, "Operator PPS harus terhubung ke satu kelurahan."),
        ({"area_code": BARAT}, "Operator PPS harus terhubung ke satu kelurahan."),
        ({"role": "ppk", "area_code": MEDONO}, "Operator PPK harus terhubung ke satu kecamatan."),
        ({"role": "kpu"}, "Hanya operator PPK dan PPS yang terhubung ke wilayah."),
        ({"area_code": "3375019999"}, "Not a valid choice"),
    ],
)
def test_admin_page_refuses_an_area_that_does_not_fit_the_role(
    client, sign_in, db, make, change, message
):
    make.other_places()
    sign_in("admin")
    response = client.post("/admin/staf/baru", data={**NEW, **change})
    assert response.status_code == 422
    assert message in response.text
    assert 'value="pps.medono"' in response.text  # nothing typed is lost
    assert staff_store.staff_by_username(db, "pps.medono") is None


def test_users_create_takes_an_area_and_refuses_a_wrong_one(runner, db, make):
    make.other_places()

    def create_user(*args):
        return runner.invoke(args=["users", "create", *args, "--password", GOOD])

    missing = create_user("pps1", "--role", "pps")
    assert missing.exit_code != 0
    assert "kode kelurahan" in missing.output
    wrong_level = create_user("ppk1", "--role", "ppk", "--area", MEDONO)
    assert wrong_level.exit_code != 0
    assert "kode kecamatan" in wrong_level.output
    not_theirs = create_user("kpu1", "--role", "kpu", "--area", BARAT)
    assert not_theirs.exit_code != 0
    assert "Hanya akun PPK dan PPS" in not_theirs.output
    ok = create_user("pps1", "--role", "pps", "--area", MEDONO)
    assert ok.exit_code == 0, ok.output
    assert staff_store.staff_by_username(db, "pps1")["area_code"] == MEDONO


# --- pages of one area --------------------------------------------------------------------------


def test_a_pps_starts_at_their_kelurahan_by_tps_without_the_city(client, sign_in, places):
    sign_in("pps")
    page = client.get("/kpu/cakupan/").text
    assert "Kelurahan Medono per TPS" in page
    assert "Seluruh kota" not in page
    assert "Bendan" not in page
    assert "Noyontaan" not in page


def test_a_ppk_starts_at_their_kecamatan_by_kelurahan(client, sign_in, places):
    sign_in("ppk")
    page = client.get("/kpu/cakupan/").text
    assert "Kecamatan Pekalongan Barat per kelurahan" in page
    assert "Medono" in page
    assert "Bendan" in page
    assert "Noyontaan" not in page
    assert "Seluruh kota" not in page
    assert "Kelurahan Bendan per TPS" in client.get(f"/kpu/cakupan/?kelurahan={BENDAN}").text


@pytest.mark.parametrize(
    ("role", "query"),
    [
        ("pps", f"kelurahan={BENDAN}"),
        ("pps", f"kecamatan={TIMUR}"),
        ("pps", f"kelurahan={NOYONTAAN}"),
        ("ppk", f"kecamatan={TIMUR}"),
        ("ppk", f"kelurahan={NOYONTAAN}"),
    ],
)
def test_another_areas_coverage_is_not_found(client, sign_in, places, role, query):
    sign_in(role)
    assert client.get(f"/kpu/cakupan/?{query}").status_code == 404


def test_another_areas_officer_list_and_officer_pages_are_not_found(client, sign_in, db, places):
    sign_in("pps")
    assert client.get(f"/kpu/petugas/?kelurahan={BENDAN}").status_code == 404
    bendan = officer_id(db, "Bayu Bendan")
    for path in (f"/kpu/petugas/{bendan}/tautan-baru", f"/kpu/petugas/{bendan}/cabut"):
        assert client.get(path).status_code == 404
        assert client.post(path, data={"yakin": "1"}).status_code == 404
    assert db["officer_access"].count == 0
    own = officer_id(db, "Ani Medono")
    assert client.get(f"/kpu/petugas/{own}/tautan-baru").status_code == 200
    linked = client.post("/kpu/petugas/tautan.xlsx", data={"kelurahan": BENDAN})
    assert linked.status_code == 404


def test_a_pps_lists_only_their_kelurahan_and_finds_no_one_elsewhere(client, sign_in, places):
    sign_in("pps")
    page = client.get("/kpu/petugas/").text
    assert "Ani Medono" in page
    assert "Tono Medono" in page
    assert "Bayu Bendan" not in page
    assert f'value="{BENDAN}"' not in page  # not even offered
    found = client.post("/kpu/petugas/", data={"cari": "Bayu"}, follow_redirects=True).text
    assert "Bayu Bendan" not in found
    by_nik = client.post("/kpu/petugas/", data={"cari": places["bendan"]["nik"]})
    assert "Bayu Bendan" not in by_nik.text
    own = client.post("/kpu/petugas/", data={"cari": places["medono"]["nik"]})
    assert "Ani Medono" in own.text


def test_a_pps_downloads_only_their_kelurahans_officers(client, sign_in, places):
    sign_in("pps")
    medono = ["Ani Medono", "Tono Medono"]
    assert names_in(client.post("/kpu/ekspor/belum-skrining.xlsx", data={})) == medono
    assert names_in(client.post("/kpu/ekspor/jkn.xlsx")) == medono
    response = client.post("/kpu/ekspor/jkn.xlsx")
    assert MEDONO in response.headers["Content-Disposition"]
    assert names_in(client.post("/kpu/ekspor/belum-skrining.xlsx", data={"tps": "2"})) == [
        "Tono Medono"
    ]


def test_a_ppk_downloads_their_whole_kecamatan_and_nothing_beyond(client, sign_in, places):
    sign_in("ppk")
    barat = ["Ani Medono", "Bayu Bendan", "Tono Medono"]
    assert names_in(client.post("/kpu/ekspor/jkn.xlsx")) == barat
    assert names_in(client.post("/kpu/ekspor/belum-skrining.xlsx", data={})) == barat


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/kpu/ekspor/belum-skrining.xlsx"),
        ("POST", "/kpu/ekspor/jkn.xlsx"),
        ("POST", "/kpu/ekspor/bpjs-ketenagakerjaan.csv"),
        ("POST", "/kpu/ekspor/rujukan.xlsx"),
        ("GET", "/kpu/ekspor/"),
    ],
)
def test_another_areas_download_is_not_found(client, sign_in, db, places, method, path):
    sign_in("pps")
    response = client.open(
        path, method=method, query_string={"kelurahan": BENDAN}, data={"kelurahan": BENDAN}
    )
    assert response.status_code == 404
    assert db["officer_access"].count == 0
    assert not list(db["audit_log"].rows_where("action = 'export'"))


def test_a_pps_prints_for_their_own_kelurahan_only(client, sign_in, places):
    sign_in("pps")
    page = client.get("/kpu/cetak/").text
    assert "Tanpa pilihan, seluruh Kelurahan Medono dicetak." in page
    assert f'value="{MEDONO}"' in page
    assert f'value="{BENDAN}"' not in page
    response = client.post("/kpu/cetak/", data={"jenis": "cards", "kelurahan": BENDAN})
    assert response.status_code == 404


def test_area_operators_and_the_health_office_open_no_single_referral():
    # Counts and lists of their area are their work; one referral's page is KPU Kota's and the
    # FKTP's (the access table proves the web side).
    referral = {"fktp_code": "11010001", "kecamatan_code": BARAT, "kelurahan_code": MEDONO}
    for role in ("ppk", "pps", "dinkes"):
        staff = {"role": role, "fktp_code": None, "area_code": MEDONO}
        assert not referral_access.may_open(staff, referral)
    assert referral_access.may_open({"role": "kpu", "fktp_code": None}, referral)


# --- the staff home -----------------------------------------------------------------------------


def test_a_pps_home_names_their_kelurahan_and_leads_to_its_pages(client, sign_in, places):
    sign_in("pps")
    page = client.get("/staf/").text
    assert "Wilayah Anda: Kelurahan Medono, Kecamatan Pekalongan Barat." in page
    for path in ("/kpu/cakupan/", "/kpu/petugas/", "/kpu/ekspor/"):
        assert f'href="{path}"' in page
    for path in ("/kpu/roster/", "/kpu/rujukan/", "/admin/staf"):
        assert f'href="{path}"' not in page


def test_the_health_office_home_leads_to_its_own_page_only(client, sign_in):
    sign_in("dinkes")
    page = client.get("/staf/").text
    assert 'href="/dinkes/"' in page
    assert "/kpu/" not in page


def test_a_ppk_home_names_their_kecamatan_and_their_search_stays_in_it(client, sign_in, places):
    sign_in("ppk")
    assert "Wilayah Anda: Kecamatan Pekalongan Barat." in client.get("/staf/").text
    found = client.post("/kpu/petugas/", data={"cari": "Nur"}, follow_redirects=True).text
    assert "Nur Noyontaan" not in found
    found = client.post("/kpu/petugas/", data={"cari": "Bayu"}, follow_redirects=True).text
    assert "Bayu Bendan" in found
