"""Shared steps of the planner's tests: officers, links and referrals at chosen moments.

Times are set on the rows directly: the factories stamp the wall clock, the planner is given its
own `now`. The visit is scheduled the way fktp13's operation will (status dijadwalkan, visit_at
and updated_at): a stand-in until that branch is merged.
"""

from datetime import UTC, datetime, timedelta

from screening.outreach import schedule
from screening.referrals import operations
from tests.factories import officer_with_link

WIB = timedelta(hours=7)


def utc(text: str) -> datetime:
    """A WIB wall-clock time "YYYY-MM-DD HH:MM" as an aware UTC datetime."""
    return (datetime.fromisoformat(text) - WIB).replace(tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def plan(db, app, at: datetime, **kwargs):
    return schedule.plan(db, now=iso(at), settings=app.config, **kwargs)


def linked_officer(make, app, at: datetime, **fields) -> dict:
    officer, _, _ = officer_with_link(make, app, **fields)
    make.db.execute(
        "UPDATE officer_access SET issued_at = ? WHERE officer_id = ?", [iso(at), officer["id"]]
    )
    make.db.conn.commit()
    return officer


def referred_officer(make, answers, at: datetime, deadline: str, **fields):
    officer, _, referral = make.screened_officer(answers, **fields)
    make.db.execute(
        "UPDATE referral SET created_at = ?, updated_at = ?, deadline = ? WHERE id = ?",
        [iso(at), iso(at), deadline, referral["id"]],
    )
    make.db.conn.commit()
    return officer, referral_row(make.db, referral["id"])


def referral_row(db, referral_id: int) -> dict:
    return dict(db.execute_returning_dicts("SELECT * FROM referral WHERE id = ?", [referral_id])[0])


def schedule_visit(db, referral_id: int, visit_at: str, at: datetime) -> None:
    db.execute(
        "UPDATE referral SET status = 'dijadwalkan', visit_at = ?, updated_at = ? WHERE id = ?",
        [visit_at, iso(at), referral_id],
    )
    db.conn.commit()


def examine(db, referral_id: int, staff_id: int, at: datetime) -> None:
    referral = referral_row(db, referral_id)
    operations.change_status(
        db, referral, expected=referral["status"], to="diperiksa", by=staff_id, at=iso(at)
    )


def messages(db, **where) -> list[dict]:
    rows = [dict(r) for r in db.query("SELECT * FROM message ORDER BY id")]
    return [r for r in rows if all(r[k] == v for k, v in where.items())]
