"""The message outbox: every message the app decides to send to an officer is one row.

Only the template id is kept, never a text: the text is rendered when the message is released
(screening/outreach), so no rendered words, and no health data, ever sit in the database.
Statuses: antri (queued, waiting for its due time), siap (released to click-to-chat, waiting for
an operator to press send), terkirim (sent), gagal (failed), batal (cancelled: opted out).
"""

import json

from sqlite_utils import Database

from screening.store import write_transaction
from screening.store.officers import area_conditions

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


def releasable(db: Database, now: str, *, after=("", 0), limit: int = 500) -> list[dict]:
    """Queued messages due by `now` (and past their retry time), oldest first, with what the
    release needs: the officer's phone, opt-out and access; the referral's place and dates."""
    # `after`: the (due_at, id) of the last message of the previous page.
    sql = """
        SELECT m.id, m.officer_id, m.referral_id, m.rule, m.template, m.channel, m.attempts,
               m.due_at,
               o.name AS officer_name, o.phone, o.opted_out_at,
               a.version AS access_version, a.revoked_at,
               r.deadline, r.visit_at, r.status AS referral_status,
               (SELECT s.status FROM response s WHERE s.officer_id = m.officer_id
                ORDER BY s.id DESC LIMIT 1) AS response_status,
               f.name AS fktp_name, f.address AS fktp_address
        FROM message m
        JOIN officer o ON o.id = m.officer_id
        LEFT JOIN officer_access a ON a.officer_id = m.officer_id
        LEFT JOIN referral r ON r.id = m.referral_id
        LEFT JOIN fktp f ON f.code = r.fktp_code
        WHERE m.status = 'antri' AND m.due_at <= ?
          AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= ?)
          AND (m.due_at, m.id) > (?, ?)
        ORDER BY m.due_at, m.id
        LIMIT ?
    """
    return [dict(row) for row in db.query(sql, [now, now, *after, limit])]


def officers_reached_between(db: Database, start: str, end: str, officer_ids) -> set[int]:
    """Those of `officer_ids` who had a message released (sent, or put on the click-to-chat
    page) in [start, end): the WIB day's one message."""
    sql = """
        SELECT DISTINCT officer_id FROM message
        WHERE officer_id IN (SELECT value FROM json_each(?))
          AND released_at >= ? AND released_at < ?
    """
    return {row["officer_id"] for row in db.query(sql, [json.dumps(list(officer_ids)), start, end])}


def _update(db: Database, message_id: int, **fields) -> None:
    columns = ", ".join(f"{name} = ?" for name in fields)
    with write_transaction(db):
        db.execute(
            f"UPDATE message SET {columns} WHERE id = ?",  # noqa: S608 -- our own column names
            [*fields.values(), message_id],
        )


def mark_ready(db: Database, message_id: int, *, now: str) -> None:
    """Click-to-chat: the message waits on the operator's page."""
    _update(db, message_id, status="siap", released_at=now, error=None)


def mark_sent_by_gateway(db: Database, message_id: int, *, now: str) -> None:
    """Sent on the attempt `claim_for_sending` counted."""
    _update(
        db,
        message_id,
        status="terkirim",
        sent_at=now,
        released_at=now,
        next_attempt_at=None,
        error=None,
    )


def claim_for_sending(db: Database, message_id: int, *, attempts_read: int, until: str) -> bool:
    """Take a queued message for one gateway attempt: its attempt is counted and it is held
    until `until` (`releasable` passes it over meanwhile). False when another pass took it
    since `attempts_read` was read, or it left the queue: then it is not sent again."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE message SET attempts = attempts + 1, next_attempt_at = ? "
            "WHERE id = ? AND status = 'antri' AND attempts = ?",
            [until, message_id, attempts_read],
        )
    return cursor.rowcount == 1


def mark_retry(db: Database, message_id: int, *, at: str, error: str) -> None:
    """Back in the queue from `at` (the attempt that failed was counted by the claim)."""
    _update(db, message_id, next_attempt_at=at, error=error)


def mark_failed(db: Database, message_id: int, *, error: str) -> None:
    _update(db, message_id, status="gagal", error=error, next_attempt_at=None)


def mark_cancelled(db: Database, message_id: int, *, error: str) -> None:
    _update(db, message_id, status="batal", error=error, next_attempt_at=None)


def mark_sent_by_hand(db: Database, message_id: int, *, staff_id: int, now: str) -> bool:
    """An operator sent a ready message by click-to-chat; False when it was not ready (already
    marked by another operator, or cancelled meanwhile)."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE message SET status = 'terkirim', sent_at = ?, sent_by = ?, "
            "attempts = attempts + 1 WHERE id = ? AND status = 'siap'",
            [now, staff_id, message_id],
        )
    return cursor.rowcount == 1


def set_contact_problem(db: Database, officer_id: int, problem: str | None) -> None:
    with write_transaction(db):
        db.execute("UPDATE officer SET contact_problem = ? WHERE id = ?", [problem, officer_id])


def opt_out(db: Database, officer_id: int, *, now: str, reason: str) -> int:
    """Record that the officer wants no more messages (once: the first time is kept) and cancel
    what is queued or waiting for them; return how many messages were cancelled."""
    with write_transaction(db):
        db.execute(
            "UPDATE officer SET opted_out_at = COALESCE(opted_out_at, ?) WHERE id = ?",
            [now, officer_id],
        )
        cursor = db.execute(
            "UPDATE message SET status = 'batal', error = ?, next_attempt_at = NULL "
            "WHERE officer_id = ? AND status IN ('antri', 'siap')",
            [reason, officer_id],
        )
    return cursor.rowcount


def opt_in(db: Database, officer_id: int) -> None:
    """The officer wants messages again: from the next planner pass on, what falls due is
    queued; what was cancelled while they had opted out stays cancelled."""
    with write_transaction(db):
        db.execute("UPDATE officer SET opted_out_at = NULL WHERE id = ?", [officer_id])


def message_by_id(db: Database, message_id: int) -> dict | None:
    rows = list(db.query(f"{_LISTED} WHERE m.id = ?", [message_id]))
    return dict(rows[0]) if rows else None


# What the operator's page shows of a message: who, where, and what the text is built from.
# Never a response, a result, a finding or a note.
_LISTED = """
    SELECT m.id, m.officer_id, m.template, m.status, m.due_at, m.released_at, m.sent_at,
           o.name AS officer_name, o.phone, o.tps, o.kelurahan_code, o.kecamatan_code,
           o.opted_out_at, k.name AS kelurahan_name,
           a.version AS access_version, a.revoked_at,
           r.deadline, r.visit_at, f.name AS fktp_name, f.address AS fktp_address
    FROM message m
    JOIN officer o ON o.id = m.officer_id
    LEFT JOIN kelurahan k ON k.code = o.kelurahan_code
    LEFT JOIN officer_access a ON a.officer_id = m.officer_id
    LEFT JOIN referral r ON r.id = m.referral_id
    LEFT JOIN fktp f ON f.code = r.fktp_code
"""


def ready_page(
    db: Database, *, kecamatan=None, kelurahan=None, tps=None, limit=50, offset=0
) -> tuple[list[dict], int]:
    """The click-to-chat messages waiting in an area, per kelurahan and TPS, and how many."""
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    where.insert(0, "m.status = 'siap'")
    clause = "WHERE " + " AND ".join(where)
    total = db.execute(
        f"SELECT COUNT(*) FROM message m JOIN officer o ON o.id = m.officer_id {clause}",  # noqa: S608
        params,
    ).fetchone()[0]
    sql = f"""{_LISTED} {clause}
        ORDER BY o.kelurahan_code, o.tps IS NULL, o.tps, o.name, m.due_at, m.id
        LIMIT ? OFFSET ?"""
    return [dict(row) for row in db.query(sql, [*params, limit, offset])], total


def contact_problems(db: Database, *, kecamatan=None, kelurahan=None, tps=None, limit=200):
    """Officers of an area whose number a message could not reach, for it to be corrected."""
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    where.append("o.contact_problem IS NOT NULL")
    sql = f"""
        SELECT o.id, o.name, o.tps, o.phone, o.contact_problem, k.name AS kelurahan_name
        FROM officer o LEFT JOIN kelurahan k ON k.code = o.kelurahan_code
        WHERE {" AND ".join(where)}
        ORDER BY o.kelurahan_code, o.tps IS NULL, o.tps, o.name
        LIMIT ?
    """  # noqa: S608 -- only our own column names are interpolated
    return [dict(row) for row in db.query(sql, [*params, limit])]


def counts(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> dict:
    """Messages per status in an area, and the officers who opted out."""
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    per_status = dict.fromkeys(STATUSES, 0)
    sql = f"""SELECT m.status, COUNT(*) AS n FROM message m
              JOIN officer o ON o.id = m.officer_id {clause} GROUP BY m.status"""  # noqa: S608
    for row in db.query(sql, params):
        per_status[row["status"]] = row["n"]
    opted = " AND ".join([*where, "o.opted_out_at IS NOT NULL"])
    opted_out = db.execute(
        f"SELECT COUNT(*) FROM officer o WHERE {opted}",  # noqa: S608
        params,
    ).fetchone()[0]
    return {**per_status, "berhenti": opted_out}
