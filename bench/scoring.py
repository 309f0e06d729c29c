"""Scoring throughput of the default questionnaire: `python -m bench.scoring` (or `make bench`).

Answers are generated deterministically with realistic spreads (body size, habits, some "tidak
tahu", a few measured blood pressures and chest complaints), parsed once, then scored on one core.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

from screening.questionnaire import UNKNOWN, load_questionnaire

DEFAULT = (
    Path(__file__).resolve().parent.parent / "questionnaires" / "skrining-petugas-pemilu.v1.yaml"
)
POLLING_DAY = date(2029, 2, 14)


def _choice(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def realistic_response(rng: random.Random) -> tuple[dict, dict]:
    """One officer: (raw answers, context), following the form's skip logic."""
    sex = _choice(rng, {"L": 0.6, "P": 0.4})
    age = rng.randint(17, 55)
    birth = POLLING_DAY - timedelta(days=age * 365 + rng.randint(0, 364))
    height = rng.gauss(165 if sex == "L" else 153, 7)
    bmi = max(16.0, rng.gauss(24.5, 4))
    waist = bmi * (3.6 if sex == "L" else 3.5) + rng.gauss(0, 5)
    unknown = lambda p: rng.random() < p  # noqa: E731 - a one-line helper local to this generator
    yes = lambda p: "ya" if rng.random() < p else "tidak"  # noqa: E731
    ynu = lambda p, u: UNKNOWN if unknown(u) else yes(p)  # noqa: E731
    raw = {
        "berat_kg": UNKNOWN if unknown(0.03) else f"{bmi * (height / 100) ** 2:.1f}",
        "tinggi_cm": UNKNOWN if unknown(0.03) else str(round(height)),
        "lingkar_perut_cm": UNKNOWN if unknown(0.35) else str(round(waist)),
        "aktif_30_menit": yes(0.55),
        "sayur_buah": yes(0.6),
        "merokok": _choice(rng, {"tidak_pernah": 0.55, "berhenti": 0.1, "ya": 0.35}),
        "makan_asin": _choice(rng, {"jarang": 0.3, "kadang": 0.45, "sering": 0.25}),
        "dx_hipertensi": ynu(0.12, 0.05),
        "obat_hipertensi": yes(0.08),
        "gula_tinggi_pernah": ynu(0.06, 0.15),
        "dx_diabetes": ynu(0.03, 0.03),
        "dx_jantung": ynu(0.02, 0.03),
        "dx_stroke": yes(0.01),
        "gagal_jantung": ynu(0.01, 0.08),
        "pembuluh_kaki": ynu(0.01, 0.15),
        "dx_ginjal": ynu(0.01, 0.05),
        "protein_urin": ynu(0.02, 0.4),
        "anemia": ynu(0.08, 0.2),
        "keluarga_diabetes": _choice(
            rng, {"tidak": 0.5, "jauh": 0.15, "dekat": 0.15, UNKNOWN: 0.2}
        ),
        "keluarga_hipertensi": ynu(0.3, 0.2),
        "nyeri_dada": yes(0.12),
        "nyeri_dada_hebat": yes(0.02),
        "td_tahu": yes(0.35),
        "gd_tahu": yes(0.2),
        "keluhan_sekarang": ["tidak_ada"]
        if rng.random() < 0.97
        else [_choice(rng, {"sakit_kepala_hebat": 1, "sesak_berat": 1, "nyeri_dada_lama": 1})],
    }
    if raw["nyeri_dada"] == "ya":
        raw["dada_menanjak"] = _choice(rng, {"ya": 0.5, "tidak": 0.4, "tidak_pernah": 0.1})
        raw["dada_jalan_biasa"] = yes(0.3)
        raw["dada_saat_jalan"] = _choice(rng, {"berhenti": 0.6, "terus": 0.4})
        raw["dada_reda"] = _choice(rng, {"reda_10": 0.6, "lebih_10": 0.2, "tidak_reda": 0.2})
        raw["dada_lokasi"] = rng.sample(["tulang_dada", "dada_kiri", "lengan_kiri", "lain"], 2)
    if raw["td_tahu"] == "ya":
        systolic = round(rng.gauss(128, 18))
        raw["td_sistolik"] = str(systolic)
        raw["td_diastolik"] = str(round(systolic * 0.62 + rng.gauss(0, 6)))
    if raw["gd_tahu"] == "ya":
        raw["gd_jenis"] = _choice(rng, {"puasa": 0.4, "sewaktu": 0.5, UNKNOWN: 0.1})
        raw["gd_hasil"] = str(round(rng.gauss(110, 30)))
    if rng.random() < 0.2:
        raw["obat_rutin"] = "amlodipin 5 mg"
    context = {"polling_day": POLLING_DAY, "sex": sex, "birth_date": birth}
    return raw, context


def responses(count: int, questionnaire, seed: int = 2029) -> list[tuple[dict, dict]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    parsed = []
    while len(parsed) < count:
        raw, context = realistic_response(rng)
        answers, errors = questionnaire.parse_answers(raw, context=context, confirmed=set(raw))
        if not errors:
            parsed.append((answers, context))
    return parsed


def run(count: int = 20_000, path: Path = DEFAULT) -> dict:
    """Score `count` realistic responses; report responses per second on this core."""
    questionnaire = load_questionnaire(path)
    batch = responses(count, questionnaire)
    start = time.perf_counter()
    at_risk = 0
    for answers, context in batch:
        at_risk += questionnaire.score(answers, context=context).overall == "berisiko"
    scoring = time.perf_counter() - start
    start = time.perf_counter()
    for answers, context in batch[: count // 4]:
        questionnaire.score(answers, context=context).to_dict()
    with_json = time.perf_counter() - start
    return {
        "responses_per_second": count / scoring,
        "responses_per_second_with_to_dict": (count // 4) / with_json,
        "responses": count,
        "berisiko_share": at_risk / count,
        "questionnaire": f"{questionnaire.id} v{questionnaire.version}",
    }


if __name__ == "__main__":
    figures = run()
    print(
        f"{figures['responses_per_second']:,.0f} responses/s scored "
        f"({figures['responses_per_second_with_to_dict']:,.0f}/s including to_dict); "
        f"{figures['responses']} responses of {figures['questionnaire']}, "
        f"{figures['berisiko_share']:.1%} berisiko"
    )
