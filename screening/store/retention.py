"""Deleting health data once its retention period is over."""

from sqlite_utils import Database

from screening.store import write_transaction

# Children first: follow-ups, status events and messages hang on referrals, referrals on
# responses. The outbox goes too: a queued `tanda_bahaya` or `rujukan_terlambat` says what
# happened to the officer's health, and its referral_id would stop the referrals' deletion.
HEALTH_TABLES = ("message", "followup", "referral_event", "referral", "response")


def health_data_counts(db: Database) -> dict[str, int]:
    return {table: db[table].count for table in HEALTH_TABLES}


def purge_health_data(db: Database) -> dict[str, int]:
    """Delete every screening answer, result, referral and follow-up, in one transaction.

    The roster, staff accounts, consent decisions (evidence of lawful processing, no health data)
    and the audit log stay."""
    counts = health_data_counts(db)
    with write_transaction(db):
        for table in HEALTH_TABLES:
            db.execute(f"DELETE FROM {table}")  # noqa: S608 -- table names are our own constant
    return counts


def compact(db: Database) -> bool:
    """Leave no deleted row anywhere in the database's files: copy the write-ahead log into the
    file and empty it, rebuild the file without its free pages (VACUUM; in WAL mode it writes
    through the log), then copy and empty the log again. False when another connection was
    reading and the log could not be emptied (run again when the service is quiet)."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.vacuum()
    busy, _log_frames, _copied = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0
