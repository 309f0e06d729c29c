"""Scheduling, rescheduling and recording a no-show, as plain operations on the database."""

import pytest

from screening.referrals import operations
from screening.store import referrals as store
from tests.referrals.test_operations import AT, URGENT

LATER = "2029-02-21T04:00:00+00:00"


@pytest.fixture
def clinic(make):
    fktp = make.fktp()
    return fktp, make.staff(role="fktp", fktp_code=fktp["code"])


@pytest.fixture
def referral(make, clinic):
    fktp, _ = clinic
    _, _, referral = make.screened_officer(URGENT, fktp_code=fktp["code"])
    return referral


def _now(db, referral):
    return store.referral_by_number(db, referral["number"])


def _schedule(db, referral, visit_at, by, at=AT):
    current = _now(db, referral)
    return operations.schedule_visit(
        db, current, visit_at=visit_at, expected=current["status"], by=by, at=at
    )


def test_scheduling_a_new_referral_sets_the_visit_and_moves_it_to_dijadwalkan(db, clinic, referral):
    _, clinician = clinic
    assert _schedule(db, referral, "2029-02-21T09:30", clinician["id"]) is None
    now = _now(db, referral)
    assert (now["status"], now["visit_at"], now["updated_at"]) == (
        "dijadwalkan",
        "2029-02-21T09:30",
        AT,
    )
    event = store.events(db, referral["id"])[-1]
    assert (event["from_status"], event["to_status"], event["staff_id"], event["at"]) == (
        "baru",
        "dijadwalkan",
        clinician["id"],
        AT,
    )
    assert (event["visit_from"], event["visit_to"], event["note"]) == (
        None,
        "2029-02-21T09:30",
        None,
    )


def test_rescheduling_replaces_the_time_and_the_history_keeps_both(db, clinic, referral):
    _, clinician = clinic
    _schedule(db, referral, "2029-02-21T09:30", clinician["id"])
    assert _schedule(db, referral, "2029-02-23T08:00", clinician["id"], LATER) == (
        "2029-02-21T09:30"
    )
    now = _now(db, referral)
    assert (now["status"], now["visit_at"]) == ("dijadwalkan", "2029-02-23T08:00")
    event = store.events(db, referral["id"])[-1]
    assert (event["from_status"], event["to_status"], event["at"]) == (
        "dijadwalkan",
        "dijadwalkan",
        LATER,
    )
    assert (event["visit_from"], event["visit_to"]) == ("2029-02-21T09:30", "2029-02-23T08:00")


def test_a_no_show_clears_the_visit_and_the_history_keeps_the_missed_time(db, clinic, referral):
    _, clinician = clinic
    _schedule(db, referral, "2029-02-21T09:30", clinician["id"])
    operations.change_status(
        db,
        _now(db, referral),
        expected="dijadwalkan",
        to="tidak_datang",
        by=clinician["id"],
        at=LATER,
        note="HP tidak aktif",
    )
    now = _now(db, referral)
    assert (now["status"], now["visit_at"]) == ("tidak_datang", None)
    event = store.events(db, referral["id"])[-1]
    assert (event["from_status"], event["to_status"]) == ("dijadwalkan", "tidak_datang")
    assert (event["visit_from"], event["visit_to"], event["note"]) == (
        "2029-02-21T09:30",
        None,
        "HP tidak aktif",
    )
    # KPU reads the missed time, never the clinician's note under it.
    kpu_event = store.events(db, referral["id"], clinical_notes=False)[-1]
    assert (kpu_event["visit_from"], kpu_event["note"]) == ("2029-02-21T09:30", None)


def test_an_officer_who_did_not_come_stays_open_and_is_scheduled_again(db, clinic, referral):
    _, clinician = clinic
    _schedule(db, referral, "2029-02-21T09:30", clinician["id"])
    operations.change_status(
        db, _now(db, referral), expected="dijadwalkan", to="tidak_datang", by=1, at=LATER
    )
    assert referral["number"] in [
        r["number"] for r in store.list_referrals(db, fktp_code=clinic[0]["code"], open_only=True)
    ]
    _schedule(db, referral, "2029-02-24T10:00", clinician["id"], LATER)
    now = _now(db, referral)
    assert (now["status"], now["visit_at"]) == ("dijadwalkan", "2029-02-24T10:00")
    event = store.events(db, referral["id"])[-1]
    assert (event["from_status"], event["visit_from"], event["visit_to"]) == (
        "tidak_datang",
        None,
        "2029-02-24T10:00",
    )


def test_a_no_show_without_a_visit_keeps_the_clinicians_note_as_it_was(db, clinic, referral):
    operations.change_status(
        db, referral, expected="baru", to="tidak_datang", by=1, at=AT, note="Tidak bisa dihubungi"
    )
    event = store.events(db, referral["id"])[-1]
    assert (event["note"], event["visit_change"]) == ("Tidak bisa dihubungi", False)


def test_a_status_change_to_dijadwalkan_needs_a_date_and_time(db, clinic, referral):
    with pytest.raises(operations.VisitTimeNeeded):
        operations.change_status(db, referral, expected="baru", to="dijadwalkan", by=1, at=AT)
    assert _now(db, referral)["status"] == "baru"


@pytest.mark.parametrize("status", ["diperiksa", "selesai", "dibatalkan"])
def test_an_examined_or_closed_referral_cannot_be_scheduled(db, clinic, referral, status):
    db["referral"].update(referral["id"], {"status": status})
    with pytest.raises(operations.StaleChange):
        _schedule(db, referral, "2029-02-21T09:30", 1)
    assert _now(db, referral)["visit_at"] is None


def test_a_schedule_from_a_page_shown_before_another_change_writes_nothing(db, clinic, referral):
    _, clinician = clinic
    seen = _now(db, referral)  # both clinicians opened the page while it was new
    operations.schedule_visit(
        db, seen, visit_at="2029-02-21T09:30", expected="baru", by=clinician["id"], at=AT
    )
    with pytest.raises(operations.StaleChange):
        operations.schedule_visit(
            db, seen, visit_at="2029-02-22T09:30", expected="baru", by=1, at=AT
        )
    assert _now(db, referral)["visit_at"] == "2029-02-21T09:30"
    # A reschedule over a time someone else moved meanwhile is refused too.
    moved = _now(db, referral)
    _schedule(db, referral, "2029-02-23T09:30", clinician["id"])
    with pytest.raises(operations.StaleChange):
        operations.schedule_visit(
            db, moved, visit_at="2029-02-25T09:30", expected="dijadwalkan", by=1, at=AT
        )
    assert _now(db, referral)["visit_at"] == "2029-02-23T09:30"
