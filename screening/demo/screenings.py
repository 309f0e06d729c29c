"""Synthetic submitted screenings for the demo roster: consent, answers, scoring and referrals
through the same operations as the web form, so the data looks like a real day of screening.

Most officers answer as healthy people; a share (BPJS 2024: 5.83% of screened officers were at
risk) answers one of a few at-risk patterns covering every referral urgency. A few of those who
respond decline instead (the consent page's "Saya tidak setuju", through the same operation),
so the coverage page's "Menolak" column has something to count. Deterministic for a given
seed. Plain Python over the store (no Flask).
"""

import random
from datetime import datetime, time, timedelta

from screening import journey
from screening.clock import WIB
from screening.store import responses, write_transaction

HEALTHY = {
    "berat_kg": "62",
    "tinggi_cm": "165",
    "lingkar_perut_cm": "80",
    "aktif_30_menit": "ya",
    "sayur_buah": "ya",
    "merokok": "tidak_pernah",
    "makan_asin": "jarang",
    "dx_hipertensi": "tidak",
    "obat_hipertensi": "tidak",
    "gula_tinggi_pernah": "tidak",
    "dx_diabetes": "tidak",
    "dx_jantung": "tidak",
    "dx_stroke": "tidak",
    "gagal_jantung": "tidak",
    "pembuluh_kaki": "tidak",
    "dx_ginjal": "tidak",
    "protein_urin": "tidak",
    "anemia": "tidak",
    "keluarga_diabetes": "tidak",
    "keluarga_hipertensi": "tidak",
    "nyeri_dada": "tidak",
    "nyeri_dada_hebat": "tidak",
    "td_tahu": "tidak",
    "gd_tahu": "tidak",
    "keluhan_sekarang": ["tidak_ada"],
}

# (weight, answers that differ from HEALTHY): BPJS 2024 saw hypertension in most of the at-risk,
# then heart disease, kidney disease and diabetes; a few red flags.
AT_RISK = (
    (30, {"td_tahu": "ya", "td_sistolik": "134", "td_diastolik": "84"}),  # rutin
    (25, {"dx_hipertensi": "ya", "obat_hipertensi": "ya"}),  # segera
    (10, {"td_tahu": "ya", "td_sistolik": "152", "td_diastolik": "96"}),  # segera
    (12, {"dx_jantung": "ya"}),  # segera
    (8, {"dx_ginjal": "ya", "td_tahu": "ya", "td_sistolik": "132", "td_diastolik": "82"}),
    (6, {"dx_diabetes": "ya", "gula_tinggi_pernah": "ya"}),  # segera
    (5, {"td_tahu": "ya", "td_sistolik": "182", "td_diastolik": "104"}),  # hari ini
    (2, {"keluhan_sekarang": ["nyeri_dada_lama"]}),  # darurat
    (2, {"dx_ginjal": "ya", "dx_diabetes": "ya", "keluhan_sekarang": ["bicara_pelo"]}),
)

# Of the officers who respond, the share who decline the screening. No published figure: the
# SEB asked every officer to fill it and BPJS counted 86.4% screened, so refusals were few; an
# illustrative 1.5%, a handful per kelurahan.
SHARE_DECLINED = 0.015


def answers_for(rng: random.Random, *, at_risk: bool) -> dict:
    if not at_risk:
        return dict(HEALTHY)
    weights = [w for w, _ in AT_RISK]
    (_, changes) = rng.choices(AT_RISK, weights=weights)[0]
    return {**HEALTHY, **changes}


def submit_screenings(
    db,
    q,
    officers,
    *,
    polling_day: str,
    now: str,
    share_at_risk: float,
    coverage: float = 1.0,
    seed: int = 2029,
    spread_days: int = 0,
    share_declined: float = SHARE_DECLINED,
) -> dict[str, int]:
    """Consent and submit a screening for a `coverage` share of the officers, skipping those who
    already have one or have declined; of those who respond, a `share_declined` share declines
    instead. Returns counts (`submitted`, `referred`, `declined`, `skipped`, `not_screened`).

    Who screens, who declines and who answers at risk is drawn per officer (seed and officer
    id), not from one running sequence, so a second run chooses the same officers and changes
    nothing. With `spread_days`, each screening (or refusal) is sent on one of the last
    `spread_days` days before `now` (see `submitted_at`), so the coverage page's progress chart
    has days to show."""
    counts = {"submitted": 0, "referred": 0, "declined": 0, "skipped": 0, "not_screened": 0}
    with write_transaction(db):
        for officer in officers:
            rng = random.Random(f"{seed}:{officer['id']}")  # noqa: S311 -- demo data, not a secret
            if rng.random() >= coverage:
                counts["not_screened"] += 1
                continue
            if (
                responses.response_for_officer(db, officer["id"]) is not None
                # Their refusal stands: the demo never consents for an officer who said no.
                or journey.consent_state(db, officer["id"]) == journey.DECLINED
            ):
                counts["skipped"] += 1
                continue
            moment = submitted_at(now, spread_days, seed=seed, officer_id=officer["id"])
            if declines(seed, officer["id"], share_declined):
                decline_one(db, q, officer, polling_day=polling_day, now=moment)
                counts["declined"] += 1
                continue
            at_risk = rng.random() < share_at_risk
            stored = submit_one(
                db,
                q,
                officer,
                answers_for(rng, at_risk=at_risk),
                polling_day=polling_day,
                now=moment,
            )
            counts["submitted"] += 1
            counts["referred"] += stored["result"]["referral"] is not None
    return counts


def declines(seed: int, officer_id: int, share: float) -> bool:
    """Whether this officer declines, from a generator of its own: the officers who screen keep
    the answers they had before declines were drawn."""
    rng = random.Random(f"{seed}:{officer_id}:declines")  # noqa: S311 -- demo data, not a secret
    return rng.random() < share


def decline_one(db, q, officer: dict, *, polling_day: str, now: str) -> None:
    """Decline on the consent page, as the officer's "Saya tidak setuju" button does."""
    journey.decide_consent(
        db,
        officer,
        decision=journey.DECLINED,
        text_version="demo",
        questionnaire=q,
        polling_day=polling_day,
        now=now,
    )


def submitted_at(now: str, spread_days: int, *, seed: int, officer_id: int) -> str:
    """When the demo officer sent the screening: `now` without a spread, else a daytime moment
    (07.00-21.00 WIB) on one of the last `spread_days` days, most of them in the first week
    after the links went out, fewer each day after (a triangular draw), never after `now`.
    Drawn from a generator of its own, so who screens and how they answer stay as without."""
    if spread_days <= 0:
        return now
    rng = random.Random(f"{seed}:{officer_id}:day")  # noqa: S311 -- demo data, not a secret
    end = datetime.fromisoformat(now)
    days_ago = int(rng.triangular(0, spread_days, spread_days * 0.75))
    day = end.astimezone(WIB).date() - timedelta(days=days_ago)
    moment = datetime.combine(day, time(7), WIB) + timedelta(minutes=rng.randrange(14 * 60))
    return min(moment, end).astimezone(end.tzinfo).isoformat(timespec="seconds")


def submit_one(db, q, officer: dict, answers: dict, *, polling_day: str, now: str) -> dict:
    """Consent, save the answers as a draft and submit them, as the web form would."""
    journey.decide_consent(
        db,
        officer,
        decision=journey.AGREED,
        text_version="demo",
        questionnaire=q,
        polling_day=polling_day,
        now=now,
    )
    draft = responses.response_for_officer(db, officer["id"])
    responses.save_draft(db, draft["id"], answers=answers, step=1, now=now)
    draft["answers"] = answers
    return journey.submit(db, draft, q, officer=officer, now=now)
