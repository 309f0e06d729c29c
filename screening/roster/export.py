"""The rejected rows, handed back as a file to fix and upload again.

The file has the original columns plus "Alasan ditolak", which the reader ignores on re-upload, so
the operator fixes the cells in place and sends the same file back.
"""

import csv
import io
from collections.abc import Callable
from datetime import date, datetime

from screening.messages import Message
from screening.roster.columns import map_columns
from screening.roster.validate import RosterCheck

# A column header in a file meant to go back into the system: always this Indonesian text.
REASON_COLUMN = "Alasan ditolak"
# Columns whose digits must stay text in Excel: leading zeros and 16-digit NIKs get mangled.
_IDENTIFIER_FIELDS = ("nik", "phone", "jkn_number", "fktp_code", "tps")

Translate = Callable[[Message], str]


def _rows(check: RosterCheck, translate: Translate) -> tuple[list, list[list]]:
    width = max([len(check.header), *(len(row.cells) for row in check.rejected)])
    header = [*check.header, *[""] * (width - len(check.header)), REASON_COLUMN]
    body = []
    for row in check.rejected:
        cells = [*row.cells, *[None] * (width - len(row.cells))]
        body.append([*cells, "; ".join(translate(reason) for reason in row.reasons)])
    return header, body


def rejected_rows_csv(check: RosterCheck, translate: Translate = str) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark: what Indonesian Excel opens cleanly."""
    header, body = _rows(check, translate)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for cells in body:
        writer.writerow([_csv_text(cell) for cell in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rejected_rows_xlsx(check: RosterCheck, translate: Translate = str) -> bytes:
    # openpyxl is imported here: the CSV path and the app's start-up do not need it.
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    header, body = _rows(check, translate)
    as_text = {
        index
        for name, index in map_columns(check.header).columns.items()
        if name in _IDENTIFIER_FIELDS
    }
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Ditolak")
    bold = Font(bold=True)
    title_cells = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        title_cells.append(cell)
    sheet.append(title_cells)
    for cells in body:
        sheet.append(
            [_xlsx_cell(sheet, cell, index in as_text) for index, cell in enumerate(cells)]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, as_text: bool):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime | date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if value is None:
        return None
    if isinstance(value, int | float) and not as_text:
        return value
    cell = WriteOnlyCell(sheet, value=_csv_text(value))
    # A string that starts with "=" must stay a string, not become a formula.
    cell.data_type = "s"
    if as_text:
        cell.number_format = "@"
    return cell


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.strftime("%d/%m/%Y")
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
