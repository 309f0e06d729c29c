"""The officer's journey as operations: consent, a draft saved step by step, one submission.

Plain Python over the store and the questionnaire; the views only translate requests into these
calls. Steps are numbered over the sections an officer is shown, which depend on the answers.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from screening.clock import WIB
from screening.questionnaire import Questionnaire
from screening.questionnaire.types import AnswerError
from screening.store import consent as consent_store
from screening.store import referrals, responses, write_transaction

AGREED, DECLINED = "setuju", "menolak"


def screening_context(officer: dict, polling_day: str) -> dict:
    """What scoring takes from the roster rather than asking again."""
    return {"polling_day": polling_day, "sex": officer["sex"], "birth_date": officer["birth_date"]}


def consent_state(db, officer_id: int) -> str | None:
    decision = consent_store.latest_decision(db, officer_id)
    return decision["decision"] if decision else None


def decide_consent(
    db, officer: dict, *, decision: str, text_version: str, questionnaire, polling_day, now
):
    """Record the decision; agreeing starts the draft on the live questionnaire version.

    The same decision on the same text as the latest one records nothing new: a double tap on
    the button is one decision, kept with the time it was first made."""
    with write_transaction(db):
        # Read inside the transaction, which holds the write lock from its start: the second tap
        # waits for the first and then sees its decision.
        latest = consent_store.latest_decision(db, officer["id"])
        if latest is None or (latest["decision"], latest["text_version"]) != (
            decision,
            text_version,
        ):
            consent_store.record_decision(
                db, officer["id"], text_version=text_version, decision=decision, now=now
            )
        if decision == AGREED:
            responses.start_draft(
                db,
                officer["id"],
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                context=screening_context(officer, polling_day),
                now=now,
            )


@dataclass
class Step:
    number: int  # 1-based
    total: int
    section: object
    items: list


def steps(q: Questionnaire, answers: dict, context: dict) -> list[Step]:
    """The pages the officer sees given the answers so far, each with its visible items."""
    pages: dict[str, list] = {}
    sections = {}
    for item in q.visible_items(answers, context):
        pages.setdefault(item.section, []).append(item)
    for section in q.sections:
        sections[section.id] = section
    ordered = [sid for sid in (s.id for s in q.sections) if sid in pages]
    return [
        Step(number=i, total=len(ordered), section=sections[sid], items=pages[sid])
        for i, sid in enumerate(ordered, start=1)
    ]


def save_step(
    db, response: dict, q: Questionnaire, step: Step, raw: dict, confirmed, *, moving_back, now
):
    """Merge one page's raw answers into the draft; return (answers, errors).

    The draft keeps every answer that parses even when others on the page do not, so nothing
    typed is lost; going back saves without insisting on required answers.
    """
    page_ids = {item.id for item in step.items}
    stored = response["answers"]
    merged = {k: v for k, v in stored.items() if k not in page_ids}
    merged.update({k: v for k, v in raw.items() if v not in (None, "", [])})
    # Stored answers were accepted when their page was saved, unusual numbers only once the
    # officer confirmed them: answers from other pages are not dropped for want of a confirmation
    # this page cannot give, and a confirmed number sent again unchanged is not questioned again.
    confirmed = (
        set(confirmed)
        | (set(stored) - page_ids)
        | {
            item.id
            for item in step.items
            if item.id in stored and _parses_to(item, raw.get(item.id), stored[item.id])
        }
    )
    answers, errors = q.parse_answers(
        merged, context=response["context"], confirmed=confirmed, section=step.section.id
    )
    if moving_back:
        errors = {}
    next_step = step.number if errors else (step.number - 1 if moving_back else step.number + 1)
    responses.save_draft(db, response["id"], answers=answers, step=max(next_step, 1), now=now)
    return answers, errors


def _parses_to(item, raw_value, stored_value) -> bool:
    try:
        return item.type.parse(raw_value, confirmed=True) == stored_value
    except (AnswerError, TypeError, ValueError):
        return False


def revealed_items(page: Step, following: list[Step]) -> set[str]:
    """Ids of items that the answers on `page` have just made visible on that same page."""
    same = next((s for s in following if s.section.id == page.section.id), None)
    if same is None:
        return set()
    return {i.id for i in same.items} - {i.id for i in page.items}


def missing_steps(q: Questionnaire, response: dict) -> list[Step]:
    """Pages that still have a required question unanswered or an answer that no longer parses."""
    answers = response["answers"]
    _, errors = q.parse_answers(answers, context=response["context"], confirmed=set(answers))
    return [
        s for s in steps(q, answers, response["context"]) if any(i.id in errors for i in s.items)
    ]


class IncompleteDraft(ValueError):
    """The draft still has a required question unanswered: `missing_steps()` says where."""


def submit(db, response: dict, q: Questionnaire, *, officer: dict, now: str):
    """Score the draft with its own questionnaire version, store it once and, when the
    questionnaire's referral policy says so, refer the officer to their registered FKTP.

    Returns the stored response; a second call (double tap) changes nothing. Raises
    IncompleteDraft, storing nothing, when the draft is not complete.
    """
    # Every stored answer was accepted when its page was saved, unusual numbers only once the
    # officer confirmed them: re-reading the draft must not ask for that confirmation again.
    stored = response["answers"]
    answers, errors = q.parse_answers(stored, context=response["context"], confirmed=set(stored))
    if errors:
        raise IncompleteDraft(sorted(errors))
    result = q.score(answers, context=response["context"])
    with write_transaction(db):
        first = responses.submit(
            db, response["id"], answers=answers, result=result.to_dict(), now=now
        )
        if first and result.referral is not None:
            referrals.create_referral(
                db,
                officer_id=officer["id"],
                response_id=response["id"],
                fktp_code=officer.get("fktp_code"),
                urgency=result.referral.urgency,
                deadline=deadline(now, result.referral.deadline_days).isoformat(),
                now=now,
            )
    return responses.response_for_officer(db, response["officer_id"])


def deadline(submitted_at: str, days: int) -> date:
    """The last day to reach the FKTP, counted in WIB days from the submission."""
    return datetime.fromisoformat(submitted_at).astimezone(WIB).date() + timedelta(days=days)
