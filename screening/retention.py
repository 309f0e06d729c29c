"""How long screening answers are kept (UU 27/2022: no longer than the purpose needs).

The purpose, getting at-risk officers examined before and around polling day, ends well within a
year of it; the consent page tells officers the same period this module computes.
"""

import shutil
from datetime import date
from pathlib import Path

from screening.store import retention as retention_store


def purge_date(polling_day: date, months: int) -> date:
    """The first day health data may no longer be kept: `months` after polling day (clamped to
    the month's last day, so 31 January + 1 month is 28 or 29 February)."""
    month_index = polling_day.month - 1 + months
    year, month = polling_day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - date.resolution).day
    return date(year, month, min(polling_day.day, last_day))


def purge_all(db, print_jobs: Path) -> dict:
    """Delete all health data once its time is up: the rows (overwritten, secure_delete is on),
    every print job's files (slips name who was referred), then the traces SQLite keeps of deleted
    rows (the write-ahead log, free pages). Returns the rows deleted per table, the print-job
    files deleted and whether the log could be emptied."""
    counts = retention_store.purge_health_data(db)
    files = delete_print_jobs(print_jobs)
    compacted = retention_store.compact(db)
    return {"rows": counts, "print_job_files": files, "compacted": compacted}


def print_job_files(print_jobs: Path) -> int:
    return (
        sum(1 for path in print_jobs.rglob("*") if not path.is_dir()) if print_jobs.is_dir() else 0
    )


def delete_print_jobs(print_jobs: Path) -> int:
    """Empty the print-jobs folder (the folder itself stays); return how many files went."""
    count = print_job_files(print_jobs)
    if print_jobs.is_dir():
        for path in print_jobs.iterdir():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    return count
