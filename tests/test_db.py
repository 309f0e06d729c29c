"""The database: settings on every connection, migrations applied once."""

import sqlite3

import pytest

from screening.store import migrations
from screening.web.database import get_db
from tests import apps


def test_every_connection_has_wal_foreign_keys_and_a_busy_timeout(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_db_upgrade_applies_migrations_then_reports_up_to_date(tmp_path):
    app = apps.build_app(tmp_path / "fresh.db")  # not migrated
    runner = app.test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "applied m001_regions_fktp_officers_staff" in first.output
    second = runner.invoke(args=["db", "upgrade"])
    assert "database is up to date" in second.output
    with app.app_context():
        assert migrations.pending(get_db()) == []
        assert {"kecamatan", "kelurahan", "fktp", "officer", "staff"} <= set(get_db().table_names())


def test_connection_is_closed_after_the_request(app):
    with app.app_context():
        db = get_db()
    # Closed on teardown: using it again fails.
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")


def test_an_officer_must_belong_to_a_known_kecamatan(db, make):
    make.region()
    with pytest.raises(sqlite3.IntegrityError):
        db["officer"].insert(
            {
                "nik": "1",
                "name": "x",
                "sex": "L",
                "birth_date": "1990-01-01",
                "role": "KPPS",
                "kecamatan_code": "999999",
            }
        )


def test_the_app_refuses_a_database_with_pending_migrations(tmp_path):
    app = apps.build_app(tmp_path / "old.db")
    with app.app_context(), pytest.raises(RuntimeError, match="db upgrade"):
        get_db()
