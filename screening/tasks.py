"""The job queue: background work runs in `flask --app app worker`, never in a web worker.

Huey, with its SQLite storage in the instance folder (`jobs.db`) by default: nothing to install
or run beside the app. A large deployment sets `SKRINING_QUEUE_URL=redis://…` (and installs the
`redis` extra) for Huey's Redis storage. Web workers only put tasks on the queue and read job
state; a task runs in the worker, inside the app the worker command was started with (built by
`screening.web.app.create_app`), and calls the same code the `flask` commands call.

Tests run the queue in Huey's immediate mode (QUEUE_IMMEDIATE): a task runs where it is queued.
"""

import logging
import os
import threading
from pathlib import Path

from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import Huey

from screening.areas import Area
from screening.clock import now_iso
from screening.outreach import schedule
from screening.printing import jobs as print_jobs
from screening.web import outbox

NAME = "skrining"
REDIS_SCHEMES = ("redis", "rediss", "unix")
_building = threading.Lock()
log = logging.getLogger(__name__)


class QueueUrlError(ValueError):
    """A QUEUE_URL of no known kind; `scheme` only, as the rest may hold a password."""

    def __init__(self, scheme: str):
        super().__init__(scheme)
        self.scheme = scheme


def queue_url(app) -> str:
    return app.config.get("QUEUE_URL") or f"sqlite:///{Path(app.instance_path) / 'jobs.db'}"


def _huey(app) -> Huey:
    if app.config.get("QUEUE_IMMEDIATE"):
        return MemoryHuey(NAME, immediate=True, results=False)
    url = queue_url(app)
    scheme = url.partition("://")[0]
    if scheme in REDIS_SCHEMES:
        return RedisHuey(NAME, url=url, results=False)
    if scheme == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        _private_file(path)
        return SqliteHuey(NAME, filename=str(path), results=False)
    raise QueueUrlError(scheme if "://" in url else "")


def _private_file(path: Path) -> None:
    """Create the queue's database readable by the service user only; SQLite gives its -wal and
    -shm files the same mode. The tasks name no one, but their files sit beside those that do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


class Queue:
    """An app's Huey instance and the tasks registered on it."""

    def __init__(self, app):
        self.huey = huey = _huey(app)

        # The name predates lists as jobs: kept, so tasks queued before an upgrade still run.
        @huey.task(name="print_documents")
        def print_documents(job_id: str, kind: str, area: dict) -> None:
            """Make a job's file: a PDF print or a list (screening/printing/jobs.py)."""
            with app.app_context():
                print_jobs.run(app, job_id, kind, Area(**area))

        @huey.periodic_task(crontab(minute="*/15"), name="clean_up_print_jobs")
        def clean_up_print_jobs() -> None:
            """Delete jobs past their retention; fail those a worker lost."""
            print_jobs.clean_up(app)
            print_jobs.recover(app, queued=self.queued())

        self.print_documents = print_documents
        self.clean_up_print_jobs = clean_up_print_jobs

        # --- Messages to officers: plan what is due (screening/outreach/schedule.py) ---
        @huey.periodic_task(crontab(minute="*/15"), name="plan_messages")
        def plan_messages() -> None:
            """Every 15 minutes: queue the messages the reminder schedule says are due, cancel
            those no longer needed (one idempotent pass over the city)."""
            with app.app_context():
                from screening.web.database import get_db

                report = schedule.plan(get_db(), now=now_iso(), settings=app.config)
                log.info(
                    "plan_messages: %s queued, %s cancelled in %.1f s",
                    report.total_queued,
                    report.total_cancelled,
                    report.seconds,
                )

        self.plan_messages = plan_messages
        # --- end of planning ---

        # --- Messages to officers: release what is due (screening/outreach/delivery.py) ---
        @huey.periodic_task(crontab(minute="*"), name="send_messages")
        def send_messages() -> None:
            """Every minute: queued messages due now become ready for click-to-chat or go
            through the gateway (quiet hours, opt-outs and one a day are honoured there)."""
            # One pass at a time: a slow gateway can make a pass outlast its minute, and two
            # passes would read the same queued messages and send them twice.
            with huey.lock_task("send_messages"), app.app_context():
                outbox.run(app)

        self.send_messages = send_messages
        # --- end of messages ---

    def print_task(self, job_id: str, kind: str, area: dict):
        """The task that makes a job's file, to enqueue once its state is written."""
        return self.print_documents.s(job_id, kind, area)

    def enqueue(self, task) -> None:
        self.huey.enqueue(task)

    def queued(self) -> set[str]:
        """The ids of the tasks waiting in the queue (read from the messages alone: a task of an
        older version of the app, no longer registered, must not stop the worker starting)."""
        deserialize = self.huey.serializer.deserialize
        return {deserialize(data).id for data in self.huey.storage.enqueued_items()}


def get(app) -> Queue:
    """The app's queue, built on first use (building the app opens no queue)."""
    queue = app.extensions.get("queue")
    if queue is None:
        with _building:
            queue = app.extensions.get("queue")
            if queue is None:
                queue = app.extensions["queue"] = Queue(app)
    return queue


def run_worker(app, *, workers: int = 1) -> None:
    """Run the queue's tasks in this process until SIGINT (after the task at hand) or SIGTERM.

    First, the jobs a dead worker left behind are failed and their partial files deleted. The
    queue is polled at least every second: a KPU operator is watching the progress page.
    """
    queue = get(app)
    failed = print_jobs.recover(app, queued=queue.queued())
    if failed:
        log.warning("%s job(s) left behind by a dead worker marked failed", failed)
    # A worker killed during a message pass leaves its lock behind: released on start. Should
    # that let two passes overlap (another worker's still running), each gateway message is
    # still sent once: a pass claims it before sending (outbox.claim_for_sending).
    consumer = queue.huey.create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=True,
        max_delay=1.0,
        extra_locks="send_messages",
    )
    consumer.run()
