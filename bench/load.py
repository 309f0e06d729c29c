"""Officer submissions under load: gunicorn on 127.0.0.1, wrk with 64 connections.

Design: N officers are prepared in a temporary database (roster, personal link, consent and a
complete draft of realistic answers), each with their own signed session cookie and CSRF token,
exactly what their phone holds just before they press "Kirim jawaban". A wrk Lua script gives
every request to a different officer: each request is that officer's one final POST to
/skrining/periksa (CSRF checked, draft parsed and scored, response stored, referral created when
the answers call for one) and must be answered 302 → /skrining/hasil. The yardstick is a bare
Flask endpoint doing one SQLite insert (bench/baseline_app.py), served in the same run with the
same gunicorn.conf.py and the same wrk settings; the figure is the ratio of the two throughputs.
Both servers stay up while short runs alternate (yardstick, submissions, yardstick, …) after one
warm-up round, and the median ratio is reported: on a shared machine other work then weighs on
both alike.

Afterwards the database is counted: every officer whose POST was answered has exactly one
submitted response, and referrals match the at-risk responses one for one.

A second figure needs no server and is hardly moved by other work on the machine: the CPU time
(time.process_time) one request takes in this process, through Flask's test client, for the
yardstick and for a submission. With both servers CPU-bound on the same cores, the ratio of
throughputs cannot be better than the inverse ratio of these costs.

Bench-only settings: a temporary database and fixed keys passed through the app's own
SKRINING_* environment variables; the sign-in rate limit is untouched (sessions are signed
directly rather than opened through /s/<token>, which 10 sign-ins a minute from one address would
otherwise throttle: in the field every officer comes from their own phone).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flask import session
from flask_wtf.csrf import generate_csrf

from bench.officers import SETTINGS, add_officers, bench_app, realistic_officers, start_drafts
from screening import store
from screening.web import sessions

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
CONNECTIONS = 64
THREADS = 2
DURATION = 4  # seconds per wrk run
ROUNDS = 5
# Officers per round: more than wrk can send in DURATION, so nobody submits twice (checked).
OFFICERS = 4000
TARGET_RATIO = 0.5
IN_PROCESS = 300  # requests of each kind timed in-process (after as many to warm up)

LUA = r"""
-- Each wrk thread takes every THREADS-th officer: one POST per officer, never repeated.
local path, nthreads = "%(path)s", %(threads)d
local threads, next_id = {}, 0
-- Globals, not locals: done() reads them from each thread with thread:get().
requests, counter, wrapped, ok, wrong = {}, 0, 0, 0, 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local i = 0
  for line in io.lines(path) do
    if i %% nthreads == id then
      local cookie, token = line:match("([^ ]+) ([^ ]+)")
      local headers = {
        ["Cookie"] = "session=" .. cookie,
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }
      requests[#requests + 1] = wrk.format("POST", nil, headers, "csrf_token=" .. token)
    end
    i = i + 1
  end
end

function request()
  counter = counter + 1
  if counter > #requests then
    wrapped = wrapped + 1
    counter = 1
  end
  return requests[counter]
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if status == %(status)d and location:find("%(location)s", 1, true) then
    ok = ok + 1
  else
    wrong = wrong + 1
    if wrong <= 5 then io.stderr:write("unexpected answer: ", status, " ", location, "\n") end
  end
end

function done(summary, latency, reqs)
  local sent, answered, bad, wraps = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    sent = sent + t:get("counter")
    answered = answered + t:get("ok")
    bad = bad + t:get("wrong")
    wraps = wraps + t:get("wrapped")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "ok": %%d, "wrong": %%d, "wrapped": %%d, "sent": %%d, ' ..
    '"latency_p50_ms": %%.1f, "latency_p99_ms": %%.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    answered, bad, wraps, sent, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def officer_credentials(app, people: list[dict]) -> list[tuple[str, str]]:
    """(session cookie, CSRF form token) per officer, as signing in and opening the review page
    would have given them: the app's own sessions (screening/sessions.py) and Flask-WTF's token."""
    credentials = []
    for officer in people:
        with app.test_request_context("/skrining/periksa"):
            sessions.begin("officer", officer["id"], access_version=officer["access_version"])
            session.permanent = True
            token = generate_csrf()
            response = app.response_class()
            app.session_interface.save_session(app, session._get_current_object(), response)
            cookie = response.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
            credentials.append((cookie, token))
    return credentials


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py <target>` on a free port, stopped on exit."""

    def __init__(self, target: str, env: dict, log: Path):
        self.port = free_port()
        self.target, self.env, self.log = target, env, log

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                self.target,
            ],
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,  # the access log: one line per request, not needed
            stderr=self.log.open("w"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                time.sleep(1)  # let every worker finish booting, not just the arbiter
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.log.read_text()) from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url: str, script: Path) -> dict:
    completed = subprocess.run(
        [
            WRK,
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(f"wrk failed: {completed.stderr}{completed.stdout}")
    line = next(line for line in completed.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    figures["requests_per_second"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["unexpected"] = [
        line for line in completed.stderr.splitlines() if line.startswith("unexpected")
    ]
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return figures


def write_script(folder: Path, name: str, lines: list[str], status: int, location: str) -> Path:
    data = folder / f"{name}.txt"
    data.write_text("\n".join(lines) + "\n")
    script = folder / f"{name}.lua"
    script.write_text(
        LUA % {"path": data, "threads": THREADS, "status": status, "location": location}
    )
    return script


def stored_counts(path: Path) -> dict:
    db = store.connect(str(path))
    try:
        row = next(
            db.query(
                "SELECT count(*) AS submitted, count(DISTINCT officer_id) AS officers, "
                "sum(overall = 'berisiko') AS berisiko, "
                "(SELECT count(*) FROM referral) AS referrals, "
                "(SELECT count(DISTINCT response_id) FROM referral) AS referred_responses "
                "FROM response WHERE status = 'submitted'"
            )
        )
        return dict(row)
    finally:
        db.close()


def run(officers: int = OFFICERS) -> dict:
    """Median ratio over ROUNDS alternating runs, with the correctness checks of every run."""
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        return _run(folder, officers)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, per_round: int) -> dict:
    started = time.perf_counter()
    app = bench_app(folder)
    people, answers = realistic_officers(per_round * (ROUNDS + 1) + 2 * IN_PROCESS)
    people = add_officers(app, people)
    start_drafts(app, people, answers)
    credentials = officer_credentials(app, people)
    credentials, in_process_credentials = (
        credentials[: -2 * IN_PROCESS],
        credentials[-2 * IN_PROCESS :],
    )
    preparation = time.perf_counter() - started

    baseline_db = folder / "baseline.db"
    db = store.connect(str(baseline_db))
    db.execute("CREATE TABLE hit (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")
    db.close()
    baseline_script = write_script(folder, "baseline", ["x x"] * 100, 204, "")
    env = {
        "SKRINING_DATABASE": app.config["DATABASE"],
        "SKRINING_SECRET_KEY": SETTINGS["SECRET_KEY"],
        "SKRINING_ACCESS_KEY": SETTINGS["ACCESS_KEY"],
    }
    # Rounds alternate the yardstick and the submissions, so that other work on a shared machine
    # weighs on both alike; each round gives its own officers (nobody submits twice).
    rounds = []
    with (
        Gunicorn(
            "bench.baseline_app:app",
            {"BENCH_BASELINE_DATABASE": str(baseline_db)},
            folder / "baseline.log",
        ) as yardstick,
        Gunicorn("app:app", env, folder / "submissions.log") as server,
    ):
        # Round 0 warms both servers up (each worker loads the questionnaires on its first
        # request); its submissions are checked like the others but not part of the ratio.
        for number in range(ROUNDS + 1):
            baseline = wrk(f"http://127.0.0.1:{yardstick.port}/tulis", baseline_script)
            mine = credentials[number * per_round : (number + 1) * per_round]
            script = write_script(
                folder,
                f"submissions-{number}",
                [f"{c} {t}" for c, t in mine],
                302,
                "/skrining/hasil",
            )
            submissions = wrk(f"http://127.0.0.1:{server.port}/skrining/periksa", script)
            rounds.append((baseline, submissions))
    stored = stored_counts(Path(app.config["DATABASE"]))
    baseline_rows = stored_counts_baseline(baseline_db)
    # After the counts: these requests add rows of their own.
    cpu = cpu_per_request(app, baseline_db, in_process_credentials)
    server_log = (folder / "submissions.log").read_text().splitlines()
    server_errors = [line for line in server_log if "Error" in line or "error" in line]

    everything, rounds = rounds, rounds[1:]
    ratios = sorted(s["requests_per_second"] / b["requests_per_second"] for b, s in rounds)
    ratio = ratios[len(ratios) // 2]
    answered = sum(s["ok"] for _, s in everything)
    wrong = sum(s["wrong"] for _, s in everything)
    errors = sum(s["errors"] for _, s in everything)
    baseline_bad = sum(b["errors"] + b["wrong"] for b, _ in everything)
    reused = sum(s["wrapped"] for _, s in everything)
    # Requests still in flight when wrk stops are stored but not counted as answered.
    stored_once = (
        stored["submitted"] == stored["officers"]
        and answered <= stored["submitted"] <= answered + CONNECTIONS * len(everything)
        and stored["referrals"] == stored["referred_responses"] == (stored["berisiko"] or 0)
        and reused == 0
    )
    return {
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "ratio_met": ratio >= TARGET_RATIO,
        "ratios_per_round": [round(r, 3) for r in ratios],
        "submissions_per_second": [round(s["requests_per_second"], 1) for _, s in rounds],
        "baseline_inserts_per_second": [round(b["requests_per_second"], 1) for b, _ in rounds],
        "submission_latency_p50_ms": [s["latency_p50_ms"] for _, s in rounds],
        "submission_latency_p99_ms": [s["latency_p99_ms"] for _, s in rounds],
        "submissions_answered": answered,
        "submissions_wrong_answer": wrong,
        "submission_errors": errors,
        "first_unexpected_answers": [u for _, s in everything for u in s["unexpected"]][:5],
        "server_error_lines": server_errors[:5],
        "baseline_errors": baseline_bad,
        "baseline_answered": sum(b["ok"] for b, _ in everything),
        "baseline_rows": baseline_rows,
        "stored": stored,
        "officers_prepared": per_round * (ROUNDS + 1),
        "officers_reused": reused,
        "cpu_ms_per_request_in_process": cpu,
        "cpu_bound_ratio": round(cpu["yardstick"] / cpu["submission"], 3),
        "zero_errors": errors == 0 and wrong == 0 and baseline_bad == 0,
        "every_response_stored_once": stored_once,
        "connections": CONNECTIONS,
        "wrk_threads": THREADS,
        "rounds": ROUNDS,  # plus one warm-up round
        "duration_s_per_run": DURATION,
        "gunicorn_workers": gunicorn_workers(),
        "preparation_s": round(preparation, 1),
        "cpus": os.cpu_count(),
    }


def cpu_per_request(app, baseline_db: Path, credentials: list[tuple[str, str]]) -> dict:
    """CPU milliseconds one request costs in this process (Flask's test client, no server):
    the yardstick's insert and an officer's submission, each after as many to warm up."""
    from bench import baseline_app

    yardstick = baseline_app.create_app(str(baseline_db)).test_client()
    submitting = app.test_client()

    def insert(_):
        assert yardstick.post("/tulis").status_code == 204

    def submit(index):
        cookie, token = credentials[index]
        submitting.set_cookie("session", cookie)
        assert submitting.post("/skrining/periksa", data={"csrf_token": token}).status_code == 302

    figures = {}
    for name, request in (("yardstick", insert), ("submission", submit)):
        for index in range(IN_PROCESS):
            request(index)
        started = time.process_time()
        for index in range(IN_PROCESS, 2 * IN_PROCESS):
            request(index)
        figures[name] = round((time.process_time() - started) / IN_PROCESS * 1000, 3)
    return figures


def gunicorn_workers() -> int:
    settings: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), settings)  # noqa: S102 - our own config file
    return settings["workers"]


def stored_counts_baseline(path: Path) -> int:
    db = store.connect(str(path))
    try:
        return db["hit"].count
    finally:
        db.close()


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else OFFICERS), indent=2))
