"""Follow-up findings at the FKTP: append-only versions, saved with the status they imply."""

import json

from sqlite_utils import Database

from screening.store import referrals, write_transaction


def _decode(row) -> dict:
    row = dict(row)
    row["data"] = json.loads(row["data"])
    return row


def followups(db: Database, referral_id: int) -> list[dict]:
    """Every version of the findings, newest first, with who recorded it."""
    sql = """
        SELECT fu.*, s.full_name AS staff_name FROM followup fu
        LEFT JOIN staff s ON s.id = fu.staff_id
        WHERE fu.referral_id = ? ORDER BY fu.version DESC
    """
    return [_decode(r) for r in db.query(sql, [referral_id])]


def latest(db: Database, referral_id: int) -> dict | None:
    rows = followups(db, referral_id)
    return rows[0] if rows else None


def record(
    db: Database,
    referral_id: int,
    *,
    data: dict,
    expected_status: str,
    path: list[str],
    staff_id: int,
    now: str,
) -> int:
    """Add a version of the findings and walk the referral along `path` (e.g. diperiksa, then
    selesai), all in one transaction; returns the new version number.

    Raises referrals.StaleStatus, writing nothing, when the referral is no longer in
    `expected_status`. Earlier versions are never changed.
    """
    with write_transaction(db):
        current = db.execute("SELECT status FROM referral WHERE id = ?", [referral_id]).fetchone()
        if current is None or current[0] != expected_status:
            raise referrals.StaleStatus(referral_id)
        row = db.execute(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM followup WHERE referral_id = ?",
            [referral_id],
        ).fetchone()
        version = row[0]
        db["followup"].insert(
            {
                "referral_id": referral_id,
                "version": version,
                "data": json.dumps(data, ensure_ascii=False),
                "fitness": data.get("kelayakan"),
                "duty_note": data.get("catatan_kpu"),
                "staff_id": staff_id,
                "at": now,
            }
        )
        status = expected_status
        for to in path:
            referrals.change_status(
                db, referral_id, expected=status, to=to, staff_id=staff_id, now=now
            )
            status = to
    return version
