"""The order of the coverage table's rows: by area, or by one of its counts, either way.

A level has a few dozen areas at most (kecamatan, kelurahan or TPS), already counted in SQL:
they are sorted here, in plain Python, after counting.
"""

# The coverage table's columns as the address names them (`?urut=`), each with its row key.
SORT_COLUMNS = {
    "wilayah": "name",
    "petugas": "officers",
    "sudah": "screened",
    "menolak": "declined",
    "belum": "not_yet",
    "dirujuk": "referred",
    "diperiksa": "seen",
    "terlambat": "overdue",
    "jkn_aktif": "jkn_aktif",
    "jkn_tidak_aktif": "jkn_tidak_aktif",
    "jkn_belum_terdaftar": "jkn_belum_terdaftar",
    "bpjs_tk_terdaftar": "bpjs_tk_terdaftar",
    "bpjs_tk_belum": "bpjs_tk_belum",
}
ASCENDING, DESCENDING = "naik", "turun"


def _by_name(row: dict) -> tuple:
    """Names alphabetically; TPS numbers (their names) as numbers, the row without one last."""
    name = row["name"]
    return (name == "", int(name) if name.isdigit() else 0, name.casefold())


def sorted_rows(rows: list[dict], column: str | None, direction: str | None) -> list[dict]:
    """`rows` sorted by `column` (a key of SORT_COLUMNS), ties kept in the level's own order;
    unchanged without a column."""
    key = SORT_COLUMNS.get(column or "")
    if key is None:
        return rows
    by = _by_name if key == "name" else (lambda row: row[key])
    return sorted(rows, key=by, reverse=direction == DESCENDING)


def first_direction(column: str) -> str:
    """A count is first sorted largest first (the laggards on top); the area name A to Z."""
    return ASCENDING if column == "wilayah" else DESCENDING
