"""An admin sets up an authenticator app on a phone: the QR code on the page scans, the key
typed by hand gives the same codes, the recovery codes are shown once; then the code step."""

import re
import subprocess

import pyotp
import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def password_step(page, live_server, username):
    page.goto(f"{live_server}/staf/masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def scanned(page, tmp_path) -> str:
    """What a phone's camera reads from the QR code on the page, as zbar decodes it."""
    image = tmp_path / "qr.png"
    page.locator(".qr-code").screenshot(path=image)
    # zbar from Debian (make setup-test), always with an argument list.
    command = ["zbarimg", "--quiet", "--raw", str(image)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603


def test_an_admin_enrols_with_the_qr_code_and_signs_in_with_the_apps_code(
    new_context, live_server, live_make, screenshots, serious_violations, tmp_path
):
    admin = live_make.staff(role="admin", totp=False, full_name="Admin Dinkes")
    page = new_context().new_page()
    found = {}

    password_step(page, live_server, admin["username"])
    expect(page).to_have_url(f"{live_server}/staf/verifikasi-dua-langkah")
    expect(page.get_by_role("heading", name="Pasang verifikasi dua langkah")).to_be_visible()
    page.screenshot(path=screenshots / "totp-1-enrol.png", full_page=True)
    found["enrol"] = serious_violations(page)
    # The page fits a 360-pixel screen: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    key = page.locator(".secret-key").inner_text().replace(" ", "")
    uri = scanned(page, tmp_path)
    assert uri.startswith("otpauth://totp/")
    assert f"secret={key}" in uri
    assert admin["username"] in uri
    # Nothing else opens the staff pages meanwhile.
    page.goto(f"{live_server}/admin/staf")
    expect(page).to_have_url(re.compile(r"/staf/masuk\?next="))
    page.goto(f"{live_server}/staf/verifikasi-dua-langkah")

    page.get_by_label("Kode 6 angka dari aplikasi").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Pasang").click()
    expect(page.get_by_role("heading", name="Simpan kode pemulihan Anda")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=screenshots / "totp-2-recovery-codes.png", full_page=True)
    found["recovery codes"] = serious_violations(page)
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    expect(page).to_have_url(f"{live_server}/staf/")

    page.get_by_role("button", name="Keluar").click()
    password_step(page, live_server, admin["username"])
    expect(page).to_have_url(f"{live_server}/staf/masuk/kode")
    page.get_by_label("Kode verifikasi").fill("000000")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("#code-error")).to_contain_text("Kode salah atau sudah dipakai")
    page.screenshot(path=screenshots / "totp-3-code-wrong.png", full_page=True)
    found["code"] = serious_violations(page)
    page.get_by_label("Kode verifikasi").fill(live_make.totp_code(admin))
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server}/staf/")
    page.get_by_role("link", name="Keamanan akun").click()
    expect(page.get_by_text("Kode pemulihan yang masih berlaku: 10.")).to_be_visible()
    page.screenshot(path=screenshots / "totp-4-security.png", full_page=True)
    found["security"] = serious_violations(page)

    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize("page", [False], indirect=True)
def test_enrolment_and_the_code_step_work_without_javascript(page, live_server, live_make):
    admin = live_make.staff(role="admin", totp=False)
    password_step(page, live_server, admin["username"])
    key = page.locator(".secret-key").inner_text().replace(" ", "")
    page.get_by_label("Kode 6 angka dari aplikasi").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Pasang").click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    page.get_by_role("button", name="Keluar").click()
    password_step(page, live_server, admin["username"])
    page.get_by_label("Kode verifikasi").fill(codes[0])
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server}/staf/")
    expect(page.get_by_text("Kode pemulihan itu sudah terpakai")).to_be_visible()
