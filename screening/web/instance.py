"""The instance folder holds the database, the keys, uploaded rosters and printed PDFs: health
data and secrets, for the service user's eyes only (folder 0700, files 0600).

Two rules make it so. The process's umask is 077 from the app's start, so every file anything in
it creates (SQLite's database, WAL and shared-memory files, WeasyPrint's PDFs, the job queue's
storage, a backup) is the owner's alone, whoever wrote the code that creates it. And at start the
folder and what it already holds are tightened, for an installation from before this rule, where
they were created 0644. SQLite gives a WAL and shared-memory file the database file's own mode.
"""

import logging
import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600
_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")

log = logging.getLogger(__name__)


def make_private(instance: Path, database: str) -> None:
    """Set the umask, create the instance folder, and tighten it, its contents and the
    database's files (which may live elsewhere)."""
    os.umask(PRIVATE_UMASK)
    instance.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _restrict(instance, FOLDER_MODE)
    for folder, subfolders, files in os.walk(instance):
        for name in subfolders:
            _restrict(Path(folder) / name, FOLDER_MODE)
        for name in files:
            _restrict(Path(folder) / name, FILE_MODE)
    if database and database != ":memory:" and not database.startswith("file:"):
        for suffix in _SQLITE_COMPANIONS:
            _restrict(Path(database + suffix), FILE_MODE)


def _restrict(path: Path, mode: int) -> None:
    try:
        current = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(current.st_mode) or stat.S_IMODE(current.st_mode) & ~mode == 0:
        return  # a link's target is not ours to change; already private
    try:
        path.chmod(mode)
    except PermissionError:  # another user's file: say so, and keep serving
        log.warning("cannot make %s private (mode %o): not its owner", path, mode)
