"""The audit log: every staff view of a health record, every change and every export."""

from sqlite_utils import Database


def record(db: Database, *, at, staff_id, role, action, subject, detail=None, address=None) -> None:
    db["audit_log"].insert(
        {
            "at": at,
            "staff_id": staff_id,
            "role": role,
            "action": action,
            "subject": subject,
            "detail": detail,
            "address": address,
        }
    )


def _search_filters(*, staff_id=None, action=None, subject=None, since=None, until=None):
    where, params = [], []
    if staff_id is not None:
        where.append("a.staff_id = ?")
        params.append(staff_id)
    if action:
        where.append("a.action = ?")
        params.append(action)
    if subject:
        where.append("a.subject LIKE ? ESCAPE '\\'")
        escaped = subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if since:
        where.append("a.at >= ?")
        params.append(since)
    if until:
        where.append("a.at < ?")
        params.append(until)
    return ("WHERE " + " AND ".join(where) if where else ""), params


def search(db: Database, *, limit=50, offset=0, **filters) -> tuple[list[dict], int]:
    """One page of the log, newest first, and the number of matching entries.

    Filters: staff_id, action, subject (contains), since / until (ISO times, UTC).
    """
    conditions, params = _search_filters(**filters)
    # Only the fixed conditions above are joined in; every value is a parameter.
    sql = f"""
        SELECT a.*, s.username, s.full_name FROM audit_log a
        LEFT JOIN staff s ON s.id = a.staff_id
        {conditions}
        ORDER BY a.id DESC LIMIT ? OFFSET ?
    """  # noqa: S608
    rows = [dict(r) for r in db.query(sql, [*params, limit, offset])]
    count_sql = f"SELECT COUNT(*) FROM audit_log a {conditions}"  # noqa: S608 -- as above
    return rows, db.execute(count_sql, params).fetchone()[0]
