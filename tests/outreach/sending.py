"""Shared pieces of the sending tests: an officer, a queued message, a moment on the WIB clock."""

from datetime import UTC, datetime

from screening.clock import WIB
from screening.store import outbox


def wib(text: str) -> datetime:
    """`"2029-01-10 20:59"` on the WIB clock, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def officer_id(make, **fields) -> int:
    nik = make.officer(**fields)["nik"]
    return make.db.execute("SELECT id FROM officer WHERE nik = ?", [nik]).fetchone()[0]


def queue(
    db,
    officer,
    *,
    template="undangan",
    key=None,
    channel="wa_klik",
    due="2029-01-01",
    referral=None,
):
    key = key or f"{template}:{officer}:{due}"
    due_at = wib(f"{due} 08:00").astimezone(UTC).isoformat(timespec="seconds")
    assert outbox.enqueue(
        db,
        officer_id=officer,
        referral_id=referral,
        rule=template,
        template=template,
        dedupe_key=key,
        channel=channel,
        due_at=due_at,
        now=due_at,
    )
    return db.execute("SELECT id FROM message WHERE dedupe_key = ?", [key]).fetchone()[0]


def status(db, message_id) -> dict:
    row = db.execute(
        "SELECT status, error, attempts, next_attempt_at, sent_at, sent_by, released_at "
        "FROM message WHERE id = ?",
        [message_id],
    ).fetchone()
    keys = ("status", "error", "attempts", "next_attempt_at", "sent_at", "sent_by", "released_at")
    return dict(zip(keys, row, strict=True))


def link_for(db, officer_id):
    return f"https://skrining.example/t/{officer_id}"
