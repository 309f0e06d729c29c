"""The shipped questionnaires load, and every in-file case passes."""

import json

import pytest

from screening.messages import render
from screening.questionnaire import (
    BERISIKO,
    TIDAK_BERISIKO,
    Result,
    load_all,
    load_questionnaire,
    run_cases,
)

from .mini import DEFAULT, PROJECT, SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_case_in_every_shipped_file_passes(path):
    questionnaire = load_questionnaire(path)
    assert questionnaire.cases
    assert run_cases(questionnaire) == []


def test_load_all_keys_by_id_and_version():
    loaded = load_all(PROJECT / "questionnaires")
    assert ("skrining-petugas-pemilu", 1) in loaded


def test_default_questionnaire_is_about_ten_minutes(default_questionnaire):
    assert 25 <= len(default_questionnaire.items) <= 35
    assert 5 <= len(default_questionnaire.sections) <= 7


def test_sex_and_birth_date_come_from_context_not_questions(default_questionnaire):
    assert not {"sex", "birth_date", "jenis_kelamin", "tanggal_lahir"} & set(
        default_questionnaire.items
    )


def test_every_condition_of_the_brief_is_screened(default_questionnaire):
    conditions = {c.id for c in default_questionnaire.conditions}
    assert conditions == {"diabetes", "hipertensi", "jantung_koroner", "ginjal_kronis"}


def test_unconfirmed_sources_are_marked(default_questionnaire):
    unconfirmed = {r.id for r in default_questionnaire.references.values() if r.unconfirmed}
    assert {"rose", "modasian_findrisc", "pragmatis"} <= unconfirmed


def case(questionnaire, name):
    return next(c for c in questionnaire.cases if c.name == name)


def test_reason_names_the_answer_that_fired_it(default_questionnaire):
    base = case(default_questionnaire, "tanpa faktor risiko - tidak berisiko")
    answers = {**base.answers, "berat_kg": 90.2, "tinggi_cm": 170}
    result = default_questionnaire.score(answers, context=base.context)
    reasons = [render(r.message) for r in result.conditions["diabetes"].reasons]
    assert "IMT 31,2 kg/m² — lebih dari 30: +3 poin FINDRISC" in reasons


def test_result_says_it_is_a_screening_not_a_diagnosis(default_questionnaire):
    base = case(default_questionnaire, "tanpa faktor risiko - tidak berisiko")
    result = default_questionnaire.score(base.answers, context=base.context)
    assert "bukan diagnosis" in render(result.notes[0])
    assert result.overall == TIDAK_BERISIKO
    assert result.referral is None


def test_unknown_answers_are_listed_and_explained(default_questionnaire):
    unknown = case(
        default_questionnaire, "tidak tahu lingkar perut dan keluarga - skor turun dan dicatat"
    )
    result = default_questionnaire.score(unknown.answers, context=unknown.context)
    assert result.unknown_items == ["lingkar_perut_cm", "protein_urin", "keluarga_diabetes"]
    assert result.scores["findrisc"].complete is False
    note = render(result.notes[-1])
    assert "Lingkar perut" in note
    assert "lebih rendah" in note


def test_red_flag_overrides_scores_with_an_urgent_instruction(default_questionnaire):
    stroke = case(default_questionnaire, "rujukan darurat mengalahkan semua skor")
    result = default_questionnaire.score(stroke.answers, context=stroke.context)
    assert result.overall == BERISIKO
    assert result.referral.urgency == "darurat"
    assert result.referral.deadline_days == 0
    assert "119" in render(result.referral.instruction)
    assert [render(m) for m in result.red_flags[0].evidence] == [
        "Keluhan saat ini: Bicara tiba-tiba pelo atau sulit dimengerti"
    ]


def test_result_round_trips_through_json(default_questionnaire):
    worst = case(default_questionnaire, "FINDRISC maksimum 26 - semua jawaban terburuk")
    result = default_questionnaire.score(worst.answers, context=worst.context)
    stored = json.loads(json.dumps(result.to_dict()))
    again = Result.from_dict(stored)
    assert again.to_dict() == stored
    assert stored["questionnaire_id"] == "skrining-petugas-pemilu"
    assert stored["questionnaire_version"] == 1
    assert again.levels == result.levels


def test_asia_pacific_standard_is_available_without_editing_the_file(default_questionnaire):
    asian = default_questionnaire.with_standards({"body_size": "asia_pacific"})
    assert asian.standards["body_size"] == "asia_pacific"
    assert default_questionnaire.standards["body_size"] == "findrisc_original"
    base = case(default_questionnaire, "tanpa faktor risiko - tidak berisiko")
    answers = {**base.answers, "berat_kg": 72, "tinggi_cm": 170}  # IMT 24,9
    assert default_questionnaire.score(answers, context=base.context).scores["findrisc"].total == 0
    assert asian.score(answers, context=base.context).scores["findrisc"].total == 1


def test_default_file_path_is_the_shipped_one():
    assert DEFAULT in SHIPPED
