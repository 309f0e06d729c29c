"""Properties over any valid answers: scoring never fails and stays within declared ranges."""

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.questionnaire import LEVELS, UNKNOWN, Result, load_questionnaire
from screening.questionnaire.types import (
    ChoiceType,
    DateType,
    MultipleChoiceType,
    NumberType,
    TextType,
)

from .mini import DEFAULT

QUESTIONNAIRE = load_questionnaire(DEFAULT)
POLLING_DAY = date(2029, 2, 14)


def raw_answer(item):
    kind = item.type
    if isinstance(kind, MultipleChoiceType):
        exclusive = [o for o in kind.options.values() if o.exclusive]
        others = [o.id for o in kind.options.values() if not o.exclusive]
        return st.one_of(
            st.sampled_from([[o.id] for o in exclusive] or [[others[0]]]),
            st.lists(st.sampled_from(others), min_size=1, unique=True),
        )
    if isinstance(kind, ChoiceType):
        return st.sampled_from(list(kind.options))
    if isinstance(kind, NumberType):
        step = 10**-kind.decimals
        numbers = st.integers(round(kind.min / step), round(kind.max / step)).map(
            lambda n: round(n * step, kind.decimals)
        )
        return st.one_of(numbers, st.just(UNKNOWN)) if kind.can_be_unknown else numbers
    if isinstance(kind, DateType):
        return st.dates(date(2000, 1, 1), POLLING_DAY).map(date.isoformat)
    if isinstance(kind, TextType):
        return st.text(max_size=kind.max_length)
    raise AssertionError(kind)


officers = st.tuples(
    st.fixed_dictionaries(
        {item_id: raw_answer(item) for item_id, item in QUESTIONNAIRE.items.items()}
    ),
    st.sampled_from(["L", "P"]),
    st.integers(17 * 366, 70 * 365),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(officers)
def test_any_valid_answers_score_within_declared_ranges(officer):
    raw, sex, age_days = officer
    context = {
        "polling_day": POLLING_DAY,
        "sex": sex,
        "birth_date": POLLING_DAY - timedelta(days=age_days),
    }
    answers, errors = QUESTIONNAIRE.parse_answers(raw, context=context, confirmed=set(raw))
    assert errors == {}
    result = QUESTIONNAIRE.score(answers, context=context)
    for definition in QUESTIONNAIRE.scores:
        score = result.scores.get(definition.id)
        if score is not None:
            assert definition.minimum <= score.total <= definition.maximum
    assert all(condition.level in LEVELS for condition in result.conditions.values())
    assert (result.overall == "berisiko") == (result.referral is not None)
    if result.red_flags:
        assert result.referral.deadline_days == 0
    stored = json.loads(json.dumps(result.to_dict()))
    assert Result.from_dict(stored).to_dict() == stored


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(sorted(QUESTIONNAIRE.items)), st.text(max_size=8)))
def test_parsing_any_text_never_raises(raw):
    answers, errors = QUESTIONNAIRE.parse_answers(raw)
    assert set(answers).isdisjoint(errors)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(officers)
def test_scoring_without_reasons_gives_the_same_outcome(officer):
    """`explain=False` (used by rescore) skips only the reasons: every score, level, flag,
    referral urgency and the overall result are those of the full scoring."""
    raw, sex, age_days = officer
    context = {
        "polling_day": POLLING_DAY,
        "sex": sex,
        "birth_date": POLLING_DAY - timedelta(days=age_days),
    }
    answers, _ = QUESTIONNAIRE.parse_answers(raw, context=context, confirmed=set(raw))
    full = QUESTIONNAIRE.score(answers, context=context)
    lean = QUESTIONNAIRE.score(answers, context=context, explain=False)
    assert lean.overall == full.overall
    assert (lean.referral and lean.referral.urgency) == (full.referral and full.referral.urgency)
    assert (lean.referral and lean.referral.deadline_days) == (
        full.referral and full.referral.deadline_days
    )
    assert [f.id for f in lean.red_flags] == [f.id for f in full.red_flags]
    assert lean.levels == full.levels
    assert {k: c.scores for k, c in lean.conditions.items()} == {
        k: c.scores for k, c in full.conditions.items()
    }
    assert {k: (s.total, s.complete, s.band, s.points) for k, s in lean.scores.items()} == {
        k: (s.total, s.complete, s.band, s.points) for k, s in full.scores.items()
    }
    assert lean.unknown_items == full.unknown_items
    assert lean.derived == full.derived
