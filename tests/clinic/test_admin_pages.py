"""The admin's pages: staff accounts and the audit log."""

import pytest

from screening.store import staff as staff_store
from screening.web import auth
from tests.factories import PASSWORD

NEW = {
    "username": " Dr.Ani ",
    "full_name": "dr. Ani Lestari",
    "role": "fktp",
    "fktp_code": "",
    "password": "sandi-panjang-123",
    "password_again": "sandi-panjang-123",
}


def test_admin_creates_a_clinician_tied_to_one_fktp(world, be, db, client):
    response = be("admin").post("/admin/staf/baru", data={**NEW, "fktp_code": world.fktp_x["code"]})
    assert response.status_code == 302, response.text
    staff = staff_store.staff_by_username(db, "dr.ani")
    assert (staff["role"], staff["fktp_code"]) == ("fktp", world.fktp_x["code"])
    assert auth.check_password(staff["password_hash"], "sandi-panjang-123")
    entry = next(iter(db["audit_log"].rows_where(order_by="id desc", limit=1)))
    assert entry["subject"] == f"staff:{staff['id']}"
    assert "sandi-panjang-123" not in str(entry)
    be("anonymous")
    response = client.post(
        "/staf/masuk", data={"username": "dr.ani", "password": "sandi-panjang-123"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"fktp_code": ""}, "fktp_code", "Petugas FKTP harus terhubung ke satu FKTP."),
        ({"role": "kpu", "fktp_code": "{fktp}"}, "fktp_code", "Hanya petugas FKTP"),
        ({"fktp_code": "TIDAKADA"}, "fktp_code", "Not a valid choice"),
        ({"role": "dewa"}, "role", "Not a valid choice"),
        ({"username": "a b"}, "username", "tanpa spasi"),
        (
            {"password": "pendek", "password_again": "pendek"},
            "password",
            "minimal 10 karakter; yang diisi 6",
        ),
        ({"password_again": "lain-lain-lain"}, "password_again", "Kedua kata sandi tidak sama."),
    ],
)
def test_a_bad_new_account_is_explained_next_to_the_field(world, be, db, change, field, message):
    data = {**NEW, "fktp_code": world.fktp_x["code"]}
    data.update({k: v.format(fktp=world.fktp_x["code"]) for k, v in change.items()})
    response = be("admin").post("/admin/staf/baru", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message.lower() in response.text.lower()
    assert staff_store.staff_by_username(db, "dr.ani") is None


def test_a_taken_username_is_refused(world, be):
    taken = world.staff["kpu"]["username"]
    response = be("admin").post("/admin/staf/baru", data={**NEW, "username": taken, "role": "kpu"})
    assert response.status_code == 422
    assert "sudah dipakai." in response.text


def test_disabling_ends_access_and_enabling_restores_it(world, be, db, client):
    kpu = world.staff["kpu"]
    be("admin").post(f"/admin/staf/{kpu['id']}/nonaktifkan", data={"konfirmasi": "ya"})
    assert staff_store.staff_by_id(db, kpu["id"])["disabled"] == 1
    assert be("kpu").get("/staf/").status_code == 302  # the open session ends
    be("admin").post(f"/admin/staf/{kpu['id']}/aktifkan")
    assert be("kpu").get("/staf/").status_code == 200


def test_disabling_asks_first_and_a_post_without_confirmation_changes_nothing(world, be, db):
    kpu = world.staff["kpu"]
    client = be("admin")
    staff_page = client.get("/admin/staf").text
    # The list's button opens the confirmation page; it does not disable at one tap.
    assert f'href="/admin/staf/{kpu["id"]}/nonaktifkan"' in staff_page

    page = client.get(f"/admin/staf/{kpu['id']}/nonaktifkan")
    assert page.status_code == 200
    assert kpu["username"] in page.text
    assert "tidak dapat masuk" in page.text
    assert 'name="konfirmasi" value="ya"' in page.text
    assert staff_store.staff_by_id(db, kpu["id"])["disabled"] == 0

    response = client.post(f"/admin/staf/{kpu['id']}/nonaktifkan")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/staf/{kpu['id']}/nonaktifkan"
    assert staff_store.staff_by_id(db, kpu["id"])["disabled"] == 0
    assert be("kpu").get("/staf/").status_code == 200


def test_the_admin_cannot_lock_themselves_out(world, be, db):
    admin = world.staff["admin"]
    client = be("admin")
    response = client.post(f"/admin/staf/{admin['id']}/nonaktifkan", data={"konfirmasi": "ya"})
    assert staff_store.staff_by_id(db, admin["id"])["disabled"] == 0
    assert "akun Anda sendiri" in client.get(response.headers["Location"]).text


def test_resetting_a_password_replaces_it(world, be, db, client):
    kpu = world.staff["kpu"]
    data = {"password": "sandi-baru-4567", "password_again": "sandi-baru-4567"}
    assert be("admin").post(f"/admin/staf/{kpu['id']}/kata-sandi", data=data).status_code == 302
    be("anonymous")
    assert (
        client.post(
            "/staf/masuk", data={"username": kpu["username"], "password": PASSWORD}
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/staf/masuk", data={"username": kpu["username"], "password": "sandi-baru-4567"}
        ).status_code
        == 302
    )


def test_an_unknown_account_is_404(world, be):
    assert be("admin").get("/admin/staf/99999/kata-sandi").status_code == 404
    assert be("admin").post("/admin/staf/99999/nonaktifkan").status_code == 404
    assert be("admin").get("/admin/staf/99999/nonaktifkan").status_code == 404


def test_audit_log_lists_who_saw_what_and_filters(world, be):
    be("clinician_x").get(f"/rujukan/{world.referral_a['number']}")
    be("kpu").get("/kpu/rujukan/")
    client = be("admin")
    page = client.get("/admin/audit").text
    assert f"referral:{world.referral_a['number']}" in page
    assert "referrals:kpu" in page
    clinician = world.staff["clinician_x"]
    page = client.get(f"/admin/audit?staf={clinician['id']}&aksi=view").text
    assert f"referral:{world.referral_a['number']}" in page
    assert "referrals:kpu" not in page
    page = client.get("/admin/audit?subjek=referrals:kpu&dari=2000-01-01&sampai=2999-12-31").text
    assert "referrals:kpu" in page
    assert f"referral:{world.referral_a['number']}" not in page


def test_audit_log_ignores_nonsense_filters(world, be):
    response = be("admin").get("/admin/audit?staf=x&aksi=hapus&dari=kemarin&halaman=-3")
    assert response.status_code == 200


def test_audit_log_pages(world, be, db):
    for i in range(60):
        db["audit_log"].insert(
            {"at": f"2026-01-01T00:00:{i:02d}+00:00", "action": "view", "subject": f"uji:{i}"}
        )
    client = be("admin")
    first = client.get("/admin/audit?subjek=uji:").text
    assert "Halaman 1 dari 2" in first
    second = client.get("/admin/audit?subjek=uji:&halaman=2").text
    assert "uji:0<" in second


def test_home_links_each_role_to_its_pages(world, be):
    clinician = be("clinician_x").get("/staf/").text
    assert 'href="/fktp/"' in clinician
    assert "/admin/" not in clinician
    assert "/kpu/rujukan/" not in clinician
    kpu = be("kpu").get("/staf/").text
    assert 'href="/kpu/rujukan/"' in kpu
    assert 'href="/kpu/rujukan/tanpa-fktp"' in kpu
    assert "/admin/" not in kpu
    admin = be("admin").get("/staf/").text
    assert 'href="/admin/staf"' in admin
    assert 'href="/admin/audit"' in admin
