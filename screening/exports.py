"""The one writer of every spreadsheet the app hands out, as CSV or XLSX.

Cells carry what people typed: a roster name such as `=HYPERLINK("http://…"&F2,"Buka")` would run
as a formula in the operator's Excel and send the row's personal link to a stranger's server.
Following OWASP's advice on CSV injection, every text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return is written with a leading apostrophe, so Excel and LibreOffice show it
as text. Numbers stay numbers (a negative number is no formula). The roster reader strips that
apostrophe again (screening/roster/values.py `text`), so a file handed back reads as it went out.

Plain Python and openpyxl: no Flask, so the CLI and the views write the same bytes.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

# What makes a spreadsheet treat a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    """One column of an export: its title, its width in XLSX (characters), and whether its
    digits must stay text (a NIK or a phone number: Excel drops leading zeros and rounds 16-digit
    numbers)."""

    title: str
    width: float | None = None
    as_text: bool = False


def neutralise(value):
    """`value`, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(value) -> str:
    """A cell as CSV text, the way Indonesian Excel writes it (dates day first)."""
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


def _columns(columns: Sequence[Column | str]) -> list[Column]:
    return [c if isinstance(c, Column) else Column(c) for c in columns]


def write_csv(rows: Iterable[Sequence], columns: Sequence[Column | str]) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark: what Indonesian Excel opens cleanly
    (the comma is the decimal mark there)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(c.title) for c in _columns(columns)])
    for row in rows:
        writer.writerow([cell_text(neutralise(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(
    rows: Iterable[Sequence], columns: Sequence[Column | str], sheet_title: str
) -> bytes:
    """One sheet: a bold title row, then the rows; dates as dates, numbers as numbers, text as
    text that never becomes a formula."""
    # openpyxl is imported here: the app's start-up does not need it.
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = _columns(columns)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for index, column in enumerate(columns, start=1):
        if column.width:
            sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    titles = []
    for column in columns:
        cell = _text_cell(sheet, WriteOnlyCell, column.title, as_text=False)
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    for row in rows:
        sheet.append(
            [
                _xlsx_cell(
                    sheet,
                    WriteOnlyCell,
                    value,
                    as_text=index < len(columns) and columns[index].as_text,
                )
                for index, value in enumerate(row)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, cell_class, value, *, as_text: bool):
    if value is None:
        return None
    if isinstance(value, datetime | date):
        cell = cell_class(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, bool) or (isinstance(value, int | float) and not as_text):
        return value
    return _text_cell(sheet, cell_class, cell_text(value), as_text=as_text)


def _text_cell(sheet, cell_class, text: str, *, as_text: bool):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # XLSX cannot hold most control characters (openpyxl refuses them): show where one was.
    cell = cell_class(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)))
    # openpyxl itself turns any string starting with "=" into a formula cell; the apostrophe
    # already prevents that, and the explicit type keeps it so whatever the text.
    cell.data_type = "s"
    if as_text:
        cell.number_format = "@"
    return cell
