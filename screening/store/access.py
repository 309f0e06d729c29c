"""Officers' access rows: the token hash and version behind each personal link and code."""

import json

from sqlite_utils import Database

from screening.journey import DECLINED
from screening.referrals.lifecycle import DIBATALKAN, DIPERIKSA, SELESAI
from screening.store import coverage, write_transaction
from screening.store.officers import area_conditions


def access_for_officer(db: Database, officer_id: int) -> dict | None:
    # Plain SQL: every officer request checks its access; sqlite-utils' table helpers would look
    # up the schema each time.
    rows = list(db.query("SELECT * FROM officer_access WHERE officer_id = ? LIMIT 1", [officer_id]))
    return rows[0] if rows else None


def officer_by_token_hash(db: Database, token_hash: str) -> dict | None:
    sql = """
        SELECT o.*, a.version AS access_version
        FROM officer_access a JOIN officer o ON o.id = a.officer_id
        WHERE a.token_hash = ? AND a.revoked_at IS NULL
    """
    rows = list(db.query(sql, [token_hash]))
    return rows[0] if rows else None


def officer_with_access_by_nik(db: Database, nik: str) -> dict | None:
    sql = """
        SELECT o.*, a.version AS access_version
        FROM officer o JOIN officer_access a ON a.officer_id = o.id
        WHERE o.nik = ? AND a.revoked_at IS NULL
    """
    rows = list(db.query(sql, [nik]))
    return rows[0] if rows else None


def access_version(db: Database, officer_id: int) -> int | None:
    """The live access version of an officer, None when revoked or never issued."""
    row = access_for_officer(db, officer_id)
    if row is None or row["revoked_at"]:
        return None
    return row["version"]


def issue_missing(db: Database, officer_ids: list[int], hash_for, *, now: str) -> int:
    """Give version-1 access to those of `officer_ids` that have none yet; return how many.

    `hash_for(officer_id, version)` gives the token hash, so this module never sees the key.
    """
    # The read is inside the transaction: two issues at once must not both find an officer
    # without access.
    with write_transaction(db):
        have = {
            row["officer_id"]
            for row in db.query(
                "SELECT officer_id FROM officer_access WHERE officer_id IN "
                "(SELECT value FROM json_each(?))",
                [_json_ids(officer_ids)],
            )
        }
        rows = [
            {"officer_id": oid, "token_hash": hash_for(oid, 1), "version": 1, "issued_at": now}
            for oid in officer_ids
            if oid not in have
        ]
        db["officer_access"].insert_all(rows, batch_size=1000)
    return len(rows)


def reissue(db: Database, officer_id: int, hash_for, *, now: str) -> int:
    """Replace an officer's link and code with new ones (the old ones stop working)."""
    # Read and write in one transaction: two reissues at once must not both give the same version.
    with write_transaction(db):
        current = access_for_officer(db, officer_id)
        version = (current["version"] + 1) if current else 1
        db["officer_access"].upsert(
            {
                "officer_id": officer_id,
                "token_hash": hash_for(officer_id, version),
                "version": version,
                "issued_at": now,
                "revoked_at": None,
            },
            pk="officer_id",
        )
    return version


def revoke(db: Database, officer_id: int, *, now: str) -> None:
    """End an officer's link and code; nothing to do when none was ever issued."""
    with write_transaction(db):
        db.execute(
            "UPDATE officer_access SET token_hash = NULL, revoked_at = ? WHERE officer_id = ?",
            [now, officer_id],
        )


def _json_ids(ids: list[int]) -> str:
    return json.dumps([int(i) for i in ids])


# An officer with their kelurahan, their personal link's state and whether they screened: the
# rows links are written from (the links file, the chase list).
OFFICER_ACCESS_SELECT = """
    SELECT o.id, o.name, o.role, o.tps, o.phone, o.kelurahan_code, k.name AS kelurahan_name,
           a.version AS access_version, a.revoked_at, r.status AS response_status
    FROM officer o
    LEFT JOIN kelurahan k ON k.code = o.kelurahan_code
    LEFT JOIN officer_access a ON a.officer_id = o.id
    LEFT JOIN response r ON r.officer_id = o.id
"""


def officers_in_area(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> list[dict]:
    """Officers of an area, ordered by kelurahan, TPS and name, with their access and screening
    status (never their answers): what KPU needs to send links and chase who has not screened."""
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    sql = f"""
        {OFFICER_ACCESS_SELECT}
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY o.kelurahan_code, o.tps IS NULL, o.tps, o.role, o.name
    """
    return [dict(row) for row in db.query(sql, params)]


def _like_pattern(text: str) -> str:
    """`text` anywhere in the value, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def officer_list_page(
    db: Database,
    *,
    kecamatan=None,
    kelurahan=None,
    tps=None,
    without_tps: bool = False,
    status=None,
    jkn=None,
    bpjs_tk=None,
    today: str,
    name: str | None = None,
    nik: str | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[dict], int]:
    """One page of KPU's officer list and the number of officers in it all: an area (or the
    whole city), narrowed by the coverage filters (`coverage.officer_conditions`) and a part of
    a name; or one exact NIK (in the area given: an area operator's own; the whole city for KPU
    Kota; no filter). `without_tps`: only officers with no TPS (the coverage page's "TPS belum
    diisi" row). Statuses only, never answers: `progress` is the furthest the officer got
    (belum, menolak, skrining, dirujuk, diperiksa)."""
    tables = "officer o"
    if nik is not None:
        where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan)
        where.append("o.nik = ?")
        params.append(nik)
    else:
        where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
        if without_tps:
            where.append("o.tps IS NULL")
        tables, filters, filter_params = coverage.officer_filter(
            status=status, jkn=jkn, bpjs_tk=bpjs_tk, today=today, one_kelurahan=bool(kelurahan)
        )
        where += filters
        params += filter_params
        if name:
            where.append("o.name LIKE ? ESCAPE '\\'")
            params.append(_like_pattern(name))
    condition = "WHERE " + " AND ".join(where) if where else ""
    total = next(iter(db.query(f"SELECT COUNT(*) AS n FROM {tables} {condition}", params)))["n"]  # noqa: S608 -- our own column names; values are parameters
    # The page's officers first, then their statuses looked up by key for those rows only.
    sql = f"""
        WITH page AS (
            SELECT o.id FROM {tables} {condition}
            ORDER BY o.kelurahan_code, o.tps, o.role, o.name, o.id
            LIMIT ? OFFSET ?
        )
        SELECT o.id, o.name, o.role, o.tps, o.kelurahan_code, k.name AS kelurahan_name,
               o.jkn_status, o.bpjs_tk_status,
               a.version AS access_version, a.revoked_at, r.status AS response_status,
               CASE
                 WHEN rf.status IN (?, ?) THEN 'diperiksa'
                 WHEN rf.id IS NOT NULL THEN 'dirujuk'
                 WHEN r.status = 'submitted' THEN 'skrining'
                 WHEN (SELECT c.decision FROM consent c WHERE c.officer_id = o.id
                       ORDER BY c.id DESC LIMIT 1) = ? THEN 'menolak'
                 ELSE 'belum'
               END AS progress,
               COALESCE(rf.deadline < ? AND rf.status NOT IN ({coverage.CLOSED_SQL}), 0)
                   AS overdue
        FROM page
        CROSS JOIN officer o ON o.id = page.id
        LEFT JOIN kelurahan k ON k.code = o.kelurahan_code
        LEFT JOIN officer_access a ON a.officer_id = o.id
        LEFT JOIN response r ON r.officer_id = o.id
        LEFT JOIN referral rf ON rf.officer_id = o.id AND rf.status != ?
        ORDER BY o.kelurahan_code, o.tps, o.role, o.name, o.id
    """  # noqa: S608 -- only our own column names are interpolated; values are parameters
    values = [*params, limit, offset, DIPERIKSA, SELESAI, DECLINED, today, DIBATALKAN]
    rows = [dict(row) for row in db.query(sql, values)]
    return rows, total
