"""The bad input issue 9 found, each by name: a plain page, never a 500 (the whole table of hostile
values against every route is tests/test_hostile_input.py)."""

import re

import pytest

from screening.officers import access
from tests.factories import officer_with_link

SUPERSCRIPT_TWO = "%C2%B2"  # "²": str.isdigit() says yes, int() says no
OVERFLOW = "99999999999999999999"  # past SQLite's INTEGER


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("clinician_x", f"/fktp/?halaman={SUPERSCRIPT_TWO}"),
        ("kpu", f"/kpu/rujukan/?halaman={SUPERSCRIPT_TWO}"),
        ("kpu", f"/kpu/petugas/?kelurahan=3375011002&tps={SUPERSCRIPT_TWO}"),
        ("kpu", f"/kpu/petugas/?kelurahan=3375011002&tps={OVERFLOW}"),
        ("admin", f"/admin/audit?halaman={SUPERSCRIPT_TWO}"),
        ("admin", f"/admin/audit?staf={SUPERSCRIPT_TWO}"),
        ("admin", "/admin/audit?sampai=9999-12-31"),
        ("admin", "/admin/audit?dari=9999-12-31"),
        ("anonymous", "/bahasa/en?next=/%0D%0ASet-Cookie:%20x=1"),
    ],
)
def test_each_reported_bad_query_gets_a_page_not_a_server_error(be, who, path):
    response = be(who).get(path)
    assert response.status_code in (200, 302), response.text[:300]


def test_a_links_export_for_an_overflowing_tps_gets_the_file_not_a_server_error(be):
    area = {"kelurahan": "3375011002", "tps": OVERFLOW}
    response = be("kpu").post("/kpu/petugas/tautan.xlsx", data=area)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/kpu/petugas/{OVERFLOW}/tautan-baru",
        f"/kpu/petugas/{OVERFLOW}/cabut",
        f"/admin/staf/{OVERFLOW}/nonaktifkan",
        f"/admin/staf/{OVERFLOW}/aktifkan",
        f"/admin/staf/{OVERFLOW}/kata-sandi",
    ],
)
def test_an_oversized_id_is_not_found(be, path):
    assert be("admin").post(path).status_code == 404


def test_a_print_for_a_tps_that_is_no_number_says_so(be):
    response = be("kpu").post(
        "/kpu/cetak/", data={"jenis": "slips", "kelurahan": "3375011002", "tps": "²"}
    )
    assert response.status_code == 422
    assert "Nomor TPS harus angka 1 atau lebih" in response.text


def test_a_worklist_search_for_unicode_digits_does_not_stick_and_break_the_worklist(world, be):
    client = be("clinician_x")
    client.post("/fktp/", data={"q": "²"})
    assert client.get("/fktp/").status_code == 200
    assert client.get("/fktp/?halaman=2").status_code == 200


@pytest.mark.parametrize(
    ("kept", "finds_siti"),
    [("²", False), ("Siti\r\n\x00", True), ("é" * 10_000, False), (["Siti"], False), (42, False)],
)
def test_a_search_kept_in_an_old_session_is_checked_again(world, be, kept, finds_siti):
    client = be("clinician_x")
    with client.session_transaction() as session:
        session["fktp_search"] = kept
    page = client.get("/fktp/")
    assert page.status_code == 200
    # No search (a value no one could type) lists everyone: Siti Aminah is there either way,
    # except when a real search for something else hides her.
    assert ("Siti Aminah" in page.text) is (finds_siti or not isinstance(kept, str))


@pytest.mark.parametrize("next_path", ["/\\evil.example/", "//evil.example/", "/%0D%0Ax"])
def test_signing_in_never_leads_off_the_site(client, sign_in, next_path):
    from tests.factories import PASSWORD

    staff = sign_in("kpu")
    client.post("/staf/keluar")
    response = client.post(
        f"/staf/masuk?next={next_path}", data={"username": staff["username"], "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/staf/"


# --- the officer's NIK and access code ----------------------------------------------------------


def _page_without(text: str, nik: str) -> str:
    """The sign-in page with the typed NIK taken out: the only part that may differ."""
    return re.sub(r'name="csrf_token"[^>]*>', "", text.replace(nik, "NIK"))


@pytest.mark.parametrize("code", ["ABCDEé", "²²²²²²", "٣٣٣٣٣٣", "XXXXXX", "K7M\x00PX"])
def test_a_wrong_code_reads_the_same_whether_or_not_the_nik_has_a_link(client, make, app, code):
    linked, _token, _code = officer_with_link(make, app)
    unlinked = make.officer()
    pages = {}
    for nik in (linked["nik"], unlinked["nik"]):
        response = client.post("/masuk", data={"nik": nik, "code": code})
        assert response.status_code == 422
        assert "NIK atau kode akses tidak cocok" in response.text
        pages[nik] = _page_without(response.text, nik)
    assert pages[linked["nik"]] == pages[unlinked["nik"]]


def test_a_wrong_code_takes_the_same_work_whether_or_not_the_nik_has_a_link(
    client, make, app, monkeypatch
):
    """Both paths derive one access code and compare it, so timing tells nothing either."""
    linked, _token, _code = officer_with_link(make, app)
    unlinked = make.officer()
    derived = []
    real = access.access_code
    monkeypatch.setattr(access, "access_code", lambda *a: derived.append(a) or real(*a))
    for nik in (linked["nik"], unlinked["nik"]):
        derived.clear()
        client.post("/masuk", data={"nik": nik, "code": "ABCDEé"})
        assert len(derived) == 1, nik


def test_the_right_code_still_signs_in(client, make, app):
    officer, _token, code = officer_with_link(make, app)
    response = client.post(
        "/masuk", data={"nik": officer["nik"], "code": f" {code[:3]}-{code[3:]}"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("tps", ["²", "٣", "-1", "0", OVERFLOW, "9" * 10_000, "TPS 1"])
def test_a_tps_that_is_no_number_is_an_area_error_for_the_page_and_the_command(db, make, tps):
    """`flask slips print --tps ²` and the print page share `resolve`: a message, not a crash."""
    from screening.areas import AreaError, resolve

    make.region()
    with pytest.raises(AreaError, match="Nomor TPS harus angka 1 atau lebih"):
        resolve(db, kelurahan="3375011002", tps=tps)
