"""The message planner's SQL: one pass over the whole city per schedule rule, as set operations.

Each rule becomes one `INSERT OR IGNORE INTO message … SELECT` over the officers (or referrals)
its trigger concerns, with the due time and the dedupe key computed in SQL, and one `UPDATE` that
cancels the rule's queued messages nobody needs any more. No row is read into Python: a pass over
100,000 officers is a few statements (bench/outreach.py).

Times: stored moments are UTC ISO (`2029-01-05T01:00:00+00:00`); deadlines are WIB days and
`visit_at` a WIB wall-clock time. The planner works in WIB wall-clock strings
(`YYYY-MM-DD HH:MM:SS`, what SQLite's datetime() gives) and converts the due time to UTC ISO,
the outbox's format, when it stores it. WIB is UTC+7 all year (no daylight saving).
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from screening.journey import DECLINED
from screening.referrals.lifecycle import NOT_SEEN
from screening.store import write_transaction

WIB_OFFSET = "+7 hours"
UTC_FROM_WIB = "-7 hours"
CANCELLED_REASON = "tidak diperlukan lagi"
QUEUED = ("antri", "siap")

_NOT_SEEN_SQL = ", ".join(f"'{s}'" for s in sorted(NOT_SEEN))

# Officers who may still get screening messages: not opted out, no submitted screening, did not
# decline the consent (their latest decision), and the screening deadline not past.
_SCREENING_OPEN = f"""
    o.opted_out_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM response s WHERE s.status = 'submitted' AND s.officer_id = o.id)
    AND COALESCE((SELECT c.decision FROM consent c WHERE c.officer_id = o.id
                  ORDER BY c.id DESC LIMIT 1), '') != '{DECLINED}'
    AND date(:local_now) <= :screening_deadline
"""  # noqa: S608 -- fixed SQL; values are parameters

# The dedupe key of one occurrence, appended to the rule id: once per person (and link version,
# referral or visit), ever.
KEYS = {
    "link_issued": "':' || o.id || ':v' || a.version",
    "screening_deadline": "':' || o.id",
    "referral": "':' || r.id",
    # The key holds the visit's time: a rescheduled visit is a new occurrence.
    "visit": "':' || r.id || ':' || r.visit_at",
}
KEY_OF = {
    "link_issued": KEYS["link_issued"],
    "screening_deadline": KEYS["screening_deadline"],
    "referral_created": KEYS["referral"],
    "referral_deadline": KEYS["referral"],
    "visit_scheduled": KEYS["visit"],
    "visit": KEYS["visit"],
}

# Per trigger: the rows it concerns, each with
#   officer_id, referral_id, key (appended to the rule id: one occurrence per person, ever),
#   anchor  the trigger's WIB moment or day,
#   known   when the officer learnt of it (a reminder before that is pointless),
#   ends    when the event is past (a reminder before it, or a notice of it, is pointless then).
# Only our own fixed SQL is joined into the statements below; every value is a parameter.
CANDIDATES = {
    "link_issued": f"""
        SELECT o.id AS officer_id, NULL AS referral_id,
               {KEYS["link_issued"]} AS key,
               datetime(a.issued_at, '{WIB_OFFSET}') AS anchor,
               datetime(a.issued_at, '{WIB_OFFSET}') AS known,
               NULL AS ends
        FROM officer_access a JOIN officer o ON o.id = a.officer_id
        WHERE {{new}} AND a.revoked_at IS NULL AND a.issued_at IS NOT NULL AND {_SCREENING_OPEN}
    """,  # noqa: S608 -- fixed SQL; values are parameters
    "screening_deadline": f"""
        SELECT o.id AS officer_id, NULL AS referral_id,
               {KEYS["screening_deadline"]} AS key,
               :screening_deadline AS anchor,
               datetime(a.issued_at, '{WIB_OFFSET}') AS known,
               datetime(:screening_deadline, '+1 day') AS ends
        FROM officer_access a JOIN officer o ON o.id = a.officer_id
        WHERE {{new}} AND a.revoked_at IS NULL AND a.issued_at IS NOT NULL AND {_SCREENING_OPEN}
    """,  # noqa: S608 -- fixed SQL; values are parameters
    "referral_created": f"""
        SELECT r.officer_id, r.id AS referral_id, {KEYS["referral"]} AS key,
               datetime(r.created_at, '{WIB_OFFSET}') AS anchor,
               datetime(r.created_at, '{WIB_OFFSET}') AS known,
               NULL AS ends
        FROM referral r JOIN officer o ON o.id = r.officer_id
        WHERE {{new}} AND r.status IN ({_NOT_SEEN_SQL}) AND o.opted_out_at IS NULL
          AND (r.urgency IN (SELECT value FROM json_each(:red_flag_urgencies))) = :red_flag
    """,  # noqa: S608 -- fixed SQL; values are parameters
    "referral_deadline": f"""
        SELECT r.officer_id, r.id AS referral_id, {KEYS["referral"]} AS key,
               r.deadline AS anchor,
               datetime(r.created_at, '{WIB_OFFSET}') AS known,
               datetime(r.deadline, '+1 day') AS ends
        FROM referral r JOIN officer o ON o.id = r.officer_id
        WHERE {{new}} AND r.status IN ({_NOT_SEEN_SQL}) AND o.opted_out_at IS NULL
    """,  # noqa: S608 -- fixed SQL; values are parameters
    "visit_scheduled": f"""
        SELECT r.officer_id, r.id AS referral_id, {KEYS["visit"]} AS key,
               datetime(r.updated_at, '{WIB_OFFSET}') AS anchor,
               datetime(r.updated_at, '{WIB_OFFSET}') AS known,
               datetime(r.visit_at) AS ends
        FROM referral r JOIN officer o ON o.id = r.officer_id
        WHERE {{new}} AND r.status = 'dijadwalkan' AND r.visit_at IS NOT NULL
          AND o.opted_out_at IS NULL
    """,  # noqa: S608 -- fixed SQL; values are parameters
    "visit": f"""
        SELECT r.officer_id, r.id AS referral_id, {KEYS["visit"]} AS key,
               datetime(r.visit_at) AS anchor,
               datetime(r.updated_at, '{WIB_OFFSET}') AS known,
               datetime(r.visit_at) AS ends
        FROM referral r JOIN officer o ON o.id = r.officer_id
        WHERE {{new}} AND r.status = 'dijadwalkan' AND r.visit_at IS NOT NULL
          AND o.opted_out_at IS NULL
    """,  # noqa: S608 -- fixed SQL; values are parameters
}
TRIGGERS = tuple(CANDIDATES)
# Triggers whose anchor is a day, not a moment: a rule on them names its time of day.
DAY_TRIGGERS = frozenset({"screening_deadline", "referral_deadline"})
# Triggers whose notice is pointless once the event is past, whatever the offset.
ENDS_ALWAYS = frozenset({"visit_scheduled"})


@dataclass(frozen=True)
class Rule:
    """A schedule rule as the store needs it (screening/outreach/schedule.py builds these)."""

    id: str
    template: str
    trigger: str
    offset_days: int = 0
    at: str | None = None  # "HH:MM" WIB
    red_flag: bool | None = None  # referral_created only


@dataclass(frozen=True)
class Quiet:
    """Quiet hours, WIB wall clock "HH:MM"; `start` > `end` wraps midnight (21:00-07:00)."""

    start: str
    end: str


def _due(rule: Rule, quiet: Quiet) -> str:
    """The rule's due time (WIB wall clock) from a candidate's anchor, moved out of the quiet
    hours to their end."""
    offset = f"'{rule.offset_days:+d} days'"
    if rule.at:
        raw = f"datetime(date(anchor, {offset}) || ' ' || :at)"
    else:
        raw = f"datetime(anchor, {offset})"
    t = f"time({raw})"
    if quiet.start > quiet.end:  # wraps midnight
        return (
            f"CASE WHEN {t} >= :quiet_start THEN datetime(date({raw}, '+1 day') || ' ' || "
            f":quiet_end) WHEN {t} < :quiet_end THEN datetime(date({raw}) || ' ' || :quiet_end) "
            f"ELSE {raw} END"
        )
    return (
        f"CASE WHEN {t} >= :quiet_start AND {t} < :quiet_end "
        f"THEN datetime(date({raw}) || ' ' || :quiet_end) ELSE {raw} END"
    )


def _candidates(rule: Rule, *, only_new: bool = False) -> str:
    """The trigger's rows; with `only_new`, only those whose message was never queued, checked
    first (by the unique key) so that an idle pass skips the costlier conditions."""
    new = (
        f"NOT EXISTS (SELECT 1 FROM message m WHERE m.dedupe_key = :rule || {KEY_OF[rule.trigger]})"  # noqa: S608 -- our own key expression
        if only_new
        else "1"
    )
    return CANDIDATES[rule.trigger].replace("{new}", new)


def _ends(rule: Rule) -> str:
    return "ends" if rule.offset_days < 0 or rule.trigger in ENDS_ALWAYS else "NULL"


def _params(rule: Rule, quiet: Quiet, context: dict) -> dict:
    return {
        **context,
        "rule": rule.id,
        "template": rule.template,
        "at": f"{rule.at}:00" if rule.at else None,
        "quiet_start": f"{quiet.start}:00",
        "quiet_end": f"{quiet.end}:00",
        "red_flag": bool(rule.red_flag),
    }


def queue_rule(db: Database, rule: Rule, quiet: Quiet, context: dict) -> int:
    """Queue every occurrence of `rule` due by `context['local_now']` and not queued before;
    return how many. `context`: local_now, now (UTC ISO), screening_deadline, channel,
    red_flag_urgencies (JSON list)."""
    # A reminder before an event goes only to an officer who knew of the event before it.
    known = "AND due > known" if rule.offset_days < 0 else ""
    sql = f"""
        INSERT OR IGNORE INTO message (officer_id, referral_id, rule, template, dedupe_key,
                                       channel, status, due_at, attempts, created_at)
        SELECT officer_id, referral_id, :rule, :template, :rule || key, :channel, 'antri',
               strftime('%Y-%m-%dT%H:%M:%S+00:00', due, '{UTC_FROM_WIB}'), 0, :now
        FROM (SELECT *, {_due(rule, quiet)} AS due, {_ends(rule)} AS until
              FROM ({_candidates(rule, only_new=True)}))
        WHERE due <= :local_now AND (until IS NULL OR :local_now < until) {known}
    """  # noqa: S608 -- fixed SQL of this module; values are parameters
    return db.execute(sql, _params(rule, quiet, context)).rowcount


def cancel_rule(db: Database, rule: Rule, context: dict) -> int:
    """Cancel the rule's queued (antri, siap) messages that are no longer wanted: the officer
    screened, declined or was seen, the visit moved, the event passed. Return how many.

    Messages of an opted-out officer are left to the sender, which records the opt-out."""
    sql = f"""
        UPDATE message SET status = 'batal', error = :reason
        WHERE status IN ('antri', 'siap') AND rule = :rule
          AND (SELECT opted_out_at FROM officer WHERE id = message.officer_id) IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM (SELECT *, {_ends(rule)} AS until FROM ({_candidates(rule)})) c
              WHERE c.officer_id = message.officer_id AND :rule || c.key = message.dedupe_key
                AND (c.until IS NULL OR :local_now < c.until))
    """  # noqa: S608 -- fixed SQL of this module; values are parameters
    params = {**_params(rule, Quiet("00:00", "00:00"), context), "reason": CANCELLED_REASON}
    return db.execute(sql, params).rowcount


class _DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


def plan_pass(
    db: Database, rules: Iterable[Rule], quiet: Quiet, context: dict, *, dry_run: bool = False
) -> tuple[dict[str, int], dict[str, int], dict[str, float]]:
    """One planning pass: per rule, cancel what is no longer wanted, then queue what is due;
    (queued, cancelled, seconds spent) per rule. Each rule is its own transaction, so the write lock
    is never held for a whole pass (about 1 s at most per rule on 100,000 officers: web writers
    wait that long at worst). A dry run counts the same in one transaction and rolls it back."""
    queued: dict[str, int] = {}
    cancelled: dict[str, int] = {}
    seconds: dict[str, float] = {}

    def one(rule: Rule) -> None:
        started = time.perf_counter()
        cancelled[rule.id] = cancel_rule(db, rule, context)
        queued[rule.id] = queue_rule(db, rule, quiet, context)
        seconds[rule.id] = time.perf_counter() - started

    if not dry_run:
        for rule in rules:
            with write_transaction(db):
                one(rule)
        return queued, cancelled, seconds
    try:
        with write_transaction(db):
            for rule in rules:
                one(rule)
            raise _DryRun
    except _DryRun:
        pass
    return queued, cancelled, seconds


# --- the area operators' overdue list ---------------------------------------------------------


def _overdue_where(area: dict) -> tuple[str, list]:
    conditions = [f"r.status IN ({_NOT_SEEN_SQL})", "r.deadline < ?"]
    params: list = []
    for column, key in (("kecamatan_code", "kecamatan"), ("kelurahan_code", "kelurahan")):
        if area.get(key):
            conditions.append(f"o.{column} = ?")
            params.append(area[key])
    if area.get("tps"):
        conditions.append("o.tps = ?")
        params.append(area["tps"])
    return " AND ".join(conditions), params


def overdue_referrals(
    db: Database, *, today: str, area: dict, limit: int = 50, offset: int = 0
) -> list[dict]:
    """Referrals past their deadline (before `today`, a WIB day) whose officer has not been
    seen, oldest deadline first, with what an area operator needs to call the officer: number,
    name, phone, TPS, kelurahan, FKTP, deadline. No urgency, no reason: no health data."""
    where, params = _overdue_where(area)
    sql = f"""
        SELECT r.number, r.deadline, r.status, o.id AS officer_id, o.name AS officer_name,
               o.phone, o.tps, o.opted_out_at, l.name AS kelurahan_name,
               c.name AS kecamatan_name, f.name AS fktp_name
        FROM referral r JOIN officer o ON o.id = r.officer_id
        LEFT JOIN kelurahan l ON l.code = o.kelurahan_code
        LEFT JOIN kecamatan c ON c.code = o.kecamatan_code
        LEFT JOIN fktp f ON f.code = r.fktp_code
        WHERE {where}
        ORDER BY r.deadline, r.id LIMIT ? OFFSET ?
    """  # noqa: S608 -- fixed clauses; values are parameters
    return [dict(row) for row in db.query(sql, [today, *params, limit, offset])]


def count_overdue(db: Database, *, today: str, area: dict) -> int:
    where, params = _overdue_where(area)
    sql = f"SELECT COUNT(*) FROM referral r JOIN officer o ON o.id = r.officer_id WHERE {where}"  # noqa: S608 -- fixed clauses
    return db.execute(sql, [today, *params]).fetchone()[0]
