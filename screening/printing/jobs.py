"""Files too big to make in a request, from a KPU page without a request that hangs: bulk slips
and access cards (PDF), and a large area's lists (XLSX or CSV: the chase list, JKN, BPJS TK,
referrals). The page puts a job on the queue (screening/tasks.py), the worker process (`flask
--app app worker`) writes the file through the maker of the job's kind (MAKERS), and the page
refreshes itself to show progress, then offers the download.

Job state and output live in PRINT_JOBS_DIR (by default `print-jobs/<id>/` in the instance
folder), so any web worker can show any job. The files hold personal data: the folders are 0700,
every file 0600, and finished jobs are deleted after RETENTION.

A job whose worker died (killed, out of memory, the machine restarted) never stays "berjalan": a
running job names the process that runs it, and whoever reads the state of a running job whose
process is gone marks it failed and deletes its partial output there and then; the worker does the
same for every such job when it starts (`recover`). So a dead job blocks nobody, not even the
person who started it.
"""

import json
import logging
import os
import re
import secrets
import shutil
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from screening import action_lists
from screening.areas import Area
from screening.printing import bulk as printing
from screening.web import list_files

RETENTION = 24 * 3600  # seconds a finished job's file is kept
# A running job on another machine (a shared folder behind a Redis queue) cannot be checked by
# process id: silent this long, it died with its worker. On one machine death is seen at once.
STALLED = 15 * 60
# A queued job the queue no longer holds was lost with a worker that had just taken it; this long
# covers the moment between writing a new job's state and handing it to the queue.
LOST = 60
QUEUED, RUNNING, DONE, FAILED = "antre", "berjalan", "selesai", "gagal"
UNFINISHED = (QUEUED, RUNNING)
JOB_ID = re.compile(r"[0-9a-f]{16}")
STATE = "state.json"
OUTPUT = "output"  # and the maker's extension
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Maker:
    """What a kind of job makes: `write(area, path, progress)` writes the file and returns how
    many documents or officers it holds, reporting progress(done, total) on the way."""

    write: Callable[[Area, Path, printing.Progress], int]
    extension: str
    mimetype: str


PDF_MIMETYPE = "application/pdf"
MAKERS = {
    printing.SLIPS: Maker(printing.print_slips, "pdf", PDF_MIMETYPE),
    printing.CARDS: Maker(printing.print_cards, "pdf", PDF_MIMETYPE),
    **{
        kind: Maker(partial(list_files.write, kind=kind), fmt, action_lists.mimetype(fmt))
        for kind, (_list, fmt) in list_files.KINDS.items()
    },
}
PRINTS = (printing.SLIPS, printing.CARDS)


def jobs_dir(app) -> Path:
    return Path(app.config.get("PRINT_JOBS_DIR") or Path(app.instance_path) / "print-jobs")


def _job_dir(app, job_id: str) -> Path:
    return jobs_dir(app) / job_id


def output_path(app, job_id: str, kind: str | None = None) -> Path:
    """Where the job's file is (or will be): its name follows the kind (the job's own when
    `kind` is not given)."""
    if kind is None:
        kind = (_read(app, job_id) or {}).get("kind")
    maker = MAKERS.get(kind, MAKERS[printing.SLIPS])
    return _job_dir(app, job_id) / f"{OUTPUT}.{maker.extension}"


def _private_dir(path: Path) -> None:
    """`path` and the jobs folder above it, readable by the service user only."""
    for folder in (path.parent, path):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if folder.stat().st_mode & 0o077:
            folder.chmod(0o700)  # made before files were private, or under a loose umask


def _write(app, state: dict) -> None:
    state["updated"] = time.time()
    path = _job_dir(app, state["id"]) / STATE
    partial = path.with_name(f".{STATE}.{secrets.token_hex(4)}.tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(state, f)
    os.replace(partial, path)  # readers never see half a file


def _read(app, job_id: str) -> dict | None:
    try:
        return json.loads((_job_dir(app, job_id) / STATE).read_text())
    except (FileNotFoundError, NotADirectoryError, json.JSONDecodeError):
        return None


def state(app, job_id: str) -> dict | None:
    """The job's state; a running job whose worker is gone is failed here, at once."""
    if not JOB_ID.fullmatch(job_id or ""):
        return None
    current = _read(app, job_id)
    if current and current["status"] == RUNNING and not _worker_alive(current):
        _give_up(app, current, "its worker is gone")
    return current


def _job_paths(app) -> list[Path]:
    if not jobs_dir(app).is_dir():
        return []
    return [path for path in jobs_dir(app).iterdir() if JOB_ID.fullmatch(path.name)]


def _jobs(app):
    for path in _job_paths(app):
        yield path, state(app, path.name)


def unfinished(app, staff_id: int) -> dict | None:
    """The staff member's job still queued or running, if any: one at a time per person."""
    for _path, current in _jobs(app):
        if current and current["staff_id"] == staff_id and current["status"] in UNFINISHED:
            return current
    return None


def clean_up(app) -> None:
    """Delete finished jobs after RETENTION, and folders that never got a state."""
    now = time.time()
    for path, current in _jobs(app):
        if current is None:
            try:
                expired = now - path.stat().st_mtime > LOST  # not one being created right now
            except FileNotFoundError:
                continue  # another process cleaned it up first
        else:
            expired = current["status"] not in UNFINISHED and now - current["updated"] > RETENTION
        if expired:
            shutil.rmtree(path, ignore_errors=True)


def recover(app, *, queued: set[str] | None = None) -> int:
    """Fail the jobs a dead worker left behind and delete their partial output; return how many.

    Run by the worker when it starts. `queued`: the ids of the tasks the queue still holds; a job
    waiting for a task the queue no longer has is failed too (its worker took it, then died).
    """
    failed = 0
    for path in _job_paths(app):
        current = _read(app, path.name)
        if current is None:
            continue
        if current["status"] == RUNNING and not _worker_alive(current):
            _give_up(app, current, "its worker is gone")
            failed += 1
        elif (
            queued is not None
            and current["status"] == QUEUED
            and current.get("task") not in queued
            and time.time() - current["updated"] > LOST
        ):
            _give_up(app, current, "the queue no longer holds its task")
            failed += 1
    return failed


def _give_up(app, job: dict, why: str) -> None:
    log.warning("job %s failed: %s", job["id"], why)
    job["status"] = FAILED
    _remove_output(app, job["id"])
    _write(app, job)


def _remove_output(app, job_id: str) -> None:
    """Everything of the job but its state: its file, parts being rendered, a half-merged PDF."""
    for path in _job_dir(app, job_id).iterdir():
        if path.name == STATE:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


# --- the worker that runs a job -----------------------------------------------------------------


def _start_time(pid: int) -> int | None:
    """When the process started (clock ticks after boot): a pid reused by a new process differs."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])  # field 22; the name may hold spaces


def this_process() -> dict:
    return {"host": socket.gethostname(), "pid": os.getpid(), "started": _start_time(os.getpid())}


def _worker_alive(job: dict) -> bool:
    worker = job.get("worker")
    if not worker or worker["host"] != socket.gethostname() or worker["started"] is None:
        return time.time() - job["updated"] < STALLED
    return _start_time(worker["pid"]) == worker["started"]


# --- starting and running a job -----------------------------------------------------------------


def start(app, queue, *, kind: str, area: Area, staff_id: int, label: str, filename: str) -> dict:
    """Put a job of `kind` (a key of MAKERS: slips, cards, a chase list) for `area` on `queue`
    (screening/tasks.py): the worker process makes its file, downloaded as `filename`."""
    if kind not in MAKERS:
        raise ValueError(kind)
    clean_up(app)
    job_id = secrets.token_hex(8)
    _private_dir(_job_dir(app, job_id))
    task = queue.print_task(job_id, kind, asdict(area))
    job = {
        "id": job_id,
        "task": task.id,
        "kind": kind,
        "staff_id": staff_id,
        "label": label,
        # Its filters (codes, no names of people): the page leads back to the same area.
        "area": area.filters(),
        "filename": filename,
        "status": QUEUED,
        "done": 0,
        "total": None,
        "started": time.time(),
        "count": None,
    }
    _write(app, job)
    try:
        queue.enqueue(task)
    except Exception:
        # The queue's storage is down (a Redis server, a full disk): say so on the job's page.
        log.exception("job %s could not be queued", job_id)
        _give_up(app, job, "it could not be queued")
    return _read(app, job_id) or job


def run(app, job_id: str, kind: str, area: Area) -> None:
    """Make the job's file in this process (the worker's task); its state tells the pages how
    far it is."""
    job = _read(app, job_id)
    if job is None or job["status"] != QUEUED:
        return  # deleted, or failed while it waited
    job.update(status=RUNNING, worker=this_process())
    _write(app, job)
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        job.update(done=done, total=total)
        if time.monotonic() - last > 0.5 or done == total:
            last = time.monotonic()
            _write(app, job)

    try:
        count = MAKERS[kind].write(area, output_path(app, job_id, kind), progress)
        job.update(status=DONE, count=count, done=count, total=count)
    except Exception:
        log.exception("job %s failed", job_id)
        job["status"] = FAILED
        _remove_output(app, job_id)
    _write(app, job)
