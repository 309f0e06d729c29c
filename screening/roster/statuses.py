"""Statuses brought back: the JKN statuses BPJS Kesehatan (or the Pemda) verified, or the
registrations BPJAMSOSTEK made, uploaded as a file of NIK + status.

The file is read with the roster's reader (CSV or XLSX, tolerant headers, the xlsx size check),
each row sorted into updated / unchanged / unknown NIK / bad row, and the good rows written in one
transaction that sets only that status column of officers matched by NIK: nothing else in the
roster changes. Plain Python (no Flask): the KPU page and `flask roster statuses` both call it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from screening.messages import N_, Message
from screening.nik import NikError, normalise_nik
from screening.roster import values
from screening.roster.columns import ColumnMap, header_key, map_columns
from screening.roster.reader import Layout, RosterRow, read_roster
from screening.roster.values import ValueProblem, text
from screening.store import officers

MSG_NO_HEADER = N_(
    "Judul kolom tidak ditemukan. Baris judul (NIK dan Status) harus ada di salah satu dari 10 "
    "baris pertama."
)
MSG_MISSING_STATUS = N_("Status belum diisi.")
MSG_UNKNOWN_NIK = N_("NIK ini tidak ada di daftar petugas.")
MSG_DUPLICATE_NIK = N_("NIK ini sudah ada di baris %(row)s.")
MSG_NIK_AS_NUMBER = N_(
    "NIK tersimpan sebagai angka, sehingga Excel mengubah angka terakhirnya menjadi 0. Format "
    "kolom NIK sebagai Teks, ketik ulang NIK-nya, lalu unggah lagi."
)

_EXCEL_SCIENTIFIC = re.compile(r"\d[.,]\d+e\+?\d+")
# Headers that name the status without saying of what: the kind chosen on upload says it.
_PLAIN_STATUS_HEADERS = {"status", "status kepesertaan", "kepesertaan", "status peserta"}


@dataclass(frozen=True)
class Kind:
    """One kind of status file: the officer column it sets and how its cells are read."""

    name: str  # 'jkn' | 'bpjstk', as the command and the form name it
    column: str  # officer column, one of store.officers.STATUS_FIELDS
    parse: Callable[[object], str | None]  # values.parse_jkn_status or parse_bpjs_tk_status


KINDS = {
    "jkn": Kind("jkn", "jkn_status", values.parse_jkn_status),
    "bpjstk": Kind("bpjstk", "bpjs_tk_status", values.parse_bpjs_tk_status),
}


def layout(kind: Kind) -> Layout:
    """NIK and this kind's status column; a header that says only "Status" means this kind."""

    def map_status_columns(header) -> ColumnMap:
        columns = map_columns(header)
        if kind.column not in columns.columns:
            for index, cell in enumerate(header):
                if header_key(cell) in _PLAIN_STATUS_HEADERS:
                    columns.columns[kind.column] = index
                    shown = str(cell).strip()
                    if shown in columns.unknown:
                        columns.unknown.remove(shown)
                    break
        return columns

    def missing(columns: ColumnMap) -> list[str]:
        return [name for name in ("nik", kind.column) if name not in columns.columns]

    return Layout(map_columns=map_status_columns, missing=missing, no_header=MSG_NO_HEADER)


@dataclass(frozen=True)
class ProblemRow:
    number: int  # the row in the spreadsheet, 1-based
    nik: str  # as written in the file
    reasons: tuple[Message, ...]
    unknown: bool = False  # a good row whose NIK is not on the roster


@dataclass
class StatusCheck:
    kind: Kind
    statuses: dict[str, str] = field(default_factory=dict)  # NIK → status, rows to import
    updated: int = 0
    unchanged: int = 0
    problems: list[ProblemRow] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)

    @property
    def unknown(self) -> int:
        return sum(1 for row in self.problems if row.unknown)

    @property
    def bad(self) -> int:
        return sum(1 for row in self.problems if not row.unknown)

    def counts(self) -> dict[str, int]:
        return {
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unknown": self.unknown,
            "bad": self.bad,
        }


def check_file(db, data: bytes, filename: str, kind: Kind) -> StatusCheck:
    """Read the file and sort every row; raises RosterFileError when the file is unusable."""
    sheet = read_roster(data, filename, layout=layout(kind))
    check = StatusCheck(kind=kind, notes=list(sheet.notes))
    readable: list[tuple[RosterRow, str, str]] = []
    first_row_of_nik: dict[str, int] = {}
    status_of = _status_reader(kind)
    for row in sheet.rows:
        reasons: list[Message] = []
        nik = _nik(row.fields.get("nik"), reasons)
        status = status_of(row.fields.get(kind.column), reasons)
        if nik is not None:
            if nik in first_row_of_nik:
                reasons.append(Message(MSG_DUPLICATE_NIK, {"row": str(first_row_of_nik[nik])}))
            else:
                first_row_of_nik[nik] = row.number
        if reasons:
            check.problems.append(
                ProblemRow(row.number, text(row.fields.get("nik")), tuple(reasons))
            )
        else:
            readable.append((row, nik, status))
    stored = officers.statuses_by_nik(db, kind.column, [nik for _, nik, _ in readable])
    for row, nik, status in readable:
        if nik not in stored:
            check.problems.append(
                ProblemRow(row.number, nik, (Message(MSG_UNKNOWN_NIK),), unknown=True)
            )
            continue
        check.statuses[nik] = status
        if stored[nik] == status:
            check.unchanged += 1
        else:
            check.updated += 1
    check.problems.sort(key=lambda problem: problem.number)
    return check


def import_statuses(db, check: StatusCheck, *, at: str, dry_run: bool = False) -> dict[str, int]:
    """Write the good rows' statuses in one transaction (with `dry_run`, nothing) and return the
    counts updated, unchanged, unknown and bad. The counts are computed again inside the write,
    so they say what happened even if the roster changed since the check."""
    if dry_run or not check.statuses:
        return check.counts()
    changed = officers.set_statuses(db, check.kind.column, check.statuses, now=at)
    return {**check.counts(), "updated": changed, "unchanged": len(check.statuses) - changed}


def _nik(raw: object, reasons: list[Message]) -> str | None:
    number = values.digits_of_number_cell(raw)
    shown = text(raw)
    # Excel keeps 15 significant digits: a NIK in a number cell ends in 0 whatever was typed and
    # could match another officer's NIK, so it is refused, as the roster refuses it.
    if (number is not None and len(number) >= 16 and number.endswith("0")) or (
        _EXCEL_SCIENTIFIC.fullmatch(shown.lower())
    ):
        reasons.append(Message(MSG_NIK_AS_NUMBER))
        return None
    try:
        return normalise_nik(shown)
    except NikError as error:
        reasons.append(error.message)
        return None


def _status_reader(kind: Kind) -> Callable[[object, list[Message]], str | None]:
    """`_status` for one file, each distinct cell read once: 100,000 rows hold a handful of
    different status cells, and reading one (its words, its brackets) is most of a row's work."""
    known: dict[tuple[type, object], tuple[str | None, tuple[Message, ...]]] = {}

    def status_of(raw: object, reasons: list[Message]) -> str | None:
        key = (type(raw), raw)  # 1, 1.0 and True are equal keys but not the same cell
        if key not in known:
            found: list[Message] = []
            known[key] = (_status(raw, kind, found), tuple(found))
        status, problems = known[key]
        reasons.extend(problems)
        return status

    return status_of


def _status(raw: object, kind: Kind, reasons: list[Message]) -> str | None:
    try:
        status = kind.parse(raw)
    except ValueProblem as problem:
        reasons.append(problem.message)
        return None
    if status is None:
        reasons.append(Message(MSG_MISSING_STATUS))
    return status
