"""Releasing queued messages: quiet hours, one a day, opt-out, bad numbers, click-to-chat."""

import pytest

from screening.outreach import delivery
from screening.store import outbox

from .sending import link_for, officer_id, queue, status, wib


def _release(app, db, at: str, **kwargs):
    return delivery.release(db, wib(at), app.config, link_for=link_for, **kwargs)


@pytest.mark.parametrize(
    ("at", "released"),
    [
        ("2029-01-10 20:59", True),
        ("2029-01-10 21:00", False),
        ("2029-01-11 06:59", False),
        ("2029-01-11 07:00", True),
    ],
)
def test_nothing_is_released_in_the_quiet_hours(app, db, make, at, released):
    message = queue(db, officer_id(make))
    result = _release(app, db, at)
    assert result.quiet is not released
    assert status(db, message)["status"] == ("siap" if released else "antri")


def test_quiet_hours_are_configurable(make_app, make):
    app = make_app(QUIET_HOURS="12:00-13:00")
    from screening.web.database import get_db

    with app.app_context():
        db = get_db()
        from tests import factories

        make = factories.Factories(db)
        message = queue(db, officer_id(make))
        assert _release(app, db, "2029-01-10 12:30").quiet
        assert _release(app, db, "2029-01-10 21:30").ready == 1
        assert status(db, message)["status"] == "siap"


def test_a_click_to_chat_message_becomes_ready_and_is_audited(app, db, make):
    message = queue(db, officer_id(make))
    result = _release(app, db, "2029-01-10 09:00")
    assert result.ready == 1
    row = status(db, message)
    assert row["status"] == "siap"
    assert row["released_at"]
    (log,) = db.query("SELECT action, subject, detail, role FROM audit_log WHERE action = 'send'")
    assert log["detail"] == f"message:{message} undangan siap"
    assert log["role"] == "sistem"


def test_a_message_not_yet_due_stays_queued(app, db, make):
    message = queue(db, officer_id(make), due="2029-01-12")
    _release(app, db, "2029-01-10 09:00")
    assert status(db, message)["status"] == "antri"


def test_at_most_one_message_per_officer_per_wib_day(app, db, make):
    officer = officer_id(make)
    first = queue(db, officer, template="undangan")
    second = queue(db, officer, template="pengingat_skrining")
    result = _release(app, db, "2029-01-10 09:00")
    assert (result.ready, result.waiting) == (1, 1)
    assert status(db, first)["status"] == "siap"
    assert status(db, second)["status"] == "antri"
    # Later the same WIB day: still waiting (the first counts even though not yet pressed).
    _release(app, db, "2029-01-10 20:00")
    assert status(db, second)["status"] == "antri"
    # The next WIB day, it goes.
    _release(app, db, "2029-01-11 07:00")
    assert status(db, second)["status"] == "siap"


def test_another_officer_is_not_held_back_by_the_one_a_day_rule(app, db, make):
    one, two = officer_id(make), officer_id(make)
    messages = [queue(db, one), queue(db, two)]
    assert _release(app, db, "2029-01-10 09:00").ready == 2
    assert [status(db, m)["status"] for m in messages] == ["siap", "siap"]


def test_an_opted_out_officer_gets_nothing_and_the_reason_is_kept(app, db, make):
    officer = officer_id(make)
    message = queue(db, officer)
    db.execute(
        "UPDATE officer SET opted_out_at = '2029-01-09T00:00:00+00:00' WHERE id = ?", [officer]
    )
    db.conn.commit()
    assert _release(app, db, "2029-01-10 09:00").cancelled == 1
    row = status(db, message)
    assert row["status"] == "batal"
    assert row["error"] == delivery.OPTED_OUT


def test_opting_out_cancels_what_is_queued_or_ready(app, db, make):
    officer = officer_id(make)
    ready = queue(db, officer)
    _release(app, db, "2029-01-10 09:00")
    queued = queue(db, officer, template="pengingat_skrining")
    assert outbox.opt_out(db, officer, now="2029-01-10T03:00:00+00:00", reason="x") == 2
    assert [status(db, m)["status"] for m in (ready, queued)] == ["batal", "batal"]


@pytest.mark.parametrize("phone", ["", "0285 421234", "12345", "+1 415 555 0100"])
def test_an_invalid_number_fails_the_message_and_tells_the_area_operator(app, db, make, phone):
    officer = officer_id(make, phone=phone)
    message = queue(db, officer)
    assert _release(app, db, "2029-01-10 09:00").failed == 1
    row = status(db, message)
    assert row["status"] == "gagal"
    assert row["error"] == delivery.INVALID_NUMBER
    problem = db.execute("SELECT contact_problem FROM officer WHERE id = ?", [officer]).fetchone()
    assert problem[0] == delivery.INVALID_NUMBER


def test_a_revoked_link_cancels_a_message_that_needs_it(app, db, make):
    message = queue(db, officer_id(make))
    result = delivery.release(db, wib("2029-01-10 09:00"), app.config, link_for=lambda d, o: None)
    assert result.cancelled == 1
    assert status(db, message)["error"] == delivery.ACCESS_REVOKED


def test_a_gateway_message_without_a_gateway_waits_for_click_to_chat(app, db, make):
    message = queue(db, officer_id(make), channel="gateway")
    _release(app, db, "2029-01-10 09:00", sender=None)
    assert status(db, message)["status"] == "siap"


def test_the_audit_log_holds_no_number_and_no_text(app, db, make):
    officer = officer_id(make, phone="0812-9999-8888")
    queue(db, officer)
    queue(db, officer_id(make, phone="0285 421234"))
    _release(app, db, "2029-01-10 09:00")
    logged = " ".join(row["detail"] for row in db.query("SELECT detail FROM audit_log"))
    assert "9999" not in logged
    assert "421234" not in logged
    assert "skrining.example" not in logged
    assert "Yth" not in logged


def test_the_send_messages_task_releases_with_the_app_link(app, db, make, monkeypatch):
    from screening import tasks
    from screening.web import outbox as web_outbox

    officer = officer_id(make)
    message = queue(db, officer, due="2020-01-01")
    monkeypatch.setattr(web_outbox, "now_utc", lambda: wib("2029-01-10 09:00"))
    tasks.get(app).send_messages()  # the queue runs it at once in the tests
    assert status(db, message)["status"] == "siap"
    # The link was issued the way the chase list issues it.
    assert db.execute(
        "SELECT version FROM officer_access WHERE officer_id = ?", [officer]
    ).fetchone()
    periodic = tasks.get(app).huey._registry._periodic_tasks
    assert "send_messages" in {task.__name__ for task in periodic}


def test_an_invitation_to_an_officer_who_has_screened_since_is_cancelled(app, db, make):
    from screening.demo.screenings import HEALTHY

    officer, _response, _referral = make.screened_officer(HEALTHY)
    message = queue(db, officer["id"], template="pengingat_skrining")
    assert _release(app, db, "2029-01-10 09:00").cancelled == 1
    assert status(db, message)["error"] == delivery.ALREADY_SCREENED


@pytest.mark.parametrize(
    ("referral_status", "released"),
    [
        ("baru", True),
        ("dijadwalkan", True),
        ("tidak_datang", True),
        ("diperiksa", False),
        ("selesai", False),
        ("dibatalkan", False),
    ],
)
def test_a_referral_reminder_stops_once_the_officer_was_seen(
    app, db, make, referral_status, released
):
    from screening.demo.screenings import HEALTHY
    from tests.pdf.conftest import WORST_ANSWERS

    fktp = make.fktp()
    officer, _response, referral = make.screened_officer(
        {**HEALTHY, **WORST_ANSWERS}, fktp_code=fktp["code"]
    )
    db.execute("UPDATE referral SET status = ? WHERE id = ?", [referral_status, referral["id"]])
    db.conn.commit()
    message = queue(db, officer["id"], template="pengingat_rujukan", referral=referral["id"])
    _release(app, db, "2029-01-10 09:00")
    row = status(db, message)
    assert row["status"] == ("siap" if released else "batal")
    if not released:
        assert row["error"] == delivery.REFERRAL_SETTLED


def test_outreach_send_releases_what_is_due_from_the_command_line(app, db, make, runner):
    message = queue(db, officer_id(make, phone="081234567890"), due="2000-01-03")
    result = runner.invoke(args=["outreach", "send"])
    assert result.exit_code == 0, result.output
    # Unless the suite runs in the quiet hours, the invitation is now on the click-to-chat page.
    if "Jam tenang" in result.output:
        assert status(db, message)["status"] == "antri"
    else:
        assert "1 siap di halaman pesan" in result.output
        assert status(db, message)["status"] == "siap"


def test_a_corrected_number_from_the_roster_clears_the_problem_reported(db, make):
    from screening.store import officers as officer_store

    broken = make.officer(phone="12")
    other = make.officer(phone="0812")
    db.execute("UPDATE officer SET contact_problem = 'nomor tidak valid'")
    db.conn.commit()
    corrected = {**broken, "phone": "081234567890"}
    unchanged = {**other, "name": other["name"] + " Baru"}
    fields = officer_store.ROSTER_FIELDS
    officer_store.upsert_roster(
        db,
        [{k: corrected[k] for k in fields}, {k: unchanged[k] for k in fields}],
        now="2029-01-05T01:00:00+00:00",
    )
    problems = dict(db.execute("SELECT nik, contact_problem FROM officer").fetchall())
    assert problems[broken["nik"]] is None
    # Another change leaves the problem with the number it was found on.
    assert problems[other["nik"]] == "nomor tidak valid"


def test_a_referral_without_an_fktp_yet_still_tells_the_officer_where_to_go():
    from screening.outreach.delivery import message_values

    row = {
        "template": "rujukan_baru",
        "referral_id": 7,
        "officer_name": "Siti",
        "deadline": "2029-01-10",
        "fktp_name": None,
        "fktp_address": None,
        "visit_at": None,
    }
    values = message_values(row, lang="id", link="https://s.example/1", settings={})
    assert values["fktp"] == "Puskesmas di kecamatan Anda"
    assert values["alamat"] == "daftarnya ada di tautan Anda"
    assert message_values(row, lang="en", link=None, settings={})["fktp"].startswith("a Puskesmas")
