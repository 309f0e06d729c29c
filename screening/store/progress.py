"""Screenings submitted per day, for the progress chart of the coverage page: the city, one
kecamatan or one kelurahan. Counts only.

`submitted_at` is stored as UTC ISO with its offset; SQLite's date() reads the offset and works
in UTC, so `'+7 hours'` gives the day in WIB (fixed UTC+7, no daylight saving): a screening sent at
23.30 WIB counts on that day, not the next (screening/clock.py `wib_date` says the same).
"""

from sqlite_utils import Database

WIB_DAY = "date(r.submitted_at, '+7 hours')"


def screened_per_day(
    db: Database, *, kecamatan: str | None = None, kelurahan: str | None = None
) -> dict[str, int]:
    """{WIB day (ISO): screenings submitted that day} in the area, one GROUP BY.

    The whole city reads the index of submitted responses by WIB day alone (the expression
    below is the index's, word for word: m012); an area reads its officers from the area's index
    first and each one's response status and moment from an index by officer. A response with
    no moment has no day and is left out."""
    if kelurahan:
        source, where, params = _area_join(), "o.kelurahan_code = ?", [kelurahan]
    elif kecamatan:
        source, where, params = _area_join(), "o.kecamatan_code = ?", [kecamatan]
    else:
        source, where, params = "response r", "1 = 1", []
    sql = f"""
        SELECT {WIB_DAY} AS day, COUNT(*) AS screened
        FROM {source}
        WHERE r.status = 'submitted' AND {where}
        GROUP BY day ORDER BY day
    """  # noqa: S608 -- fixed clauses chosen above; values are parameters
    return {row["day"]: row["screened"] for row in db.query(sql, params) if row["day"]}


def _area_join() -> str:
    return "officer o CROSS JOIN response r ON r.officer_id = o.id"
