"""A storage for the `limits` library in a SQLite file: rate-limit counts shared by every worker.

gunicorn runs several worker processes; counts kept in memory are per process, so a limit of 10
becomes 10 per worker. Redis or memcached share them, but the default deployment has neither:
this storage keeps the counts in one SQLite file that every worker opens. Each count changes in
one UPSERT statement, which SQLite runs under its write lock, so two workers can never both see
9 and both let the 10th attempt through: the limit holds exactly. Only the fixed-window strategy
(flask-limiter's default) is supported.

URI: `sqlite:///absolute/path/ratelimit.db` (`sqlite://relative/path.db` is relative to the
working directory). Importing this module registers the scheme with `limits`.
"""

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import ClassVar

from limits.storage import Storage

SCHEME = "sqlite"
# Expired windows are deleted at most this often per process: often enough that the file stays
# small, rarely enough that the delete costs nothing per request.
PURGE_EVERY_SECONDS = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS window_count (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID
"""

# A window that has run out starts again at `amount`; otherwise the hits add up. Every value on
# the right of SET is the row's value before this statement, so both CASEs test the old expiry.
_INCREMENT = """
INSERT INTO window_count (key, hits, expires_at) VALUES (:key, :amount, :now + :expiry)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN expires_at <= :now THEN :amount ELSE hits + :amount END,
    expires_at = CASE WHEN expires_at <= :now THEN :now + :expiry ELSE expires_at END
RETURNING hits
"""


def path_from_uri(uri: str) -> str:
    path = uri.removeprefix(f"{SCHEME}://")
    if not path:
        raise ValueError(f"no file in rate-limit storage URI {uri!r}")
    return path


def _use_wal(conn: sqlite3.Connection, wait: float = 10.0) -> None:
    """Put the file in WAL mode (it stays so). Switching needs the file to itself, and SQLite
    answers "locked" at once, without its busy wait, when another process opens it at that
    moment (workers starting together on a new file): so wait and try again here."""
    deadline = time.monotonic() + wait
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file (one connection per thread and process)."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = path_from_uri(uri)
        self._local = threading.local()
        self._last_purge = 0.0

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use: the app factory must stay free of side
        effects, and a connection opened before gunicorn forks must not be shared by workers."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.conn = self._connect()
            local.pid = os.getpid()
        return local.conn

    def _connect(self) -> sqlite3.Connection:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by the service user only; SQLite gives its -wal and -shm files the
        # same mode.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        # Autocommit: each statement is its own transaction, so the UPSERT takes the write lock
        # the moment it starts (no read-then-upgrade that SQLite would refuse under load).
        conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(_SCHEMA)
        return conn

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        conn = self._connection()
        rows = conn.execute(
            _INCREMENT, {"key": key, "amount": amount, "now": now, "expiry": expiry}
        ).fetchall()  # fetching every row ends the statement and so its transaction
        if now - self._last_purge > PURGE_EVERY_SECONDS:
            self._last_purge = now
            conn.execute("DELETE FROM window_count WHERE expires_at <= ?", (now,))
        return rows[0][0]

    def get(self, key: str) -> int:
        row = (
            self._connection()
            .execute(
                "SELECT hits FROM window_count WHERE key = ? AND expires_at > ?",
                (key, time.time()),
            )
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = (
            self._connection()
            .execute(
                "SELECT expires_at FROM window_count WHERE key = ? AND expires_at > ?", (key, now)
            )
            .fetchone()
        )
        return row[0] if row else now

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM window_count").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM window_count WHERE key = ?", (key,))
