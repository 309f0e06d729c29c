"""What staff do to a referral, as plain operations on the database: no client, no request."""

import pytest

from screening.demo.screenings import HEALTHY
from screening.referrals import operations
from screening.store import followups
from screening.store import referrals as store

AT = "2029-02-20T03:00:00+00:00"
# Blood pressure 185/112 measured by the officer: a red flag, referred the same day.
URGENT = {**HEALTHY, "td_tahu": "ya", "td_sistolik": "185", "td_diastolik": "112"}
FINDINGS = {"td_sistolik": 150, "td_diastolik": 95, "kelayakan": "layak"}


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


def test_a_status_change_moves_the_referral_and_stamps_who_and_when(db, clinic, referral):
    _, clinician = clinic
    operations.change_status(
        db, referral, expected="baru", to="tidak_datang", by=clinician["id"], at=AT, note="Senin"
    )
    assert _now(db, referral)["status"] == "tidak_datang"
    event = store.events(db, referral["id"])[-1]
    assert (event["from_status"], event["to_status"], event["staff_id"], event["at"]) == (
        "baru",
        "tidak_datang",
        clinician["id"],
        AT,
    )
    assert event["note"] == "Senin"


def test_a_status_change_from_a_status_no_longer_current_writes_nothing(db, clinic, referral):
    _, clinician = clinic
    with pytest.raises(operations.StaleChange):
        operations.change_status(
            db, referral, expected="dijadwalkan", to="diperiksa", by=clinician["id"], at=AT
        )
    with pytest.raises(operations.StaleChange):  # a move the lifecycle does not allow
        operations.change_status(
            db, referral, expected="baru", to="baru", by=clinician["id"], at=AT
        )
    assert _now(db, referral)["status"] == "baru"


def test_a_status_change_loses_the_race_when_another_clinician_moved_first(db, clinic, referral):
    _, clinician = clinic
    seen = dict(referral)  # the page both clinicians opened
    operations.change_status(
        db, seen, expected="baru", to="tidak_datang", by=clinician["id"], at=AT
    )
    with pytest.raises(operations.StaleChange):
        operations.change_status(db, seen, expected="baru", to="dibatalkan", by=1, at=AT)
    assert _now(db, referral)["status"] == "tidak_datang"


def test_completing_goes_through_the_follow_up(db, clinic, referral):
    _, clinician = clinic
    with pytest.raises(operations.FollowupNeeded):
        operations.change_status(
            db, referral, expected="baru", to="selesai", by=clinician["id"], at=AT
        )


def test_recording_findings_examines_and_with_complete_completes(db, clinic, referral):
    _, clinician = clinic
    version, path = operations.record_followup(
        db, referral, data=FINDINGS, expected="baru", complete=True, by=clinician["id"], at=AT
    )
    assert (version, path) == (1, ["diperiksa", "selesai"])
    assert _now(db, referral)["status"] == "selesai"
    assert followups.latest(db, referral["id"])["data"] == FINDINGS


def test_findings_for_a_status_no_longer_current_are_not_saved(db, clinic, referral):
    _, clinician = clinic
    with pytest.raises(operations.StaleChange):
        operations.record_followup(
            db,
            referral,
            data=FINDINGS,
            expected="dijadwalkan",
            complete=False,
            by=clinician["id"],
            at=AT,
        )
    assert followups.latest(db, referral["id"]) is None


def test_a_clinic_of_the_officers_kecamatan_takes_on_a_referral_once(db, make):
    _, _, unassigned = make.screened_officer(URGENT)
    first, second = make.fktp(), make.fktp()
    assert unassigned["fktp_code"] is None
    one = make.staff(role="fktp", fktp_code=first["code"])
    other = make.staff(role="fktp", fktp_code=second["code"])
    assert operations.take_on(db, unassigned, fktp_code=first["code"], by=one["id"], at=AT)
    assert not operations.take_on(db, unassigned, fktp_code=second["code"], by=other["id"], at=AT)
    assert _now(db, unassigned)["fktp_code"] == first["code"]


def test_kpu_addresses_a_referral_with_no_fktp_once(db, make):
    _, _, unassigned = make.screened_officer(URGENT)
    first, second = make.fktp(), make.fktp()
    kpu = make.staff(role="kpu")
    assert operations.assign_fktp(db, unassigned, fktp_code=first["code"], by=kpu["id"], at=AT)
    assert not operations.assign_fktp(db, unassigned, fktp_code=second["code"], by=kpu["id"], at=AT)
    assert _now(db, unassigned)["fktp_code"] == first["code"]
    assert store.events(db, unassigned["id"])[-1]["note"] == f"fktp:{first['code']}"
