"""Forty-five days of the loop on the demo city with a simulated clock.

300 demo officers get their links over the first days (some late in the evening), then screen,
decline, opt out or stay silent; the at-risk ones are referred; FKTPs schedule visits, record
no-shows and reschedule, examine officers; some never come. The planner runs every 15 minutes
for the first three days, then every hour, each time with the simulated `now`; after each
planner pass the real release pass runs at the same `now` (quiet hours, one message per officer
per WIB day, opt-outs), and the operator sends what it put on the click-to-chat page at once.

An oracle, written apart from the planner's SQL, replays the same event log and says which
message each rule owes, when it falls due and at which pass it must be queued. The test then
asserts that the outbox holds exactly those (each once, at the first pass after it fell due,
never in the quiet hours, none to an opted-out officer, none after the officer was seen), that
every queued message nobody needs any more was cancelled, and that every referral still unseen
after its deadline was escalated and is on /kpu/terlambat/. On the sending side: nothing was
released in the quiet hours, never two messages to one officer on one WIB day, nothing to an
officer after they opted out, nothing about a referral after the officer was seen.
"""

import heapq
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from screening import journey
from screening.demo.screenings import AT_RISK, HEALTHY, submit_one
from screening.outreach import delivery
from screening.store import referrals as referral_store
from screening.web import library
from screening.web.views import overdue as overdue_view
from tests.outreach.helpers import iso, plan, schedule_visit, utc

START = utc("2029-01-01 00:00")
DAYS = 45
OFFICERS = 300
SCREENING_DEADLINE = date(2029, 1, 31)  # POLLING_DAY 2029-02-14 minus 14 days
RED_FLAG = ("darurat", "hari_ini")
NOT_SEEN = ("baru", "dijadwalkan", "tidak_datang")  # lifecycle.NOT_SEEN, kept apart on purpose
# Why a message may be cancelled: the planner's, or the release pass's own second look.
CANCELLED = {
    "tidak diperlukan lagi",
    delivery.OPTED_OUT,
    delivery.ALREADY_SCREENED,
    delivery.REFERRAL_SETTLED,
}


def local(moment: datetime) -> datetime:
    """Naive WIB wall clock of an aware UTC moment."""
    return (moment + timedelta(hours=7)).replace(tzinfo=None)


def from_local(wall: datetime) -> datetime:
    return utc(wall.isoformat(sep=" ", timespec="minutes"))


def quiet_shift(wall: datetime) -> datetime:
    if wall.time() >= time(21):
        return datetime.combine(wall.date() + timedelta(days=1), time(7))
    if wall.time() < time(7):
        return datetime.combine(wall.date(), time(7))
    return wall


@dataclass
class Officer:
    id: int
    issued: datetime | None = None
    opted_out: datetime | None = None
    declined: datetime | None = None
    screened: datetime | None = None


@dataclass
class Referral:
    id: int
    officer: Officer
    created: datetime
    urgency: str
    deadline: date
    statuses: list = field(default_factory=list)  # (moment, status)
    visits: list = field(default_factory=list)  # (moment scheduled, visit_at text)

    def status_at(self, moment):
        current = "baru"
        for at, status in self.statuses:
            if at <= moment:
                current = status
        return current

    def visit_at(self, moment):
        current = None
        for at, visit in self.visits:
            if at <= moment:
                current = visit
        return current


@dataclass
class Owed:
    """One message the schedule owes: its key, due moment and when it is wanted."""

    key: str
    rule: str
    officer: Officer
    due: datetime  # UTC
    wanted: object  # moment -> bool (conditions, the event not yet past)
    referral: Referral | None = None


def _before(moment_or_none, moment) -> bool:
    return moment_or_none is not None and moment_or_none <= moment


def owed_messages(officers: list[Officer], referrals: list[Referral]) -> list[Owed]:
    """What the default schedule (questionnaires/reminders.yaml) owes, from the event log."""
    owed = []
    deadline_end = from_local(datetime.combine(SCREENING_DEADLINE + timedelta(days=1), time()))

    for o in officers:
        if o.issued is None:
            continue

        def screening_open(m, o=o):
            return (
                not (_before(o.opted_out, m) or _before(o.screened, m) or _before(o.declined, m))
                and local(m).date() <= SCREENING_DEADLINE
            )

        issued_wall = local(o.issued)
        for rule, days in (
            ("undangan", 0),
            ("pengingat_skrining_3", 3),
            ("pengingat_skrining_7", 7),
        ):
            due = from_local(quiet_shift(issued_wall + timedelta(days=days)))
            owed.append(Owed(f"{rule}:{o.id}:v1", rule, o, due, screening_open))
        due = from_local(quiet_shift(datetime.combine(SCREENING_DEADLINE - timedelta(3), time(8))))
        if due > from_local(issued_wall):  # known before it falls due
            owed.append(
                Owed(
                    f"pengingat_skrining_batas:{o.id}",
                    "pengingat_skrining_batas",
                    o,
                    due,
                    lambda m, f=screening_open: f(m) and m < deadline_end,
                )
            )

    for r in referrals:

        def not_seen(m, r=r):
            return r.status_at(m) in NOT_SEEN and not _before(r.officer.opted_out, m)

        rule = "tanda_bahaya" if r.urgency in RED_FLAG else "rujukan_baru"
        owed.append(Owed(f"{rule}:{r.id}", rule, r.officer, r.created, not_seen, r))
        ends = from_local(datetime.combine(r.deadline + timedelta(days=1), time()))
        due = from_local(quiet_shift(datetime.combine(r.deadline - timedelta(days=2), time(8))))
        if due > r.created:
            owed.append(
                Owed(
                    f"pengingat_rujukan:{r.id}",
                    "pengingat_rujukan",
                    r.officer,
                    due,
                    lambda m, f=not_seen, e=ends: f(m) and m < e,
                    r,
                )
            )
        due = from_local(datetime.combine(r.deadline + timedelta(days=1), time(8)))
        owed.append(
            Owed(f"rujukan_terlambat:{r.id}", "rujukan_terlambat", r.officer, due, not_seen, r)
        )
        for scheduled, visit in r.visits:
            visit_moment = from_local(datetime.fromisoformat(visit))

            def visit_on(m, r=r, visit=visit, e=visit_moment):
                return (
                    r.status_at(m) == "dijadwalkan"
                    and r.visit_at(m) == visit
                    and not _before(r.officer.opted_out, m)
                    and m < e
                )

            owed.append(
                Owed(
                    f"kunjungan_dijadwalkan:{r.id}:{visit}",
                    "kunjungan_dijadwalkan",
                    r.officer,
                    from_local(quiet_shift(local(scheduled))),
                    visit_on,
                    r,
                )
            )
            wall = datetime.combine(date.fromisoformat(visit[:10]) - timedelta(days=1), time(8))
            due = from_local(quiet_shift(wall))
            if due > scheduled:
                owed.append(
                    Owed(
                        f"pengingat_kunjungan:{r.id}:{visit}",
                        "pengingat_kunjungan",
                        r.officer,
                        due,
                        visit_on,
                        r,
                    )
                )
    return owed


def pass_times() -> list[datetime]:
    times, moment, end = [], START, START + timedelta(days=DAYS)
    while moment <= end:
        times.append(moment)
        moment += (
            timedelta(minutes=15) if moment < START + timedelta(days=3) else timedelta(hours=1)
        )
    return times


def at_minute(rng, day: float, *, evening_share=0.0) -> datetime:
    """A moment on day `day` after START at a minute that is never a pass (:07, :22, :37, :52),
    in the evening for `evening_share` of the draws."""
    hour = rng.choice([21, 22, 23]) if rng.random() < evening_share else rng.randint(7, 20)
    minute = rng.choice([7, 22, 37, 52])
    wall = datetime.combine(local(START).date() + timedelta(days=int(day)), time(hour, minute))
    return from_local(wall)


def test_forty_five_days_every_message_once_at_the_right_time(
    demo_city, app, db, make, client, sign_in, monkeypatch
):
    rng = random.Random(13)  # noqa: S311 -- test data
    rows = [dict(r) for r in db.query("SELECT * FROM officer ORDER BY id LIMIT ?", [OFFICERS])]
    officers = {row["id"]: Officer(row["id"]) for row in rows}
    clinician = make.staff(role="kpu")
    q = library.live()
    key = app.config["ACCESS_KEY"].encode()

    # --- the event log: (moment, action) -------------------------------------------------------
    order = itertools.count()
    events: list[tuple[datetime, int, str, dict]] = []

    def happen(moment, action, data):
        heapq.heappush(events, (moment, next(order), action, data))

    for row in rows:
        o = officers[row["id"]]
        o.issued = at_minute(rng, rng.uniform(0, 5), evening_share=0.2)
        happen(o.issued, "issue", row)
        draw = rng.random()
        if draw < 0.08:
            o.opted_out = at_minute(rng, rng.uniform(0, 30))
            happen(o.opted_out, "opt_out", row)
        if 0.08 <= draw < 0.13:
            o.declined = at_minute(rng, rng.uniform(1, 10))
            happen(o.declined, "decline", row)
        elif 0.13 <= draw < 0.78:
            o.screened = at_minute(rng, rng.uniform(0, 25))
            at_risk = rng.random() < 0.45
            answers = {**HEALTHY, **rng.choice(AT_RISK)[1]} if at_risk else dict(HEALTHY)
            happen(o.screened, "screen", {**row, "answers": answers})

    referrals: dict[int, Referral] = {}

    def apply(moment, action, data):
        o = officers.get(data.get("id")) if "id" in data else None
        if action == "issue":
            from screening.officers import access
            from screening.store import access as access_store

            access_store.issue_missing(
                db,
                [o.id],
                lambda oid, v: access.token_hash(access.link_token(key, oid, v)),
                now=iso(moment),
            )
        elif action == "opt_out":
            db.execute("UPDATE officer SET opted_out_at = ? WHERE id = ?", [iso(moment), o.id])
            db.conn.commit()
        elif action == "decline":
            journey.decide_consent(
                db,
                data,
                decision=journey.DECLINED,
                text_version="demo",
                questionnaire=q,
                polling_day="2029-02-14",
                now=iso(moment),
            )
        elif action == "screen":
            officer = {k: v for k, v in data.items() if k != "answers"}
            submit_one(db, q, officer, data["answers"], polling_day="2029-02-14", now=iso(moment))
            row = referral_store.referral_for_officer(db, o.id)
            if row is not None:
                r = Referral(
                    row["id"], o, moment, row["urgency"], date.fromisoformat(row["deadline"])
                )
                referrals[r.id] = r
                plan_fktp(r)
        elif action == "schedule":
            r = referrals[data["referral"]]
            schedule_visit(db, r.id, data["visit"], moment)
            r.statuses.append((moment, "dijadwalkan"))
            r.visits.append((moment, data["visit"]))
        elif action in ("diperiksa", "tidak_datang"):
            r = referrals[data["referral"]]
            current = r.status_at(moment)
            referral_store.change_status(
                db, r.id, expected=current, to=action, staff_id=clinician["id"], now=iso(moment)
            )
            r.statuses.append((moment, action))

    def plan_fktp(r: Referral):
        """What the FKTP will do with a new referral, drawn now, done later."""
        draw = rng.random()
        day = (local(r.created).date() - local(START).date()).days
        if draw < 0.45:  # scheduled, then kept, missed (and rescheduled) or left
            when = at_minute(rng, day + rng.randint(1, 3))
            visit_day = local(when).date() + timedelta(days=rng.randint(1, 6))
            visit = f"{visit_day.isoformat()}T{rng.choice(['08:00', '09:30', '13:00'])}"
            happen(when, "schedule", {"referral": r.id, "visit": visit})
            visit_moment = from_local(datetime.fromisoformat(visit))
            fate = rng.random()
            if fate < 0.6:
                happen(visit_moment + timedelta(minutes=7), "diperiksa", {"referral": r.id})
            elif fate < 0.85:
                missed = visit_moment + timedelta(hours=3, minutes=7)
                happen(missed, "tidak_datang", {"referral": r.id})
                again = missed + timedelta(days=1, minutes=15)
                second = (local(again).date() + timedelta(days=3)).isoformat() + "T10:00"
                happen(again, "schedule", {"referral": r.id, "visit": second})
        elif draw < 0.7:  # walks in, some time after the referral
            walk_in = max(at_minute(rng, day + rng.randint(0, 12)), r.created + timedelta(hours=2))
            happen(walk_in, "diperiksa", {"referral": r.id})
        # else: never comes

    # --- the run -----------------------------------------------------------------------------
    passes = pass_times()
    queued_at: dict[str, datetime] = {}
    for moment in passes:
        while events and events[0][0] < moment:
            at, _, action, data = heapq.heappop(events)
            apply(at, action, data)
        plan(db, app, moment)
        for row in db.query("SELECT dedupe_key FROM message WHERE created_at = ?", [iso(moment)]):
            queued_at[row["dedupe_key"]] = moment
        delivery.release(
            db,
            moment,
            app.config,
            link_for=lambda db, officer_id: f"https://s.example/{officer_id}",
        )
        # The operator sends what the release put on the click-to-chat page.
        db.execute(
            "UPDATE message SET status = 'terkirim', sent_at = ? WHERE status = 'siap'",
            [iso(moment)],
        )
        db.conn.commit()
    end = passes[-1]

    # --- what the oracle owes ----------------------------------------------------------------
    expected = {}
    for o in owed_messages(list(officers.values()), list(referrals.values())):
        first = next((p for p in passes if p >= o.due), None)
        if first is not None and o.wanted(first):
            expected[o.key] = (o, first)

    stored = {row["dedupe_key"]: dict(row) for row in db.query("SELECT * FROM message")}
    assert set(stored) == set(expected), (
        sorted(set(stored) - set(expected))[:5],
        sorted(set(expected) - set(stored))[:5],
    )
    for message_key, (owed, first) in expected.items():
        row = stored[message_key]
        # Queued once (the key is unique), at the first pass after it fell due, with its due time.
        assert row["due_at"] == iso(owed.due), message_key
        assert queued_at[message_key] == first, message_key
        assert row["rule"] == owed.rule
        # Never due in the quiet hours.
        assert time(7) <= local(owed.due).time() < time(21), message_key
        # Never to an officer opted out, never after the officer was seen.
        assert not _before(owed.officer.opted_out, first), message_key
        if owed.referral is not None:
            assert owed.referral.status_at(first) in NOT_SEEN, message_key
        # Cancelled exactly when nobody needs it any more (and not sent by then).
        if row["status"] == "batal":
            assert row["error"] in CANCELLED, row["error"]
            assert not owed.wanted(end), message_key
        elif row["status"] == "antri":
            assert owed.wanted(end), message_key
    # The sending side, from what was released and when.
    released = [row for row in stored.values() if row["released_at"]]
    assert len(released) > 500, len(released)
    per_officer_day: dict[tuple, int] = {}
    for row in released:
        at = datetime.fromisoformat(row["released_at"])
        assert time(7) <= local(at).time() < time(21), row["dedupe_key"]
        day = (row["officer_id"], local(at).date())
        per_officer_day[day] = per_officer_day.get(day, 0) + 1
        owed = expected[row["dedupe_key"]][0]
        assert not _before(owed.officer.opted_out, at), row["dedupe_key"]
        if owed.referral is not None:
            assert owed.referral.status_at(at) in NOT_SEEN, row["dedupe_key"]
        else:
            assert not _before(owed.officer.screened, at), row["dedupe_key"]
    assert max(per_officer_day.values()) == 1
    # Every message could be written, referrals without an FKTP yet included.
    assert not [row for row in stored.values() if row["status"] == "gagal"]
    # Every referral seen: no message of it left waiting.
    for r in referrals.values():
        if r.status_at(end) not in NOT_SEEN:
            waiting = [
                k for k, m in stored.items() if m["referral_id"] == r.id and m["status"] == "antri"
            ]
            assert waiting == []

    # Every overdue referral was escalated and is on the area operators' list.
    overdue = {
        r.id
        for r in referrals.values()
        if r.deadline < local(end).date() and r.status_at(end) in NOT_SEEN
    }
    assert overdue, "the simulation should leave some referrals overdue"
    escalated = 0
    for rid in overdue:
        r = referrals[rid]
        morning_after = from_local(datetime.combine(r.deadline + timedelta(days=1), time(8)))
        if morning_after <= end and not _before(r.officer.opted_out, morning_after):
            assert f"rujukan_terlambat:{rid}" in stored
            escalated += 1
    assert escalated
    monkeypatch.setattr(overdue_view, "today_wib", lambda: local(end).date())
    sign_in("kpu")
    listed = set()
    page = 1
    while True:
        text = client.get(f"/kpu/terlambat/?halaman={page}").text
        found = {number for number in (f"RJ-{rid:05d}" for rid in referrals) if number in text}
        if not found:
            break
        listed |= found
        page += 1
    assert listed == {f"RJ-{rid:05d}" for rid in overdue}
    # The figures, for the report.
    counts = {}
    for row in stored.values():
        counts[(row["rule"], row["status"])] = counts.get((row["rule"], row["status"]), 0) + 1
    print(sorted(counts.items()), len(referrals), len(overdue), escalated)
