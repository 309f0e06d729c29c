"""Copying the database while the app runs, and checking a copy before it is trusted."""

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlite_utils import Database


def copy_to(db: Database, target: Path) -> None:
    """Copy the whole database into `target` (an existing empty file) through SQLite's backup API.

    All pages are copied in one step, under one read transaction: the copy is the database as it
    was at one moment (every transaction committed before it, none after), while other
    connections keep reading and writing (WAL). A file copy could catch a write half done, and
    would miss what is still in the write-ahead log."""
    with closing(sqlite3.connect(target)) as copy:
        db.conn.backup(copy)
        # One self-contained file, whatever journal mode the source was in: nothing is left in a
        # -wal beside it for a copy to the backup medium to miss.
        copy.execute("PRAGMA journal_mode = DELETE").fetchall()


def problems(db: Database) -> list[str]:
    """What SQLite finds wrong with the database: damaged pages or indexes, rows whose foreign
    key points nowhere. Empty when it is sound."""
    found = [row[0] for row in db.execute("PRAGMA quick_check").fetchall() if row[0] != "ok"]
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        found.append(f"{table} row {rowid}: no {parent} row it refers to")
    return found


def table_counts(db: Database) -> dict[str, int]:
    """Rows per table (SQLite's own and the migrations' bookkeeping left out)."""
    names = [name for name in db.table_names() if not name.startswith("sqlite_")]
    # Table names come from the database's own catalogue, quoted.
    return {
        name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def one_issued_access(db: Database) -> dict | None:
    """One live personal link (officer id, version, token hash), to check a key against."""
    rows = list(
        db.query(
            "SELECT officer_id, version, token_hash FROM officer_access "
            "WHERE token_hash IS NOT NULL AND revoked_at IS NULL ORDER BY officer_id LIMIT 1"
        )
    )
    return rows[0] if rows else None
