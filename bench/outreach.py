"""The message planner on a large regency: one pass over 100,000 officers, then an idle one.

The demo city (60 % screened, about 6 % of officers referred) is grown to 100,000 officers as in
bench/scale.py; every officer gets a personal link, issued over ten hours, and a third of the
referrals a scheduled visit. The planner (screening/outreach/schedule.py) then runs eight days
later, when the invitations, the +3 and +7 day reminders, the referral messages, the deadline
reminders and the escalations of the week's overdue referrals have all fallen due: the first
pass queues them; the second, fifteen minutes later, must queue nothing (idempotent) and shows
the cost of the pass the worker runs every 15 minutes.

`python -m bench bench.outreach`; OUTREACH_OFFICERS (environment) changes the size.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.scale import _app, build_demo_city, scale_city
from screening import store
from screening.outreach import schedule

OFFICERS = int(os.environ.get("OUTREACH_OFFICERS", "100000"))


def _links_and_visits(path: Path, issued: datetime) -> None:
    """Links for every officer (issued over ten hours from `issued`), a visit for a third of
    the open referrals: bench-only SQL on a throwaway copy."""
    conn = sqlite3.connect(path, isolation_level=None)
    start = issued.isoformat(timespec="seconds")
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO officer_access (officer_id, token_hash, version, issued_at) "
        "SELECT id, 'bench-' || id, 1, "
        "strftime('%Y-%m-%dT%H:%M:%S+00:00', ?, '+' || (id % 600) || ' minutes') "
        "FROM officer WHERE id NOT IN (SELECT officer_id FROM officer_access)",
        [start],
    )
    visit_day = (issued + timedelta(days=9, hours=7)).date().isoformat()
    conn.execute(
        "UPDATE referral SET status = 'dijadwalkan', visit_at = ? || 'T09:00', updated_at = ? "
        "WHERE status = 'baru' AND id % 3 = 0",
        [visit_day, (issued + timedelta(days=2)).isoformat(timespec="seconds")],
    )
    conn.execute("COMMIT")
    conn.close()


def run(officers: int = OFFICERS) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-outreach-"))
    try:
        base = build_demo_city(folder)
        path = folder / f"city-{officers}.db"
        scale_city(base, path, officers, audit_rows=0)
        # Referrals were made "now" (the demo screenings ran with the wall clock).
        issued = datetime.now(UTC).replace(microsecond=0)
        _links_and_visits(path, issued)
        app = _app(path)
        db = store.connect(str(path))
        counts = {
            table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 -- our names
            for table in ("officer", "officer_access", "response", "referral")
        }
        at = issued + timedelta(days=8)
        first = schedule.plan(db, now=at.isoformat(), settings=app.config)
        second = schedule.plan(
            db, now=(at + timedelta(minutes=15)).isoformat(), settings=app.config
        )
        db.close()
        load = os.getloadavg()[0]
        return {
            "load_average_1min": round(load, 1),
            **{f"{table}_rows": n for table, n in counts.items()},
            "first_pass_seconds": round(first.seconds, 2),
            "first_pass_queued": first.total_queued,
            "first_pass_queued_per_rule": first.queued,
            "first_pass_longest_rule_seconds": round(max(first.rule_seconds.values()), 2),
            "second_pass_seconds": round(second.seconds, 2),
            "second_pass_longest_rule_seconds": round(max(second.rule_seconds.values()), 2),
            "second_pass_queued": second.total_queued,
            "second_pass_cancelled": second.total_cancelled,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
