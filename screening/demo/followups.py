"""Synthetic work of the FKTPs on the demo referrals: visits booked, officers examined with their
findings and fitness for duty, officers who did not come. Through the same operations as the
clinic's pages (`referrals.operations`, the findings checked by `findings.parse_followup` and
`visits.parse_visit`), each stamped with a moment in the past relative to the referral's
`created_at`, so the Dinkes page's median days and "seen by the deadline" mean something.

Per referral, drawn from a generator of its own (seed and referral id), as the demo screenings
are: about 45 % examined 1-10 days after the referral (half of them booked first), about 20 %
booked for a visit in the coming days, about 8 % booked for a visit that has passed and recorded
as not come, the rest left `baru` (past their deadline some of them turn overdue, as in a real
city). A referral to be seen today (`darurat`, `hari_ini`) is examined more often (about 70 %) and
within a day, as a clinic that calls the officer at once would. An outcome that would lie after
`now` (a referral made yesterday cannot have been examined a week later) becomes a visit booked in
the coming days instead.

Only referrals still `baru`, of demo officers, with an FKTP that has a demo account
(`fktp.<name>`, one per FKTP: Puskesmas, klinik pratama, dokter praktik): the acting clinician
of every event. A second run finds nothing left `baru` that it would move, so it changes
nothing. Plain Python over the store.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from screening.clock import WIB
from screening.questionnaire import Result
from screening.referrals import findings, operations, visits
from screening.store import referrals, responses, write_transaction

EXAMINED, SCHEDULED, NO_SHOW, LEFT_NEW = "examined", "scheduled", "no_show", "left_new"
# Cumulative shares of the outcomes drawn per referral; the rest stay `baru`.
SHARES = ((EXAMINED, 0.45), (SCHEDULED, 0.20), (NO_SHOW, 0.08))
URGENT = frozenset({"darurat", "hari_ini"})  # to be seen today: the clinic calls the officer
URGENT_SHARES = ((EXAMINED, 0.70), (SCHEDULED, 0.10), (NO_SHOW, 0.08))
COMPLETED = 0.8  # of the examined, the share completed (`selesai`); the rest wait for a result
FITNESS_WEIGHTS = (("layak", 75), ("layak_dengan_catatan", 18), ("tidak_layak_sementara", 7))
DUTY_NOTES = (
    "Tidak bertugas malam.",
    "Boleh bertugas; minum obat teratur dan istirahat cukup.",
    "Hindari bertugas lebih dari 8 jam tanpa istirahat.",
)
# (systolic, diastolic) ranges per fitness, in mmHg; None: examined, not yet decided.
BLOOD_PRESSURE = {
    "layak": ((118, 148), (72, 92)),
    "layak_dengan_catatan": ((140, 162), (88, 100)),
    "tidak_layak_sementara": ((165, 192), (100, 114)),
    None: ((125, 160), (80, 98)),
}


def draw_outcome(rng: random.Random, urgency: str | None = None) -> str:
    draw, upto = rng.random(), 0.0
    for outcome, share in URGENT_SHARES if urgency in URGENT else SHARES:
        upto += share
        if draw < upto:
            return outcome
    return LEFT_NEW


def _working_day(day: date) -> date:
    """FKTPs see patients Monday to Saturday."""
    return day + timedelta(days=1) if day.weekday() == 6 else day


def clinic_moment(rng: random.Random, day: date, *, last_hour: int = 13) -> datetime:
    """A moment in the clinic's opening hours (08.00 to `last_hour`.45 WIB) of a working day."""
    minutes = rng.randrange(0, (last_hour - 8) * 60 + 46, 15)
    return datetime.combine(_working_day(day), time(8), WIB) + timedelta(minutes=minutes)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def record_followups(db, *, fktp_staff: dict[str, int], now: str, seed: int = 2029) -> dict:
    """Invent the FKTPs' work on the demo referrals still `baru`; `fktp_staff` maps an FKTP code
    to the id of its demo clinician. Returns counts: examined (of which `completed`), scheduled,
    no_show, left_new, no_staff (FKTP without a demo account, or none), untouched (not `baru`)."""
    counts = dict.fromkeys(
        (EXAMINED, "completed", SCHEDULED, NO_SHOW, LEFT_NEW, "no_staff", "untouched"), 0
    )
    end = datetime.fromisoformat(now)
    with write_transaction(db):
        for referral in referrals.demo_referrals(db):
            if referral["status"] != "baru":
                counts["untouched"] += 1
                continue
            staff_id = fktp_staff.get(referral["fktp_code"])
            if staff_id is None:
                counts["no_staff"] += 1
                continue
            rng = random.Random(f"{seed}:{referral['id']}")  # noqa: S311 -- demo data
            outcome = draw_outcome(rng, referral["urgency"])
            if outcome == LEFT_NEW:
                counts[LEFT_NEW] += 1
                continue
            done = _act(db, rng, referral, outcome, staff_id=staff_id, end=end)
            counts[done] += 1
            counts["completed"] += (
                done == EXAMINED and _current(db, referral)["status"] == "selesai"
            )
    return counts


def _current(db, referral: dict) -> dict:
    """The referral as it stands now (each operation checks the status the clinician saw)."""
    return referrals.referral_by_number(db, referral["number"])


def _act(db, rng, referral: dict, outcome: str, *, staff_id: int, end: datetime) -> str:
    """Carry out `outcome` with moments before `end`; returns what was done (an outcome that
    would end after `end` is booked for the coming days instead)."""
    created = datetime.fromisoformat(referral["created_at"]).astimezone(WIB)
    if outcome == EXAMINED:
        if referral["urgency"] in URGENT:
            seen = clinic_moment(rng, created.date())
            if seen <= created:  # referred after the clinic's hours: seen the next day
                seen = clinic_moment(rng, created.date() + timedelta(days=1))
        else:
            seen = clinic_moment(rng, created.date() + timedelta(days=rng.randint(1, 10)))
        booked = created + timedelta(hours=rng.uniform(1, 24))
        if seen <= end:
            if rng.random() < 0.5 and booked < seen:
                _book(db, referral, seen, at=booked, by=staff_id)
            _examine(db, rng, referral, at=seen, by=staff_id)
            return EXAMINED
    elif outcome == NO_SHOW:
        visit = clinic_moment(rng, created.date() + timedelta(days=rng.randint(2, 5)))
        booked = created + timedelta(hours=rng.uniform(1, 24))
        missed = visit + timedelta(hours=rng.uniform(4, 30))
        if missed <= end:
            _book(db, referral, visit, at=booked, by=staff_id)
            current = _current(db, referral)
            operations.change_status(
                db,
                current,
                expected=current["status"],
                to="tidak_datang",
                by=staff_id,
                at=_iso(missed),
            )
            return NO_SHOW
    # Booked for the coming days (also the outcome whose moments would lie after `end`).
    booked = min(created + timedelta(hours=rng.uniform(1, 72)), end)
    today = end.astimezone(WIB).date()
    visit = clinic_moment(rng, today + timedelta(days=rng.randint(1, 6)), last_hour=11)
    _book(db, referral, visit, at=booked, by=staff_id)
    return SCHEDULED


def _book(db, referral: dict, visit: datetime, *, at: datetime, by: int) -> None:
    """Book the visit as the clinician's schedule form would, checked as it checks it."""
    check = visits.parse_visit(
        visit.strftime("%Y-%m-%d"), visit.strftime("%H:%M"), now=at, deadline=referral["deadline"]
    )
    if check.errors:  # pragma: no cover -- a bug in the draws above, not in the data
        raise ValueError(f"demo visit refused: {check.errors}")
    current = _current(db, referral)
    operations.schedule_visit(
        db, current, visit_at=check.visit_at, expected=current["status"], by=by, at=_iso(at)
    )


def followup_form(rng: random.Random, *, complete: bool, required: list[str]) -> dict:
    """What the clinician types into the follow-up form: blood pressure, weight and waist, blood
    glucose when the referral asks for it, diagnoses and actions that follow from them, and (when
    the referral is completed) the fitness for duty."""
    fitness = None
    if complete:
        names, weights = zip(*FITNESS_WEIGHTS, strict=True)
        fitness = rng.choices(names, weights=weights)[0]
    (sys_low, sys_high), (dia_low, dia_high) = BLOOD_PRESSURE[fitness]
    systolic, diastolic = rng.randint(sys_low, sys_high), rng.randint(dia_low, dia_high)
    raw = {
        "sistolik": str(systolic),
        "diastolik": str(diastolic),
        "berat_kg": str(rng.randint(52, 92)),
        "lingkar_perut_cm": str(rng.randint(74, 104)),
    }
    diagnoses = ["I10"] if systolic >= 140 or diastolic >= 90 else []
    if findings.GULA_DARAH in required:
        glucose = rng.randint(95, 260)
        raw |= {"gula_darah": str(glucose), "gula_jenis": "sewaktu"}
        diagnoses += ["E11"] if glucose >= 200 else ["R73"] if glucose >= 140 else []
    actions = ["edukasi"]
    if diagnoses:
        actions.append("terapi")
    if "E11" in diagnoses or rng.random() < 0.2:
        actions.append("prolanis")
    if fitness == "tidak_layak_sementara" and rng.random() < 0.5:
        actions.append("rujuk_fkrtl")
    raw |= {"diagnosis": diagnoses, "tindakan": actions}
    if fitness:
        raw["kelayakan"] = fitness
    if fitness == "layak_dengan_catatan":
        raw["catatan_kpu"] = rng.choice(DUTY_NOTES)
    elif fitness == "tidak_layak_sementara":
        raw["catatan_kpu"] = "Istirahat dulu; diperiksa ulang sebelum hari pemungutan suara."
    else:
        raw["catatan"] = "Menunggu hasil pemeriksaan ulang." if not complete else ""
    return raw


def _examine(db, rng, referral: dict, *, at: datetime, by: int) -> None:
    response = responses.response_for_officer(db, referral["officer_id"])
    required = (
        findings.required_measurements(Result.from_dict(response["result"]))
        if response and response.get("result")
        else [findings.TEKANAN_DARAH]
    )
    complete = rng.random() < COMPLETED
    raw = followup_form(rng, complete=complete, required=required)
    data, errors = findings.parse_followup(raw, complete=complete, required=required)
    if errors:  # pragma: no cover -- a bug in `followup_form`, not in the data
        raise ValueError(f"demo findings refused: {sorted(errors)}")
    current = _current(db, referral)
    operations.record_followup(
        db, current, data=data, expected=current["status"], complete=complete, by=by, at=_iso(at)
    )
