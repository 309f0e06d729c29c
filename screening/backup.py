"""Backups that can be restored: the database, the keys that make it useful, nobody else's to read.

A copy of the database alone is not enough: without ACCESS_KEY every personal link and access code
already printed on a card stops working (they are derived from it, and the database keeps only
their hashes), and without SECRET_KEY every session ends. So a backup is a folder:

    DEST/skrining-20291115T020000.123456Z/
        screening.db    the database at one moment (SQLite's backup API)
        secret_key      SECRET_KEY, as the instance folder keeps it
        access_key      ACCESS_KEY, likewise
        manifest.json   when, rows per table, SHA-256 of screening.db

The folder is 0700 and every file 0600 (health data and keys, UU 27/2022). It is assembled under
a hidden name and renamed only once complete and checked, so a backup that was cut short is
never taken for one and never counted by the rotation. Plain Python over the store: no Flask.
"""

import hashlib
import json
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from screening.officers import access
from screening.store import backup as backup_store

PREFIX = "skrining-"
NAME = re.compile(r"skrining-\d{8}T\d{6}\.\d{6}Z")
DATABASE_FILE = "screening.db"
KEY_FILES = ("secret_key", "access_key")


class BackupError(Exception):
    """The copy failed its check: nothing was kept."""


def make_backup(db: Database, dest: Path, *, keys: dict[str, str], now: datetime) -> Path:
    """Copy `db` and `keys` (file name → value, see KEY_FILES) into a new backup folder in `dest`
    (created 0700 when missing) and return that folder."""
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = PREFIX + now.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    final = dest / name
    partial = dest / f".{name}.partial"
    partial.mkdir(mode=0o700)
    try:
        target = partial / DATABASE_FILE
        _private_file(target, b"")
        backup_store.copy_to(db, target)
        with Database(target) as copy:
            found = backup_store.problems(copy)
            counts = backup_store.table_counts(copy)
        if found:
            raise BackupError("; ".join(found[:5]))
        for file_name, value in keys.items():
            _private_file(partial / file_name, value.encode())
        manifest = {
            "created_at": now.astimezone(UTC).isoformat(),
            "database": DATABASE_FILE,
            "sha256": _sha256(target),
            "tables": counts,
        }
        _private_file(partial / "manifest.json", json.dumps(manifest, indent=2).encode())
        _sync_folder(partial)
        partial.rename(final)
        _sync_folder(dest)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def backups(dest: Path) -> list[Path]:
    """The complete backups in `dest`, oldest first (their names sort by time)."""
    if not dest.is_dir():
        return []
    return sorted(p for p in dest.iterdir() if p.is_dir() and NAME.fullmatch(p.name))


def rotate(dest: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `dest`; return what was deleted. Nothing else
    in `dest` is touched."""
    old = backups(dest)[:-keep] if keep > 0 else []
    for folder in old:
        shutil.rmtree(folder)
    return old


def access_key_matches(db: Database, key: str) -> bool | None:
    """Whether `key` is the ACCESS_KEY this database's personal links were issued with; None
    when no link has been issued yet (nothing to check against)."""
    issued = backup_store.one_issued_access(db)
    if issued is None:
        return None
    token = access.link_token(key.encode(), issued["officer_id"], issued["version"])
    return access.token_hash(token) == issued["token_hash"]


def _private_file(path: Path, content: bytes) -> None:
    """Create `path` readable and writable by its owner only, from the first byte (O_EXCL: never
    through a file or link that was already there)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Make the folder's entries (new files, a rename) durable, not only the files' contents."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
