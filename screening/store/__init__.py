"""The one place that talks to SQLite.

Every query lives in a module of this package behind a named function, taking the connection as its
first argument; views, commands and domain operations never hold SQL. Every transaction that writes
is opened by `write_transaction`, which takes the write lock first. Plain Python: the web side opens
one connection per request (`screening.web.database`), commands open their own.
"""

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator

import sqlite_utils


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run the block in one transaction that holds SQLite's write lock from its first statement.

    A deferred transaction (plain `BEGIN`, sqlite-utils' `atomic()`) starts as a reader and must
    upgrade to a writer at its first write. Under WAL, when another connection holds the write
    lock or has committed since this one began reading, that upgrade fails at once with
    "database is locked" (the busy timeout is not consulted, since waiting could not give the
    reader a current snapshot): 9 of 320 officers got a 500 on the consent page that way.
    `BEGIN IMMEDIATE` takes the lock before reading anything, so a second writer waits its turn
    (busy timeout) instead of failing. Nested blocks become savepoints of the outer transaction.
    """
    conn = db.conn
    if conn.in_transaction:
        savepoint = f"write_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield db
        except BaseException:
            # An error may already have ended the whole transaction, savepoint included.
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {savepoint}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class Database(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions all begin IMMEDIATE.

    sqlite-utils wraps each of its own writes (`table.insert`, `.upsert`, `.update`) in
    `atomic()` after reading the table's schema: left deferred, every one of them is the
    read-then-upgrade that fails under concurrent writers."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator["Database"]:
        with write_transaction(self):
            yield self


def connect(path: str) -> Database:
    """Open the database with the settings every connection needs."""
    # isolation_level: the transaction Python opens by itself before a lone INSERT, UPDATE or
    # DELETE takes the write lock at once too.
    conn = sqlite3.connect(path, timeout=10, check_same_thread=False, isolation_level="IMMEDIATE")
    db = Database(conn)
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
