"""Who may print one slip: KPU and admin any, a clinician their own FKTP's, an officer their own."""

import pytest

from tests import factories
from tests.pdf.conftest import page_count, pdf_text


def test_officer_downloads_their_own_slip_from_the_result_page(app, referred, tmp_path):
    officer = referred.officer(name="Budi Santoso")
    client = app.test_client()
    client.get(f"/s/{officer['token']}")
    page = client.get("/skrining/hasil").text
    assert 'href="/skrining/hasil/surat.pdf"' in page
    response = client.get("/skrining/hasil/surat.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)[0]
    assert officer["referral"]["number"] in text
    assert "Budi Santoso" in text


def test_an_officer_only_ever_gets_their_own_slip(app, referred, make, tmp_path):
    referred.officer(name="Petugas Lain")
    mine = referred.officer(name="Petugas Saya")
    client = app.test_client()
    client.get(f"/s/{mine['token']}")
    text = pdf_text(client.get("/skrining/hasil/surat.pdf").data, tmp_path)[0]
    assert "Petugas Saya" in text
    assert "Petugas Lain" not in text
    # The KPU route does not open for an officer.
    other = referred.officer()
    response = client.get(f"/kpu/rujukan/{other['referral']['number']}/surat.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staf/masuk")


def test_an_officer_without_a_referral_has_no_slip(app, make):
    _officer, token, _code = factories.officer_with_link(make, app)
    client = app.test_client()
    client.get(f"/s/{token}")
    assert client.get("/skrining/hasil/surat.pdf").status_code == 404


def test_the_officer_slip_needs_a_signed_in_officer(client):
    assert client.get("/skrining/hasil/surat.pdf").headers["Location"] == "/masuk"


@pytest.mark.parametrize("role", ["kpu", "admin"])
def test_kpu_and_admin_print_any_slip_and_it_is_audited(
    role, referred, client, sign_in, db, tmp_path
):
    number = referred.officer()["referral"]["number"]
    staff = sign_in(role)
    response = client.get(f"/kpu/rujukan/{number}/surat.pdf")
    assert response.status_code == 200
    assert page_count(response.data, tmp_path) == 1
    logged = list(db["audit_log"].rows_where("action = 'export'"))
    assert [(r["subject"], r["staff_id"]) for r in logged] == [(f"referral:{number}", staff["id"])]


def test_a_clinician_prints_only_their_own_fktps_slips(referred, client, sign_in, make):
    number = referred.officer()["referral"]["number"]
    sign_in("fktp", fktp_code=make.fktp()["code"])
    assert client.get(f"/kpu/rujukan/{number}/surat.pdf").status_code == 404


def test_the_referrals_clinician_prints_its_slip(referred, client, sign_in):
    number = referred.officer()["referral"]["number"]
    sign_in("fktp", fktp_code=referred.fktp["code"])
    assert client.get(f"/kpu/rujukan/{number}/surat.pdf").status_code == 200


def test_slip_route_needs_staff_and_a_known_number(referred, client, sign_in):
    number = referred.officer()["referral"]["number"]
    assert client.get(f"/kpu/rujukan/{number}/surat.pdf").status_code == 302
    sign_in("kpu")
    assert client.get("/kpu/rujukan/RJ-99999/surat.pdf").status_code == 404
    # Typed in lower case or with spaces, as read out over the phone.
    assert client.get(f"/kpu/rujukan/{number.lower()}/surat.pdf").status_code == 200


@pytest.mark.parametrize(
    ("who", "findings"), [("kpu", False), ("admin", False), ("fktp", True), ("officer", True)]
)
def test_only_the_officer_and_the_referrals_fktp_get_the_findings_on_the_slip(
    app, referred, client, sign_in, tmp_path, who, findings
):
    officer = referred.officer(answers={"dx_hipertensi": "ya", "obat_hipertensi": "ya"})
    if who == "officer":
        client.get(f"/s/{officer['token']}")
        response = client.get("/skrining/hasil/surat.pdf")
    else:
        sign_in(who, **({"fktp_code": referred.fktp["code"]} if who == "fktp" else {}))
        response = client.get(f"/kpu/rujukan/{officer['referral']['number']}/surat.pdf")
    assert response.status_code == 200
    text = " ".join(pdf_text(response.data, tmp_path)[0].split())
    assert officer["referral"]["number"] in text
    assert "Tekanan darah" in text  # what the FKTP is asked to measure, on every slip
    assert ("Hipertensi (darah tinggi): risiko" in text) is findings
    assert ("Pernah dikatakan darah tinggi" in text) is findings


def test_the_officers_slip_shows_the_booked_visit_and_the_fktps_phone(
    app, referred, make, tmp_path
):
    from screening.clock import now_iso
    from screening.referrals import operations
    from screening.store import referrals as referral_store

    make.db["fktp"].update(referred.fktp["code"], {"phone": "(0285) 423518"})
    officer = referred.officer(name="Budi Santoso")
    client = app.test_client()
    client.get(f"/s/{officer['token']}")
    before = " ".join(pdf_text(client.get("/skrining/hasil/surat.pdf").data, tmp_path))
    assert "Telp. (0285) 423518" in before
    assert "Jadwal periksa" not in before
    clinician = make.staff(role="fktp", fktp_code=referred.fktp["code"])
    referral = referral_store.referral_for_officer(make.db, officer["id"])
    operations.schedule_visit(
        make.db,
        referral,
        visit_at="2099-03-02T09:30",
        expected="baru",
        by=clinician["id"],
        at=now_iso(),
    )
    response = client.get("/skrining/hasil/surat.pdf")
    assert page_count(response.data, tmp_path) == 1
    after = " ".join(" ".join(pdf_text(response.data, tmp_path)).split())
    assert "Jadwal periksa: Senin, 2 Maret 2099, 09.30 WIB" in after
