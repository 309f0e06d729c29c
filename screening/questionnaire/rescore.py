"""Before a new questionnaire version goes live: which stored responses would change?

Pure comparison; the CLI feeds it the stored responses. Stored results are never overwritten here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.messages import render


@dataclass(slots=True)
class Change:
    response_id: object
    officer_id: object
    from_version: object
    changes: dict  # what -> [old, new]
    answer_errors: dict = field(default_factory=dict)  # item id -> message (Indonesian)

    def to_dict(self) -> dict:
        data = {
            "response_id": self.response_id,
            "officer_id": self.officer_id,
            "from_version": self.from_version,
            "changes": self.changes,
        }
        if self.answer_errors:
            data["answer_errors"] = self.answer_errors
        return data


@dataclass(slots=True)
class RescoreReport:
    questionnaire_id: str
    to_version: int
    compared: int = 0
    skipped: int = 0  # responses to another questionnaire
    changed: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "questionnaire_id": self.questionnaire_id,
            "to_version": self.to_version,
            "compared": self.compared,
            "skipped": self.skipped,
            "changed_count": len(self.changed),
            "changed": [c.to_dict() for c in self.changed],
        }


def summary(result: dict) -> dict:
    """What of a stored result matters to an officer: levels, overall, red flags, referral."""
    referral = result.get("referral")
    return {
        "overall": result.get("overall"),
        "referral": referral["urgency"] if referral else None,
        "red_flags": sorted(f["id"] for f in result.get("red_flags", [])),
        **{
            f"level.{cid}": condition["level"]
            for cid, condition in result.get("conditions", {}).items()
        },
    }


def _summary_of(result) -> dict:
    """`summary(result.to_dict())` read straight from a fresh Result: writing every reason of
    every condition to a dict only to read four fields back was a third of a rescore's time."""
    referral = result.referral
    return {
        "overall": result.overall,
        "referral": referral.urgency if referral else None,
        "red_flags": sorted(flag.id for flag in result.red_flags),
        **{f"level.{cid}": condition.level for cid, condition in result.conditions.items()},
    }


def compare(questionnaire, responses) -> RescoreReport:
    """Score each stored response with `questionnaire` and list those whose outcome would change.

    Answers stored for an older version may not fit the new one (a removed option, a new required
    question); such answers are reported and left out, and scoring treats them as unknown.
    """
    report = RescoreReport(questionnaire.id, questionnaire.version)
    for response in responses:
        if response["questionnaire_id"] != questionnaire.id:
            report.skipped += 1
            continue
        report.compared += 1
        answers, errors = _refit(questionnaire, response["answers"], response["context"])
        new = questionnaire.score(answers, context=response["context"], explain=False)
        old_summary, new_summary = summary(response["result"]), _summary_of(new)
        changes = {
            key: [old_summary.get(key), new_summary.get(key)]
            for key in sorted(set(old_summary) | set(new_summary))
            if old_summary.get(key) != new_summary.get(key)
        }
        if changes or errors:
            report.changed.append(
                Change(
                    response.get("id"),
                    response.get("officer_id"),
                    response.get("questionnaire_version"),
                    changes,
                    {item: render(message) for item, message in errors.items()},
                )
            )
    return report


def _refit(questionnaire, stored: dict, context: dict):
    # Stored answers are already parsed; parsing them again against the new version checks that
    # every option and limit still exists, and drops what the new version would not show.
    raw = {key: value for key, value in stored.items() if key in questionnaire.items}
    answers, errors = questionnaire.parse_answers(raw, context=context, confirmed=set(raw))
    return answers, errors
