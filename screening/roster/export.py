"""The rejected rows, handed back as a file to fix and upload again.

The file has the original columns plus "Alasan ditolak", which the reader ignores on re-upload, so
the operator fixes the cells in place and sends the same file back.
"""

from collections.abc import Callable

from screening.exports import Column, write_csv, write_xlsx
from screening.messages import Message
from screening.roster.columns import map_columns
from screening.roster.validate import RosterCheck

# A column header in a file meant to go back into the system: always this Indonesian text.
REASON_COLUMN = "Alasan ditolak"
# Columns whose digits must stay text in Excel: leading zeros and 16-digit NIKs get mangled.
_IDENTIFIER_FIELDS = ("nik", "phone", "jkn_number", "fktp_code", "tps")

Translate = Callable[[Message], str]


def _table(check: RosterCheck, translate: Translate) -> tuple[list[Column], list[list]]:
    as_text = {
        index
        for name, index in map_columns(check.header).columns.items()
        if name in _IDENTIFIER_FIELDS
    }
    width = max([len(check.header), *(len(row.cells) for row in check.rejected)])
    titles = [*check.header, *[""] * (width - len(check.header)), REASON_COLUMN]
    columns = [Column(title, as_text=index in as_text) for index, title in enumerate(titles)]
    body = []
    for row in check.rejected:
        cells = [*row.cells, *[None] * (width - len(row.cells))]
        body.append([*cells, "; ".join(translate(reason) for reason in row.reasons)])
    return columns, body


def rejected_rows_csv(check: RosterCheck, translate: Translate = str) -> bytes:
    columns, body = _table(check, translate)
    return write_csv(body, columns)


def rejected_rows_xlsx(check: RosterCheck, translate: Translate = str) -> bytes:
    columns, body = _table(check, translate)
    return write_xlsx(body, columns, sheet_title="Ditolak")
