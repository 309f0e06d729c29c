"""Reading raw answers: plain Indonesian errors per item, skip logic, confirmation."""

import pytest

from screening.messages import render
from screening.questionnaire import UNKNOWN

from .mini import CONTEXT


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("71,5", 71.5),
        ("71.5", 71.5),
        (" 80 ", 80),
        (72, 72),
        ("71,0", 71),
        (71.5, 71.5),
        (UNKNOWN, UNKNOWN),
    ],
)
def test_number_answers_are_read_with_a_decimal_comma(mini, raw, stored):
    answers, errors = mini.parse_answers({"berat": raw, "merokok": "tidak"})
    assert errors == {}
    assert answers["berat"] == stored


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("tujuh puluh", "Tulis angka saja, misalnya 92,5."),
        ("10", "Angka ini terlalu kecil. Paling kecil 20 kg."),
        ("250", "Angka ini terlalu besar. Paling besar 200 kg."),
        ("nan", "Tulis angka saja, misalnya 92,5."),
        ("1e2", "Tulis angka saja, misalnya 92,5."),
        ("7_1", "Tulis angka saja, misalnya 92,5."),
        ("٧١", "Tulis angka saja, misalnya 92,5."),
        ("71,25", "Tulis paling banyak 1 angka di belakang koma, misalnya 92,5."),
        (71.25, "Tulis paling banyak 1 angka di belakang koma, misalnya 92,5."),
    ],
)
def test_bad_number_gives_an_indonesian_error(mini, raw, message):
    _, errors = mini.parse_answers({"berat": raw, "merokok": "tidak"})
    assert render(errors["berat"]) == message
    assert errors["berat"].needs_confirmation is False


def test_implausible_number_is_allowed_once_confirmed(mini):
    _, errors = mini.parse_answers({"berat": "160", "merokok": "tidak"})
    assert errors["berat"].needs_confirmation is True
    assert "160 kg jarang sekali" in render(errors["berat"])
    answers, errors = mini.parse_answers({"berat": "160", "merokok": "tidak"}, confirmed={"berat"})
    assert errors == {}
    assert answers["berat"] == 160


def test_required_item_must_be_answered(mini):
    _, errors = mini.parse_answers({"berat": "70"})
    assert render(errors["merokok"]) == "Pertanyaan ini wajib dijawab."


def test_choice_outside_the_options_is_refused(mini):
    _, errors = mini.parse_answers({"berat": "70", "merokok": "kadang"})
    assert render(errors["merokok"]) == "Pilih salah satu jawaban yang tersedia."


def test_hidden_items_are_neither_required_nor_kept(mini):
    answers, errors = mini.parse_answers({"berat": "70", "merokok": "tidak", "batang": "5"})
    assert errors == {}
    assert "batang" not in answers
    _, errors = mini.parse_answers({"berat": "70", "merokok": "ya"})
    assert set(errors) == {"batang", "berhenti"}


def test_errors_can_be_limited_to_one_page(mini):
    _, errors = mini.parse_answers({"berat": "70", "merokok": "ya"}, section="satu")
    assert set(errors) == {"batang"}


def test_strict_parsing_names_unknown_keys(mini):
    _, errors = mini.parse_answers({"berat": "70", "merokok": "tidak", "umur": "30"}, strict=True)
    assert render(errors["umur"]) == "Tidak ada pertanyaan dengan id umur di kuesioner ini."


def test_visible_items_follow_the_answers(mini):
    assert [i.id for i in mini.visible_items({"merokok": "tidak"}, CONTEXT)] == ["berat", "merokok"]


def test_missing_required_answer_scores_as_unknown(mini):
    result = mini.score({"merokok": "tidak"}, context=CONTEXT)
    assert result.unknown_items == ["berat"]
    assert result.scores["skor"].complete is False


def test_multiple_choice_keeps_option_order_and_refuses_exclusive_mixes(default_questionnaire):
    item = default_questionnaire.items["keluhan_sekarang"]
    assert item.type.parse(["bingung", "bicara_pelo"]) == ["bicara_pelo", "bingung"]
    with pytest.raises(Exception, match="tidak dapat digabung"):
        item.type.parse(["tidak_ada", "bingung"])


@pytest.mark.parametrize("raw", ["2029-02-14", "14-02-2029", "14/02/2029"])
def test_dates_are_read_in_common_indonesian_forms(raw):
    from screening.questionnaire.source import LineDict, Problems
    from screening.questionnaire.types import DateType

    date_type = DateType(LineDict(), Problems("x"))
    assert date_type.parse(raw) == "2029-02-14"


def test_text_answers_have_a_length_limit(default_questionnaire):
    item = default_questionnaire.items["obat_rutin"]
    with pytest.raises(Exception, match="Terlalu panjang"):
        item.type.parse("x" * 201)
