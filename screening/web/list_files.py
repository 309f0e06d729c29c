"""KPU's lists as files (screening/action_lists.py): who to chase, who to register for JKN and
BPJAMSOSTEK, where each referral stands. Each is written the same way in a request (a small area)
and by the job worker (a large one, screening/printing/jobs.py), so a file is the same whichever
made it.

The chase list gives officers without a personal link one first, exactly as the inline download
does, so exporting again gives the same links; counting who it lists issues nothing.

Runs inside an app context (a request, or the worker's task); links are built on BASE_URL, never
a request's host.
"""

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from screening import action_lists
from screening.areas import Area
from screening.clock import today_wib
from screening.exports import Column
from screening.store import action_lists as list_store
from screening.web.database import get_db
from screening.web.officer_session import link_writing, with_links

FORMATS = ("xlsx", "csv")
# How often (in rows) a job writes its progress; the job throttles its writes too.
STEP = 500


@dataclass(frozen=True)
class ListFile:
    """One list KPU downloads: how it is named, logged, read for an area and written."""

    stem: str  # the file's name: <stem>-<area>-<WIB day>.<format>
    subject: str  # its audit subject
    noun: str  # what its rows are, in the audit line
    title: str  # the XLSX sheet's title
    columns: tuple[Column, ...]
    read: Callable[[object, dict], list[dict]]  # (db, area) -> its records
    lines: Callable[[Iterable[dict]], Iterator[list]]  # records -> the file's rows
    # (db, area) -> how many records `read` gives, without reading them (nor, for the chase
    # list, issuing links): whether the file is made in the request or by the worker.
    count: Callable[[object, dict], int]

    def sheet(self, records: list[dict]) -> action_lists.Sheet:
        return action_lists.Sheet(self.title, self.columns, list(self.lines(records)))

    def kind(self, fmt: str) -> str:
        """Its job kind in one format (a key of jobs.MAKERS)."""
        return f"{self.stem}.{fmt}"


def _unscreened(db, area: dict) -> list[dict]:
    """The unscreened officers of `area`, each with a personal link (issued now if missing)."""
    return with_links(db, lambda: list_store.unscreened_officers(db, **area))


LISTS = {
    list_file.stem: list_file
    for list_file in (
        ListFile(
            "belum-skrining",
            "officers:unscreened",
            "petugas",
            action_lists.CHASE_TITLE,
            action_lists.CHASE_COLUMNS,
            read=_unscreened,
            lines=lambda officers: action_lists.chase_rows(officers, **link_writing()),
            count=lambda db, area: list_store.count_unscreened(db, **area),
        ),
        ListFile(
            "jkn-belum-aktif",
            "officers:jkn",
            "petugas",
            action_lists.JKN_TITLE,
            action_lists.JKN_COLUMNS,
            read=lambda db, area: list_store.officers_without_jkn(db, **area),
            lines=action_lists.jkn_rows,
            count=lambda db, area: list_store.count_without_jkn(db, **area),
        ),
        ListFile(
            "bpjs-ketenagakerjaan-belum",
            "officers:bpjs_tk",
            "petugas",
            action_lists.BPJS_TK_TITLE,
            action_lists.BPJS_TK_COLUMNS,
            read=lambda db, area: list_store.officers_without_bpjs_tk(db, **area),
            lines=action_lists.bpjs_tk_rows,
            count=lambda db, area: list_store.count_without_bpjs_tk(db, **area),
        ),
        ListFile(
            "rujukan",
            "referrals:kpu",
            "rujukan",
            action_lists.REFERRAL_TITLE,
            action_lists.REFERRAL_COLUMNS,
            read=lambda db, area: list_store.referrals_in_area(db, **area),
            lines=lambda referrals: action_lists.referral_rows(referrals, today_wib()),
            count=lambda db, area: list_store.count_referrals_in_area(db, **area),
        ),
    )
}
# The job kinds of every list in every format: {kind: (list, format)}.
KINDS = {list_file.kind(fmt): (list_file, fmt) for list_file in LISTS.values() for fmt in FORMATS}


def write(area: Area, path: Path, progress, *, kind: str) -> int:
    """Write the list and format of job `kind` for `area` to `path`, readable by its owner
    only; return how many rows it holds. `progress(done, total)` counts the rows written."""
    list_file, fmt = KINDS[kind]
    records = list_file.read(get_db(), area.filters())
    total = len(records)
    progress(0, total)

    def counted(lines):
        for done, line in enumerate(lines, start=1):
            yield line
            if done % STEP == 0 or done == total:
                progress(done, total)

    body = action_lists.write_rows(
        counted(list_file.lines(records)), list_file.columns, title=list_file.title, kind=fmt
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(body)
    return total
