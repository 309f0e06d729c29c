"""The real queue and worker processes: a worker killed mid-print leaves no stuck job, no process
and no partial file, and the next print runs at once; `make run`'s Ctrl-C leaves nothing running.

Processes are found through /proc (Linux), by parent: everything the worker started."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from screening import tasks
from screening.areas import Area
from screening.printing import bulk as printing
from screening.printing import jobs as print_jobs
from screening.web.config import PROJECT_ROOT
from tests.pdf.conftest import BASE_URL, page_count

SLIPS = 40  # 20 documents of 2 for two pool processes: time to kill the worker mid-print
STAFF = 1


@pytest.fixture
def app(make_app, tmp_path):
    # The real queue (no immediate mode), in this test's folder, shared with the processes below.
    return make_app(
        BASE_URL=BASE_URL,
        QUEUE_IMMEDIATE=False,
        QUEUE_URL=f"sqlite:///{tmp_path / 'jobs.db'}",
        PRINT_JOBS_DIR=str(tmp_path / "print-jobs"),
    )


@pytest.fixture
def env(app):
    """The environment that gives the worker and the web server the test app's settings; a print
    of two or more slips uses a pool of two processes, two slips to a document."""
    settings = {
        "DATABASE": app.config["DATABASE"],
        "QUEUE_URL": app.config["QUEUE_URL"],
        "PRINT_JOBS_DIR": app.config["PRINT_JOBS_DIR"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "ACCESS_KEY": app.config["ACCESS_KEY"],
        "BASE_URL": BASE_URL,
        "PDF_POOL_MIN": "2",
        "PDF_WORKERS": "2",
        "PDF_CHUNK": "2",
    }
    return {**os.environ, **{f"SKRINING_{name}": value for name, value in settings.items()}}


@pytest.fixture
def officers(referred):
    for n in range(SLIPS):
        referred.officer(name=f"Petugas {n}", tps=n + 1)


# --- processes, through /proc -------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # [state, ppid, …]; the name may hold spaces


def descendants(pid: int) -> dict[int, str]:
    """Every living process below `pid`: {pid: start time} (a reused pid starts later)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[0] != "Z":
            parents[int(entry.name)] = (int(stat[1]), stat[19])
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, started) in parents.items():
            if ppid == parent and child not in found:
                found[child] = started
                frontier.append(child)
    return found


def still_running(processes: dict[int, str]) -> list[int]:
    """Those of `processes` alive (a zombie holds no memory and runs nothing: gone)."""
    alive = []
    for pid, started in processes.items():
        stat = _stat(pid)
        if stat and stat[0] != "Z" and stat[19] == started:
            alive.append(pid)
    return alive


def pool_processes(pid: int) -> dict[int, str]:
    found = {}
    for child, started in descendants(pid).items():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found[child] = started
    return found


def wait_until(check, seconds=90, every=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    pytest.fail(f"waited {seconds} s in vain for {check.__name__}")


# --- the worker ---------------------------------------------------------------------------------


FLASK = [sys.executable, "-m", "flask", "--app", "app"]


def start_worker(env, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        # An argument list, never a shell string.
        return subprocess.Popen(  # noqa: S603
            [*FLASK, "worker"], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()


def print_city(app) -> str:
    job = print_jobs.start(
        app,
        tasks.get(app),
        kind=printing.SLIPS,
        area=Area(),
        staff_id=STAFF,
        label="Seluruh kota",
        filename="surat-rujukan-kota.pdf",
    )
    return job["id"]


def status(app, job_id) -> str:
    return print_jobs.state(app, job_id)["status"]


@pytest.mark.usefixtures("officers")
def test_a_worker_killed_mid_print_leaves_no_stuck_job_process_or_partial_file(app, env, tmp_path):
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        job_id = print_city(app)

        job_folder = print_jobs.jobs_dir(app) / job_id

        def rendering_in_the_pool():
            # The pool is up and has rendered some of the documents, not all.
            parts = len(list(job_folder.glob(".parts-*/*.pdf")))
            return len(pool_processes(worker.pid)) >= 2 and 2 <= parts < SLIPS // 2

        wait_until(rendering_in_the_pool, every=0.02)
        left_by_worker = descendants(worker.pid)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        rendered = len(list(job_folder.glob(".parts-*/*.pdf")))
        assert 0 < rendered < SLIPS // 2  # killed mid-print

        # At once, not 15 minutes later: the job's page shows it failed, and its owner may print.
        assert status(app, job_id) == print_jobs.FAILED
        assert print_jobs.unfinished(app, STAFF) is None
        stuck = sum(
            print_jobs.state(app, p.name)["status"] in print_jobs.UNFINISHED
            for p in print_jobs.jobs_dir(app).iterdir()
        )
        partial = [p.name for p in job_folder.iterdir() if p.name != print_jobs.STATE]
        # A pool process still starting up (importing WeasyPrint) dies when it is ready to ask
        # to die with its parent; one running dies at once.
        processes_left, gone_after = still_running(left_by_worker), time.monotonic()
        with contextlib.suppress(pytest.fail.Exception):
            wait_until(lambda: not still_running(left_by_worker), seconds=30)
        processes_left, gone_after = still_running(left_by_worker), time.monotonic() - gone_after
        print(
            f"\nkill -9 mid-print: jobs stuck: {stuck}, processes left: {len(processes_left)} "
            f"(of {len(left_by_worker)}, all gone within {gone_after:.1f} s), "
            f"partial files: {len(partial)}"
        )
        assert (stuck, processes_left, partial) == (0, [], [])

        # The worker comes back (systemd restarts it) and the next print runs at once.
        worker = start_worker(env, log)
        started = time.monotonic()
        again = print_city(app)
        wait_until(lambda: status(app, again) != print_jobs.QUEUED)
        picked_up = time.monotonic() - started
        wait_until(lambda: status(app, again) not in print_jobs.UNFINISHED, seconds=180)
        print(
            f"printed again after the restart: started after {picked_up:.1f} s, "
            f"done after {time.monotonic() - started:.1f} s"
        )
        assert status(app, again) == print_jobs.DONE, log.read_text()
        pdf = print_jobs.output_path(app, again)
        assert page_count(pdf, tmp_path) == SLIPS
        assert [p.name for p in pdf.parent.iterdir()] == sorted([print_jobs.STATE, pdf.name])
    finally:
        stop(worker)


def test_a_worker_starting_fails_the_jobs_a_dead_worker_left(app, env, tmp_path):
    job_id = "0123456789abcdef"
    folder = print_jobs.jobs_dir(app) / job_id
    (folder / ".parts-x").mkdir(parents=True)
    (folder / "output.pdf.part").write_bytes(b"%PDF-")
    # A pid that runs, but started at boot: not the worker that wrote this state.
    dead = {"host": socket.gethostname(), "pid": os.getpid(), "started": 0}
    print_jobs._write(
        app,
        {"id": job_id, "staff_id": STAFF, "status": print_jobs.RUNNING, "worker": dead},
    )
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        wait_until(lambda: print_jobs._read(app, job_id)["status"] == print_jobs.FAILED)
        assert [p.name for p in folder.iterdir()] == [print_jobs.STATE]
    finally:
        stop(worker)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.usefixtures("officers")
def test_ctrl_c_stops_the_web_server_and_the_worker_and_leaves_no_process(app, env, tmp_path):
    port = _free_port()
    log = tmp_path / "run.log"
    with open(log, "ab") as out:
        # Its own session, as a terminal's foreground job: Ctrl-C is SIGINT to the group.
        run = subprocess.Popen(  # noqa: S603
            [sys.executable, "tools/run.py", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:

        def serving():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_until(serving, every=0.2)
        job_id = print_city(app)
        # Mid-print: the worker's pool is up. Ctrl-C must take it down too.
        wait_until(lambda: len(pool_processes(run.pid)) >= 2)
        started_by_run = descendants(run.pid)
        os.killpg(run.pid, signal.SIGINT)
        run.wait(timeout=60)
        time.sleep(1)
        assert still_running(started_by_run) == [], log.read_text()
        assert status(app, job_id) == print_jobs.FAILED
        job_folder = print_jobs.jobs_dir(app) / job_id
        assert [p.name for p in job_folder.iterdir()] == [print_jobs.STATE]
        with pytest.raises(urllib.error.URLError, match="refused"):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
