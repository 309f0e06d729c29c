"""The FKTP's part of the follow-up loop, in phones' browsers: a red flag waits at the top of the
clinician's worklist; the clinician books the officer's visit; the officer, signed in with their
personal link, sees the day and time on their result page; the clinician records the visit; the
officer's page then says they were examined.

One function per step, so that the steps of the message outbox (the officer is told of the
visit, reminded the day before, and then nothing more) slot in between them.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from screening.clock import today_wib
from screening.demo.screenings import HEALTHY
from screening.store import referrals
from tests import factories
from tests.browser.test_clinician import sign_in

pytestmark = pytest.mark.browser

# Chest pain for more than 20 minutes: a red flag (`darurat`).
RED_FLAG = {**HEALTHY, "keluhan_sekarang": ["nyeri_dada_lama"]}
WIDE = {"width": 1280, "height": 900}
VISIT_DAY = today_wib() + timedelta(days=3)


@pytest.fixture
def loop(live_app, live_make, live_server):
    """A Puskesmas with a phone, its clinician, and an officer who reported a red flag and holds
    a personal link: (clinician, officer's link, referral)."""
    puskesmas = live_make.fktp(
        name="Puskesmas Kramatsari", address="Jl. Ahmad Yani Gg. 5 No. 2", phone="(0285) 424172"
    )
    clinician = live_make.staff(
        role="fktp", fktp_code=puskesmas["code"], full_name="dr. Ayu Lestari"
    )
    officer, token, _code = factories.officer_with_link(
        live_make,
        live_app,
        name="Slamet Riyadi",
        fktp_code=puskesmas["code"],
        phone="0813-2555-8899",
        sex="L",
    )
    live_make.submit_screening(
        {**officer, "access_version": 1}, RED_FLAG, polling_day=live_app.config["POLLING_DAY"]
    )
    referral = referrals.referral_for_officer(live_make.db, officer["id"])
    assert referral["urgency"] == "darurat"
    return clinician, f"{live_server}/s/{token}", referral


# --- the steps --------------------------------------------------------------------------------


def clinician_sees_the_red_flag(page, live_server, clinician, referral, screenshots):
    sign_in(page, live_server, clinician["username"])
    expect(page).to_have_url(f"{live_server}/fktp/")
    alert = page.locator(".red-flag-alert")
    expect(alert).to_contain_text("Tanda bahaya — hubungi hari ini")
    expect(alert).to_contain_text("Slamet Riyadi")
    expect(alert.locator('a[href="tel:0813-2555-8899"]')).to_be_visible()
    expect(alert.locator('a[href="https://wa.me/6281325558899"]')).to_be_visible()
    page.screenshot(path=screenshots / "loop-1-worklist-red-flag-360.png", full_page=True)
    page.set_viewport_size(WIDE)
    page.screenshot(path=screenshots / "loop-1-worklist-red-flag-1280.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    alert.get_by_role("link", name="Slamet Riyadi").click()
    expect(page).to_have_url(re.compile(rf"/rujukan/{referral['number']}"))


def clinician_books_the_visit(page, screenshots, serious_violations):
    # A time already past is refused beside its field, and what was typed stays.
    page.get_by_label("Tanggal").fill((today_wib() - timedelta(days=1)).isoformat())
    page.get_by_label("Jam (WIB)").fill("09:30")
    page.get_by_role("button", name="Simpan jadwal").click()
    expect(page.locator("#tanggal-error")).to_contain_text("sudah lewat")
    expect(page.get_by_label("Jam (WIB)")).to_have_value("09:30")
    page.locator("#jadwal").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "loop-2-schedule-error.png")
    page.get_by_label("Tanggal").fill(VISIT_DAY.isoformat())
    page.get_by_role("button", name="Simpan jadwal").click()
    expect(page.locator(".notice-success")).to_contain_text("Kunjungan dijadwalkan:")
    expect(page.locator(".badges").first).to_contain_text("Dijadwalkan")
    page.locator("#jadwal").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "loop-3-referral-scheduled.png")
    assert serious_violations(page) == []


def the_red_flag_alert_is_gone(page, live_server):
    page.goto(f"{live_server}/fktp/")
    expect(page.locator(".red-flag-alert")).to_have_count(0)
    expect(page.locator(".worklist-item", has_text="Slamet Riyadi")).to_contain_text("09.30 WIB")


def officer_sees_the_visit(page, link, screenshots, serious_violations):
    page.goto(link)
    page.goto(page.url.split("/skrining")[0] + "/skrining/hasil")
    referral_card = page.locator("section.referral")
    expect(referral_card).to_contain_text("Jadwal pemeriksaan Anda di Puskesmas Kramatsari:")
    expect(referral_card).to_contain_text(f"{VISIT_DAY.day}")
    expect(referral_card).to_contain_text("09.30 WIB")
    expect(referral_card.locator('a[href="tel:0285424172"]')).to_be_visible()
    referral_card.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "loop-4-officer-visit-360.png")
    page.screenshot(path=screenshots / "loop-4-officer-visit-360-full.png", full_page=True)
    assert serious_violations(page) == []


def clinician_records_the_visit(page, referral):
    page.get_by_role("link", name="Isi tindak lanjut").click()
    page.get_by_label("Tekanan darah sistolik").fill("150")
    page.get_by_label("Tekanan darah diastolik").fill("95")
    page.get_by_label("Layak bertugas").check()
    page.get_by_role("button", name="Simpan dan selesaikan rujukan").click()
    expect(page.get_by_text("Tindak lanjut disimpan dan rujukan selesai.")).to_be_visible()


def officer_sees_they_were_examined(page, screenshots):
    page.reload()
    referral_card = page.locator("section.referral")
    expect(referral_card).to_contain_text("Anda sudah diperiksa di Puskesmas Kramatsari")
    expect(referral_card).to_contain_text("Kelayakan bertugas: Layak bertugas")
    expect(referral_card).not_to_contain_text("09.30 WIB")
    page.screenshot(path=screenshots / "loop-5-officer-examined.png", full_page=True)


# --- the loop ---------------------------------------------------------------------------------


def test_the_fktp_books_the_visit_and_the_officer_follows_it(
    new_context, live_server, loop, screenshots, serious_violations
):
    clinician, link, referral = loop
    clinic = new_context().new_page()
    officer = new_context().new_page()
    clinician_sees_the_red_flag(clinic, live_server, clinician, referral, screenshots)
    clinician_books_the_visit(clinic, screenshots, serious_violations)
    officer_sees_the_visit(officer, link, screenshots, serious_violations)
    the_red_flag_alert_is_gone(clinic, live_server)
    clinic.goto(f"{live_server}/rujukan/{referral['number']}")
    clinician_records_the_visit(clinic, referral)
    officer_sees_they_were_examined(officer, screenshots)
