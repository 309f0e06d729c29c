"""Before a new version goes live: which stored responses would change level or referral."""

import random
from datetime import date

from screening.messages import render
from screening.questionnaire import UNKNOWN, load_questionnaire
from screening.questionnaire.rescore import compare, summary
from screening.questionnaire.types import ChoiceType, DateType, MultipleChoiceType, NumberType

from .mini import CONTEXT, MINI


def stored(questionnaire, answers, response_id=1):
    return {
        "id": response_id,
        "officer_id": 10 + response_id,
        "questionnaire_id": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "answers": answers,
        "context": CONTEXT,
        "result": questionnaire.score(answers, context=CONTEXT).to_dict(),
    }


def test_same_version_changes_nothing(mini):
    responses = [stored(mini, {"berat": 90, "merokok": "ya", "batang": 3, "berhenti": "ya"})]
    report = compare(mini, responses)
    assert report.compared == 1
    assert report.changed == []


def test_new_cut_off_lists_the_responses_whose_level_and_referral_change(write_questionnaire, mini):
    new = load_questionnaire(
        write_questionnaire(
            MINI.replace("version: 1", "version: 2").replace("gte: 2}", "gte: 1}"), "mini.v2.yaml"
        )
    )
    responses = [
        stored(mini, {"berat": 70, "merokok": "tidak"}, 1),
        stored(mini, {"berat": 85, "merokok": "tidak"}, 2),
        {**stored(mini, {"berat": 70, "merokok": "tidak"}, 3), "questionnaire_id": "lain"},
    ]
    report = compare(new, responses).to_dict()
    assert report["compared"] == 2
    assert report["skipped"] == 1
    assert report["changed_count"] == 1
    change = report["changed"][0]
    assert change["response_id"] == 2
    assert change["changes"] == {
        "level.uji": ["rendah", "tinggi"],
        "overall": ["tidak_berisiko", "berisiko"],
        "referral": [None, "segera"],
    }


def test_answers_that_no_longer_fit_are_reported(write_questionnaire, mini):
    new = load_questionnaire(
        write_questionnaire(
            MINI.replace("version: 1", "version: 2").replace(
                "max: 200\n        plausible: [35, 150]", "max: 120\n        plausible: [35, 110]"
            ),
            "mini.v2.yaml",
        )
    )
    report = compare(new, [stored(mini, {"berat": 130, "merokok": "tidak"})])
    change = report.changed[0]
    assert change.answer_errors == {"berat": "Angka ini terlalu besar. Paling besar 120 kg."}
    assert change.changes["level.uji"] == ["tinggi", "rendah"]


def _reference_compare(questionnaire, responses) -> dict:
    """The rescore report as it was first written: each response scored in full, its result
    written to a dict, and the summaries of both dicts compared. The fast path must match it."""
    report = {"compared": 0, "skipped": 0, "changed": []}
    for response in responses:
        if response["questionnaire_id"] != questionnaire.id:
            report["skipped"] += 1
            continue
        report["compared"] += 1
        raw = {k: v for k, v in response["answers"].items() if k in questionnaire.items}
        answers, errors = questionnaire.parse_answers(
            raw, context=response["context"], confirmed=set(raw)
        )
        new = questionnaire.score(answers, context=response["context"]).to_dict()
        old_summary, new_summary = summary(response["result"]), summary(new)
        changes = {
            key: [old_summary.get(key), new_summary.get(key)]
            for key in sorted(set(old_summary) | set(new_summary))
            if old_summary.get(key) != new_summary.get(key)
        }
        if changes or errors:
            change = {
                "response_id": response["id"],
                "officer_id": response["officer_id"],
                "from_version": response["questionnaire_version"],
                "changes": changes,
            }
            if errors:
                change["answer_errors"] = {item: render(m) for item, m in errors.items()}
            report["changed"].append(change)
    return {
        "questionnaire_id": questionnaire.id,
        "to_version": questionnaire.version,
        "compared": report["compared"],
        "skipped": report["skipped"],
        "changed_count": len(report["changed"]),
        "changed": report["changed"],
    }


def _random_answers(questionnaire, rng: random.Random) -> dict:
    raw = {}
    for item_id, item in questionnaire.items.items():
        kind = item.type
        if rng.random() < 0.1:
            continue  # left empty
        if isinstance(kind, MultipleChoiceType):
            options = [o.id for o in kind.options.values() if not o.exclusive]
            raw[item_id] = rng.sample(options, rng.randint(1, min(3, len(options))))
        elif isinstance(kind, ChoiceType):
            raw[item_id] = rng.choice(list(kind.options))
        elif isinstance(kind, NumberType):
            if kind.can_be_unknown and rng.random() < 0.1:
                raw[item_id] = UNKNOWN
            else:
                raw[item_id] = round(rng.uniform(kind.min, kind.max), kind.decimals)
        elif isinstance(kind, DateType):
            raw[item_id] = date(2010, 1, 1).isoformat()
    return raw


def _seeded_responses(questionnaire, count: int = 400) -> list[dict]:
    """Stored responses of `questionnaire` with, here and there, a stored result that differs
    from today's scoring, an answer that no longer fits, or another questionnaire."""
    rng = random.Random(12)  # noqa: S311 -- a seeded test set, not a secret
    responses = []
    for number in range(1, count + 1):
        context = {
            "polling_day": "2029-02-14",
            "sex": rng.choice("LP"),
            "birth_date": date(1960 + rng.randint(0, 45), rng.randint(1, 12), 1).isoformat(),
        }
        answers, _ = questionnaire.parse_answers(
            _random_answers(questionnaire, rng), context=context, confirmed=set(questionnaire.items)
        )
        result = questionnaire.score(answers, context=context).to_dict()
        if number % 7 == 0:  # scored by an older version: another level, no referral
            first = next(iter(result["conditions"]))
            result["conditions"][first]["level"] = "rendah"
            result["referral"] = None
            result["overall"] = "tidak_berisiko"
        if number % 11 == 0:  # an option the new version no longer offers
            choice = next(
                i for i, item in questionnaire.items.items() if type(item.type) is ChoiceType
            )
            answers[choice] = "pilihan-lama"
        if number % 17 == 0:
            result["red_flags"] = [{"id": "tanda-lama"}]
        responses.append(
            {
                "id": number,
                "officer_id": 1000 + number,
                "questionnaire_id": questionnaire.id if number % 13 else "kuesioner-lain",
                "questionnaire_version": 1,
                "answers": answers,
                "context": context,
                "result": result,
            }
        )
    return responses


def test_rescore_report_is_the_one_full_scoring_gives(default_questionnaire):
    """rescore scores without reasons and reads the summary off the result: on a seeded set with
    changed levels, dropped referrals, old red flags, answers that no longer fit and another
    questionnaire, its report is exactly the one of scoring every response in full."""
    responses = _seeded_responses(default_questionnaire)
    expected = _reference_compare(default_questionnaire, responses)
    assert compare(default_questionnaire, responses).to_dict() == expected
    assert expected["skipped"] > 0
    assert expected["changed_count"] > 50
    assert any("answer_errors" in change for change in expected["changed"])
    assert any("red_flags" in change["changes"] for change in expected["changed"])
