"""Staff pages on a large regency: server time and size at 8,123, 100,000 and 300,000 officers.

The demo city (`flask demo load`, then `demo screenings` for 60 % of officers, about 6 % of
officers referred) is built once in a temporary folder; each larger city is a copy of it whose
officers, with their links, consents, responses, referrals, events and follow-ups, are repeated
by INSERT … SELECT until the roster has the size asked for (the map and FKTPs stay the city's).
The 300,000 city gets a 1,000,000-row audit log (executemany), the others the same density.

Each page is asked through the Flask test client as the role that uses it: one warm-up, then
the median server time of 3 and the size of the HTML. Targets: ≤ 200 ms at 100,000 officers,
≤ 400 ms at 300,000, every page under 200 KB.

`python -m bench bench.scale`; SCALE_SIZES=8123,100000 (environment) limits the sizes.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp

from screening import second_factor, store
from screening.clock import now_iso
from screening.demo import DEMO_PASSWORD
from screening.store import migrations
from screening.store import second_factor as second_factor_store
from screening.store import staff as staff_store
from screening.web.app import create_app

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


def _app(path: Path):
    return create_app({**SETTINGS, "DATABASE": str(path)})


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


def _pages(conn) -> list[tuple[str, str, str]]:
    """(name, role's username, path) of every page measured."""
    kelurahan = conn.execute(
        "SELECT kelurahan_code FROM officer GROUP BY kelurahan_code ORDER BY COUNT(*) DESC"
    ).fetchone()[0]
    subject = conn.execute(
        "SELECT subject FROM audit_log WHERE subject LIKE 'referral:%' LIMIT 1"
    ).fetchone()[0]
    day = datetime.now(UTC).date() - timedelta(days=7)
    fktp = conn.execute(
        "SELECT s.username FROM staff s JOIN referral r ON r.fktp_code = s.fktp_code"
        " WHERE s.role = 'fktp' GROUP BY s.id ORDER BY COUNT(*) DESC"
    ).fetchone()[0]
    return [
        ("staff home (coverage)", "kpu", "/staf/"),
        ("officers of one kelurahan", "kpu", f"/kpu/petugas/?kelurahan={kelurahan}"),
        ("officer list, no filter", "kpu", "/kpu/petugas/"),
        ("referrals", "kpu", "/kpu/rujukan/"),
        ("referrals without FKTP", "kpu", "/kpu/rujukan/tanpa-fktp"),
        ("audit log by subject", "admin", f"/admin/audit?subjek={subject}"),
        ("audit log by date", "admin", f"/admin/audit?dari={day}&sampai={day}"),
        ("FKTP worklist (busiest)", fktp, "/fktp/"),
    ]


def measure(path: Path) -> dict:
    conn = sqlite3.connect(path)
    pages = _pages(conn)
    conn.close()
    app = _app(path)
    clients: dict[str, object] = {}
    figures = {}
    for name, username, url in pages:
        client = clients.get(username) or clients.setdefault(username, _signed_in(app, username))
        times = []
        for _ in range(RUNS + 1):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        figures[name] = {
            "ms": round(statistics.median(times[1:]), 1),
            "kb": round(len(response.data) / 1024, 1),
        }
    return figures


def run() -> dict:
    sizes = [int(s) for s in os.environ.get("SCALE_SIZES", "").split(",") if s] or list(SIZES)
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    results: dict[str, dict] = {}
    try:
        started = time.perf_counter()
        base = build_demo_city(folder)
        conn = sqlite3.connect(base)
        base_officers = conn.execute("SELECT COUNT(*) FROM officer").fetchone()[0]
        conn.close()
        build_seconds = {"demo city": round(time.perf_counter() - started, 1)}
        for size in sizes:
            started = time.perf_counter()
            path = folder / f"city-{size}.db"
            audit_rows = AUDIT_ROWS.get(size, round(size * 10 / 3))
            scale_city(base, path, max(size, base_officers), audit_rows)
            build_seconds[str(size)] = round(time.perf_counter() - started, 1)
            results[str(size)] = _describe(path) | {"pages": measure(path)}
            path.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"cities": results, "build_seconds": build_seconds, "verdict": _verdict(results)}


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
    verdict = {}
    for size, city in results.items():
        target = TIME_TARGET_MS.get(int(size))
        slowest = max(city["pages"].items(), key=lambda item: item[1]["ms"])
        heaviest = max(city["pages"].items(), key=lambda item: item[1]["kb"])
        verdict[size] = {
            "slowest": f"{slowest[0]}: {slowest[1]['ms']} ms",
            "heaviest": f"{heaviest[0]}: {heaviest[1]['kb']} KB",
            "time_met": None if target is None else slowest[1]["ms"] <= target,
            "size_met": heaviest[1]["kb"] < SIZE_TARGET_KB,
        }
    return verdict


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, ensure_ascii=False))
