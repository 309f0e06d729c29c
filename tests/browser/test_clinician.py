"""The referral loop at the FKTP, in a phone's browser: a clinician finds a referred officer,
records the follow-up and closes it; KPU then sees the outcome and nothing of the answers."""

import re

import pytest
from playwright.sync_api import expect

from tests.clinic.conftest import ROUTINE, URGENT
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username, then=None, code=None):
    """Sign in through the form; `code` is the authenticator's, for an account that has one."""
    page.goto(live_server + (then or "/staf/"))
    expect(page).to_have_url(re.compile(r"/staf/masuk"))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    if code is not None:
        expect(page).to_have_url(re.compile(r"/staf/masuk/kode"))
        page.get_by_label("Kode verifikasi").fill(code)
        page.get_by_role("button", name="Masuk").click()


@pytest.fixture
def referred(live_make, screened_officer):
    """A Puskesmas like the demo's, its clinician, a KPU operator, and a few officers referred
    there (the one to find among them), as the demo's roster would give."""
    puskesmas = live_make.fktp(name="Puskesmas Medono", kind="puskesmas")
    clinician = live_make.staff(
        role="fktp", fktp_code=puskesmas["code"], full_name="dr. Rina Hapsari"
    )
    kpu = live_make.staff(role="kpu", full_name="Operator KPU Pekalongan")
    for name, answers in (("Bambang Setiawan", ROUTINE), ("Dewi Kartika", ROUTINE)):
        screened_officer(answers, name=name, fktp_code=puskesmas["code"], sex="L")
    officer, _response = screened_officer(
        URGENT, name="Sri Wahyuni", fktp_code=puskesmas["code"], phone="081325556677"
    )
    from screening.store import referrals

    referral = referrals.referral_for_officer(live_make.db, officer["id"])
    return clinician, kpu, referral


def test_clinician_records_a_follow_up_and_kpu_sees_only_the_outcome(
    new_context, live_server, referred, screenshots, serious_violations
):
    clinician, kpu, referral = referred
    page = new_context().new_page()
    found = {}

    # The clinician signs in and lands on the worklist.
    sign_in(page, live_server, clinician["username"])
    expect(page).to_have_url(f"{live_server}/fktp/")
    expect(page.get_by_role("heading", name="Daftar rujukan", exact=True)).to_be_visible()
    items = page.locator(".worklist-name")
    expect(items.first).to_have_text("Sri Wahyuni")  # the red flag comes first
    page.screenshot(path=screenshots / "clinic-1-worklist.png", full_page=True)
    found["worklist"] = serious_violations(page)

    # Finds the officer by name; the search is posted, never put in the address.
    page.get_by_label("Cari nama, NIK atau nomor rujukan").fill("wahyu")
    page.get_by_role("button", name="Tampilkan").click()
    assert "wahyu" not in page.url
    expect(items).to_have_count(1)
    items.first.click()
    expect(page).to_have_url(f"{live_server}/rujukan/{referral['number']}")
    expect(page.get_by_role("heading", name="Sri Wahyuni")).to_be_visible()
    expect(page.locator('a[href="tel:081325556677"]')).to_be_visible()
    expect(page.get_by_text("Tanda bahaya", exact=False).first).to_be_visible()
    page.screenshot(path=screenshots / "clinic-2-referral.png", full_page=True)
    found["referral"] = serious_violations(page)

    # Records the follow-up; a mistyped value is explained next to its field, nothing is lost.
    page.get_by_role("link", name="Isi tindak lanjut").click()
    page.get_by_label("Tekanan darah sistolik").fill("150")
    page.get_by_label("Tekanan darah diastolik").fill("9O")
    page.get_by_label("Gula darah", exact=True).fill("180")
    page.get_by_label("Gula darah sewaktu (GDS)").check()
    page.get_by_label("Berat badan").fill("68,5")
    page.get_by_label("I10 · Hipertensi esensial (primer)").check()
    page.get_by_label("Edukasi gaya hidup").check()
    page.get_by_label("Didaftarkan ke Prolanis").check()
    page.get_by_label("Layak dengan catatan").check()
    page.get_by_label("Catatan tugas untuk KPU").fill("Tidak bertugas malam.")
    page.get_by_label("Catatan klinis").fill("Boleh bertugas, istirahat tiap 4 jam.")
    page.get_by_role("button", name="Simpan dan selesaikan rujukan").click()
    expect(page.locator("#diastolik-error")).to_contain_text("Tulis angka saja")
    expect(page.get_by_label("Tekanan darah sistolik")).to_have_value("150")
    expect(page.get_by_label("I10 · Hipertensi esensial (primer)")).to_be_checked()
    expect(page.get_by_label("Catatan klinis")).to_have_value(
        "Boleh bertugas, istirahat tiap 4 jam."
    )
    page.locator("#diastolik").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "clinic-3-followup-error.png", full_page=True)
    found["followup"] = serious_violations(page)

    page.get_by_label("Tekanan darah diastolik").fill("95")
    page.get_by_role("button", name="Simpan dan selesaikan rujukan").click()
    expect(page.get_by_text("Tindak lanjut disimpan dan rujukan selesai.")).to_be_visible()
    expect(page.locator(".badges").first).to_contain_text("Selesai")
    expect(page.get_by_text("Hipertensi derajat 1")).to_be_visible()
    page.screenshot(path=screenshots / "clinic-4-referral-done.png", full_page=True)
    found["referral closed"] = serious_violations(page)

    # KPU sees the outcome and nothing of the answers or the diagnosis.
    kpu_page = new_context().new_page()
    sign_in(kpu_page, live_server, kpu["username"])
    kpu_page.get_by_role("link", name="Rujukan petugas").click()
    row = kpu_page.locator(".worklist-item", has_text="Sri Wahyuni")
    expect(row).to_contain_text("Layak dengan catatan")
    expect(row).to_contain_text("Selesai")
    kpu_page.screenshot(path=screenshots / "clinic-5-kpu-list.png", full_page=True)
    found["kpu list"] = serious_violations(kpu_page)
    row.get_by_role("link", name="Sri Wahyuni").click()
    expect(kpu_page.get_by_text("Layak dengan catatan")).to_be_visible()
    expect(kpu_page.get_by_text("Tidak bertugas malam.")).to_be_visible()
    text = kpu_page.locator("main").inner_text()
    for private in ("I10", "Hipertensi", "150", "istirahat tiap 4 jam", "Semua jawaban", "185"):
        assert private not in text
    kpu_page.screenshot(path=screenshots / "clinic-6-kpu-referral.png", full_page=True)
    found["kpu referral"] = serious_violations(kpu_page)

    assert {name: v for name, v in found.items() if v} == {}


def test_a_qr_link_opens_the_referral_after_sign_in(
    new_context, live_server, referred, screenshots
):
    clinician, _kpu, referral = referred
    page = new_context().new_page()
    sign_in(page, live_server, clinician["username"], then=f"/rujukan/{referral['number']}")
    expect(page).to_have_url(f"{live_server}/rujukan/{referral['number']}")
    expect(page.get_by_role("heading", name="Sri Wahyuni")).to_be_visible()


def test_kpu_assigns_an_fktp_and_admin_manages_accounts_and_reads_the_log(
    new_context, live_server, live_make, screened_officer, screenshots, serious_violations
):
    puskesmas = live_make.fktp(name="Puskesmas Kuripan", kind="puskesmas")
    kpu = live_make.staff(role="kpu", full_name="Operator KPU Pekalongan")
    admin = live_make.staff(role="admin", full_name="Admin Dinkes")
    screened_officer(URGENT, name="Agus Tanpa Puskesmas", sex="L")
    found = {}

    # KPU gives the waiting referral an FKTP.
    page = new_context().new_page()
    sign_in(page, live_server, kpu["username"])
    page.get_by_role("link", name="FKTP belum ditentukan").click()
    item = page.locator(".worklist-item", has_text="Agus Tanpa Puskesmas")
    item.get_by_role("combobox").select_option(label="Puskesmas Kuripan")
    page.screenshot(path=screenshots / "clinic-7-kpu-unassigned.png", full_page=True)
    found["unassigned"] = serious_violations(page)
    item.get_by_role("button", name="Tetapkan FKTP").click()
    expect(page.get_by_text("diarahkan ke Puskesmas Kuripan")).to_be_visible()

    # The admin makes the Puskesmas's clinician account, after one mistake.
    page = new_context().new_page()
    sign_in(page, live_server, admin["username"], code=live_make.totp_code(admin))
    page.get_by_role("link", name="Akun staf").click()
    page.get_by_role("link", name="Buat akun baru").click()
    page.get_by_label("Nama pengguna").fill("dr.yuni")
    page.get_by_label("Nama lengkap").fill("dr. Yuni Astuti")
    page.get_by_label("Peran").select_option(label="Petugas FKTP")
    page.get_by_label("FKTP (untuk petugas FKTP)").select_option(
        label=f"Puskesmas Kuripan ({puskesmas['code']})"
    )
    page.get_by_label("Kata sandi awal").fill("sandi-awal-yuni-1")
    page.get_by_label("Ulangi kata sandi").fill("sandi-awal-yuni-2")
    page.get_by_role("button", name="Buat akun").click()
    expect(page.locator("#password_again-error")).to_have_text("Kedua kata sandi tidak sama.")
    expect(page.get_by_label("Nama lengkap")).to_have_value("dr. Yuni Astuti")
    page.screenshot(path=screenshots / "clinic-8-admin-new-staff-error.png", full_page=True)
    found["new staff"] = serious_violations(page)
    page.get_by_label("Kata sandi awal").fill("sandi-awal-yuni-1")
    page.get_by_label("Ulangi kata sandi").fill("sandi-awal-yuni-1")
    page.get_by_role("button", name="Buat akun").click()
    expect(page.get_by_text("Akun dr.yuni dibuat.")).to_be_visible()
    page.screenshot(path=screenshots / "clinic-9-admin-staff.png", full_page=True)
    found["staff"] = serious_violations(page)

    page.goto(f"{live_server}/admin/audit")
    expect(page.get_by_text("referrals:unassigned").first).to_be_visible()
    page.screenshot(path=screenshots / "clinic-10-admin-audit.png", full_page=True)
    found["audit"] = serious_violations(page)

    assert {name: v for name, v in found.items() if v} == {}
