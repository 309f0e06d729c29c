"""The instance folder is the service user's alone: the folder 0700, every file in it 0600 (the
database, its WAL and shared-memory files, the keys, uploads, print jobs), however it was made."""

import os
import stat
from pathlib import Path

import pytest

from tests import apps


def modes(folder: Path) -> dict[str, int]:
    """Every path under `folder` (itself too) with its permission bits."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def assert_private(folder: Path) -> None:
    for name, mode in modes(folder).items():
        wanted = 0o700 if (folder / name).is_dir() else 0o600
        assert mode & ~wanted == 0, f"{name} is {mode:o}"


@pytest.fixture
def shell_umask():
    """The umask a shell or systemd gives a process (022): files 0644 unless the app says no."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.usefixtures("shell_umask")
def test_a_fresh_instance_keeps_every_file_to_the_service_user(tmp_path):
    instance = tmp_path / "instance"
    app = apps.build_app(
        instance / "screening.db", INSTANCE_PATH=str(instance), SECRET_KEY=None, ACCESS_KEY=None
    )
    try:
        assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
        assert app.test_client().get("/").status_code == 200  # the app's own connection
        # Whatever code writes into the folder later (print jobs, the job queue, a backup).
        job = instance / "print-jobs" / "0123456789abcdef"
        job.mkdir(parents=True)
        (job / "output.pdf").write_bytes(b"%PDF-1.7")
        found = modes(instance)
        assert {"screening.db", "screening.db-wal", "screening.db-shm"} <= found.keys()
        assert {"secret_key", "access_key"} <= found.keys()
        assert found["."] == 0o700
        assert_private(instance)
    finally:
        apps.close(app)


@pytest.mark.usefixtures("shell_umask")
def test_an_instance_made_before_this_rule_is_tightened_at_start(tmp_path, migrated_db):
    instance = tmp_path / "instance"
    (instance / "uploads").mkdir(parents=True)
    apps.copy_database(migrated_db, instance / "screening.db")
    for name in ("screening.db-wal", "screening.db-shm", "secret_key", "uploads/x.csv"):
        (instance / name).touch()
    for path in (instance, instance / "uploads"):
        path.chmod(0o755)
    for path in instance.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    apps.close(apps.build_app(instance / "screening.db", INSTANCE_PATH=str(instance)))
    assert_private(instance)


def test_a_database_outside_the_instance_folder_is_private_too(tmp_path, migrated_db):
    database = tmp_path / "data" / "screening.db"
    database.parent.mkdir()
    apps.copy_database(migrated_db, database)
    database.chmod(0o644)
    apps.close(apps.build_app(database, INSTANCE_PATH=str(tmp_path / "instance")))
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
