"""Before a new version goes live: which stored responses would change level or referral."""

from screening.questionnaire import load_questionnaire
from screening.questionnaire.rescore import compare

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
