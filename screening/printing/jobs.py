"""Bulk printing from a KPU page without a request that hangs: a background thread renders the
PDF while the page refreshes itself to show progress, then offers the download.

Job state and output live in the instance folder (`print-jobs/<id>/`), so any web worker can show
a job's progress. The files hold personal data: finished jobs are deleted after RETENTION.
"""

import json
import logging
import os
import re
import secrets
import shutil
import threading
import time
from pathlib import Path

from screening.areas import Area
from screening.printing import bulk as printing

RETENTION = 24 * 3600  # seconds a finished job's PDF is kept
STALLED = 15 * 60  # a running job silent this long died with its process
RUNNING, DONE, FAILED = "berjalan", "selesai", "gagal"
JOB_ID = re.compile(r"[0-9a-f]{16}")
log = logging.getLogger(__name__)


def jobs_dir(app) -> Path:
    return Path(app.instance_path) / "print-jobs"


def _state_path(app, job_id: str) -> Path:
    return jobs_dir(app) / job_id / "state.json"


def output_path(app, job_id: str) -> Path:
    return jobs_dir(app) / job_id / "output.pdf"


def _write(app, state: dict) -> None:
    state["updated"] = time.time()
    path = _state_path(app, state["id"])
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(state))
    os.replace(partial, path)  # readers never see half a file


def state(app, job_id: str) -> dict | None:
    if not JOB_ID.fullmatch(job_id or ""):
        return None
    try:
        current = json.loads(_state_path(app, job_id).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if current["status"] == RUNNING and time.time() - current["updated"] > STALLED:
        current["status"] = FAILED
    return current


def running(app) -> dict | None:
    """The job being printed now, if any: one at a time, the cores are shared with the site."""
    if not jobs_dir(app).is_dir():
        return None
    for path in jobs_dir(app).iterdir():
        current = state(app, path.name)
        if current and current["status"] == RUNNING:
            return current
    return None


def clean_up(app) -> None:
    if not jobs_dir(app).is_dir():
        return
    for path in jobs_dir(app).iterdir():
        current = state(app, path.name)
        if current is None or (
            current["status"] != RUNNING and time.time() - current["updated"] > RETENTION
        ):
            shutil.rmtree(path, ignore_errors=True)


def start(app, *, kind: str, area: Area, staff_id: int, label: str, filename: str) -> dict:
    """Start printing `kind` (slips or cards) for `area` in a background thread."""
    clean_up(app)
    job_id = secrets.token_hex(8)
    (jobs_dir(app) / job_id).mkdir(parents=True)
    job = {
        "id": job_id,
        "kind": kind,
        "staff_id": staff_id,
        "label": label,
        "filename": filename,
        "status": RUNNING,
        "done": 0,
        "total": None,
        "started": time.time(),
        "count": None,
    }
    _write(app, job)
    threading.Thread(target=_run, args=(app, dict(job), area), daemon=True).start()
    return job


def _run(app, job: dict, area: Area) -> None:
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        job.update(done=done, total=total)
        if time.monotonic() - last > 0.5 or done == total:
            last = time.monotonic()
            _write(app, job)

    with app.app_context():
        try:
            out = output_path(app, job["id"])
            if job["kind"] == printing.SLIPS:
                count = printing.print_slips(area, out, progress)
            else:
                count = printing.print_cards(area, out, progress)
            job.update(status=DONE, count=count, done=count, total=count)
        except Exception:
            log.exception("print job %s failed", job["id"])
            job["status"] = FAILED
        _write(app, job)
