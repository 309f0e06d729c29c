"""The roster import, one way for the KPU upload page and `flask roster import`: check the file
against the regions and FKTPs in the database, then write the good rows in one transaction
(matched by NIK; screenings untouched) and hand back the rejected ones. Plain Python (no Flask).
"""

from datetime import date

from screening.roster import RosterCheck, check_roster_file
from screening.store import officers, regions


def check_file(db, data: bytes, filename: str, *, polling_day: date) -> RosterCheck:
    """Read and check every row; raises RosterFileError when the file itself is unusable."""
    return check_roster_file(
        data,
        filename,
        kelurahan_by_name=regions.kelurahan_by_name(db),
        fktp_codes=regions.fktp_codes(db),
        polling_day=polling_day,
    )


def import_roster(db, check: RosterCheck, *, at: str, dry_run: bool = False) -> dict[str, int]:
    """Write the checked officers (or, with `dry_run`, only count what would change): the counts
    new, updated, unchanged and rejected."""
    if dry_run:
        counts = officers.preview_roster(db, check.officers)
    else:
        counts = officers.upsert_roster(db, check.officers, now=at)
    return {**counts, "rejected": len(check.rejected)}
