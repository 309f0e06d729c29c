"""Staff pages on a large regency: server time and size at 8,123, 100,000 and 300,000 officers.

The demo city (`flask demo load`, then `demo screenings` for 60 % of officers, about 6 % of
officers referred) is built once in a temporary folder; each larger city is a copy of it whose
officers, with their links, consents, responses, referrals, events and follow-ups, are repeated
by INSERT … SELECT until the roster has the size asked for (the map and FKTPs stay the city's).
The 300,000 city gets a 1,000,000-row audit log (executemany), the others the same density.

Each entry of PAGES (a page or a download, with the places it names filled in from the city:
the largest kecamatan and kelurahan, …) is asked through the Flask test client as the role that
uses it: one warm-up, then the median server time of 3 and the size of the response. Each entry
of TASKS (the status import of 100,000 rows, `questionnaire rescore --dry-run`, the job worker's
part of a kecamatan's chase list) is timed on its domain calls. A page that queues a background
job (the chase list of a kecamatan) is timed up to the queue: the worker's part is a TASK.
Targets: ≤ 200 ms at 100,000 officers, ≤ 400 ms at 300,000, every page under 200 KB (downloads
are files: their size is reported, with no size target).

`python -m bench bench.scale` (or `make bench BENCH=bench.scale`). Environment:
SCALE_SIZES=8123,100000 limits the sizes; SCALE_KEEP=/tmp/scale keeps the built cities there and
reuses them on the next run; SCALE_ONLY=coverage,export measures only the entries whose name holds
one of the words.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp

from screening import second_factor, store, tasks
from screening.areas import resolve
from screening.clock import now_iso
from screening.demo import DEMO_PASSWORD
from screening.printing import jobs
from screening.questionnaire import load_all
from screening.questionnaire.rescore import compare
from screening.roster import statuses
from screening.store import migrations
from screening.store import second_factor as second_factor_store
from screening.store import staff as staff_store
from screening.store.responses import scored_responses
from screening.web import list_files
from screening.web.app import create_app
from screening.web.database import get_db

SETTINGS = {
    "SECRET_KEY": "bench-secret-key-not-for-production",
    "ACCESS_KEY": "bench-access-key-not-for-production",
    "WTF_CSRF_ENABLED": False,
    "STAFF_TOTP": "optional",
    "STAFF_SIGN_IN_LIMIT": "10000 per minute",
}
SIZES = (8_123, 100_000, 300_000)
AUDIT_ROWS = {300_000: 1_000_000}  # others: the same rows per officer (about 3.3)
RUNS = 3
TIME_TARGET_MS = {100_000: 200, 300_000: 400}
SIZE_TARGET_KB = 200
# Tables that hang on an officer and are repeated with them, and the id they hang on.
BY_OFFICER = ("officer_access", "consent", "response", "referral")
BY_REFERRAL = ("referral_event", "followup")


def _app(path: Path, **settings):
    return create_app({**SETTINGS, "DATABASE": str(path), **settings})


def _queued_app(path: Path):
    """The app with its job queue and job files beside the measured city, never the checkout's
    instance folder: a page that queues a job is timed up to the queue, as in production, where
    the worker is another process."""
    return _app(
        path,
        QUEUE_URL=f"sqlite:///{path.parent / 'bench-queue.db'}",
        PRINT_JOBS_DIR=str(path.parent / "bench-jobs"),
    )


def _forget_jobs(app) -> None:
    """Empty the queue and the job folder: the next request queues a job again (one unfinished
    job per person would send it to that job's page instead)."""
    tasks.get(app).huey.flush()
    shutil.rmtree(jobs.jobs_dir(app), ignore_errors=True)


def build_demo_city(folder: Path) -> Path:
    """The demo city with 60 % of officers screened, through the app's own commands."""
    path = folder / "city.db"
    db = store.connect(str(path))
    migrations.apply(db)
    db.close()
    runner = _app(path).test_cli_runner()
    for args in (
        ["demo", "load"],
        ["demo", "screenings", "--coverage", "0.6", "--share", "0.1", "--everyone"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return path


def _columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _copy_rows(conn, table: str, k: int, strides: dict, limit: int) -> None:
    """Copy `k` of `table`'s rows of officers with id ≤ `limit`, every id moved by its stride."""
    moved = {
        "id": f"id + {k} * {strides[table]}",
        "officer_id": f"officer_id + {k} * {strides['officer']}",
        "response_id": f"response_id + {k} * {strides['response']}",
        "referral_id": f"referral_id + {k} * {strides['referral']}",
        "nik": f"printf('99%014d', id + {k} * {strides['officer']})",
        "token_hash": f"token_hash || '-{k}'",
        "number": f"printf('RJ-%07d', id + {k} * {strides['referral']})",
    }
    columns = _columns(conn, table)
    if table == "officer_access":
        moved.pop("id")  # its key is officer_id
    select = ", ".join(moved.get(c, c) for c in columns)
    if table == "officer":
        where = f"id <= {limit}"
    elif table in BY_OFFICER:
        where = f"officer_id <= {limit}"
    else:
        where = f"referral_id IN (SELECT id FROM referral WHERE officer_id <= {limit})"  # noqa: S608 -- our own numbers
    # Bench-only SQL on a throwaway copy; every name and number is our own.
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {select} FROM {table} WHERE {where} AND id <= {strides[table] - 1}"
        if table != "officer_access"
        else f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {select} FROM {table} WHERE {where} AND officer_id < {strides['officer']}"
    )


def scale_city(base: Path, path: Path, officers: int, audit_rows: int) -> None:
    """A copy of `base` with `officers` officers (repeated with everything that hangs on them)
    and `audit_rows` rows of audit log."""
    shutil.copyfile(base, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    base_count = conn.execute("SELECT COUNT(*) FROM officer").fetchone()[0]
    strides = {
        table: 10 ** len(str(conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 1))  # noqa: S608
        for table in ("officer", "response", "referral", "consent", *BY_REFERRAL)
    }
    strides["officer_access"] = strides["officer"]
    conn.execute("BEGIN")
    k, count = 0, base_count
    while count < officers:
        k += 1
        limit = min(base_count, officers - count)
        for table in ("officer", *BY_OFFICER, *BY_REFERRAL):
            _copy_rows(conn, table, k, strides, limit)
        count += limit
    conn.execute("COMMIT")
    _fill_audit_log(conn, audit_rows)
    conn.close()


def _fill_audit_log(conn, rows: int) -> None:
    """`rows` audit entries over the 60 days before now: staff views, changes and exports of
    referrals and officers, as the app writes them."""
    have = conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    staff = [row[0] for row in conn.execute("SELECT id, role FROM staff")]
    rng = random.Random(12)  # noqa: S311 -- synthetic bench data, not a secret
    start = datetime.now(UTC) - timedelta(days=60)
    step = 60 * 86400 / max(rows, 1)
    max_referral = conn.execute("SELECT MAX(id) FROM referral").fetchone()[0]
    max_officer = conn.execute("SELECT MAX(id) FROM officer").fetchone()[0]

    def generated():
        for i in range(rows - have):
            at = (start + timedelta(seconds=i * step)).isoformat(timespec="seconds")
            if rng.random() < 0.6:
                subject = f"referral:RJ-{rng.randint(1, max_referral):07d}"
            else:
                subject = f"officer:{rng.randint(1, max_officer)}"
            action = rng.choice(("view", "view", "view", "change", "export"))
            yield (at, rng.choice(staff), "kpu", action, subject, None, "127.0.0.1")

    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO audit_log (at, staff_id, role, action, subject, detail, address)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        generated(),
    )
    conn.execute("COMMIT")


def _signed_in(app, username: str):
    """A test client signed in as `username`, typing the admin's code from a fresh app."""
    client = app.test_client()
    code = _code(app, username) if username == "admin" else None
    response = client.post("/staf/masuk", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.text
    if code:
        response = client.post(response.headers["Location"], data={"code": code})
        assert response.status_code == 302, response.text
    return client


def _code(app, username: str) -> str:
    """Enrol `username` in a second factor (an admin must have one) and return its code now."""
    with app.app_context():
        db = store.connect(app.config["DATABASE"])
        staff = staff_store.staff_by_username(db, username)
        seed = second_factor_store.start_enrolment(
            db, staff["id"], seed=second_factor.new_seed(), now=now_iso()
        )
        second_factor_store.confirm_enrolment(
            db, staff["id"], seed=seed, step=0, code_hashes=[], now=now_iso()
        )
        secret = second_factor.derive_secret(app.config["SECRET_KEY"], staff["id"], seed)
        db.close()
    return pyotp.TOTP(secret).now()


@dataclass(frozen=True)
class Page:
    """One page (or download) asked for: `path` and `form` may name a place of the city in
    braces ({kecamatan}, {kelurahan}, {subject}, {day}); `user` is a username or {fktp}.
    A `form` makes it a POST. A `file` is a download: its size is reported, with no size
    target. A `job` page queues a background job and redirects to its page (reported
    "queued"): it is timed up to the queue (the worker's part is a TASKS entry); a small list
    is still written in the request (a file)."""

    name: str
    user: str
    path: str
    form: dict | None = None
    file: bool = False
    job: bool = False


# Every page and download measured, in the order they are reported. A new page is one line here.
# Officer-list filters that a branch does not know yet are ignored by it (it shows the
# unfiltered list): they are listed so that the same run measures them once they exist.
PAGES = (
    Page("staff home", "kpu", "/staf/"),
    Page("coverage: city", "kpu", "/kpu/cakupan/"),
    Page("coverage: kecamatan", "kpu", "/kpu/cakupan/?kecamatan={kecamatan}"),
    Page("coverage: kelurahan", "kpu", "/kpu/cakupan/?kelurahan={kelurahan}"),
    Page("officer list, no filter", "kpu", "/kpu/petugas/"),
    Page("officer list: kecamatan", "kpu", "/kpu/petugas/?kecamatan={kecamatan}"),
    Page("officer list: kelurahan", "kpu", "/kpu/petugas/?kelurahan={kelurahan}"),
    Page(
        "officer list: kelurahan, page 100",
        "kpu",
        "/kpu/petugas/?kelurahan={kelurahan}&halaman=100",
    ),
    Page(
        "officer list: kecamatan, not yet screened",
        "kpu",
        "/kpu/petugas/?status=belum&kecamatan={kecamatan}",
    ),
    Page(
        "officer list: kecamatan, referred",
        "kpu",
        "/kpu/petugas/?status=dirujuk&kecamatan={kecamatan}",
    ),
    Page(
        "officer list: kecamatan, declined",
        "kpu",
        "/kpu/petugas/?status=menolak&kecamatan={kecamatan}",
    ),
    Page(
        "officer list: kecamatan, JKN tidak aktif",
        "kpu",
        "/kpu/petugas/?jkn=tidak_aktif&kecamatan={kecamatan}",
    ),
    Page(
        "officer list: kecamatan, no BPJS TK",
        "kpu",
        "/kpu/petugas/?bpjs_tk=belum_terdaftar&kecamatan={kecamatan}",
    ),
    Page(
        "officer list: kelurahan, not yet screened",
        "kpu",
        "/kpu/petugas/?status=belum&kelurahan={kelurahan}",
    ),
    Page("referrals", "kpu", "/kpu/rujukan/"),
    Page("referrals without FKTP", "kpu", "/kpu/rujukan/tanpa-fktp"),
    Page("exports page", "kpu", "/kpu/ekspor/?kecamatan={kecamatan}"),
    # A chase list above EXPORT_INLINE_MAX (a kecamatan from 100,000 officers up) is queued as a
    # job: the page is then timed up to the queue ("queued": true), the worker in TASKS.
    Page(
        "export: chase list, kecamatan (xlsx)",
        "kpu",
        "/kpu/ekspor/belum-skrining.xlsx",
        form={"kecamatan": "{kecamatan}"},
        job=True,
    ),
    Page(
        "export: chase list, kecamatan (csv)",
        "kpu",
        "/kpu/ekspor/belum-skrining.csv",
        form={"kecamatan": "{kecamatan}"},
        job=True,
    ),
    Page(
        "export: JKN, kecamatan (xlsx)",
        "kpu",
        "/kpu/ekspor/jkn.xlsx",
        form={"kecamatan": "{kecamatan}"},
        job=True,
    ),
    Page(
        "export: JKN, kecamatan (csv)",
        "kpu",
        "/kpu/ekspor/jkn.csv",
        form={"kecamatan": "{kecamatan}"},
        job=True,
    ),
    Page(
        "export: BPJS TK, kecamatan (xlsx)",
        "kpu",
        "/kpu/ekspor/bpjs-ketenagakerjaan.xlsx",
        form={"kecamatan": "{kecamatan}"},
        job=True,
    ),
    Page(
        "export: BPJS TK, kecamatan (csv)",
        "kpu",
        "/kpu/ekspor/bpjs-ketenagakerjaan.csv",
        form={"kecamatan": "{kecamatan}"},
        job=True,
    ),
    Page(
        "export: referrals, kecamatan (xlsx)",
        "kpu",
        "/kpu/ekspor/rujukan.xlsx",
        form={"kecamatan": "{kecamatan}"},
        job=True,
    ),
    Page(
        "export: referrals, kecamatan (csv)",
        "kpu",
        "/kpu/ekspor/rujukan.csv",
        form={"kecamatan": "{kecamatan}"},
        job=True,
    ),
    Page("audit log by subject", "admin", "/admin/audit?subjek={subject}"),
    Page("audit log by date", "admin", "/admin/audit?dari={day}&sampai={day}"),
    Page("FKTP worklist (busiest)", "{fktp}", "/fktp/"),
    Page("overdue referrals", "kpu", "/kpu/terlambat/"),
    Page("overdue referrals: kecamatan", "kpu", "/kpu/terlambat/?kecamatan={kecamatan}"),
    Page("messages to send (click-to-chat)", "kpu", "/kpu/pesan/"),
    Page("PPS home", "pps.medono", "/staf/"),
    Page("PPS coverage (its kelurahan by TPS)", "pps.medono", "/kpu/cakupan/"),
    Page("Dinkes: follow-up per FKTP", "dinkes", "/dinkes/"),
    Page("Dinkes: export (xlsx)", "dinkes", "/dinkes/tindak-lanjut-fktp.xlsx", file=True),
)


def _places(conn) -> dict[str, str]:
    """The places the pages name: the largest kecamatan and kelurahan (by officers), an audited
    referral, a day of the audit log, and the FKTP with most referrals."""
    kecamatan = conn.execute(
        "SELECT kecamatan_code FROM officer GROUP BY kecamatan_code ORDER BY COUNT(*) DESC"
    ).fetchone()[0]
    kelurahan = conn.execute(
        "SELECT kelurahan_code FROM officer GROUP BY kelurahan_code ORDER BY COUNT(*) DESC"
    ).fetchone()[0]
    subject = conn.execute(
        "SELECT subject FROM audit_log WHERE subject LIKE 'referral:%' LIMIT 1"
    ).fetchone()[0]
    fktp = conn.execute(
        "SELECT s.username FROM staff s JOIN referral r ON r.fktp_code = s.fktp_code"
        " WHERE s.role = 'fktp' GROUP BY s.id ORDER BY COUNT(*) DESC"
    ).fetchone()[0]
    day = datetime.now(UTC).date() - timedelta(days=7)
    return {
        "kecamatan": kecamatan,
        "kelurahan": kelurahan,
        "subject": subject,
        "day": day.isoformat(),
        "fktp": fktp,
    }


def _timed(call, runs: int = RUNS, warm_up: bool = True, between=None) -> tuple[dict, object]:
    """{"ms": the median wall-clock milliseconds, "cpu_ms": the median CPU milliseconds of this
    process} of `runs` calls of `call(run)` after one warm-up, and the last call's return value;
    `between()`, untimed, after each call.

    On a machine shared with other work the wall clock also counts the time spent waiting for a
    core; the CPU time does not, so it is the steadier figure to compare two runs by."""
    times, cpu, value = [], [], None
    for run in range(runs + warm_up):
        started, started_cpu = time.perf_counter(), time.process_time()
        value = call(run)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if between:
            between()
    figures = {
        "ms": round(statistics.median(times[warm_up:]), 1),
        "cpu_ms": round(statistics.median(cpu[warm_up:]), 1),
    }
    return figures, value


def measure(path: Path) -> dict:
    """Every page of PAGES on the city at `path`: {name: {"ms": …, "kb": …}}."""
    conn = sqlite3.connect(path)
    places = _places(conn)
    conn.close()
    app = _queued_app(path)
    clients: dict[str, object] = {}
    figures = {}
    for page in _chosen(PAGES):
        username = page.user.format(**places)
        client = clients.get(username) or clients.setdefault(username, _signed_in(app, username))
        url = page.path.format(**places)
        form = {k: v.format(**places) for k, v in page.form.items()} if page.form else None

        def ask(_run, url=url, form=form, client=client, page=page):
            response = client.post(url, data=form) if form else client.get(url)
            # A small city's list is under EXPORT_INLINE_MAX: written in the request, as before.
            expected = (200, 302) if page.job else (200,)
            assert response.status_code in expected, (url, response.status_code)
            if response.status_code == 302:
                assert "/berkas/" in response.headers["Location"], response.headers["Location"]
            return response

        timed, response = _timed(ask, between=(lambda: _forget_jobs(app)) if page.job else None)
        figures[page.name] = timed | {"kb": round(len(response.data) / 1024, 1)}
        if page.file:
            figures[page.name]["file"] = True
        if page.job:
            figures[page.name]["queued"] = response.status_code == 302
            figures[page.name]["file"] = response.status_code == 200
    _forget_jobs(app)
    for suffix in ("", "-wal", "-shm"):
        (path.parent / f"bench-queue.db{suffix}").unlink(missing_ok=True)
    return figures


STATUS_ROWS = 100_000  # rows of the status file (fewer when the city has fewer officers)
JKN_STATUSES = ("aktif", "tidak_aktif", "belum_terdaftar")


def status_file(path: Path, folder: Path, seed: int) -> Path:
    """A CSV of NIK + JKN status for up to STATUS_ROWS officers, as BPJS sends it back; each
    seed gives other statuses, so every real import changes about two rows in three."""
    conn = sqlite3.connect(path)
    niks = [
        r[0] for r in conn.execute("SELECT nik FROM officer ORDER BY id LIMIT ?", [STATUS_ROWS])
    ]
    conn.close()
    rng = random.Random(seed)  # noqa: S311 -- synthetic bench data, not a secret
    file = folder / f"jkn-{seed}.csv"
    lines = ["NIK,Status JKN"] + [f"{nik},{rng.choice(JKN_STATUSES)}" for nik in niks]
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


def _status_import(path: Path, folder: Path, *, dry_run: bool) -> dict:
    """`flask roster statuses FILE --kind jkn [--dry-run]`'s domain calls: read and check the
    file, then import it (or count only)."""
    files = [status_file(path, folder, seed) for seed in range(RUNS + 1)]
    db = store.connect(str(path))
    kind = statuses.KINDS["jkn"]

    def run(index):
        # A dry run reads the same file each time; a real import a new one each time.
        file = files[0 if dry_run else index]
        check = statuses.check_file(db, file.read_bytes(), file.name, kind)
        return statuses.import_statuses(db, check, at=now_iso(), dry_run=dry_run)

    try:
        timed, counts = _timed(run)
    finally:
        db.close()
        for file in files:
            file.unlink()
    return timed | {"rows": sum(counts.values()), "counts": counts}


def _rescore(path: Path, folder: Path) -> dict:
    """`flask questionnaire rescore --to <latest> --dry-run`'s domain call on every stored
    response (no warm-up: it reads the whole response table each time)."""
    loaded = load_all(Path(_app(path).config["QUESTIONNAIRE_DIR"]))
    questionnaire = loaded[max(loaded, key=lambda key: key[1])]
    db = store.connect(str(path))
    try:
        timed, report = _timed(
            lambda _run: compare(questionnaire, scored_responses(db)), warm_up=False
        )
    finally:
        db.close()
    return timed | {"compared": report.compared, "changed": len(report.changed)}


def _list_job(path: Path, folder: Path, kind: str) -> dict:
    """The job worker's part of a kecamatan's list (the page only queues it): the job's maker
    (`kind`, e.g. belum-skrining.xlsx), as the worker calls it, for the largest kecamatan. For the
    chase list the warm-up issues the links the officers lack; the runs timed find them issued,
    as a second export does."""
    conn = sqlite3.connect(path)
    kecamatan = _places(conn)["kecamatan"]
    conn.close()
    app = _app(path)
    out = folder / f"list.{kind}"
    maker = jobs.MAKERS[kind]
    with app.app_context():
        area = resolve(get_db(), kecamatan=kecamatan)
        try:
            timed, count = _timed(lambda _run: maker.write(area, out, lambda done, total: None))
            size = out.stat().st_size
        finally:
            out.unlink(missing_ok=True)
    return timed | {"rows": count, "kb": round(size / 1024, 1)}


# The lists' jobs timed as the worker runs them: (name, job kind).
LIST_JOBS = tuple(
    (f"{title} job, kecamatan ({fmt}): the worker writes the file", f"{stem}.{fmt}")
    for title, stem in (
        ("chase list", "belum-skrining"),
        ("JKN list", "jkn-belum-aktif"),
        ("BPJS TK list", "bpjs-ketenagakerjaan-belum"),
        ("referrals list", "rujukan"),
    )
    for fmt in list_files.FORMATS
)
# Work that is not a page, timed on its domain calls: (name, function(path, folder) -> figures).
# The real import changes statuses, so it runs after every page has been measured.
TASKS = (
    *((name, lambda p, f, kind=kind: _list_job(p, f, kind)) for name, kind in LIST_JOBS),
    ("status import, dry run", lambda p, f: _status_import(p, f, dry_run=True)),
    ("status import", lambda p, f: _status_import(p, f, dry_run=False)),
    ("questionnaire rescore --dry-run", _rescore),
)


def run() -> dict:
    """Build each city, measure it, and return the figures.

    SCALE_SIZES=8123,100000 limits the sizes; SCALE_KEEP=<folder> keeps the built cities there
    and reuses them on the next run (each is measured on a fresh copy); SCALE_ONLY=<words>
    measures only the pages and tasks whose name holds one of the comma-separated words."""
    sizes = [int(s) for s in os.environ.get("SCALE_SIZES", "").split(",") if s] or list(SIZES)
    keep = os.environ.get("SCALE_KEEP")
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    try:
        started = time.perf_counter()
        base = folder / "city.db"
        if not (keep and base.exists()):
            base = build_demo_city(folder)
        conn = sqlite3.connect(base)
        base_officers = conn.execute("SELECT COUNT(*) FROM officer").fetchone()[0]
        conn.close()
        build_seconds = {"demo city": round(time.perf_counter() - started, 1)}
        for size in sizes:
            started = time.perf_counter()
            built = folder / f"city-{size}.db"
            if not (keep and built.exists()):
                audit_rows = AUDIT_ROWS.get(size, round(size * 10 / 3))
                scale_city(base, built, max(size, base_officers), audit_rows)
            path = folder / "measured.db"
            # A run that stopped half-way leaves its write-ahead log: on a fresh copy SQLite would
            # replay it and find the database malformed.
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            shutil.copyfile(built, path)
            # A kept city may predate the newest migrations: measure what the app would run on.
            db = store.connect(str(path))
            migrations.apply(db)
            db.close()
            build_seconds[str(size)] = round(time.perf_counter() - started, 1)
            results[str(size)] = _describe(path) | {
                "pages": measure(path),
                "tasks": {name: task(path, folder) for name, task in _chosen(TASKS)},
            }
            path.unlink()
            if not keep:
                built.unlink()
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return {"cities": results, "build_seconds": build_seconds, "verdict": _verdict(results)}


def _chosen(entries):
    """The entries (Page, or (name, …) tuples) SCALE_ONLY asks for; all without it."""
    words = [w.strip().lower() for w in os.environ.get("SCALE_ONLY", "").split(",") if w.strip()]
    for entry in entries:
        name = entry.name if isinstance(entry, Page) else entry[0]
        if not words or any(word in name.lower() for word in words):
            yield entry


def _describe(path: Path) -> dict:
    conn = sqlite3.connect(path)
    counts = {
        name: conn.execute(sql).fetchone()[0]
        for name, sql in (
            ("officers", "SELECT COUNT(*) FROM officer"),
            ("screened", "SELECT COUNT(*) FROM response WHERE status = 'submitted'"),
            ("referred", "SELECT COUNT(*) FROM referral"),
            ("without FKTP", "SELECT COUNT(*) FROM referral WHERE fktp_code IS NULL"),
            ("audit rows", "SELECT COUNT(*) FROM audit_log"),
        )
    }
    conn.close()
    return counts


def _verdict(results: dict) -> dict:
    """Per size: the slowest page or download, the heaviest page (downloads have no size
    target), and every figure that misses its target."""
    verdict = {}
    for size, city in results.items():
        target = TIME_TARGET_MS.get(int(size))
        pages = city["pages"]
        if not pages:
            continue
        slowest = max(pages.items(), key=lambda item: item[1]["ms"])
        html = {name: page for name, page in pages.items() if not page.get("file")} or pages
        heaviest = max(html.items(), key=lambda item: item[1]["kb"])
        missed = [
            f"{name}: {page['ms']} ms"
            for name, page in pages.items()
            if target is not None and page["ms"] > target
        ] + [
            f"{name}: {page['kb']} KB"
            for name, page in html.items()
            if page["kb"] >= SIZE_TARGET_KB
        ]
        verdict[size] = {
            "slowest": f"{slowest[0]}: {slowest[1]['ms']} ms",
            "heaviest page": f"{heaviest[0]}: {heaviest[1]['kb']} KB",
            "time_met": None if target is None else slowest[1]["ms"] <= target,
            "size_met": heaviest[1]["kb"] < SIZE_TARGET_KB,
            "missed": missed,
        }
    return verdict


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, ensure_ascii=False))
