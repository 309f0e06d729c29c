"""Read a roster file (CSV or XLSX) into its header and numbered rows.

The file's kind is told from its bytes, not its name. CSV comes as Indonesian Excel writes it:
semicolons (the comma is the decimal mark there) or commas, UTF-8 with or without a byte order
mark, or Windows-1252 from older Excel. Any file that cannot be read gives a `RosterFileError`
with a message for the operator; no other exception leaves `read_roster`.
"""

import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from screening.messages import N_, Message, MessageError
from screening.roster.columns import LABELS, ColumnMap, map_columns, required_missing
from screening.roster.values import text

MAX_DATA_ROWS = 100_000
MAX_COLUMNS = 100
# An XLSX is a zip: 300 KB of zeros can unpack to 300 MB and hold a worker past its timeout.
# Excel writes a 65,000-officer roster in about 30 MB of XML (openpyxl parses 15 MB in ~3 s); a
# real workbook has a dozen parts, a few hundred with many sheets and pictures.
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
MAX_XLSX_ENTRIES = 1_000
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in exports

MSG_EMPTY = N_("Berkas kosong. Pilih berkas daftar petugas yang berisi data.")
MSG_NOT_ROSTER = N_(
    "Berkas ini bukan CSV atau Excel (.xlsx). Simpan daftar petugas sebagai CSV atau .xlsx, "
    "lalu unggah lagi."
)
MSG_OLD_EXCEL = N_(
    "Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi. Buka di Excel, simpan "
    "sebagai Excel Workbook (.xlsx) tanpa kata sandi atau sebagai CSV, lalu unggah lagi."
)
MSG_BROKEN_XLSX = N_(
    "Berkas Excel ini rusak atau tidak dapat dibuka. Buka di Excel, simpan ulang sebagai .xlsx, "
    "lalu unggah lagi."
)
MSG_BROKEN_CSV = N_(
    "Berkas CSV ini tidak dapat dibaca di sekitar baris %(row)s. Periksa tanda kutip di baris "
    "itu, lalu unggah lagi."
)
MSG_XLSX_TOO_BIG = N_(
    "Berkas Excel ini terlalu besar setelah dibuka (lebih dari %(megabytes)s MB) atau berisi "
    "terlalu banyak bagian. Hapus lembar dan gambar yang tidak perlu, bagi daftar menjadi "
    "beberapa berkas, atau simpan sebagai CSV, lalu unggah lagi."
)
MSG_NO_HEADER = N_(
    "Judul kolom tidak ditemukan. Baris judul (NIK, Nama, Jabatan, Kelurahan/Desa, …) harus ada "
    "di salah satu dari 10 baris pertama."
)
MSG_MISSING_COLUMNS = N_(
    "Kolom wajib tidak ditemukan: %(columns)s. Tambahkan kolom itu dengan judul yang sama, "
    "lalu unggah lagi."
)
MSG_NO_ROWS = N_("Berkas hanya berisi judul kolom, tanpa data petugas.")
MSG_TOO_MANY_ROWS = N_("Berkas berisi lebih dari %(max)s baris. Bagi menjadi beberapa berkas.")
MSG_NOTE_CP1252 = N_(
    "Berkas tidak tersimpan sebagai UTF-8 dan dibaca sebagai Windows-1252. Periksa nama yang "
    "memakai huruf khusus; sebaiknya simpan sebagai “CSV UTF-8”."
)
MSG_NOTE_UNKNOWN_COLUMNS = N_("Kolom yang tidak dikenal dan diabaikan: %(columns)s.")
MSG_NOTE_REPEATED_COLUMNS = N_(
    "Kolom %(columns)s muncul lebih dari sekali; hanya kolom pertama yang dipakai."
)
MSG_NOTE_SHEET = N_("Data dibaca dari lembar “%(sheet)s”.")


@dataclass(frozen=True)
class Layout:
    """What a file of this kind must look like: how its header maps to fields, which fields it
    cannot do without, and what to say when no header is found. The roster is one; the status
    files BPJS and BPJAMSOSTEK send back (screening/roster/statuses.py) are others."""

    map_columns: Callable[[Sequence[object]], ColumnMap]
    missing: Callable[[ColumnMap], list[str]]
    no_header: str  # msgid


ROSTER = Layout(map_columns=map_columns, missing=required_missing, no_header=MSG_NO_HEADER)


class RosterFileError(MessageError):
    """The whole file cannot be read as a roster; `message` says why, in Indonesian."""


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also any password-protected .xlsx
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_DELIMITERS = (";", ",", "\t", "|")


@dataclass(frozen=True)
class RosterRow:
    """One data row: its spreadsheet row number (1-based), its cells, and the cell per field."""

    number: int
    cells: tuple
    fields: dict


@dataclass
class Sheet:
    kind: str  # 'csv' | 'xlsx'
    header: list[str]
    header_row: int
    columns: ColumnMap
    rows: list[RosterRow]
    notes: list[Message] = field(default_factory=list)


def read_roster(data: bytes, filename: str = "", *, layout: Layout = ROSTER) -> Sheet:
    """Read a roster file; raise RosterFileError with the operator's message if it cannot be.

    `filename` is only a fallback hint: the bytes decide whether this is CSV or XLSX. `layout`
    says which header the file must have (the roster's unless told).
    """
    if not data or not data.strip():
        raise RosterFileError(MSG_EMPTY)
    if data.startswith(_ZIP):
        return _read_xlsx(data, layout)
    if data.startswith(_OLE):
        raise RosterFileError(MSG_OLD_EXCEL)
    if filename.lower().endswith(".xlsx"):
        raise RosterFileError(MSG_BROKEN_XLSX)
    return _read_csv(data, layout)


# -- CSV ---------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, list[Message]]:
    if data.startswith(_UTF16_BOMS):  # Excel's "Unicode Text": UTF-16 with tabs
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise RosterFileError(MSG_NOT_ROSTER) from None
    try:
        decoded, notes = data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        decoded = data.decode("cp1252", errors="replace")
        notes = [Message(MSG_NOTE_CP1252)]
    # Text files hold no NUL and few control characters; a binary file (an image, a PDF, a zip
    # that lost its header) holds many.
    head = decoded[:4096]
    controls = sum(1 for ch in head if ch < " " and ch not in "\r\n\t")
    if "\x00" in decoded or controls > len(head) // 100 or head.startswith("%PDF"):
        raise RosterFileError(MSG_NOT_ROSTER)
    return decoded, notes


def _read_csv(data: bytes, layout: Layout) -> Sheet:
    decoded, notes = _decode(data)
    skipped = 0
    delimiter = None
    first_line, _, rest = decoded.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        # Excel's own hint line; Excel hides it, so the rows are numbered without it.
        delimiter, decoded, skipped = first_line.strip()[4], rest, 1
    if delimiter is None:
        delimiter = _sniff_delimiter(decoded, layout)
    rows = []
    reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            rows.append(tuple(record[:MAX_COLUMNS]))
            if len(rows) > MAX_DATA_ROWS + HEADER_SEARCH_ROWS:
                raise RosterFileError(MSG_TOO_MANY_ROWS, max=MAX_DATA_ROWS)
    except csv.Error:
        # A row number as the spreadsheet shows it (1234, never "1.234").
        raise RosterFileError(MSG_BROKEN_CSV, row=str(reader.line_num + skipped)) from None
    return _sheet("csv", rows, notes, layout)


def _sniff_delimiter(decoded: str, layout: Layout) -> str:
    """The delimiter under which the top lines look most like the roster's header.

    csv.Sniffer guesses from character frequencies and is easily fooled by names with commas;
    recognising the header is both stricter and simpler.
    """
    top = "\n".join(decoded.splitlines()[:HEADER_SEARCH_ROWS])
    best, best_score = None, 0
    for delimiter in _DELIMITERS:
        try:
            lines = list(csv.reader(io.StringIO(top, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        score = max((layout.map_columns(line).score() for line in lines), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    if best is not None:
        return best
    first = decoded.splitlines()[0] if decoded.splitlines() else ""
    return max(_DELIMITERS, key=first.count)


# -- XLSX --------------------------------------------------------------------------------------


def _check_archive(data: bytes) -> None:
    """Refuse a workbook that would unpack to more than the limits, before anything unpacks.

    The sizes are the ones the archive declares, and they hold: Python's zipfile (which openpyxl
    reads through) stops every entry at its declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise RosterFileError(MSG_BROKEN_XLSX) from None
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_XLSX_ENTRIES or unpacked > MAX_XLSX_UNPACKED:
        raise RosterFileError(MSG_XLSX_TOO_BIG, megabytes=MAX_XLSX_UNPACKED // (1024 * 1024))


def _read_xlsx(data: bytes, layout: Layout) -> Sheet:
    # openpyxl is imported here: the CSV path and the app's start-up do not need it.
    import openpyxl

    _check_archive(data)
    try:
        # Real workbooks trigger harmless openpyxl warnings (unsupported extensions, no default
        # style); they say nothing the operator can act on.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = [(ws.title, _xlsx_rows(ws)) for ws in workbook.worksheets]
            finally:
                workbook.close()
    except RosterFileError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file (zip, XML, key errors)
        raise RosterFileError(MSG_BROKEN_XLSX) from None
    if not sheets:
        raise RosterFileError(MSG_BROKEN_XLSX)
    first_error = None
    for title, rows in sheets:
        try:
            sheet = _sheet("xlsx", rows, [], layout)
        except RosterFileError as error:
            first_error = first_error or error
            continue
        if len(sheets) > 1:
            sheet.notes.append(Message(MSG_NOTE_SHEET, {"sheet": title}))
        return sheet
    raise first_error


def _xlsx_rows(worksheet) -> list[tuple]:
    rows = []
    for values in worksheet.iter_rows(values_only=True):
        rows.append(tuple(values[:MAX_COLUMNS]))
        if len(rows) > MAX_DATA_ROWS + HEADER_SEARCH_ROWS:
            raise RosterFileError(MSG_TOO_MANY_ROWS, max=MAX_DATA_ROWS)
    return rows


# -- Both --------------------------------------------------------------------------------------


def _sheet(kind: str, rows: list[tuple], notes: list[Message], layout: Layout) -> Sheet:
    header_index, columns = _find_header(rows, layout)
    header = [text(cell) for cell in rows[header_index]]
    data_rows = []
    for index in range(header_index + 1, len(rows)):
        cells = _trim(rows[index])
        if all(text(cell) == "" for cell in cells):
            continue
        fields = {
            name: cells[col] if col < len(cells) else None for name, col in columns.columns.items()
        }
        if _repeats_header(fields, header, columns):
            continue
        data_rows.append(RosterRow(number=index + 1, cells=cells, fields=fields))
    if not data_rows:
        raise RosterFileError(MSG_NO_ROWS)
    if columns.unknown:
        notes.append(Message(MSG_NOTE_UNKNOWN_COLUMNS, {"columns": ", ".join(columns.unknown)}))
    if columns.repeated:
        notes.append(Message(MSG_NOTE_REPEATED_COLUMNS, {"columns": ", ".join(columns.repeated)}))
    return Sheet(
        kind=kind,
        header=header,
        header_row=header_index + 1,
        columns=columns,
        rows=data_rows,
        notes=notes,
    )


def _find_header(rows: list[tuple], layout: Layout) -> tuple[int, ColumnMap]:
    best_index, best = None, None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = layout.map_columns(row)
        if best is None or columns.score() > best.score():
            best_index, best = index, columns
    if best is None or best.score() == 0 or ("nik" not in best.columns and best.score() < 2):
        raise RosterFileError(layout.no_header)
    missing = layout.missing(best)
    if missing:
        names = ", ".join(LABELS[name] for name in missing)
        raise RosterFileError(MSG_MISSING_COLUMNS, columns=names)
    return best_index, best


def _repeats_header(fields: dict, header: list[str], columns: ColumnMap) -> bool:
    """A page of an export that starts again with the header row: every known column repeats
    its header."""
    return all(text(fields.get(name)) == header[col] for name, col in columns.columns.items())


def _trim(cells: tuple) -> tuple:
    end = len(cells)
    while end and (cells[end - 1] is None or cells[end - 1] == ""):
        end -= 1
    return tuple(cells[:end])
