"""The one place that talks to SQLite.

Every query lives in a module of this package behind a named function; views, CLI commands and
templates never hold SQL. A request gets one connection, opened on first use and closed on teardown.
Every transaction that writes is opened by `write_transaction`, which takes the write lock first.
"""

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator

import sqlite_utils
from flask import current_app, g


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
    return db


def get_db() -> Database:
    if "db" not in g:
        keep_open(current_app)
        g.db = connect(current_app.config["DATABASE"])
        _check_schema(g.db)
    return g.db


def keep_open(app) -> None:
    """Hold one idle connection per app (so per gunicorn worker) for its lifetime.

    When the last connection to a WAL database closes, SQLite checkpoints the whole log into the
    database and deletes it: with a connection per request that is nearly every request, and it
    cost more than the request's own work under load. An idle connection that never closes
    leaves checkpoints to SQLite's automatic ones (every 1,000 pages). It must have read the
    database once to count as a connection. Python 3.11 has no SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE;
    this is the portable way to the same effect (measured: connect, insert, close went from
    1.9 ms to 0.2 ms)."""
    if "sqlite_keeper" not in app.extensions:
        keeper = sqlite3.connect(app.config["DATABASE"], check_same_thread=False)
        keeper.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        app.extensions["sqlite_keeper"] = keeper


def _check_schema(db: sqlite_utils.Database) -> None:
    """Refuse to run on a database with pending migrations, once per process.

    sqlite-utils creates a missing table on first insert, so code running ahead of its schema would
    otherwise build tables without their keys and constraints, silently.
    """
    if current_app.extensions.get("schema_checked"):
        return
    from screening.store import migrations

    pending = migrations.pending(db)
    if pending:
        raise RuntimeError(
            f"the database has {len(pending)} pending migration(s) ({', '.join(pending)}): "
            "run `flask --app app db upgrade`"
        )
    current_app.extensions["schema_checked"] = True


def close_db(exception=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app):
    app.teardown_appcontext(close_db)
