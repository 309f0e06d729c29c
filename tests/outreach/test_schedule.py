"""One test per rule of the reminder schedule (questionnaires/reminders.yaml), each with its own
clock: the planner is given `now`, the rows their moments (tests/outreach/helpers.py)."""

from datetime import datetime, timedelta

import pytest

from screening.demo.screenings import HEALTHY
from screening.outreach import schedule
from screening.store import planning
from tests.clinic.conftest import ROUTINE, URGENT
from tests.outreach.helpers import (
    examine,
    iso,
    linked_officer,
    messages,
    plan,
    referral_row,
    referred_officer,
    schedule_visit,
    utc,
)

ISSUED = utc("2029-01-02 10:00")  # WIB; the screening deadline is 2029-01-31 (polling day - 14)
EMERGENCY = {**HEALTHY, "keluhan_sekarang": ["nyeri_dada_lama"]}


def test_link_issued_queues_the_invitation_once(app, db, make):
    officer = linked_officer(make, app, ISSUED)
    report = plan(db, app, ISSUED + timedelta(minutes=15))
    assert report.queued["undangan"] == 1
    [message] = messages(db, rule="undangan")
    assert message["officer_id"] == officer["id"]
    assert (message["template"], message["channel"], message["status"]) == (
        "undangan",
        "wa_klik",
        "antri",
    )
    assert message["due_at"] == iso(ISSUED)
    assert message["dedupe_key"] == f"undangan:{officer['id']}:v1"
    again = plan(db, app, ISSUED + timedelta(minutes=30))
    assert again.total_queued == 0
    assert len(messages(db)) == 1


@pytest.mark.parametrize(
    ("rule", "days"), [("pengingat_skrining_3", 3), ("pengingat_skrining_7", 7)]
)
def test_not_screened_is_reminded_3_and_7_days_after_the_link(app, db, make, rule, days):
    linked_officer(make, app, ISSUED)
    due = ISSUED + timedelta(days=days)
    plan(db, app, due - timedelta(minutes=1))
    assert messages(db, rule=rule) == []
    plan(db, app, due)
    [message] = messages(db, rule=rule)
    assert (message["template"], message["due_at"]) == ("pengingat_skrining", iso(due))


def test_not_screened_is_reminded_3_days_before_the_screening_deadline(app, db, make):
    linked_officer(make, app, ISSUED)
    due = utc("2029-01-28 08:00")
    plan(db, app, due - timedelta(minutes=1))
    assert messages(db, rule="pengingat_skrining_batas") == []
    plan(db, app, due)
    [message] = messages(db, rule="pengingat_skrining_batas")
    assert message["due_at"] == iso(due)


def test_screening_deadline_is_a_setting(make_app):
    from screening.web.database import get_db
    from tests.factories import Factories

    app = make_app(SCREENING_DEADLINE="2029-01-20")
    with app.app_context():
        db = get_db()
        linked_officer(Factories(db), app, ISSUED)
        # After the deadline no screening message at all (the chase list takes over).
        assert plan(db, app, utc("2029-01-21 08:00")).total_queued == 0
        plan(db, app, utc("2029-01-17 08:00"))
        [message] = messages(db, rule="pengingat_skrining_batas")
        assert message["due_at"] == iso(utc("2029-01-17 08:00"))


def test_a_due_time_in_the_quiet_hours_moves_to_seven_in_the_morning(app, db, make):
    late = utc("2029-01-02 22:30")
    linked_officer(make, app, late)
    plan(db, app, late + timedelta(minutes=15))
    assert messages(db) == []  # nothing at 22:45 WIB
    plan(db, app, utc("2029-01-03 07:00"))
    [message] = messages(db, rule="undangan")
    assert message["due_at"] == iso(utc("2029-01-03 07:00"))


def test_an_officer_who_screened_gets_no_more_screening_reminders(app, db, make):
    officer = linked_officer(make, app, ISSUED)
    plan(db, app, ISSUED)
    make.submit_screening(officer, HEALTHY, polling_day="2029-02-14")
    report = plan(db, app, ISSUED + timedelta(days=10))
    assert report.total_queued == 0
    [invitation] = messages(db)
    # The invitation still waiting (say, in the quiet hours) is cancelled.
    assert (invitation["status"], invitation["error"]) == ("batal", "tidak diperlukan lagi")


def test_an_officer_who_declined_gets_no_screening_reminders(app, db, make):
    from screening import journey

    officer = linked_officer(make, app, ISSUED)
    journey.decide_consent(
        db,
        officer,
        decision=journey.DECLINED,
        text_version="v1",
        questionnaire=None,
        polling_day="2029-02-14",
        now=iso(ISSUED),
    )
    assert plan(db, app, ISSUED + timedelta(days=10)).total_queued == 0


def test_an_opted_out_officer_is_not_planned(app, db, make):
    officer = linked_officer(make, app, ISSUED)
    _, referral = referred_officer(make, URGENT, ISSUED, "2029-01-05")
    db.execute("UPDATE officer SET opted_out_at = ?", [iso(ISSUED)])
    db.conn.commit()
    assert plan(db, app, ISSUED + timedelta(days=10)).total_queued == 0
    assert officer
    assert referral


def test_a_referral_tells_the_officer_where_to_go(app, db, make):
    officer, referral = referred_officer(make, ROUTINE, ISSUED, "2029-01-16")
    plan(db, app, ISSUED)
    [message] = messages(db, rule="rujukan_baru")
    assert (message["officer_id"], message["referral_id"]) == (officer["id"], referral["id"])
    assert message["template"] == "rujukan_baru"
    assert messages(db, rule="tanda_bahaya") == []


@pytest.mark.parametrize("answers", [URGENT, EMERGENCY], ids=["hari_ini", "darurat"])
def test_a_red_flag_referral_sends_the_red_flag_message_instead(app, db, make, answers):
    _, referral = referred_officer(make, answers, ISSUED, "2029-01-02")
    assert referral["urgency"] in ("darurat", "hari_ini")
    plan(db, app, ISSUED)
    [message] = messages(db, referral_id=referral["id"])
    assert (message["rule"], message["template"]) == ("tanda_bahaya", "tanda_bahaya")


def test_two_days_before_the_deadline_the_officer_is_reminded(app, db, make):
    _, referral = referred_officer(make, ROUTINE, ISSUED, "2029-01-16")
    due = utc("2029-01-14 08:00")
    plan(db, app, due - timedelta(minutes=1))
    assert messages(db, rule="pengingat_rujukan") == []
    plan(db, app, due)
    [message] = messages(db, rule="pengingat_rujukan")
    assert (message["referral_id"], message["due_at"]) == (referral["id"], iso(due))


def test_no_deadline_reminder_for_a_referral_made_after_its_time(app, db, make):
    # Referred the day before the deadline: the referral message itself says by when.
    referred_officer(make, ROUTINE, utc("2029-01-15 09:00"), "2029-01-16")
    plan(db, app, utc("2029-01-15 10:00"))
    assert [m["rule"] for m in messages(db)] == ["rujukan_baru"]


def test_a_passed_deadline_escalates_once_the_next_morning(app, db, make):
    _, referral = referred_officer(make, ROUTINE, ISSUED, "2029-01-16")
    plan(db, app, utc("2029-01-16 23:00"))
    assert messages(db, rule="rujukan_terlambat") == []
    plan(db, app, utc("2029-01-17 08:00"))
    plan(db, app, utc("2029-01-20 08:00"))
    [message] = messages(db, rule="rujukan_terlambat")
    assert message["due_at"] == iso(utc("2029-01-17 08:00"))
    rows = planning.overdue_referrals(db, today="2029-01-17", area={})
    assert [r["number"] for r in rows] == [referral["number"]]


def test_a_scheduled_visit_is_announced_and_reminded_the_day_before(app, db, make):
    _, referral = referred_officer(make, ROUTINE, ISSUED, "2029-01-16")
    schedule_visit(db, referral["id"], "2029-01-10T09:00", utc("2029-01-05 13:00"))
    plan(db, app, utc("2029-01-05 13:15"))
    [told] = messages(db, rule="kunjungan_dijadwalkan")
    assert told["due_at"] == iso(utc("2029-01-05 13:00"))
    assert told["dedupe_key"] == f"kunjungan_dijadwalkan:{referral['id']}:2029-01-10T09:00"
    plan(db, app, utc("2029-01-09 07:59"))
    assert messages(db, rule="pengingat_kunjungan") == []
    plan(db, app, utc("2029-01-09 08:00"))
    [reminder] = messages(db, rule="pengingat_kunjungan")
    assert reminder["due_at"] == iso(utc("2029-01-09 08:00"))


def test_a_rescheduled_visit_is_planned_anew_and_the_old_reminder_cancelled(app, db, make):
    _, referral = referred_officer(make, ROUTINE, ISSUED, "2029-01-16")
    schedule_visit(db, referral["id"], "2029-01-10T09:00", utc("2029-01-05 13:00"))
    plan(db, app, utc("2029-01-09 08:00"))
    schedule_visit(db, referral["id"], "2029-01-12T10:00", utc("2029-01-09 09:00"))
    plan(db, app, utc("2029-01-11 08:00"))
    told = messages(db, rule="kunjungan_dijadwalkan")
    reminders = messages(db, rule="pengingat_kunjungan")
    assert [m["dedupe_key"].rsplit(":", 2)[-2:] for m in told] == [
        ["2029-01-10T09", "00"],
        ["2029-01-12T10", "00"],
    ]
    assert [m["status"] for m in reminders] == ["batal", "antri"]


def test_after_the_officer_is_seen_nothing_more_and_queued_ones_are_cancelled(app, db, make):
    _, referral = referred_officer(make, ROUTINE, ISSUED, "2029-01-16")
    schedule_visit(db, referral["id"], "2029-01-10T09:00", utc("2029-01-05 13:00"))
    plan(db, app, utc("2029-01-09 08:00"))
    staff = make.staff(role="kpu")
    examine(db, referral["id"], staff["id"], utc("2029-01-09 09:00"))
    report = plan(db, app, utc("2029-01-20 08:00"))
    assert report.total_queued == 0
    assert report.cancelled["pengingat_kunjungan"] == 1
    assert {m["status"] for m in messages(db, rule="pengingat_kunjungan")} == {"batal"}
    assert messages(db, rule="rujukan_terlambat") == []
    assert planning.overdue_referrals(db, today="2029-01-20", area={}) == []
    assert referral_row(db, referral["id"])["status"] == "diperiksa"


def test_a_dry_run_counts_and_writes_nothing(app, db, make):
    linked_officer(make, app, ISSUED)
    report = plan(db, app, ISSUED, dry_run=True)
    assert report.queued["undangan"] == 1
    assert messages(db) == []


def test_the_channel_follows_the_settings():
    assert schedule.channel({}) == "wa_klik"
    assert schedule.channel({"GATEWAY_URL": "http://127.0.0.1:9/"}) == "gateway"


def test_the_shipped_schedule_loads_with_the_default_rules(app):
    loaded = schedule.load_schedule(app.config)
    assert [r.template for r in loaded.rules] == [
        "undangan",
        "pengingat_skrining",
        "pengingat_skrining",
        "pengingat_skrining",
        "rujukan_baru",
        "tanda_bahaya",
        "pengingat_rujukan",
        "rujukan_terlambat",
        "kunjungan_dijadwalkan",
        "pengingat_kunjungan",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rules:\n  - {id: a, template: undangan, trigger: kapan}\n", "2: Pemicu kapan"),
        ("rules:\n  - {id: a, template: surat, trigger: link_issued}\n", "2: Template surat"),
        (
            "rules:\n  - {id: a, template: pengingat_rujukan, trigger: referral_deadline}\n",
            "2: Pemicu referral_deadline adalah hari",
        ),
        ("rules:\n  - {id: a, template: rujukan_baru, trigger: referral_created}\n", "red_flag"),
        (
            "rules:\n  - {id: a, template: undangan, trigger: link_issued}\n"
            "  - {id: a, template: undangan, trigger: link_issued}\n",
            "3: Aturan a ditulis dua kali",
        ),
        ("rules:\n  - {id: a, template: undangan, trigger: link_issued, at: '25:00'}\n", "2: at"),
        ("rules: []\n", "rules harus"),
    ],
)
def test_a_wrong_schedule_is_refused_with_file_and_line(text, expected):
    with pytest.raises(schedule.ScheduleError) as error:
        schedule.parse_schedule(text, "reminders.yaml")
    assert expected in str(error.value)
    assert "reminders.yaml:" in str(error.value)


def _issued_yesterday_morning() -> datetime:
    """A link issued at 10.00 WIB yesterday: its invitation is due by now at any hour of the
    day the suite runs (an hour ago would fall in the quiet hours every evening)."""
    from screening.clock import today_wib

    return utc(f"{today_wib() - timedelta(days=1)} 10:00")


def test_the_cli_plans_and_a_dry_run_writes_nothing(app, db, make, runner):
    linked_officer(make, app, _issued_yesterday_morning())
    result = runner.invoke(args=["outreach", "plan", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "undangan: 1 diantrekan" in result.output
    assert messages(db) == []
    result = runner.invoke(args=["outreach", "plan"])
    assert result.exit_code == 0, result.output
    assert len(messages(db, rule="undangan")) == 1


def test_the_worker_plans_every_15_minutes(app, db, make):
    from screening import tasks
    from screening.clock import now_utc

    linked_officer(make, app, _issued_yesterday_morning())
    queue = tasks.get(app)
    task = queue.plan_messages
    assert task.name == "plan_messages"
    moment = now_utc().replace(minute=30, second=0, microsecond=0)
    runs_at = task.task_class().validate_datetime
    assert runs_at(moment.replace(tzinfo=None))
    assert not runs_at(moment.replace(minute=31, tzinfo=None))
    task.call_local()
    assert len(messages(db, rule="undangan")) == 1


def test_a_health_office_schedule_file_replaces_the_default(make_app, tmp_path):
    from screening.web.database import get_db
    from tests.factories import Factories

    custom = tmp_path / "jadwal.yaml"
    custom.write_text(
        "rules:\n"
        "  - {id: undangan_sore, template: undangan, trigger: link_issued, offset_days: 1,"
        " at: '16:00'}\n",
        encoding="utf-8",
    )
    app = make_app(REMINDERS_FILE=str(custom))
    with app.app_context():
        db = get_db()
        linked_officer(Factories(db), app, ISSUED)
        report = plan(db, app, utc("2029-01-03 16:00"))
        assert report.queued == {"undangan_sore": 1}
        [message] = messages(db)
        assert message["due_at"] == iso(utc("2029-01-03 16:00"))


def test_the_retention_purge_deletes_the_referrals_messages_too(app, db, make, runner, monkeypatch):
    # A queued `tanda_bahaya` says the officer had a red flag: it goes with the health data, and
    # its foreign key must not stop the purge.
    from datetime import date

    from screening.cli import retention as retention_cli

    referred_officer(make, URGENT, ISSUED, "2029-01-02")
    plan(db, app, ISSUED)
    assert messages(db, rule="tanda_bahaya")
    monkeypatch.setattr(retention_cli, "today_wib", lambda: date(2030, 2, 14))
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert messages(db) == []
    assert db["referral"].count == 0
