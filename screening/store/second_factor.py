"""Staff second factor: the authenticator's seed and last used step, and the recovery codes."""

from sqlite_utils import Database


def totp_row(db: Database, staff_id: int) -> dict | None:
    rows = list(db["staff_totp"].rows_where("staff_id = ?", [staff_id], limit=1))
    return rows[0] if rows else None


def start_enrolment(db: Database, staff_id: int, *, seed: str, now: str) -> str:
    """The seed of the enrolment waiting for its first code: the one already waiting, else
    `seed`. A confirmed enrolment is never replaced here (that is `reset`)."""
    with db.atomic():
        db.execute(
            "INSERT INTO staff_totp (staff_id, seed, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (staff_id) DO NOTHING",
            [staff_id, seed, now],
        )
        return db.execute("SELECT seed FROM staff_totp WHERE staff_id = ?", [staff_id]).fetchone()[
            0
        ]


def confirm_enrolment(
    db: Database, staff_id: int, *, seed: str, step: int, code_hashes: list[str], now: str
) -> bool:
    """Mark the waiting enrolment with `seed` confirmed by the code of `step` and store its
    recovery codes, in one transaction; False when it is no longer waiting (confirmed meanwhile,
    or reset)."""
    with db.atomic():
        cursor = db.execute(
            "UPDATE staff_totp SET confirmed_at = ?, last_step = ? "
            "WHERE staff_id = ? AND seed = ? AND confirmed_at IS NULL",
            [now, step, staff_id, seed],
        )
        if cursor.rowcount != 1:
            return False
        _replace_recovery_codes(db, staff_id, code_hashes, now)
    return True


def use_step(db: Database, staff_id: int, step: int) -> bool:
    """Record a sign-in with the code of `step`; False when that step or a later one was used
    already. The guard is in the UPDATE, so two requests with one code cannot both pass."""
    with db.atomic():
        cursor = db.execute(
            "UPDATE staff_totp SET last_step = ? WHERE staff_id = ? "
            "AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < ?)",
            [step, staff_id, step],
        )
        return cursor.rowcount == 1


def unused_recovery_codes(db: Database, staff_id: int) -> list[dict]:
    return list(
        db["staff_recovery_code"].rows_where(
            "staff_id = ? AND used_at IS NULL", [staff_id], order_by="id"
        )
    )


def use_recovery_code(db: Database, code_id: int, now: str) -> bool:
    """Spend one recovery code; False when it was spent already (two requests at once)."""
    with db.atomic():
        cursor = db.execute(
            "UPDATE staff_recovery_code SET used_at = ? WHERE id = ? AND used_at IS NULL",
            [now, code_id],
        )
        return cursor.rowcount == 1


def replace_recovery_codes(db: Database, staff_id: int, code_hashes: list[str], now: str) -> None:
    with db.atomic():
        _replace_recovery_codes(db, staff_id, code_hashes, now)


def _replace_recovery_codes(db: Database, staff_id: int, code_hashes: list[str], now: str) -> None:
    db.execute("DELETE FROM staff_recovery_code WHERE staff_id = ?", [staff_id])
    db["staff_recovery_code"].insert_all(
        {"staff_id": staff_id, "code_hash": code_hash, "created_at": now}
        for code_hash in code_hashes
    )


def reset(db: Database, staff_id: int) -> bool:
    """Remove the authenticator and the recovery codes; False when there was no enrolment."""
    with db.atomic():
        db.execute("DELETE FROM staff_recovery_code WHERE staff_id = ?", [staff_id])
        cursor = db.execute("DELETE FROM staff_totp WHERE staff_id = ?", [staff_id])
        return cursor.rowcount == 1


def enrolled_staff_ids(db: Database) -> set[int]:
    """Every account with a confirmed authenticator (the admin's account list)."""
    rows = db.execute("SELECT staff_id FROM staff_totp WHERE confirmed_at IS NOT NULL")
    return {row[0] for row in rows}
