"""`flask --app app demo followups`: the FKTPs' work on the demo referrals, through the clinic's
own operations, at moments after each referral (screening/demo/followups.py)."""

import random
from datetime import datetime, timedelta

import pytest

from screening.clock import WIB
from screening.demo import followups as demo_followups
from screening.demo import operations
from screening.demo.city import load_city
from screening.store import referrals
from tests import apps
from tests.clinic.conftest import ROUTINE


@pytest.fixture(scope="module")
def screened_city_db(tmp_path_factory, demo_city_db):
    """The demo city after `demo screenings --coverage 0.6` (spread over 21 days), built once."""
    path = tmp_path_factory.mktemp("screened") / "city.db"
    apps.copy_database(demo_city_db[0], path)
    app = apps.build_app(path)
    result = app.test_cli_runner().invoke(args=["demo", "screenings", "--coverage", "0.6"])
    assert result.exit_code == 0, result.output
    apps.close(app)
    return path


@pytest.fixture
def screened_city(app, screened_city_db):
    apps.copy_database(screened_city_db, app.config["DATABASE"])


def _followups(runner):
    result = runner.invoke(args=["demo", "followups"])
    assert result.exit_code == 0, result.output
    return result.output


def _statuses(db) -> dict[str, int]:
    rows = db.query("SELECT status, COUNT(*) AS n FROM referral GROUP BY status")
    return {row["status"]: row["n"] for row in rows}


def _snapshot(db) -> tuple:
    return tuple(
        list(db.query(f"SELECT * FROM {table} ORDER BY id"))  # noqa: S608 -- fixed names
        for table in ("referral", "referral_event", "followup")
    )


def test_demo_followups_moves_demo_referrals_in_about_the_drawn_shares(screened_city, runner, db):
    staff = operations.demo_fktp_staff(db, load_city())
    acted_on = [r for r in referrals.demo_referrals(db) if r["fktp_code"] in staff]
    assert len(acted_on) > 150
    output = _followups(runner)
    assert "diperiksa" in output

    statuses = _statuses(db)
    n = len(acted_on)
    examined = statuses.get("diperiksa", 0) + statuses.get("selesai", 0)
    assert 0.30 < examined / n < 0.55  # 45 % drawn, a few too recent are booked instead
    assert 0.12 < statuses["dijadwalkan"] / n < 0.35
    assert 0.03 < statuses["tidak_datang"] / n < 0.14
    left_new = sum(
        1 for r in acted_on if referrals.referral_by_number(db, r["number"])["status"] == "baru"
    )
    assert 0.18 < left_new / n < 0.40
    assert statuses["selesai"] > statuses["diperiksa"]
    urgent = [
        referrals.referral_by_number(db, r["number"])["status"]
        for r in acted_on
        if r["urgency"] in demo_followups.URGENT
    ]
    assert sum(s in ("diperiksa", "selesai") for s in urgent) / len(urgent) > 0.5

    fitness = {
        row["fitness"]: row["n"]
        for row in db.query("SELECT fitness, COUNT(*) AS n FROM followup GROUP BY fitness")
    }
    assert fitness["layak"] > fitness.get("layak_dengan_catatan", 0) > 0
    assert fitness["layak"] > fitness.get("tidak_layak_sementara", 0)
    assert fitness.get(None, 0) == statuses["diperiksa"]  # examined, not yet decided


def test_demo_followups_are_in_the_past_by_the_fktps_own_clinician(screened_city, runner, db):
    _followups(runner)
    now = datetime.now(WIB)
    staff_fktp = {s["id"]: s["fktp_code"] for s in db["staff"].rows}
    for referral in db.query("SELECT * FROM referral WHERE status != 'baru'"):
        created = datetime.fromisoformat(referral["created_at"])
        events = list(
            db.query(
                "SELECT * FROM referral_event WHERE referral_id = ? AND from_status IS NOT NULL",
                [referral["id"]],
            )
        )
        assert events
        for event in events:
            at = datetime.fromisoformat(event["at"])
            assert created <= at <= now
            assert staff_fktp[event["staff_id"]] == referral["fktp_code"]
        if referral["status"] in ("diperiksa", "selesai"):
            seen = datetime.fromisoformat(
                next(e["at"] for e in events if e["to_status"] == "diperiksa")
            ).astimezone(WIB)
            days = (seen.date() - created.astimezone(WIB).date()).days
            if referral["urgency"] in demo_followups.URGENT:
                assert 0 <= days <= 2  # the same day or the next (a Sunday: the Monday)
            else:
                assert 1 <= days <= 11  # 1-10 days, a Sunday moved to the Monday
            assert 8 <= seen.hour < 14
        if referral["status"] == "dijadwalkan":
            visit = datetime.strptime(referral["visit_at"], "%Y-%m-%dT%H:%M").replace(tzinfo=WIB)
            assert now < visit < now + timedelta(days=8)
            assert 8 <= visit.hour < 12
            assert visit.weekday() != 6
        if referral["status"] == "tidak_datang":
            assert referral["visit_at"] is None  # the missed visit is in the event's note
            assert any(e["note"] and e["note"].startswith("jadwal:") for e in events)


def test_demo_followups_twice_changes_nothing(screened_city, runner, db):
    _followups(runner)
    before = _snapshot(db)
    second = _followups(runner)
    assert second.startswith("0 diperiksa (0 selesai), 0 dijadwalkan, 0 tidak datang")
    assert _snapshot(db) == before


def test_demo_followups_leave_real_officers_and_referrals_without_an_fktp_alone(
    screened_city, runner, db, make
):
    staff = operations.demo_fktp_staff(db, load_city())
    fktp_code = next(iter(staff))
    real = [make.screened_officer(ROUTINE, fktp_code=fktp_code)[2]["id"] for _ in range(6)]
    # The draw would have moved most of them had they been demo officers.
    draws = [random.Random(f"2029:{rid}") for rid in real]  # noqa: S311 -- the demo's own draw
    drawn = [demo_followups.draw_outcome(rng) for rng in draws]
    assert any(outcome != demo_followups.LEFT_NEW for outcome in drawn)
    unassigned = [r["id"] for r in referrals.demo_referrals(db) if r["fktp_code"] is None]
    assert unassigned

    _followups(runner)
    for rid in real + unassigned:
        assert db["referral"].get(rid)["status"] == "baru"
        assert db["referral_event"].count_where("referral_id = ?", [rid]) == 1
        assert db["followup"].count_where("referral_id = ?", [rid]) == 0


def _total_cells(page: str) -> list[str]:
    row = page[page.index("Seluruh kota</th>") :]
    row = row[: row.index("</tr>")]
    return [cell.split("</td>")[0].strip() for cell in row.split('<td class="num">')[1:]]


def test_after_demo_followups_the_dinkes_page_shows_visits_and_a_median(
    screened_city, runner, db, client, sign_in
):
    sign_in("dinkes")
    before = _total_cells(client.get("/dinkes/").text)
    assert before[1] == "0"  # nobody seen: the demo was empty
    _followups(runner)
    cells = _total_cells(client.get("/dinkes/").text)
    seen, median = cells[1], cells[4]
    assert int(seen.replace(".", "")) > 50
    assert median != "–"
    assert 1 <= float(median.replace(",", ".")) <= 10


def test_demo_followups_work_the_klinik_and_dokter_referrals_too(screened_city, runner, db):
    city = load_city()
    staff = operations.demo_fktp_staff(db, city)
    others = {f.code: f.kind for f in city.fktp if f.kind != "puskesmas"}
    assert set(others) <= set(staff)  # each has its demo clinician
    theirs = [r for r in referrals.demo_referrals(db) if r["fktp_code"] in others]
    assert {others[r["fktp_code"]] for r in theirs} == {"klinik", "dokter"}

    _followups(runner)
    after = [referrals.referral_by_number(db, r["number"]) for r in theirs]
    moved = {others[r["fktp_code"]] for r in after if r["status"] != "baru"}
    assert moved == {"klinik", "dokter"}
    statuses = {r["status"] for r in after}
    assert statuses & {"diperiksa", "selesai"}  # seen
    assert "dijadwalkan" in statuses  # booked
    for referral in after:
        events = db.query(
            "SELECT staff_id FROM referral_event WHERE referral_id = ? AND from_status IS NOT NULL",
            [referral["id"]],
        )
        assert {e["staff_id"] for e in events} <= {staff[referral["fktp_code"]]}
