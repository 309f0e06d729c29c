"""Referrals to the FKTP and their status history."""

from sqlite_utils import Database

from screening.referrals import visits
from screening.referrals.lifecycle import CLOSED, DONE, URGENCY_ORDER
from screening.store import write_transaction

NUMBER_PREFIX = "RJ-"


def create_referral(
    db: Database, *, officer_id, response_id, fktp_code, urgency, deadline, now
) -> dict:
    """Create the referral for a submitted response (once: a response has at most one).

    Plain SQL: this runs inside every at-risk submission, and sqlite-utils' table helpers would
    look up the schema several times per call."""
    with write_transaction(db):
        existing = _one(db, "SELECT * FROM referral WHERE response_id = ? LIMIT 1", [response_id])
        if existing:
            return existing
        cursor = db.execute(
            "INSERT INTO referral (number, officer_id, response_id, fktp_code, urgency, deadline, "
            "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'baru', ?, ?)",
            # The number is filled from the id just below: unique and short to read out.
            [
                f"pending-{response_id}",
                officer_id,
                response_id,
                fktp_code,
                urgency,
                deadline,
                now,
                now,
            ],
        )
        referral_id = cursor.lastrowid
        db.execute(
            "UPDATE referral SET number = ? WHERE id = ?",
            [f"{NUMBER_PREFIX}{referral_id:05d}", referral_id],
        )
        db.execute(
            "INSERT INTO referral_event (referral_id, from_status, to_status, at) "
            "VALUES (?, NULL, 'baru', ?)",
            [referral_id, now],
        )
    return _one(db, "SELECT * FROM referral WHERE id = ?", [referral_id])


def _one(db: Database, sql: str, params: list) -> dict | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def referral_for_officer(db: Database, officer_id: int) -> dict | None:
    """The officer's latest referral with its FKTP (name, address, phone), when the officer was
    first recorded as examined, and the latest fitness for duty (what the officer's own result
    page tells them)."""
    sql = """
        SELECT r.*, f.name AS fktp_name, f.address AS fktp_address, f.phone AS fktp_phone,
               (SELECT MIN(e.at) FROM referral_event e
                WHERE e.referral_id = r.id AND e.to_status = 'diperiksa') AS examined_at,
               (SELECT fu.fitness FROM followup fu WHERE fu.referral_id = r.id
                ORDER BY fu.version DESC LIMIT 1) AS fitness
        FROM referral r LEFT JOIN fktp f ON f.code = r.fktp_code
        WHERE r.officer_id = ? ORDER BY r.id DESC LIMIT 1
    """
    rows = list(db.query(sql, [officer_id]))
    return rows[0] if rows else None


class StaleStatus(Exception):
    """The referral's status changed since the form was shown: nothing was written."""


# What a referral row carries on every staff screen: the officer's roster data (never the NIK
# unless asked for), the FKTP and the latest fitness for duty with its remark for KPU.
_SELECT = """
    SELECT r.*, o.name AS officer_name, o.sex, o.birth_date, o.role AS officer_role,
           o.tps, o.phone, o.jkn_number, o.jkn_status, o.kecamatan_code, o.kelurahan_code,
           c.name AS kecamatan_name, l.name AS kelurahan_name,
           f.name AS fktp_name, f.address AS fktp_address, ts.full_name AS taken_by_name,
           (SELECT fu.fitness FROM followup fu WHERE fu.referral_id = r.id
            ORDER BY fu.version DESC LIMIT 1) AS fitness,
           (SELECT fu.duty_note FROM followup fu WHERE fu.referral_id = r.id
            ORDER BY fu.version DESC LIMIT 1) AS duty_note
    FROM referral r
    JOIN officer o ON o.id = r.officer_id
    JOIN kecamatan c ON c.code = o.kecamatan_code
    LEFT JOIN kelurahan l ON l.code = o.kelurahan_code
    LEFT JOIN fktp f ON f.code = r.fktp_code
    LEFT JOIN staff ts ON ts.id = r.taken_by
"""


def _urgency_order() -> str:
    # Built from our own constant, never from input.
    cases = " ".join(f"WHEN '{u}' THEN {rank}" for rank, u in enumerate(URGENCY_ORDER))
    return f"CASE r.urgency {cases} ELSE {len(URGENCY_ORDER)} END"


def referral_by_number(db: Database, number: str) -> dict | None:
    rows = list(db.query(_SELECT + " WHERE r.number = ?", [number.strip().upper()]))
    return dict(rows[0]) if rows else None


def _identifier_clauses(text: str) -> tuple[list[str], list]:
    """What a referral is told apart by: its number ("RJ-00042", or "42" read out over the
    phone) or the officer's NIK (16 digits)."""
    digits = "".join(ch for ch in text if ch in "0123456789")
    clauses, params = ["r.number = ?"], [text.upper()]
    if len(digits) == 16:
        clauses.append("o.nik = ?")
        params.append(digits)
    elif digits and len(digits) <= 6:
        clauses.append("r.id = ?")
        params.append(int(digits))
    return clauses, params


def _filters(
    *,
    fktp_code=None,
    unassigned=False,
    status=None,
    open_only=False,
    kecamatan=None,
    search=None,
    identifier=None,
    overdue_before=None,
    urgency=None,
    statuses=None,
):
    where, params = [], []
    if urgency:
        where.append("r.urgency = ?")
        params.append(urgency)
    if statuses:
        where.append(f"r.status IN ({', '.join('?' for _ in statuses)})")
        params += list(statuses)
    if overdue_before:
        closed = ", ".join("?" for _ in CLOSED)
        where.append(f"r.deadline < ? AND r.status NOT IN ({closed})")
        params += [overdue_before, *sorted(CLOSED)]
    if unassigned:
        where.append("r.fktp_code IS NULL")
    elif fktp_code is not None:
        where.append("r.fktp_code = ?")
        params.append(fktp_code)
    if status:
        where.append("r.status = ?")
        params.append(status)
    if open_only:
        where.append(f"r.status NOT IN ({', '.join('?' for _ in DONE)})")
        params += sorted(DONE)
    if kecamatan:
        where.append("o.kecamatan_code = ?")
        params.append(kecamatan)
    if search:
        text = search.strip()
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses, found = _identifier_clauses(text)
        where.append("(" + " OR ".join(["o.name LIKE ? ESCAPE '\\'", *clauses]) + ")")
        params += [f"%{escaped}%", *found]
    if identifier:
        # Number or NIK only, never a name: what an officer brings to a clinic that does not
        # yet know them.
        clauses, found = _identifier_clauses(identifier.strip())
        where.append("(" + " OR ".join(clauses) + ")")
        params += found
    return ("WHERE " + " AND ".join(where) if where else ""), params


def list_referrals(db: Database, *, limit=100, offset=0, **filters) -> list[dict]:
    """Referrals matching the filters, most urgent first, then oldest.

    Filters: fktp_code, unassigned, status, open_only (not completed or cancelled), kecamatan,
    search (name, NIK or referral number), identifier (NIK or referral number only),
    overdue_before (an ISO date: past their deadline on that day and still expected), urgency,
    statuses (any of these).
    """
    conditions, params = _filters(**filters)
    sql = f"{_SELECT} {conditions} ORDER BY {_urgency_order()}, r.created_at, r.id LIMIT ? OFFSET ?"
    return [dict(r) for r in db.query(sql, [*params, limit, offset])]


def next_referral(db: Database, current: dict, **filters) -> dict | None:
    """The referral after `current` in the worklist order (most urgent, then oldest) among those
    matching the filters; `current` itself need not match them (it may just have been closed)."""
    conditions, params = _filters(**filters)
    order = _urgency_order()
    rank = URGENCY_ORDER.index(current["urgency"]) if current["urgency"] in URGENCY_ORDER else None
    rank = len(URGENCY_ORDER) if rank is None else rank
    after = (
        f"({order} > ? OR ({order} = ? AND (COALESCE(r.created_at, '') > ? "
        "OR (COALESCE(r.created_at, '') = ? AND r.id > ?))))"
    )
    created = current["created_at"] or ""
    where = f"{conditions} AND {after}" if conditions else f"WHERE {after}"
    sql = f"{_SELECT} {where} ORDER BY {order}, r.created_at, r.id LIMIT 1"
    rows = list(db.query(sql, [*params, rank, rank, created, created, current["id"]]))
    return dict(rows[0]) if rows else None


def count_referrals(db: Database, **filters) -> int:
    conditions, params = _filters(**filters)
    sql = f"SELECT COUNT(*) FROM referral r JOIN officer o ON o.id = r.officer_id {conditions}"  # noqa: S608 -- fixed clauses from _filters; values are parameters
    return db.execute(sql, params).fetchone()[0]


def status_counts(db: Database, *, today: str, **filters) -> dict[str, int]:
    """Per status, plus `overdue` (deadline before `today`, still expected) and `total`."""
    conditions, params = _filters(**filters)
    closed = ", ".join(f"'{s}'" for s in sorted(CLOSED))
    # Only fixed clauses from _filters and our own constants are joined in; values are parameters.
    sql = f"""
        SELECT r.status, COUNT(*) AS n,
               SUM(r.deadline < ? AND r.status NOT IN ({closed})) AS overdue
        FROM referral r JOIN officer o ON o.id = r.officer_id {conditions}
        GROUP BY r.status
    """  # noqa: S608
    counts = {"overdue": 0, "total": 0}
    for row in db.query(sql, [today, *params]):
        counts[row["status"]] = row["n"]
        counts["overdue"] += row["overdue"] or 0
        counts["total"] += row["n"]
    return counts


def events(db: Database, referral_id: int, *, clinical_notes: bool = True) -> list[dict]:
    """The referral's history. A clinician's note on a status change is clinical ("TD 190/120,
    curiga hipertensi derajat 3"): with `clinical_notes=False` (KPU, admin) it is not read at
    all; only the system's own marks (`fktp:<code>`, an FKTP assigned) stay."""
    # A change of the visit keeps the old and new time on the note's first line, which is not
    # clinical; what the clinician wrote under it is.
    note = (
        "e.note"
        if clinical_notes
        else "CASE WHEN e.note LIKE 'fktp:%' THEN e.note WHEN e.note LIKE 'jadwal:%' "
        "THEN substr(e.note, 1, instr(e.note || char(10), char(10)) - 1) END"
    )
    sql = f"""
        SELECT e.id, e.referral_id, e.from_status, e.to_status, e.staff_id, e.at,
               {note} AS note, s.full_name AS staff_name, s.role AS staff_role
        FROM referral_event e LEFT JOIN staff s ON s.id = e.staff_id
        WHERE e.referral_id = ? ORDER BY e.id
    """  # noqa: S608 -- one of two fixed expressions; values are parameters
    rows = [dict(r) for r in db.query(sql, [referral_id])]
    for row in rows:
        change = visits.read_visit_note(row["note"])
        row["visit_from"], row["visit_to"] = change[:2] if change else (None, None)
        if change:
            row["note"] = change[2]
        row["visit_change"] = change is not None
    return rows


def change_status(
    db: Database,
    referral_id: int,
    *,
    expected: str,
    to: str,
    staff_id,
    now: str,
    note=None,
    clear_visit: bool = False,
) -> None:
    """Move a referral from `expected` to `to` and stamp who and when, in one transaction; with
    `clear_visit`, the scheduled visit is cleared too (the officer did not come to it).

    Raises StaleStatus when the referral is no longer in `expected` (a form shown before someone
    else moved it): the guard is in the UPDATE itself, so two clinicians cannot both win.
    """
    visit = ", visit_at = NULL" if clear_visit else ""
    with write_transaction(db):
        cursor = db.execute(
            f"UPDATE referral SET status = ?, updated_at = ?{visit} WHERE id = ? AND status = ?",  # noqa: S608 -- one fixed clause
            [to, now, referral_id, expected],
        )
        if cursor.rowcount != 1:
            raise StaleStatus(referral_id)
        db["referral_event"].insert(
            {
                "referral_id": referral_id,
                "from_status": expected,
                "to_status": to,
                "staff_id": staff_id,
                "note": note,
                "at": now,
            }
        )


def schedule_visit(
    db: Database,
    referral_id: int,
    *,
    expected: str,
    expected_visit: str | None,
    visit_at: str,
    staff_id,
    now: str,
    note: str,
) -> None:
    """Set the visit (local WIB "YYYY-MM-DDTHH:MM") and move the referral to `dijadwalkan`, with
    an event carrying `note` (the old and the new time), in one transaction.

    Raises StaleStatus when the status or the visit changed since the form was shown."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE referral SET status = 'dijadwalkan', visit_at = ?, updated_at = ? "
            "WHERE id = ? AND status = ? AND visit_at IS ?",
            [visit_at, now, referral_id, expected, expected_visit],
        )
        if cursor.rowcount != 1:
            raise StaleStatus(referral_id)
        db["referral_event"].insert(
            {
                "referral_id": referral_id,
                "from_status": expected,
                "to_status": "dijadwalkan",
                "staff_id": staff_id,
                "note": note,
                "at": now,
            }
        )


def assign_fktp(db: Database, referral_id: int, *, fktp_code: str, staff_id, now: str) -> bool:
    """Address a referral that has no FKTP yet; False when one was assigned meanwhile."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE referral SET fktp_code = ?, updated_at = ? WHERE id = ? AND fktp_code IS NULL",
            [fktp_code, now, referral_id],
        )
        if cursor.rowcount != 1:
            return False
        _stamp_fktp(db, referral_id, fktp_code=fktp_code, staff_id=staff_id, now=now)
    return True


def take_on(db: Database, referral_id: int, *, fktp_code: str, staff_id, now: str) -> bool:
    """An FKTP takes on a referral that has no FKTP, when the officer lives in its kecamatan (the
    nearest Puskesmas the officer was sent to); False, writing nothing, otherwise.

    The guard is in the UPDATE itself, so when two clinics press at once only one wins.
    """
    with write_transaction(db):
        cursor = db.execute(
            """
            UPDATE referral SET fktp_code = ?, taken_by = ?, taken_at = ?, updated_at = ?
            WHERE id = ? AND fktp_code IS NULL
              AND (SELECT o.kecamatan_code FROM officer o WHERE o.id = referral.officer_id)
                  = (SELECT f.kecamatan_code FROM fktp f WHERE f.code = ?)
            """,
            [fktp_code, staff_id, now, now, referral_id, fktp_code],
        )
        if cursor.rowcount != 1:
            return False
        # In the history like KPU's assignment: "FKTP ditetapkan", by the clinician.
        _stamp_fktp(db, referral_id, fktp_code=fktp_code, staff_id=staff_id, now=now)
    return True


def _stamp_fktp(db: Database, referral_id: int, *, fktp_code: str, staff_id, now: str) -> None:
    """The FKTP a referral got, stamped in its history like a status change (the status stays)."""
    status = db.execute("SELECT status FROM referral WHERE id = ?", [referral_id]).fetchone()[0]
    db["referral_event"].insert(
        {
            "referral_id": referral_id,
            "from_status": status,
            "to_status": status,
            "staff_id": staff_id,
            "note": f"fktp:{fktp_code}",
            "at": now,
        }
    )


def officer_nik(db: Database, referral_id: int) -> str | None:
    """The officer's NIK, for the clinician's page to show masked beside the JKN number."""
    row = db.execute(
        "SELECT o.nik FROM referral r JOIN officer o ON o.id = r.officer_id WHERE r.id = ?",
        [referral_id],
    ).fetchone()
    return row[0] if row else None


def demo_referrals(db: Database) -> list[dict]:
    """The referrals of `demo load`'s synthetic officers (officer.demo = 1), in id order: the
    only ones `demo followups` may invent an FKTP's work for."""
    sql = """
        SELECT r.* FROM referral r JOIN officer o ON o.id = r.officer_id
        WHERE o.demo = 1 ORDER BY r.id
    """
    return [dict(r) for r in db.query(sql)]
