"""The officer roster as KPU operators send it: read, check, and hand back what was rejected.

Plain Python, no Flask: `check_roster_file` reads a CSV or XLSX file and sorts its rows into
officers for the store and rejected rows with their reasons (`screening.messages.Message`,
translated by the caller). The store writes; the web page and the `flask roster` command only
orchestrate.
"""

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from screening.roster.reader import RosterFileError, read_roster
from screening.roster.validate import RejectedRow, RosterCheck, RowWarning, validate_roster

__all__ = [
    "RejectedRow",
    "RosterCheck",
    "RosterFileError",
    "RowWarning",
    "check_roster_file",
    "read_roster",
    "validate_roster",
]


def check_roster_file(
    data: bytes,
    filename: str,
    *,
    kelurahan_by_name: Mapping[str, Sequence[Mapping]],
    fktp_codes: Collection[str],
    polling_day: date,
) -> RosterCheck:
    """Read and check a roster file; raise RosterFileError when the file itself is unusable."""
    sheet = read_roster(data, filename)
    check = validate_roster(
        sheet.rows,
        kelurahan_by_name=kelurahan_by_name,
        fktp_codes=fktp_codes,
        polling_day=polling_day,
    )
    check.header = sheet.header
    check.notes = sheet.notes
    return check
