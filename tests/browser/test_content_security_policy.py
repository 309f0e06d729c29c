"""The pages work under the Content-Security-Policy the app sends (no inline script or style):
Chromium reports every refused style, script, image or form target in the console, and none may
appear on any of the main pages of any role."""

import re

import pytest
from playwright.sync_api import expect

from screening.store import referrals
from screening.web.headers import CONTENT_SECURITY_POLICY
from tests.browser.test_officer_journey import MEASURED, agree, fill_form, press
from tests.clinic.conftest import URGENT
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

# What Chromium writes to the console when the policy refuses something.
VIOLATION = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)
# Also heard straight from the page: an init script runs outside the policy.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


class Watch:
    """Every CSP violation reported on `page`, by the console or the page's own event."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.on("console", self._heard)
        page.add_init_script(LISTEN)
        self.visited: list[str] = []

    def _heard(self, message):
        if VIOLATION.search(message.text):
            self.console.append(f"{self.page.url}: {message.text}")

    def look(self, label: str) -> None:
        """Note this page: its header, and the violations it raised."""
        self.visited.append(label)
        found = self.page.evaluate("window.__cspViolations || []")
        self.console.extend(f"{label}: {v}" for v in found)

    def goto(self, url: str, label: str | None = None):
        response = self.page.goto(url)
        assert response.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY
        self.look(label or url)
        return response


def sign_in_staff(watch: Watch, live_server: str, username: str) -> None:
    page = watch.page
    watch.goto(live_server + "/staf/masuk", "staff sign-in")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    press(page, "Masuk")


def test_no_page_breaks_the_content_security_policy(
    new_context, live_server, live_make, new_officer_link, screened_officer
):
    # The officer: front page, sign-in, consent, every step, review and result.
    watch = Watch(new_context().new_page())
    page = watch.page
    watch.goto(live_server + "/", "home")
    watch.goto(live_server + "/masuk", "officer sign-in")
    watch.goto(live_server + "/tidak-ada", "404")
    officer, link, _nik, _code = new_officer_link(name="Wulan Sari")
    page.goto(link)
    agree(page)
    fill_form(page, MEASURED, on_page=lambda p: watch.look(p.url))
    expect(page).to_have_url(re.compile(r"/skrining/periksa$"))
    watch.look("review")
    press(page, "Kirim jawaban")
    expect(page).to_have_url(re.compile(r"/skrining/hasil$"))
    watch.look("result")

    # The clinician: worklist, a referral, the follow-up form.
    puskesmas = live_make.fktp(name="Puskesmas Podosugih")
    clinician = live_make.staff(role="fktp", fktp_code=puskesmas["code"])
    referred, _response = screened_officer(URGENT, name="Sri Lestari", fktp_code=puskesmas["code"])
    number = referrals.referral_for_officer(live_make.db, referred["id"])["number"]
    clinic_watch = Watch(new_context().new_page())
    sign_in_staff(clinic_watch, live_server, clinician["username"])
    for path in ("/fktp/", f"/rujukan/{number}", f"/rujukan/{number}/tindak-lanjut"):
        clinic_watch.goto(live_server + path)

    # KPU: home, officers and a new link (the page handed to the officer), roster, referrals,
    # printing.
    kpu = live_make.staff(role="kpu")
    kpu_watch = Watch(new_context().new_page())
    sign_in_staff(kpu_watch, live_server, kpu["username"])
    for path in (
        "/staf/",
        "/kpu/roster/",
        "/kpu/rujukan/",
        "/kpu/rujukan/tanpa-fktp",
        "/kpu/cetak/",
    ):
        kpu_watch.goto(live_server + path)
    kpu_watch.goto(f"{live_server}/kpu/petugas/?kelurahan={officer['kelurahan_code']}", "officers")
    row = kpu_watch.page.get_by_role("row", name=re.compile("Wulan Sari"))
    with kpu_watch.page.expect_navigation():
        row.get_by_role("link", name=re.compile("Buat baru")).click()
    kpu_watch.look("confirm new link")
    with kpu_watch.page.expect_navigation():
        kpu_watch.page.get_by_role("button", name="Ya, buat tautan baru").click()
    expect(kpu_watch.page.get_by_text("/s/", exact=False).first).to_be_visible()
    kpu_watch.look("new link")

    # The admin: accounts, a new account, the audit log.
    admin = live_make.staff(role="admin")
    admin_watch = Watch(new_context().new_page())
    sign_in_staff(admin_watch, live_server, admin["username"])
    for path in ("/admin/staf", "/admin/staf/baru", f"/admin/staf/{kpu['id']}/kata-sandi"):
        admin_watch.goto(live_server + path)
    admin_watch.goto(live_server + "/admin/audit")

    watches = (watch, clinic_watch, kpu_watch, admin_watch)
    violations = [v for w in watches for v in w.console]
    assert not violations, "\n".join(violations)
    assert len(kpu_watch.visited) >= 7
