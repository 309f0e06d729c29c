"""The one place that talks to SQLite.

Every query lives in a module of this package behind a named function, taking the connection as its
first argument; views, commands and domain operations never hold SQL. Plain Python: the web side
opens one connection per request (`screening.web.database`), commands open their own.
"""

import sqlite3

import sqlite_utils


def connect(path: str) -> sqlite_utils.Database:
    """Open the database with the settings every connection needs."""
    conn = sqlite3.connect(path, timeout=10, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    # WAL lets officers read while another request writes; foreign keys are off by default in
    # SQLite; the busy timeout makes concurrent writers wait instead of failing.
    db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA synchronous = NORMAL")
    # Deleted rows are overwritten with zeros, not left in free pages of the file: a purge
    # (retention) or a withdrawn answer must not be recoverable from a copy of the file.
    db.execute("PRAGMA secure_delete = ON")
    return db
