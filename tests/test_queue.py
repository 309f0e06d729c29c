"""The job queue's settings: Huey on SQLite in the instance folder by default, Redis by URL, and
a worker command that explains a wrong setting."""

import configparser
import stat
from pathlib import Path

import pytest
from huey import MemoryHuey, SqliteHuey

from screening import tasks
from screening.web.config import PROJECT_ROOT


def test_the_default_queue_is_sqlite_in_the_instance_folder(make_app):
    app = make_app(QUEUE_IMMEDIATE=False)
    assert tasks.queue_url(app) == f"sqlite:///{Path(app.instance_path) / 'jobs.db'}"


def test_the_sqlite_queue_is_readable_by_its_owner_only(make_app, tmp_path):
    app = make_app(QUEUE_IMMEDIATE=False, QUEUE_URL=f"sqlite:///{tmp_path / 'jobs.db'}")
    queue = tasks.get(app)
    assert isinstance(queue.huey, SqliteHuey)
    queue.enqueue(queue.print_task("0123456789abcdef", "slips", {}))
    assert queue.queued()
    files = sorted(tmp_path.glob("jobs.db*"))
    assert [f.name for f in files][:1] == ["jobs.db"]
    assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {f.name: 0o600 for f in files}


def test_a_redis_url_puts_the_queue_on_redis(make_app, monkeypatch):
    made = {}

    def redis_huey(name, **options):
        made.update(options, name=name)
        return MemoryHuey(name)

    monkeypatch.setattr(tasks, "RedisHuey", redis_huey)
    app = make_app(QUEUE_IMMEDIATE=False, QUEUE_URL="redis://queue.internal:6379/0")
    tasks.get(app)
    assert made == {"name": "skrining", "url": "redis://queue.internal:6379/0", "results": False}


def test_tests_run_tasks_where_they_are_queued(app):
    assert tasks.get(app).huey.immediate


@pytest.mark.parametrize(
    ("url", "shown"), [("ftp://user:secret@host/q", "'ftp'"), ("jobs.db", "''")]
)
def test_the_worker_explains_an_unknown_queue_url_without_showing_it(make_app, url, shown):
    app = make_app(QUEUE_IMMEDIATE=False, QUEUE_URL=url)
    result = app.test_cli_runner().invoke(args=["worker"])
    assert result.exit_code == 1
    assert result.output == (
        f"Jenis SKRINING_QUEUE_URL {shown} tidak dikenal: gunakan sqlite:///… atau redis://….\n"
    )


def test_the_worker_is_not_needed_when_tasks_run_where_they_are_queued(runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code == 1
    assert "tidak perlu worker" in result.output


def test_the_worker_unit_restarts_the_worker_and_keeps_its_files_private():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(PROJECT_ROOT / "docs" / "deploy" / "skrining-worker.service")
    service = unit["Service"]
    assert service["ExecStart"].endswith("/flask --app app worker")
    assert service["Restart"] == "always"
    assert service["KillMode"] == "control-group"  # its PDF processes stop with it
    assert service["UMask"] == "0077"
