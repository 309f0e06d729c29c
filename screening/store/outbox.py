"""The message outbox: every message the app decides to send to an officer is one row.

Only the template id is kept, never a text: the text is rendered when the message is released
(screening/outreach), so no rendered words, and no health data, ever sit in the database.
Statuses: antri (queued, waiting for its due time), siap (released to click-to-chat, waiting for
an operator to press send), terkirim (sent), gagal (failed), batal (cancelled: opted out).
"""

from sqlite_utils import Database

from screening.store import write_transaction

CHANNELS = ("wa_klik", "gateway")
STATUSES = ("antri", "siap", "terkirim", "gagal", "batal")


def enqueue(
    db: Database,
    *,
    officer_id: int,
    referral_id: int | None,
    rule: str,
    template: str,
    dedupe_key: str,
    channel: str,
    due_at: str,
    now: str,
) -> bool:
    """Queue one message; True when inserted, False when `dedupe_key` was queued before (a
    rule's occurrence for one person is queued once, ever, however often the planner runs)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    # Inside the caller's transaction this is a savepoint: a planner pass can batch many.
    with write_transaction(db):
        cursor = db.execute(
            """INSERT OR IGNORE INTO message
           (officer_id, referral_id, rule, template, dedupe_key, channel, status, due_at,
            next_attempt_at, attempts, created_at)
           VALUES (?, ?, ?, ?, ?, ?, 'antri', ?, NULL, 0, ?)""",
            [officer_id, referral_id, rule, template, dedupe_key, channel, due_at, now],
        )
    return cursor.rowcount == 1
