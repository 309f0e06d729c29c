"""What printed slips and access cards are made from: referrals and officers of an area, in the
order they are handed out (kecamatan, kelurahan, TPS, name).

The slip KPU prints is made from rows without the screening result (no answers, levels or
reasons: UU 27/2022), so it cannot show any; only `full_slip_row` (the officer's own slip, the
referral's FKTP) reads the result.
"""

import json
from collections.abc import Iterator

from sqlite_utils import Database

from screening.referrals.lifecycle import DIBATALKAN
from screening.store.officers import area_conditions

_SLIP_SELECT = """
    SELECT r.id, r.number, r.urgency, r.deadline, r.created_at, r.fktp_code, r.status,
           r.visit_at, f.name AS fktp_name, f.address AS fktp_address, f.phone AS fktp_phone,
           o.name AS officer_name, o.nik, o.jkn_number, o.jkn_status, o.role, o.tps,
           o.kecamatan_code, o.kelurahan_code, c.name AS kecamatan_name, l.name AS kelurahan_name
    FROM referral r
    JOIN officer o ON o.id = r.officer_id
    JOIN kecamatan c ON c.code = o.kecamatan_code
    LEFT JOIN kelurahan l ON l.code = o.kelurahan_code
    LEFT JOIN fktp f ON f.code = r.fktp_code
"""
_AREA_ORDER = "o.kecamatan_code, o.kelurahan_code, o.tps IS NULL, o.tps, o.name, r.id"


def _area_filters(**area) -> tuple[str, list]:
    # A cancelled referral sends nobody anywhere: no slip for it.
    where, params = area_conditions(**area)
    return "WHERE " + " AND ".join(["r.status != ?", *where]), [DIBATALKAN, *params]


def slip_rows(db: Database, **area) -> Iterator[dict]:
    """Every referral of an area (kecamatan, kelurahan, tps) with what its slip shows, in area
    order. A generator: a city's slips are never all in memory at once."""
    conditions, params = _area_filters(**area)
    sql = f"{_SLIP_SELECT} {conditions} ORDER BY {_AREA_ORDER}"
    for row in db.query(sql, params):
        yield dict(row)


def count_slips(db: Database, **area) -> int:
    conditions, params = _area_filters(**area)
    sql = f"SELECT COUNT(*) FROM referral r JOIN officer o ON o.id = r.officer_id {conditions}"  # noqa: S608 -- fixed clauses; values are parameters
    return db.execute(sql, params).fetchone()[0]


def slip_row(db: Database, number: str) -> dict | None:
    """One referral's slip data by its number (cancelled or not: the page says what it is)."""
    rows = list(db.query(_SLIP_SELECT + " WHERE r.number = ?", [number.strip().upper()]))
    return dict(rows[0]) if rows else None


def full_slip_row(db: Database, number: str) -> dict | None:
    """`slip_row` with the screening result (decoded), for the slip that shows the findings."""
    row = slip_row(db, number)
    if row is None:
        return None
    result = db.execute(
        "SELECT resp.result FROM referral r JOIN response resp ON resp.id = r.response_id "
        "WHERE r.id = ?",
        [row["id"]],
    ).fetchone()
    return {**row, "result": json.loads(result[0])} if result else None
