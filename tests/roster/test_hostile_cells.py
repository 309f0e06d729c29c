"""A roster with a hostile value in any cell is checked row by row: the row is kept or rejected with
its reasons, the file is never refused with an exception, and the rejected rows go back out."""

import pytest

from screening.roster import RosterFileError, check_roster_file
from screening.roster.export import rejected_rows_csv, rejected_rows_xlsx
from tests.hostile import HOSTILE
from tests.roster.helpers import FIELD_OF, HEADER, LOOKUPS, csv_bytes, good_cells, xlsx_bytes

# What a spreadsheet may hold besides text.
NUMBERS = {"huge": 99999999999999999999, "negative": -1, "fraction": 0.5, "float huge": 1e300}


def _rows(values: dict) -> list[list]:
    """One good row per (value, column), with that column's cell replaced by the value."""
    rows = []
    serial = 1
    for value in values.values():
        for column in HEADER:
            cells = good_cells(serial, **{FIELD_OF[column]: value})
            rows.append(cells)
            serial += 1
    return [HEADER] + [[cells[FIELD_OF[h]] for h in HEADER] for cells in rows]


def _check(data: bytes, name: str):
    check = check_roster_file(data, name, **LOOKUPS)
    assert len(check.officers) + len(check.rejected) > 0
    rejected_rows_csv(check, translate=lambda m: m.msgid)
    rejected_rows_xlsx(check, translate=lambda m: m.msgid)
    return check


# A NUL makes a file binary, not a CSV, and Excel cannot hold one in a cell: refused whole.
TEXT = {name: value for name, value in HOSTILE.items() if "\x00" not in value}


def test_hostile_text_in_every_csv_cell_is_checked_not_raised():
    check = _check(csv_bytes(_rows(TEXT)), "petugas.csv")
    assert check.rejected  # a NIK of "²" is no NIK


def test_a_csv_with_a_nul_is_refused_with_a_message():
    with pytest.raises(RosterFileError):
        check_roster_file(csv_bytes(_rows({"NUL": "a\x00b"})), "petugas.csv", **LOOKUPS)


@pytest.mark.parametrize("values", [TEXT, NUMBERS], ids=["text", "numbers"])
def test_hostile_values_in_every_xlsx_cell_are_checked_not_raised(values):
    _check(xlsx_bytes(_rows(values)), "petugas.xlsx")
