"""The FKTP's part of the follow-up loop, in phones' browsers: a red flag waits at the top of the
clinician's worklist; the clinician books the officer's visit; the officer, signed in with their
personal link, sees the day and time on their result page; the clinician records the visit; the
officer's page then says they were examined.

Between the steps the worker's two passes run, as `make run`'s worker runs them every few
minutes: the planner (what the reminder schedule says is due) and the release (what is due goes
to the KPU operator's click-to-chat page). They run at chosen moments after the real ones, so the
test holds at any hour, quiet hours included: the officer is told to go today, told of the visit
when it is booked, reminded the day before, and told nothing more once examined.
"""

import re
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from screening.clock import WIB, today_wib
from screening.demo.screenings import HEALTHY
from screening.outreach import schedule
from screening.store import referrals
from screening.web import outbox
from tests import factories
from tests.browser.test_clinician import sign_in

pytestmark = pytest.mark.browser

# Chest pain for more than 20 minutes: a red flag (`darurat`).
RED_FLAG = {**HEALTHY, "keluhan_sekarang": ["nyeri_dada_lama"]}
WIDE = {"width": 1280, "height": 900}
VISIT_DAY = today_wib() + timedelta(days=3)
# A TPS of the officer's own: the live app's outbox holds the other browser tests' officers too.
TPS = 47


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
        tps=TPS,
    )
    live_make.submit_screening(
        {**officer, "access_version": 1}, RED_FLAG, polling_day=live_app.config["POLLING_DAY"]
    )
    referral = referrals.referral_for_officer(live_make.db, officer["id"])
    assert referral["urgency"] == "darurat"
    return clinician, f"{live_server}/s/{token}", referral


def at_noon(day) -> datetime:
    """12.00 WIB of `day`: past any quiet hours, and after whatever the real clock did today."""
    return datetime.combine(day, time(12, 0), tzinfo=WIB)


def worker_runs(live_app, live_make, moment: datetime) -> None:
    """The worker's planner and release passes, at `moment`."""
    schedule.plan(live_make.db, now=moment, settings=live_app.config)
    outbox.run(live_app, now=moment)


def messages_of(live_make, referral) -> dict[str, str]:
    """The officer's messages about this referral: template → status."""
    rows = live_make.db.query(
        "SELECT template, status FROM message WHERE referral_id = ? ORDER BY id", [referral["id"]]
    )
    return {row["template"]: row["status"] for row in rows}


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


def kpu_operator_sends_the_red_flag_message(page, live_server, live_make, officer, screenshots):
    """The red flag's message waits on the click-to-chat page with the officer's number; the
    operator sends it from their phone and marks it sent."""
    operator = live_make.staff(role="kpu", full_name="Operator KPU Kota")
    sign_in(page, live_server, operator["username"])
    page.goto(f"{live_server}/kpu/pesan/?kelurahan={officer['kelurahan_code']}&tps={TPS}")
    waiting = page.locator("li", has_text="Slamet Riyadi").first
    link = waiting.locator('a[href^="https://wa.me/6281325558899?text="]')
    expect(link).to_be_visible()
    text = link.get_attribute("href")
    assert "119" in text, text  # the red flag's message sends the officer to IGD / 119
    page.screenshot(path=screenshots / "loop-0-outbox-360.png", full_page=True)
    waiting.get_by_role("button", name="Tandai terkirim").click()
    expect(page.locator(".notice-success")).to_be_visible()


# --- the loop ---------------------------------------------------------------------------------


def test_the_fktp_books_the_visit_the_officer_is_told_and_the_reminders_stop(
    new_context, live_app, live_make, live_server, loop, screenshots, serious_violations
):
    clinician, link, referral = loop
    officer_row = live_make.db["officer"].get(referral["officer_id"])
    clinic = new_context().new_page()
    officer = new_context().new_page()
    kpu = new_context().new_page()
    tomorrow = today_wib() + timedelta(days=1)
    # The referral's message is queued and put on the click-to-chat page.
    worker_runs(live_app, live_make, at_noon(tomorrow))
    assert messages_of(live_make, referral)["tanda_bahaya"] == "siap"
    kpu_operator_sends_the_red_flag_message(kpu, live_server, live_make, officer_row, screenshots)
    assert messages_of(live_make, referral)["tanda_bahaya"] == "terkirim"

    clinician_sees_the_red_flag(clinic, live_server, clinician, referral, screenshots)
    clinician_books_the_visit(clinic, screenshots, serious_violations)
    # The officer is told of the booked visit, and reminded the day before it.
    worker_runs(live_app, live_make, at_noon(tomorrow) + timedelta(hours=1))
    assert "kunjungan_dijadwalkan" in messages_of(live_make, referral)
    officer_sees_the_visit(officer, link, screenshots, serious_violations)
    the_red_flag_alert_is_gone(clinic, live_server)
    worker_runs(live_app, live_make, at_noon(VISIT_DAY - timedelta(days=1)))
    assert "pengingat_kunjungan" in messages_of(live_make, referral)

    clinic.goto(f"{live_server}/rujukan/{referral['number']}")
    clinician_records_the_visit(clinic, referral)
    officer_sees_they_were_examined(officer, screenshots)
    # Examined: nothing more is queued, and what still waited is cancelled.
    before = messages_of(live_make, referral)
    for days in (0, 1, 5, 30):
        worker_runs(live_app, live_make, at_noon(VISIT_DAY + timedelta(days=days)))
    after = messages_of(live_make, referral)
    assert after.keys() == before.keys()
    assert not set(after.values()) & {"antri", "siap"}
