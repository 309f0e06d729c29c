"""Red flags that fired together become one block: the most urgent instruction once, each sign."""

from screening.messages import Message, render
from screening.questionnaire.danger import danger_signs, distinct_signs
from screening.questionnaire.result import RedFlag


def case(questionnaire, name):
    return next(c for c in questionnaire.cases if c.name == name)


def flag(id_, urgency, title, *evidence):
    return RedFlag(id_, Message(title), urgency, Message(urgency), [Message(e) for e in evidence])


def test_crisis_blood_pressure_is_one_sign_with_the_most_urgent_instruction(default_questionnaire):
    crisis = case(default_questionnaire, "tanda bahaya krisis hipertensi dengan sesak")
    result = default_questionnaire.score(crisis.answers, context=crisis.context)
    assert [f.id for f in result.red_flags] == [
        "krisis_hipertensi",
        "tekanan_darah_sangat_tinggi",
        "sesak_atau_bingung",
    ]
    block = danger_signs(result)
    assert block.urgency == "darurat"
    assert "119" in render(block.instruction)
    # "180/110 or more" is already said by "180/110 or more with severe complaints".
    assert [f.id for f in block.signs] == ["krisis_hipertensi", "sesak_atau_bingung"]


def test_no_red_flag_no_block(default_questionnaire):
    base = case(default_questionnaire, "tanpa faktor risiko - tidak berisiko")
    assert danger_signs(default_questionnaire.score(base.answers, context=base.context)) is None


def test_a_sign_is_folded_only_into_one_that_says_it_in_words_and_answers():
    high = flag("a", "hari_ini", "TD 180/110", "td")
    crisis = flag("b", "darurat", "TD 180/110 dengan keluhan", "td", "sesak")
    breathless = flag("c", "hari_ini", "Sesak", "sesak")
    again = flag("d", "hari_ini", "Sesak", "sesak")
    # "Sesak" was fired by answers the crisis has too, but the crisis does not say it.
    assert [f.id for f in distinct_signs([high, crisis, breathless, again])] == ["b", "c"]
    # Words alone are not enough: other answers are another sign.
    assert [f.id for f in distinct_signs([flag("e", "hari_ini", "TD 180/110", "x"), crisis])] == [
        "e",
        "b",
    ]
    # A flag without recorded answers is always shown.
    assert [f.id for f in distinct_signs([flag("f", "darurat", "TD 180/110"), crisis])] == [
        "f",
        "b",
    ]
