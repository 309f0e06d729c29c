"""The FKTP books the officer's visit from the referral page, moves it, records a no-show; red
flags wait at the top of the worklist until a visit is booked."""

import re
from datetime import timedelta

import pytest

from screening.clock import today_wib
from screening.demo.screenings import HEALTHY
from screening.store import referrals as referral_store
from tests import apps
from tests.clinic.conftest import become

# Chest pain for more than 20 minutes: a red flag, urgency `darurat`.
RED_FLAG = {**HEALTHY, "keluhan_sekarang": ["nyeri_dada_lama"]}
SOON = (today_wib() + timedelta(days=1)).isoformat()
LATER = (today_wib() + timedelta(days=2)).isoformat()


def schedule_url(referral):
    return f"/rujukan/{referral['number']}/jadwal"


def now_referral(db, referral):
    return referral_store.referral_by_number(db, referral["number"])


def schedule(client, referral, tanggal, jam, dari="baru"):
    return client.post(schedule_url(referral), data={"dari": dari, "tanggal": tanggal, "jam": jam})


def text_of(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_the_referral_page_offers_a_date_and_a_time_field(world, be):
    page = be("clinician_x").get(f"/rujukan/{world.referral_a['number']}").text
    assert 'type="date"' in page
    assert 'type="time"' in page
    assert "Simpan jadwal" in page
    # Scheduling needs a time: no bare "Tandai: Dijadwalkan" button any more.
    assert "Tandai: Dijadwalkan" not in page


def test_a_clinician_schedules_a_visit_and_the_page_shows_it(world, be, db):
    client = be("clinician_x")
    response = schedule(client, world.referral_a, SOON, "09:30")
    assert response.status_code == 302
    referral = now_referral(db, world.referral_a)
    assert (referral["status"], referral["visit_at"]) == ("dijadwalkan", f"{SOON}T09:30")
    audit = next(iter(db["audit_log"].rows_where(order_by="id desc", limit=1)))
    assert audit["action"] == "change"
    assert f"→ {SOON}T09:30" in audit["detail"]
    page = text_of(client.get(response.headers["Location"]).text)
    assert "Kunjungan dijadwalkan:" in page
    assert "09.30 WIB" in page
    assert "Ubah jadwal" in page


def test_a_clinician_moves_the_visit_and_the_history_shows_both_times(world, be, db):
    client = be("clinician_x")
    schedule(client, world.referral_a, SOON, "09:30")
    response = schedule(client, world.referral_a, LATER, "8.15", dari="dijadwalkan")
    assert response.status_code == 302
    assert now_referral(db, world.referral_a)["visit_at"] == f"{LATER}T08:15"
    page = text_of(client.get(response.headers["Location"]).text)
    assert "Jadwal diubah menjadi" in page
    assert re.search(r"Dari .*09\.30 WIB menjadi .*08\.15 WIB", page)


@pytest.mark.parametrize(
    ("tanggal", "jam", "message"),
    [
        ("", "09:30", "Isi tanggal kunjungan."),
        ("besok pagi", "09:30", "Tanggal tidak dapat dibaca."),
        (SOON, "jam sembilan", "Jam tidak dapat dibaca."),
        ("2020-01-01", "09:30", "Waktu ini sudah lewat."),
        ("9" * 5000, "\x00", "Tanggal tidak dapat dibaca."),
    ],
)
def test_a_date_that_cannot_be_booked_is_refused_and_what_was_typed_stays(
    world, be, db, tanggal, jam, message
):
    client = be("clinician_x")
    response = schedule(client, world.referral_a, tanggal, jam)
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    if len(tanggal) < 20:
        assert f'value="{tanggal}"' in response.text or not tanggal
    assert now_referral(db, world.referral_a)["status"] == "baru"
    assert now_referral(db, world.referral_a)["visit_at"] is None


def test_a_date_and_time_typed_the_indonesian_way_are_booked(world, be, db):
    # Where the browser shows plain text boxes (no date picker), people type 21-02-2029 and 9.30.
    day = today_wib() + timedelta(days=1)
    response = schedule(be("clinician_x"), world.referral_a, f"{day:%d-%m-%Y}", "9.30")
    assert response.status_code == 302
    assert now_referral(db, world.referral_a)["visit_at"] == f"{day.isoformat()}T09:30"


def test_a_refused_schedule_is_audited_as_a_view_of_the_referral(world, be, db):
    schedule(be("clinician_x"), world.referral_a, "2020-01-01", "09:30")
    audit = next(iter(db["audit_log"].rows_where(order_by="id desc", limit=1)))
    assert (audit["action"], audit["detail"]) == ("view", "rujukan lengkap: jadwal tidak tersimpan")


def test_a_visit_after_the_deadline_is_booked_with_a_warning(world, be, db):
    db["referral"].update(world.referral_a["id"], {"deadline": today_wib().isoformat()})
    client = be("clinician_x")
    response = schedule(client, world.referral_a, SOON, "10:00")
    assert now_referral(db, world.referral_a)["visit_at"] == f"{SOON}T10:00"
    page = client.get(response.headers["Location"]).text
    assert "Perhatian: jadwal ini sesudah batas datang" in page


def test_a_schedule_from_a_stale_page_is_shown_again_with_the_typed_time(world, be, db):
    client = be("clinician_x")
    schedule(client, world.referral_a, SOON, "09:30")
    response = schedule(client, world.referral_a, LATER, "11:00", dari="baru")
    assert response.status_code == 422
    assert "Rujukan ini sudah berubah" in response.text
    assert 'value="11:00"' in response.text
    assert now_referral(db, world.referral_a)["visit_at"] == f"{SOON}T09:30"


def test_another_fktps_referral_cannot_be_scheduled(world, be, db):
    response = schedule(be("clinician_y"), world.referral_a, SOON, "09:30")
    assert response.status_code == 404
    assert now_referral(db, world.referral_a)["visit_at"] is None


def test_a_closed_referral_has_no_schedule_form_and_refuses_one(world, be, db):
    db["referral"].update(world.referral_a["id"], {"status": "dibatalkan"})
    client = be("clinician_x")
    assert 'type="time"' not in client.get(f"/rujukan/{world.referral_a['number']}").text
    response = schedule(client, world.referral_a, SOON, "09:30", dari="dibatalkan")
    assert response.status_code == 302
    assert now_referral(db, world.referral_a)["visit_at"] is None


def test_a_schedule_without_the_csrf_token_is_refused(make_app, world_db):
    app = make_app(WTF_CSRF_ENABLED=True)
    path, world = world_db
    apps.copy_database(path, app.config["DATABASE"])
    client = become(app.test_client(), world, "clinician_x")
    response = schedule(client, world.referral_a, SOON, "09:30")
    assert response.status_code in (302, 400)
    with app.app_context():
        from screening.web.database import get_db

        assert now_referral(get_db(), world.referral_a)["visit_at"] is None


def test_a_no_show_clears_the_visit_and_the_referral_waits_to_be_booked_again(world, be, db):
    client = be("clinician_x")
    schedule(client, world.referral_a, SOON, "09:30")
    response = client.post(
        f"/rujukan/{world.referral_a['number']}/status",
        data={"dari": "dijadwalkan", "ke": "tidak_datang", "catatan": ""},
    )
    assert response.status_code == 302
    referral = now_referral(db, world.referral_a)
    assert (referral["status"], referral["visit_at"]) == ("tidak_datang", None)
    page = text_of(client.get(f"/rujukan/{world.referral_a['number']}").text)
    assert "Jadwal yang terlewat:" in page
    assert "Petugas tidak datang pada jadwal sebelumnya" in page
    assert "Simpan jadwal" in page
    assert "Siti Aminah" in client.get("/fktp/").text  # still on the worklist


def test_the_status_form_cannot_schedule_without_a_time(world, be, db):
    client = be("clinician_x")
    response = client.post(
        f"/rujukan/{world.referral_a['number']}/status", data={"dari": "baru", "ke": "dijadwalkan"}
    )
    assert response.status_code == 302
    assert now_referral(db, world.referral_a)["status"] == "baru"
    assert "isi tanggal dan jam kunjungan" in client.get(response.headers["Location"]).text


def test_kpu_sees_the_booked_visit(world, be):
    schedule(be("clinician_x"), world.referral_a, SOON, "09:30")
    page = text_of(be("kpu").get(f"/rujukan/{world.referral_a['number']}").text)
    assert re.search(r"Jadwal kunjungan \w+, \d{1,2} \w+ \d{4}, 09\.30 WIB", page)


def test_kpu_sees_the_visit_time_but_not_the_clinicians_note(world, be, db):
    client = be("clinician_x")
    schedule(client, world.referral_a, SOON, "09:30")
    client.post(
        f"/rujukan/{world.referral_a['number']}/status",
        data={"dari": "dijadwalkan", "ke": "tidak_datang", "catatan": "TD 190/120 di telepon"},
    )
    page = text_of(be("kpu").get(f"/rujukan/{world.referral_a['number']}").text)
    assert "Jadwal yang terlewat:" in page
    assert "TD 190/120" not in page


# --- the red-flag alert on the worklist -------------------------------------------------------


@pytest.fixture
def red_flag(world, make):
    _, _, referral = make.screened_officer(
        RED_FLAG, fktp_code=world.fktp_x["code"], name="Rahmat Darurat", phone="0812-3456-7890"
    )
    assert referral["urgency"] == "darurat"
    return referral


def alert_block(page: str) -> str | None:
    found = re.search(r'<section class="urgent red-flag-alert".*?</section>', page, re.S)
    return found.group(0) if found else None


def test_a_red_flag_waits_at_the_top_of_the_worklist_with_the_officers_phone(world, be, red_flag):
    page = be("clinician_x").get("/fktp/?status=dijadwalkan").text  # whatever the filter
    alert = alert_block(page)
    assert alert is not None
    assert page.index("red-flag-alert") < page.index('id="hasil"')
    assert "Tanda bahaya — hubungi hari ini" in alert
    assert "Rahmat Darurat" in alert
    assert 'href="tel:0812-3456-7890"' in alert
    assert 'href="https://wa.me/6281234567890"' in alert
    assert 'role="alert"' in alert
    # Siti Aminah's blood pressure asks for a visit today, not an emergency: not in the alert.
    assert "Siti Aminah" not in alert


def test_the_red_flag_alert_ends_once_a_visit_is_booked(world, be, red_flag):
    client = be("clinician_x")
    schedule(client, red_flag, SOON, "08:00")
    assert alert_block(client.get("/fktp/").text) is None


def test_another_fktp_never_sees_the_red_flag_alert(world, be, red_flag):
    assert alert_block(be("clinician_y").get("/fktp/").text) is None


def test_the_worklist_shows_a_booked_visit_and_marks_new_referrals(world, be):
    client = be("clinician_x")
    page = client.get("/fktp/").text
    assert '<span class="badge status-baru">Baru</span>' in page
    schedule(client, world.referral_a, SOON, "09:30")
    assert "Jadwal:" in text_of(client.get("/fktp/").text)
