"""Signed-in sessions (`session_record`): who is signed in where, and what their session keeps.

Only a hash of a session's id is stored; the id itself is in the person's cookie alone.
"""

from sqlite_utils import Database


def create(
    db: Database,
    *,
    id_hash: str,
    kind: str,
    person_id: int,
    access_version: int | None,
    data: str,
    now: str,
) -> dict:
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO session_record (id_hash, kind, person_id, access_version, data, "
            "created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [id_hash, kind, person_id, access_version, data, now, now],
        )
    return {
        "id": cursor.lastrowid,
        "id_hash": id_hash,
        "kind": kind,
        "person_id": person_id,
        "access_version": access_version,
        "data": data,
        "created_at": now,
        "last_seen_at": now,
        "ended_at": None,
        "end_reason": None,
    }


def by_id_hash(db: Database, id_hash: str) -> dict | None:
    """The session with this id, ended or not (None: no such session). Plain SQL: it is read on
    every signed-in request."""
    rows = list(db.query("SELECT * FROM session_record WHERE id_hash = ? LIMIT 1", [id_hash]))
    return rows[0] if rows else None


def live_sessions(db: Database, kind: str, person_id: int) -> list[dict]:
    sql = "SELECT * FROM session_record WHERE kind = ? AND person_id = ? AND ended_at IS NULL"
    return list(db.query(sql, [kind, person_id]))


def save_data(db: Database, record_id: int, data: str) -> None:
    with db.atomic():
        db.execute(
            "UPDATE session_record SET data = ? WHERE id = ? AND ended_at IS NULL",
            [data, record_id],
        )


def touch(db: Database, record_id: int, now: str) -> None:
    with db.atomic():
        db.execute("UPDATE session_record SET last_seen_at = ? WHERE id = ?", [now, record_id])


def end(db: Database, record_id: int, *, now: str, reason: str) -> None:
    """End one session and forget what it kept."""
    with db.atomic():
        db.execute(
            "UPDATE session_record SET ended_at = :now, end_reason = :reason, data = '{}' "
            "WHERE id = :id AND ended_at IS NULL",
            {"id": record_id, "now": now, "reason": reason},
        )


def end_for_person(db: Database, kind: str, person_id: int, *, now: str, reason: str) -> int:
    """End every open session of one person (a staff account or an officer); return how many.

    Runs inside the caller's transaction when there is one, so that a password change and the end
    of the sessions it invalidates are one write."""
    with db.atomic():
        cursor = db.execute(
            "UPDATE session_record SET ended_at = :now, end_reason = :reason, data = '{}' "
            "WHERE kind = :kind AND person_id = :person AND ended_at IS NULL",
            {"kind": kind, "person": person_id, "now": now, "reason": reason},
        )
    return cursor.rowcount


def sweep(
    db: Database,
    *,
    now: str,
    staff_started_before: str,
    officer_seen_before: str,
    ended_before: str,
) -> None:
    """End sessions past their lifetime that no request has ended yet (the search text they keep
    is wiped with them), and delete ended sessions older than `ended_before`."""
    with db.atomic():
        db.execute(
            "UPDATE session_record SET ended_at = :now, end_reason = :reason, data = '{}' "
            "WHERE ended_at IS NULL AND ("
            "(kind = 'staff' AND created_at < :staff) "
            "OR (kind = 'officer' AND last_seen_at < :officer))",
            {
                "now": now,
                "reason": "expired",
                "staff": staff_started_before,
                "officer": officer_seen_before,
            },
        )
        db.execute("DELETE FROM session_record WHERE ended_at < ?", [ended_before])
