"""The chase list as a file, written the same way in a request (a small area) and in the job
worker (a large one, screening/printing/jobs.py): officers without a personal link are given one
first, exactly as the inline download does, so exporting again gives the same links.

Runs inside an app context (a request, or the worker's task); the links are built on BASE_URL,
never a request's host.
"""

import os
from pathlib import Path

from screening import action_lists
from screening.areas import Area
from screening.store import action_lists as list_store
from screening.web.database import get_db
from screening.web.officer_session import link_writing, with_links

# The job kinds (screening/printing/jobs.py MAKERS), by file format.
KINDS = {"xlsx": "chase-xlsx", "csv": "chase-csv"}
# How often (in officers) a job writes its progress; the writer throttles too.
STEP = 500


def officers(db, area: dict) -> list[dict]:
    """The unscreened officers of `area`, each with a personal link (issued now if missing)."""
    return with_links(db, lambda: list_store.unscreened_officers(db, **area))


def sheet(db, area: dict) -> action_lists.Sheet:
    return action_lists.chase_sheet(officers(db, area), **link_writing())


def write(area: Area, path: Path, progress, *, kind: str) -> int:
    """Write `area`'s chase list as `kind` (xlsx or csv) to `path`, readable by its owner only;
    return how many officers it lists. `progress(done, total)` counts the officers written."""
    listed = officers(get_db(), area.filters())
    total = len(listed)
    progress(0, total)

    def counted(rows):
        for done, row in enumerate(rows, start=1):
            yield row
            if done % STEP == 0 or done == total:
                progress(done, total)

    rows = counted(action_lists.chase_rows(listed, **link_writing()))
    body = action_lists.write_rows(
        rows, action_lists.CHASE_COLUMNS, title=action_lists.CHASE_TITLE, kind=kind
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(body)
    return total
