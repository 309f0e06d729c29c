"""Bands are scored on the exact value; a number is rounded only to be shown, and never so far
that the shown value would fall in another band than the one that gave the points."""

import json

import pytest

from screening.messages import Message, Rounded, render, shown
from screening.questionnaire import Result, load_questionnaire

from .mini import CONTEXT, DEFAULT


def findrisc_reasons(q, **answers) -> tuple[dict, list[str]]:
    defaults = q.cases[0].answers
    result = q.score({**defaults, **answers}, context=q.cases[0].context)
    score = result.scores["findrisc"]
    return score.points, [render(r.message) for r in score.reasons]


@pytest.mark.parametrize(
    ("weight", "height", "points"),
    [
        (60, 155, 0),  # 24.974: rounded first, it became 25,0 and scored 1
        (57, 151, 0),  # 24.999
        (64, 160, 1),  # exactly 25
        (86.7, 170, 1),  # exactly 30; in plain floats 30.000000000000004
        (76.8, 160, 1),  # exactly 30; in plain floats 29.999999999999993
        (94, 177, 3),  # 30.004: rounded first, it became 30,0 and scored 1
        (72.1, 155, 3),  # 30.01
    ],
)
def test_findrisc_bmi_points_come_from_the_unrounded_bmi(
    default_questionnaire, weight, height, points
):
    scored, _reasons = findrisc_reasons(default_questionnaire, berat_kg=weight, tinggi_cm=height)
    assert scored["imt"] == points


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"berat_kg": 64, "tinggi_cm": 160}, "IMT 25,0 kg/m² — 25 sampai 30: +1 poin FINDRISC"),
        ({"berat_kg": 72.1, "tinggi_cm": 155}, "IMT 30,01 kg/m² — lebih dari 30: +3 poin FINDRISC"),
        ({"berat_kg": 94, "tinggi_cm": 177}, "IMT 30,004 kg/m² — lebih dari 30: +3 poin FINDRISC"),
        # 29.997 shown as 30,0 is still "25 sampai 30": one decimal is enough.
        ({"berat_kg": 73, "tinggi_cm": 156}, "IMT 30,0 kg/m² — 25 sampai 30: +1 poin FINDRISC"),
        ({"berat_kg": 75, "tinggi_cm": 170}, "IMT 26,0 kg/m² — 25 sampai 30: +1 poin FINDRISC"),
        (
            {"lingkar_perut_cm": 102.5},
            "Lingkar perut 102,5 cm — lebih dari 102: +4 poin FINDRISC",
        ),
        ({"lingkar_perut_cm": 94}, "Lingkar perut 94 cm — 94 sampai 102: +3 poin FINDRISC"),
    ],
)
def test_band_reason_shows_the_value_in_the_band_that_scored_it(
    default_questionnaire, answers, reason
):
    _points, reasons = findrisc_reasons(default_questionnaire, **answers)
    assert reason in reasons


def test_asia_pacific_reason_shows_as_many_decimals_as_the_band_edge_needs(default_questionnaire):
    asia = default_questionnaire.with_standards({"body_size": "asia_pacific"})
    points, reasons = findrisc_reasons(asia, berat_kg=66.9, tinggi_cm=156)  # 27.4901
    assert points["imt"] == 1
    assert "IMT 27,49 kg/m² — 23 sampai kurang dari 27,5: +1 poin FINDRISC" in reasons


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (20.761, 1, Rounded(20.8, 1)),  # far from an edge: one decimal
        (25.0, 1, Rounded(25.0, 1)),
        (24.974, 1, Rounded(24.97, 2)),
        (24.9989, 1, Rounded(24.999, 3)),
        (22.999986, 1, Rounded(22.99999, 5)),
        (30.0041, 1, Rounded(30.004, 3)),
    ],
)
def test_shown_value_takes_more_decimals_only_near_a_band_edge(value, places, expected):
    below_25 = lambda v: v < 25  # noqa: E731 - a classifier is any function of the value
    below_23 = lambda v: v < 23  # noqa: E731
    at_most_30 = lambda v: v <= 30  # noqa: E731
    assert shown(value, places, below_25, below_23, at_most_30) == expected


@pytest.mark.parametrize(
    ("rounded", "text"),
    [(Rounded(25.0, 1), "25,0"), (Rounded(24.97, 2), "24,97"), (Rounded(1234.5, 1), "1.234,5")],
)
def test_a_shown_number_keeps_its_decimals_when_rendered(rounded, text):
    assert render(Message("%(x)s", {"x": rounded})) == text


def test_a_result_with_shown_numbers_round_trips_through_json(default_questionnaire):
    answers = {**default_questionnaire.cases[0].answers, "berat_kg": 94, "tinggi_cm": 177}
    result = default_questionnaire.score(answers, context=CONTEXT)
    stored = json.loads(json.dumps(result.to_dict()))
    again = Result.from_dict(stored)
    reasons = [render(r.message) for r in again.scores["findrisc"].reasons]
    assert "IMT 30,004 kg/m² — lebih dari 30: +3 poin FINDRISC" in reasons


def test_threshold_evidence_shows_the_value_on_the_side_it_was_tested(write_questionnaire):
    text = DEFAULT.read_text(encoding="utf-8").replace(
        "  - id: tekanan_darah_sangat_tinggi\n",
        "  - id: imt_uji\n"
        "    title: Uji IMT\n"
        "    when: {derived: imt, gt: 30}\n"
        "    urgency: hari_ini\n"
        "    reference: pragmatis\n"
        "  - id: tekanan_darah_sangat_tinggi\n",
        1,
    )
    q = load_questionnaire(write_questionnaire(text, "skrining-petugas-pemilu.v1.yaml"))
    answers = {**q.cases[0].answers, "berat_kg": 94, "tinggi_cm": 177}
    result = q.score(answers, context=CONTEXT)
    [flag] = [f for f in result.red_flags if f.id == "imt_uji"]
    assert [render(m) for m in flag.evidence] == ["IMT 30,004 kg/m² — lebih dari 30"]


def test_a_value_shown_alone_agrees_with_every_band_that_reads_it(default_questionnaire):
    q = default_questionnaire
    assert render(q.show_value("imt", 24.974)) == "24,97 kg/m²"
    assert render(q.show_value("imt", 20.761)) == "20,8 kg/m²"
    assert render(q.show_value("imt", 30.0041)) == "30,004 kg/m²"
    assert render(q.show_value("lingkar_perut_cm", 93.9)) == "93,9 cm"
    assert render(q.show_value("umur", 34)) == "34 tahun"
    assert q.show_value("imt", None) is None


@pytest.mark.parametrize(
    ("item", "typed", "stored"),
    [
        ("lingkar_perut_cm", "93,5", 93.5),
        ("lingkar_perut_cm", "93.5", 93.5),
        ("tinggi_cm", "160,1", 160.1),
        ("berat_kg", "72.5", 72.5),
        ("td_sistolik", "130", 130),
        ("td_diastolik", "80,0", 80),
    ],
)
def test_measurements_take_one_decimal_and_blood_pressure_a_whole_number(
    default_questionnaire, item, typed, stored
):
    raw = {"td_tahu": "ya", item: typed}
    answers, errors = default_questionnaire.parse_answers(raw, context=CONTEXT)
    assert item not in errors
    assert answers[item] == stored


@pytest.mark.parametrize(
    ("item", "typed", "error"),
    [
        (
            "lingkar_perut_cm",
            "93,55",
            "Tulis paling banyak 1 angka di belakang koma, misalnya 102,5.",
        ),
        ("tinggi_cm", "160,25", "Tulis paling banyak 1 angka di belakang koma, misalnya 167,5."),
        ("td_sistolik", "130,5", "Tulis angka bulat, tanpa koma."),
        ("td_diastolik", "80.5", "Tulis angka bulat, tanpa koma."),
    ],
)
def test_more_decimals_than_allowed_are_refused_not_rounded(
    default_questionnaire, item, typed, error
):
    raw = {"td_tahu": "ya", item: typed}
    _answers, errors = default_questionnaire.parse_answers(raw, context=CONTEXT)
    assert render(errors[item]) == error
