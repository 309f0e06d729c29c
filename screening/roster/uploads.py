"""Uploaded roster files kept between the preview and the import.

A file is named by a random token, never by anything in it, and read again on import so the
import checks what is in the database then. Files older than a day are swept away: a roster holds
every officer's NIK and is kept no longer than the upload needs.
"""

import os
import re
import secrets
import time
from datetime import timedelta
from pathlib import Path

EXTENSIONS = ("csv", "xlsx")
MAX_AGE = timedelta(days=1)
_TOKEN = re.compile(r"[0-9a-f]{32}")


def save_upload(folder: Path, data: bytes, extension: str) -> str:
    """Store the file readable by the app's user only; return its token."""
    if extension not in EXTENSIONS:
        raise ValueError(f"extension must be one of {EXTENSIONS}, got {extension!r}")
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    fd = os.open(folder / f"{token}.{extension}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return token


def upload_path(folder: Path, token: str, extension: str) -> Path | None:
    """The stored file for a token, or None if the token is malformed, expired or gone."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token) or extension not in EXTENSIONS:
        return None
    path = folder / f"{token}.{extension}"
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return None
    if age > MAX_AGE.total_seconds():
        path.unlink(missing_ok=True)
        return None
    return path


def delete_upload(folder: Path, token: str, extension: str) -> None:
    if isinstance(token, str) and _TOKEN.fullmatch(token) and extension in EXTENSIONS:
        (folder / f"{token}.{extension}").unlink(missing_ok=True)


def sweep_uploads(folder: Path, *, max_age: timedelta = MAX_AGE) -> int:
    """Delete stored uploads older than `max_age`; return how many."""
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for path in folder.iterdir():
        if _TOKEN.fullmatch(path.stem) and path.suffix[1:] in EXTENSIONS:
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                continue  # removed by another worker in the meantime
    return removed
