"""The rejected rows handed back: original cells plus the reasons, readable on re-upload."""

import csv
import io

import openpyxl

from screening.roster import check_roster_file, read_roster
from screening.roster.export import REASON_COLUMN, rejected_rows_csv, rejected_rows_xlsx
from screening.roster.values import text
from tests.roster.helpers import (
    HEADER,
    LOOKUPS,
    cell_datetime,
    csv_bytes,
    good_cells,
    table,
    xlsx_bytes,
)


def _mixed_file(writer=xlsx_bytes):
    rows = table(
        [
            good_cells(9001),
            good_cells(9002, birth_date=cell_datetime(1990, 1, 1), fktp_code="=HYPERLINK(1)"),
            good_cells(9003, role="Saksi"),
        ]
    )
    return writer(rows)


def test_csv_holds_only_the_rejected_rows_with_their_reasons():
    check = check_roster_file(_mixed_file(), "x.xlsx", **LOOKUPS)
    data = rejected_rows_csv(check)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [*HEADER, REASON_COLUMN]
    assert [r[1] for r in rows[1:]] == ["Siti Rahayu 9002", "Siti Rahayu 9003"]
    assert rows[1][2] == "01/01/1990"
    assert "tidak cocok dengan NIK" in rows[1][-1]
    assert "Jabatan “Saksi” tidak dikenal" in rows[2][-1]


def test_xlsx_keeps_niks_as_text_and_dates_as_dates():
    check = check_roster_file(_mixed_file(), "x.xlsx", **LOOKUPS)
    sheet = openpyxl.load_workbook(io.BytesIO(rejected_rows_xlsx(check))).active
    header = [c.value for c in sheet[1]]
    assert header == [*HEADER, REASON_COLUMN]
    first = sheet[2]
    assert first[0].data_type == "s"
    assert first[0].value == good_cells(9002)["nik"]
    assert first[2].value == cell_datetime(1990, 1, 1)
    assert sheet.max_row == 3


def test_xlsx_writes_a_cell_that_looks_like_a_formula_as_inert_text():
    check = check_roster_file(_mixed_file(csv_bytes), "x.csv", **LOOKUPS)
    sheet = openpyxl.load_workbook(io.BytesIO(rejected_rows_xlsx(check))).active
    cell = sheet[2][11]
    assert (cell.value, cell.data_type) == ("'=HYPERLINK(1)", "s")


def test_a_neutralised_formula_reads_back_as_the_cell_the_operator_wrote():
    check = check_roster_file(_mixed_file(csv_bytes), "x.csv", **LOOKUPS)
    for data in (rejected_rows_csv(check), rejected_rows_xlsx(check)):
        again = read_roster(data, "ditolak")
        assert text(again.rows[0].fields["fktp_code"]) == "=HYPERLINK(1)"


def test_the_handed_back_file_reads_again_with_the_reason_column_ignored():
    check = check_roster_file(_mixed_file(csv_bytes), "x.csv", **LOOKUPS)
    for data in (rejected_rows_csv(check), rejected_rows_xlsx(check)):
        again = read_roster(data, "ditolak")
        assert len(again.rows) == 2
        assert again.notes == []
        assert again.rows[0].number == 2
