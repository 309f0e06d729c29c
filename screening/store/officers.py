"""The roster of election officers."""

import json

from sqlite_utils import Database

from screening.store import write_transaction

ROSTER_FIELDS = (
    "nik",
    "name",
    "sex",
    "birth_date",
    "role",
    "kecamatan_code",
    "kelurahan_code",
    "tps",
    "phone",
    "jkn_number",
    "jkn_status",
    "fktp_code",
    "bpjs_tk_status",
)


def upsert_roster(
    db: Database, officers: list[dict], *, now: str, demo: bool = False
) -> dict[str, int]:
    """Insert new officers and update changed ones, matched by NIK, in one transaction.

    Returns counts of new, updated and unchanged rows. Only roster fields are written, so an
    officer's screening and referrals, which hang on the officer id, are never touched. A roster
    field missing from an officer's dict (a column the file did not have) keeps its stored value.

    `demo` says where the rows come from: `demo load`'s synthetic roster (True) or a real one.
    Every officer of the batch is marked so, whether new, changed or unchanged: a NIK a real
    roster names is a real person from then on, and demo data never touches them.
    """
    # Classified inside the transaction, which holds the write lock from its start: nothing can
    # change the roster between the comparison and the writes.
    with write_transaction(db):
        counts, to_insert, to_update = _classify(db, officers)
        stamped = [
            {**fields, "demo": int(demo), "created_at": now, "updated_at": now}
            for fields in to_insert
        ]
        db["officer"].insert_all(stamped, batch_size=1000)
        _update_changed(db, to_update, now=now)
        db.execute(
            "UPDATE officer SET demo = :demo WHERE demo != :demo"
            " AND nik IN (SELECT value FROM json_each(:niks))",
            {"demo": int(demo), "niks": json.dumps([o.get("nik") for o in officers])},
        )
    return counts


def _update_changed(db: Database, to_update: list[tuple[int, dict]], *, now: str) -> None:
    """One executemany per set of changed fields: a re-import that changes thousands of officers
    would otherwise pay one statement (and sqlite-utils' existence check) per officer."""
    by_columns: dict[tuple[str, ...], list[tuple]] = {}
    for officer_id, fields in to_update:
        columns = tuple(fields)
        by_columns.setdefault(columns, []).append((*fields.values(), now, officer_id))
    for columns, rows in by_columns.items():
        assignments = ", ".join(f"{name} = ?" for name in (*columns, "updated_at"))
        if "phone" in columns:
            # A new number is a new chance: the problem a message had with the old one is gone
            # from the area operator's list of numbers to correct.
            assignments += ", contact_problem = NULL"
        # Column names come from ROSTER_FIELDS, never from input.
        sql = f"UPDATE officer SET {assignments} WHERE id = ?"  # noqa: S608
        db.conn.executemany(sql, rows)


def preview_roster(db: Database, officers: list[dict]) -> dict[str, int]:
    """The counts `upsert_roster` would return for these officers, without writing anything."""
    counts, _, _ = _classify(db, officers)
    return counts


def _classify(db: Database, officers: list[dict]) -> tuple[dict[str, int], list, list]:
    """Sort officers into new, changed (with only the changed fields) and unchanged, by NIK."""
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    existing = {row["nik"]: row for row in db["officer"].rows_where(select="*")}
    to_insert, to_update = [], []
    for officer in officers:
        old = existing.get(officer.get("nik"))
        if old is None:
            to_insert.append({name: officer.get(name) for name in ROSTER_FIELDS})
            counts["new"] += 1
            continue
        changed = {
            name: officer[name]
            for name in ROSTER_FIELDS
            if name in officer and old[name] != officer[name]
        }
        if changed:
            to_update.append((old["id"], changed))
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts, to_insert, to_update


def area_conditions(*, kecamatan=None, kelurahan=None, tps=None) -> tuple[list[str], list]:
    """SQL conditions (on `officer o`) and their parameters for an area; empty filters are left
    out. Column names are our own; values are always parameters."""
    where, params = [], []
    for column, value in (
        ("o.kecamatan_code", kecamatan),
        ("o.kelurahan_code", kelurahan),
        ("o.tps", tps),
    ):
        if value not in (None, ""):
            where.append(f"{column} = ?")
            params.append(value)
    return where, params


def count_officers(db: Database) -> int:
    return db["officer"].count


def roster_fingerprint(db: Database) -> list[tuple]:
    """Every roster field of every officer, ordered: lets tests prove a reload changed nothing."""
    columns = ", ".join(ROSTER_FIELDS)
    return [tuple(row.values()) for row in db.query(f"SELECT {columns} FROM officer ORDER BY nik")]  # noqa: S608 -- column names are our own constant


def officer_by_id(db: Database, officer_id: int) -> dict | None:
    sql = """
        SELECT o.*, k.name AS kelurahan_name, c.name AS kecamatan_name,
               f.name AS fktp_name, f.address AS fktp_address
        FROM officer o
        JOIN kecamatan c ON c.code = o.kecamatan_code
        LEFT JOIN kelurahan k ON k.code = o.kelurahan_code
        LEFT JOIN fktp f ON f.code = o.fktp_code
        WHERE o.id = ?
    """
    rows = list(db.query(sql, [officer_id]))
    return rows[0] if rows else None


def demo_sample(db: Database, count: int) -> list[dict]:
    """The first few demo KPPS officers, for `demo accounts` to print links for (never a real
    officer: it prints NIKs and access codes)."""
    return [
        dict(r)
        for r in db["officer"].rows_where("role = 'KPPS' AND demo = 1", order_by="id", limit=count)
    ]


def demo_officers(db: Database) -> list[dict]:
    """The officers of `demo load`'s synthetic roster in id order: the only ones demo
    screenings may be invented for."""
    return [dict(r) for r in db["officer"].rows_where("demo = 1", order_by="id")]


# The status columns a returned status file may set; the names are our own, never input.
STATUS_FIELDS = ("jkn_status", "bpjs_tk_status")


def statuses_by_nik(db: Database, column: str, niks: list[str]) -> dict[str, str | None]:
    """The stored `column` (one of STATUS_FIELDS) of each officer among `niks` on the roster."""
    if column not in STATUS_FIELDS:
        raise ValueError(f"not a status column: {column!r}")
    sql = (
        f"SELECT nik, {column} AS status FROM officer WHERE nik IN (SELECT value FROM json_each(?))"  # noqa: S608 -- column checked against STATUS_FIELDS
    )
    return {row["nik"]: row["status"] for row in db.query(sql, [json.dumps(niks)])}


def set_statuses(db: Database, column: str, statuses: dict[str, str], *, now: str) -> int:
    """Write `column` (one of STATUS_FIELDS) of the officers named by NIK, nothing else but
    `updated_at`, in one transaction; only rows whose status differs are touched. Returns how
    many changed."""
    if column not in STATUS_FIELDS:
        raise ValueError(f"not a status column: {column!r}")
    sql = (
        f"UPDATE officer SET {column} = ?, updated_at = ?"  # noqa: S608 -- checked column
        f" WHERE nik = ? AND {column} IS NOT ?"
    )
    with write_transaction(db):
        cursor = db.conn.executemany(
            sql, [(status, now, nik, status) for nik, status in statuses.items()]
        )
    return cursor.rowcount
