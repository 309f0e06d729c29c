"""Failed staff sign-ins and the lock they lead to (the rule is screening/web/lockout.py)."""

from sqlite_utils import Database

# One statement, so that SQLite's write lock makes it atomic across workers: an attempt on a
# key that is not locked is counted (before its password is checked, so that concurrent attempts
# cannot slip past the threshold together), and the count decides the lock. An attempt on a
# locked key changes nothing and returns no row: it is refused, and the lock still ends on time.
# A count whose last failure is older than `forget_before` starts again at 1.
_NEW_COUNT = "CASE WHEN last_failure_at < :forget_before THEN 1 ELSE failures + 1 END"
_COUNT_ATTEMPT = f"""
INSERT INTO staff_sign_in_lockout (key, failures, last_failure_at, locked_until)
VALUES (:key, 1, :now, CASE WHEN :threshold <= 1 THEN :now + :first_lock ELSE 0 END)
ON CONFLICT (key) DO UPDATE SET
    failures = {_NEW_COUNT},
    last_failure_at = :now,
    locked_until = CASE
        WHEN {_NEW_COUNT} < :threshold THEN 0
        ELSE :now + min(
            :first_lock << min({_NEW_COUNT} - :threshold, :doublings), :longest_lock
        )
    END
WHERE locked_until <= :now
RETURNING failures, locked_until
"""  # noqa: S608 -- the only text formatted in is the constant _NEW_COUNT


def count_attempt(
    db: Database,
    key: str,
    *,
    now: float,
    threshold: int,
    first_lock: int,
    doublings: int,
    longest_lock: int,
    forget_before: float,
) -> tuple[int, float] | None:
    """Count an attempt on `key`: (failures so far, locked until) or None when it is locked."""
    params = {
        "key": key,
        "now": now,
        "threshold": threshold,
        "first_lock": first_lock,
        "doublings": doublings,
        "longest_lock": longest_lock,
        "forget_before": forget_before,
    }
    with db.conn:
        rows = db.execute(_COUNT_ATTEMPT, params).fetchall()
    return (rows[0][0], rows[0][1]) if rows else None


def locked_until(db: Database, key: str) -> float:
    row = db.execute(
        "SELECT locked_until FROM staff_sign_in_lockout WHERE key = ?", [key]
    ).fetchone()
    return row[0] if row else 0.0


def clear(db: Database, keys: list[str], *, forget_before: float) -> None:
    """Forget the failures of `keys` (a successful sign-in), and every count gone stale."""
    placeholders = ", ".join("?" for _ in keys)
    with db.conn:
        db.execute(
            f"DELETE FROM staff_sign_in_lockout WHERE key IN ({placeholders})",  # noqa: S608 -- placeholders only
            keys,
        )
        db.execute("DELETE FROM staff_sign_in_lockout WHERE last_failure_at < ?", [forget_before])
