"""Every write transaction takes SQLite's write lock first, so concurrent writers wait, not fail.

Under load 9 of 320 officers got a 500 "database is locked" on the consent page: a deferred
transaction read first and then had to upgrade to a writer while another connection held the
lock, which WAL refuses at once. These tests hold the write lock on a second connection, start
the write on the app's connection in a thread, release the lock shortly after, and expect the
write to have waited and succeeded.
"""

import sqlite3
import threading
import time
from contextlib import closing

import pytest

from screening import journey, store
from screening.clock import now_iso
from screening.demo.screenings import HEALTHY
from screening.store import consent as consent_store
from screening.store import followups, referrals
from screening.web import library
from screening.web.views.screening import consent_version
from tests.factories import officer_with_link

HOLD_SECONDS = 0.3


def hold_write_lock_while(database: str, work) -> dict:
    """Run `work()` in a thread while another connection holds the write lock (with a write of
    its own, committed after HOLD_SECONDS); return what the thread returned or raised."""
    outcome: dict = {}
    with closing(sqlite3.connect(database, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE IF NOT EXISTS other_writer (x)")
        other.execute("INSERT INTO other_writer VALUES (1)")

        def run():
            try:
                outcome["value"] = work()
            except Exception as error:  # reported to the test, which fails on it
                outcome["error"] = error

        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(HOLD_SECONDS)
        other.execute("COMMIT")
        thread.join(timeout=30)
    assert not thread.is_alive()
    return outcome


@pytest.fixture
def officer_client(app, make):
    officer, token, _code = officer_with_link(make, app)
    client = app.test_client()
    client.get(f"/s/{token}")
    client.officer = officer
    return client


def test_consent_post_waits_for_another_writer_instead_of_failing(app, db, officer_client):
    outcome = hold_write_lock_while(
        app.config["DATABASE"],
        lambda: officer_client.post("/skrining/persetujuan", data={"keputusan": "setuju"}),
    )
    assert "error" not in outcome, outcome.get("error")
    assert outcome["value"].status_code == 302
    decision = consent_store.latest_decision(db, officer_client.officer["id"])
    assert decision["decision"] == "setuju"


def test_double_tap_on_consent_stores_one_decision_and_one_draft(app, db, make):
    officer, _token, _code = officer_with_link(make, app)
    barrier = threading.Barrier(2)
    errors = []

    def tap():
        with closing(store.connect(app.config["DATABASE"])) as own, app.app_context():
            barrier.wait()
            try:
                journey.decide_consent(
                    own,
                    officer,
                    decision=journey.AGREED,
                    text_version=consent_version(),
                    questionnaire=library.live(),
                    polling_day=app.config["POLLING_DAY"],
                    now=now_iso(),
                )
            except sqlite3.OperationalError as error:
                errors.append(error)

    # The deterministic version of a double tap: the second tap arrives while the first holds
    # the lock (the test above); this one lets both race as they would.
    for _ in range(10):
        threads = [threading.Thread(target=tap) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        barrier.reset()
    assert errors == []
    assert db["response"].count_where("officer_id = ?", [officer["id"]]) == 1
    assert db["consent"].count_where("officer_id = ?", [officer["id"]]) == 1


def test_a_changed_decision_is_recorded_again(app, db, make):
    officer, _token, _code = officer_with_link(make, app)
    with app.app_context():
        for decision in (journey.DECLINED, journey.DECLINED, journey.AGREED, journey.AGREED):
            journey.decide_consent(
                db,
                officer,
                decision=decision,
                text_version=consent_version(),
                questionnaire=library.live(),
                polling_day=app.config["POLLING_DAY"],
                now=now_iso(),
            )
    decisions = [row["decision"] for row in db["consent"].rows_where(order_by="id")]
    assert decisions == [journey.DECLINED, journey.AGREED]


def test_followup_record_waits_for_another_writer_instead_of_failing(app, db, make):
    clinician = make.staff(role="fktp")
    officer, _response, referral = make.screened_officer(
        {**HEALTHY, "dx_jantung": "ya"}, fktp_code=clinician["fktp_code"]
    )
    assert referral is not None

    def record():
        with closing(store.connect(app.config["DATABASE"])) as own:
            return followups.record(
                own,
                referral["id"],
                data={"kelayakan": "layak"},
                expected_status=referral["status"],
                path=["diperiksa"],
                staff_id=clinician["id"],
                now=now_iso(),
            )

    outcome = hold_write_lock_while(app.config["DATABASE"], record)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["value"] == 1
    assert referrals.referral_for_officer(db, officer["id"])["status"] == "diperiksa"


def test_sqlite_utils_writes_and_atomic_blocks_begin_immediate(app, db, make):
    """sqlite-utils reads a table's schema before each insert, upsert or update: every such
    write, and every `atomic()` block, must still open its transaction with the lock."""
    begins = []
    db.conn.set_trace_callback(
        lambda sql: (
            begins.append(sql.strip().upper()) if sql.lstrip().upper().startswith("BEGIN") else None
        )
    )
    staff = make.staff(role="kpu")
    db["staff"].update(staff["id"], {"full_name": "Nama Baru"})
    with db.atomic():
        db.execute("UPDATE staff SET disabled = 1 WHERE id = ?", [staff["id"]])
    db.execute("UPDATE staff SET disabled = 0 WHERE id = ?", [staff["id"]])
    db.conn.set_trace_callback(None)
    assert begins
    assert set(begins) == {"BEGIN IMMEDIATE"}


def rename_then_fail(db, staff_id: int, name: str) -> None:
    with store.write_transaction(db):
        db.execute("UPDATE staff SET full_name = ? WHERE id = ?", [name, staff_id])
        raise RuntimeError


def test_write_transaction_rolls_back_on_error_and_nests_as_savepoint(db, make):
    staff = make.staff(role="kpu")
    with pytest.raises(RuntimeError):
        rename_then_fail(db, staff["id"], "A")
    assert db["staff"].get(staff["id"])["full_name"] == staff["full_name"]

    with store.write_transaction(db):
        db.execute("UPDATE staff SET full_name = 'Luar' WHERE id = ?", [staff["id"]])
        with pytest.raises(RuntimeError):
            rename_then_fail(db, staff["id"], "Dalam")
    assert not db.conn.in_transaction
    assert db["staff"].get(staff["id"])["full_name"] == "Luar"
