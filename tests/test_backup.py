"""`flask --app app db backup`: a consistent copy under load, with its keys, restorable."""

import shutil
import stat
import threading
import time

from screening import backup, store
from screening.clock import now_iso
from screening.store import audit
from screening.web import config
from screening.web.database import get_db
from tests import apps
from tests.factories import officer_with_link


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class Writer:
    """Inserts audit rows one transaction each on its own connection, as fast as it can, and
    records every row whose commit returned (acknowledged, as a response to a user would be)."""

    def __init__(self, database: str):
        self.database = database
        self.acknowledged: list[str] = []
        self.errors: list[Exception] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        db = store.connect(self.database)
        try:
            number = 0
            while not self.stop.is_set():
                number += 1
                subject = f"baris-{number}"
                try:
                    audit.record(
                        db, at=now_iso(), staff_id=None, role="admin", action="uji", subject=subject
                    )
                except Exception as error:  # the test fails on any
                    self.errors.append(error)
                    return
                self.acknowledged.append(subject)
        finally:
            db.close()

    def wait_for(self, count: int):
        deadline = time.monotonic() + 30
        while len(self.acknowledged) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.acknowledged) >= count, self.errors


def test_backup_under_write_load_restores_every_acknowledged_row(app, make, tmp_path):
    officer_with_link(make, app)  # an issued link, so `db check` can test the restored key
    writer = Writer(app.config["DATABASE"])
    writer.thread.start()
    try:
        writer.wait_for(200)
        acknowledged_before = list(writer.acknowledged)
        result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "cadangan")])
        writer.wait_for(len(acknowledged_before) + 200)  # still writing after the backup
    finally:
        writer.stop.set()
        writer.thread.join(timeout=30)
    assert writer.errors == []
    assert result.exit_code == 0, result.output
    (folder,) = backup.backups(tmp_path / "cadangan")

    # Restore into a fresh instance folder, as the README says: the database and the keys.
    instance = tmp_path / "instance-baru"
    instance.mkdir(mode=0o700)
    for name in ("screening.db", "secret_key", "access_key"):
        shutil.copy2(folder / name, instance / name)
    assert config.instance_secret_key(instance) == app.config["SECRET_KEY"]
    assert config.instance_secret_key(instance, "access_key") == app.config["ACCESS_KEY"]

    restored = apps.build_app(
        instance / "screening.db",
        SECRET_KEY=config.instance_secret_key(instance),
        ACCESS_KEY=config.instance_secret_key(instance, "access_key"),
    )
    try:
        # Its own app context: the CLI runner would otherwise use the one the `make` fixture holds.
        with restored.app_context():
            checked = restored.test_cli_runner().invoke(args=["db", "check"])
            assert checked.exit_code == 0, checked.output
            assert "ACCESS_KEY cocok" in checked.output
            subjects = {
                row["subject"] for row in get_db()["audit_log"].rows_where("action = 'uji'")
            }
    finally:
        apps.close(restored)
    missing = [s for s in acknowledged_before if s not in subjects]
    assert missing == [], f"{len(missing)} of {len(acknowledged_before)} acknowledged rows lost"
    # A copy of one moment: rows form an unbroken run from the first (nothing half-written).
    assert subjects == {f"baris-{n}" for n in range(1, len(subjects) + 1)}


def test_backup_files_are_private_and_hold_the_keys(app, runner, tmp_path):
    dest = tmp_path / "cadangan"
    result = runner.invoke(args=["db", "backup", str(dest)])
    assert result.exit_code == 0, result.output
    (folder,) = backup.backups(dest)
    assert mode(dest) == 0o700
    assert mode(folder) == 0o700
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["access_key", "manifest.json", "screening.db", "secret_key"]
    assert {name: mode(folder / name) for name in names} == dict.fromkeys(names, 0o600)
    assert (folder / "access_key").read_text() == app.config["ACCESS_KEY"]
    assert (folder / "secret_key").read_text() == app.config["SECRET_KEY"]


def test_keep_deletes_only_the_oldest_backups(runner, tmp_path):
    dest = tmp_path / "cadangan"
    dest.mkdir()
    (dest / "catatan.txt").write_text("bukan cadangan")
    (dest / "skrining-lain").mkdir()
    made = []
    for _ in range(4):
        result = runner.invoke(args=["db", "backup", str(dest), "--keep", "2"])
        assert result.exit_code == 0, result.output
        made.append(backup.backups(dest)[-1])
    assert backup.backups(dest) == made[-2:]
    assert (dest / "catatan.txt").exists()
    assert (dest / "skrining-lain").is_dir()


def test_keep_must_be_at_least_one(runner, tmp_path):
    result = runner.invoke(args=["db", "backup", str(tmp_path / "c"), "--keep", "0"])
    assert result.exit_code != 0
    assert not (tmp_path / "c").exists()


def test_check_refuses_a_restore_with_the_wrong_access_key(make_app, make, app, tmp_path):
    officer_with_link(make, app)
    other = make_app(ACCESS_KEY="kunci-lain")
    apps.copy_database(app.config["DATABASE"], other.config["DATABASE"])
    with other.app_context():  # not the one the `make` fixture holds
        result = other.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code != 0, result.output
    assert "ACCESS_KEY tidak cocok" in result.output


def test_backup_of_a_missing_database_says_so(make_app, tmp_path):
    missing = tmp_path / "tidak-ada.db"
    app = make_app(DATABASE=str(missing))
    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "c")])
    assert result.exit_code != 0
    assert "tidak ada" in result.output
    assert not missing.exists()
