"""Staff accounts: admin, KPU operators, area operators, the health office and FKTP
clinicians."""

from sqlite_utils import Database

from screening.clock import now_iso
from screening.store import sessions


def create_staff(
    db: Database, *, username, full_name, password_hash, role, fktp_code, now, area_code=None
):
    return (
        db["staff"]
        .insert(
            {
                "username": username,
                "full_name": full_name,
                "password_hash": password_hash,
                "role": role,
                "fktp_code": fktp_code,
                "area_code": area_code,
                "disabled": 0,
                "created_at": now,
            }
        )
        .last_pk
    )


def staff_by_username(db: Database, username: str) -> dict | None:
    rows = list(db["staff"].rows_where("username = ?", [username], limit=1))
    return rows[0] if rows else None


def staff_by_id(db: Database, staff_id: int) -> dict | None:
    rows = list(db["staff"].rows_where("id = ?", [staff_id], limit=1))
    return rows[0] if rows else None


def set_disabled(db: Database, staff_id: int, disabled: bool) -> None:
    """Disabling ends every open session of the account in the same transaction."""
    with db.atomic():
        db["staff"].update(staff_id, {"disabled": int(disabled)})
        if disabled:
            sessions.end_for_person(db, "staff", staff_id, now=now_iso(), reason="disabled")


def set_password_hash(db: Database, staff_id: int, password_hash: str) -> None:
    """A new password ends every open session of the account (a copied cookie included) in the
    same transaction."""
    with db.atomic():
        db["staff"].update(staff_id, {"password_hash": password_hash})
        sessions.end_for_person(db, "staff", staff_id, now=now_iso(), reason="password changed")


def all_staff(db: Database) -> list[dict]:
    """Every account with its FKTP's name, admins first, then by username."""
    sql = """
        SELECT s.id, s.username, s.full_name, s.role, s.fktp_code, s.disabled, s.created_at,
               f.name AS fktp_name, s.area_code,
               COALESCE(kel.name, kec.name) AS area_name
        FROM staff s LEFT JOIN fktp f ON f.code = s.fktp_code
        LEFT JOIN kelurahan kel ON s.role = 'pps' AND kel.code = s.area_code
        LEFT JOIN kecamatan kec ON s.role = 'ppk' AND kec.code = s.area_code
        ORDER BY CASE s.role WHEN 'admin' THEN 0 WHEN 'kpu' THEN 1 ELSE 2 END, s.username
    """
    return [dict(r) for r in db.query(sql)]


def count_active_admins(db: Database) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM staff WHERE role = 'admin' AND disabled = 0"
    ).fetchone()[0]
