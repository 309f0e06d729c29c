"""What staff do to a referral: move its status, schedule the officer's visit, record the
follow-up findings, take on a referral with no FKTP, address one to an FKTP. Plain Python over
the store (no Flask): the web pages and any command call these the same way, with the
database, the acting staff member's id and the moment (`at`, ISO UTC as `clock.now_iso()` gives it).

Each operation checks the move against the lifecycle and writes in one transaction (the store
holds the SQL and the guards). Who may act on which referral is decided before, by
`referrals.access`; the audit row is written by the caller, which knows where the request came
from.
"""

from collections.abc import Mapping

from screening.referrals import lifecycle, visits
from screening.store import followups
from screening.store import referrals as store


class StaleChange(Exception):
    """The referral is no longer in the status the clinician saw (someone else moved it, or the
    move is not allowed from there): nothing was written; show it again and let them retry."""


class FollowupNeeded(Exception):
    """A referral is completed only through the follow-up form, which records the findings."""


class VisitTimeNeeded(Exception):
    """A referral is scheduled only with a date and time (`schedule_visit`): the officer is told
    when to come, and reminded the day before."""


def change_status(
    db, referral: Mapping, *, expected: str, to: str, by: int, at: str, note: str | None = None
) -> None:
    """Move `referral` from `expected` (the status the clinician saw) to `to`, with a note."""
    if to == lifecycle.SELESAI:
        raise FollowupNeeded
    if to == lifecycle.DIJADWALKAN:
        raise VisitTimeNeeded
    if expected != referral["status"] or not lifecycle.can_move(expected, to):
        raise StaleChange
    # An officer who did not come has no visit any more: the missed time is kept in the history
    # (the event's note), the field is cleared, so no reminder is sent for a visit in the past
    # and the referral waits to be called and scheduled again.
    missed = referral.get("visit_at") if to == lifecycle.TIDAK_DATANG else None
    if missed:
        note = visits.visit_note(missed, None, note)
    try:
        store.change_status(
            db,
            referral["id"],
            expected=expected,
            to=to,
            staff_id=by,
            now=at,
            note=note,
            clear_visit=to == lifecycle.TIDAK_DATANG,
        )
    except store.StaleStatus:
        raise StaleChange from None


def schedule_visit(
    db, referral: Mapping, *, visit_at: str, expected: str, by: int, at: str
) -> str | None:
    """Schedule the officer's visit (`visit_at`, WIB "YYYY-MM-DDTHH:MM", checked by
    `visits.parse_visit`) from `expected`, the status the clinician saw: a new referral or one
    whose officer did not come moves to `dijadwalkan`; a scheduled one gets the new time. The
    event keeps the old and the new time. Returns the time it replaced, if any."""
    if expected != referral["status"] or not lifecycle.can_schedule(expected):
        raise StaleChange
    old = referral.get("visit_at")
    try:
        store.schedule_visit(
            db,
            referral["id"],
            expected=expected,
            expected_visit=old,
            visit_at=visit_at,
            staff_id=by,
            now=at,
            note=visits.visit_note(old, visit_at),
        )
    except store.StaleStatus:
        raise StaleChange from None
    return old


def record_followup(
    db, referral: Mapping, *, data: dict, expected: str, complete: bool, by: int, at: str
) -> tuple[int, list[str]]:
    """Save a version of the findings (checked by `findings.parse_followup`) and walk the status
    along (examined, and with `complete` completed); returns (version, the statuses passed)."""
    if expected != referral["status"]:
        raise StaleChange
    path = lifecycle.followup_path(expected, complete=complete)
    try:
        version = followups.record(
            db,
            referral["id"],
            data=data,
            expected_status=expected,
            path=path,
            staff_id=by,
            now=at,
        )
    except store.StaleStatus:
        raise StaleChange from None
    return version, path


def take_on(db, referral: Mapping, *, fktp_code: str, by: int, at: str) -> bool:
    """A clinic of the officer's kecamatan makes a referral with no FKTP its own (the officer was
    sent to the nearest Puskesmas); False when another clinic took it first."""
    return store.take_on(db, referral["id"], fktp_code=fktp_code, staff_id=by, now=at)


def assign_fktp(db, referral: Mapping, *, fktp_code: str, by: int, at: str) -> bool:
    """KPU addresses a referral with no FKTP; False when it got one meanwhile."""
    return store.assign_fktp(db, referral["id"], fktp_code=fktp_code, staff_id=by, now=at)
