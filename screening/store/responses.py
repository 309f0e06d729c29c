"""Screening responses: drafts saved step by step, then one scored submission per officer."""

import json
from collections.abc import Iterator

from sqlite_utils import Database

_JSON_FIELDS = ("answers", "context", "result")


def _decode(row: dict) -> dict:
    row = dict(row)
    for name in _JSON_FIELDS:
        if row.get(name) is not None:
            row[name] = json.loads(row[name])
    return row


def response_for_officer(db: Database, officer_id: int) -> dict | None:
    # Plain SQL on the request path: sqlite-utils' table helpers look up the schema on every call.
    rows = list(db.query("SELECT * FROM response WHERE officer_id = ? LIMIT 1", [officer_id]))
    return _decode(rows[0]) if rows else None


def scored_responses(db: Database) -> Iterator[dict]:
    """Every submitted response with its answers, context and stored result, oldest first."""
    # `+status`: read the table in id order rather than through the status index, which would
    # sort every submitted response (about 5 KB each) in a temporary tree before the first row.
    sql = """
        SELECT id, officer_id, questionnaire_id, questionnaire_version, answers, context, result
        FROM response WHERE +status = 'submitted' ORDER BY id
    """
    for row in db.query(sql):
        yield _decode(row)


def start_draft(
    db: Database, officer_id: int, *, questionnaire_id, questionnaire_version, context, now
):
    """Create the officer's draft unless one exists; return the officer's response either way."""
    db.execute(
        "INSERT INTO response (officer_id, questionnaire_id, questionnaire_version, status, step, "
        "answers, context, started_at, updated_at) VALUES (?, ?, ?, 'draft', 1, '{}', ?, ?, ?) "
        "ON CONFLICT (officer_id) DO NOTHING",
        [officer_id, questionnaire_id, str(questionnaire_version), json.dumps(context), now, now],
    )
    return response_for_officer(db, officer_id)


def save_draft(db: Database, response_id: int, *, answers: dict, step: int, now: str) -> bool:
    """Save the answers so far; False when the response was already submitted (nothing changes)."""
    cursor = db.execute(
        "UPDATE response SET answers = ?, step = ?, updated_at = ? "
        "WHERE id = ? AND status = 'draft'",
        [json.dumps(answers), step, now, response_id],
    )
    return cursor.rowcount == 1


def submit(db: Database, response_id: int, *, answers: dict, result: dict, now: str) -> bool:
    """Turn a draft into the submitted response, once: a second submission changes nothing and
    returns False, so a double tap or a resend after a timeout stores one response."""
    cursor = db.execute(
        "UPDATE response SET status = 'submitted', answers = ?, result = ?, overall = ?, "
        "referral_urgency = ?, submitted_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
        [
            json.dumps(answers),
            json.dumps(result),
            result["overall"],
            (result.get("referral") or {}).get("urgency"),
            now,
            now,
            response_id,
        ],
    )
    return cursor.rowcount == 1


def results_by_id(db: Database, response_ids: list[int]) -> dict[int, dict]:
    """The stored results of these submitted responses, by response id (one query for a page)."""
    if not response_ids:
        return {}
    marks = ", ".join("?" for _ in response_ids)
    sql = f"SELECT id, result FROM response WHERE id IN ({marks}) AND result IS NOT NULL"  # noqa: S608 -- only placeholders are joined in
    return {row["id"]: json.loads(row["result"]) for row in db.query(sql, list(response_ids))}
