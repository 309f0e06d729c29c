"""The reminder schedule (questionnaires/reminders.yaml) and the planner that follows it.

`plan(db, now=…, settings=…)` is one pass over the whole city: for every rule of the schedule it
queues, in the message outbox, each message that has come due and was never queued, and cancels
the queued ones nobody needs any more (the officer screened, declined, was seen; the visit moved).
It is idempotent (a dedupe key per rule occurrence), so it runs every 15 minutes on the job queue
(`plan_messages`, screening/tasks.py) and by hand (`flask outreach plan`). Sending is not its
business: the sender keeps the quiet hours again, one message per officer per day and the opt-out
at the moment of sending.

Plain Python (no Flask): `settings` is any mapping with the app's setting names (app.config).

Decisions, also written in the schedule file:
- "Not screened" means no submitted screening. An officer who declined the consent gets no
  screening reminders: the screening is voluntary (SEB 2023, UU PDP consent), so pressing them
  after a "no" would undo the choice; they appear on the area operator's chase list instead.
- "Seen" means the referral was examined, completed or cancelled. An officer who did not come
  (`tidak_datang`) is still expected: reminded, and escalated when the deadline passes.
- Red flag: the referral's urgency is one a red flag gives (`red_flag_urgencies`, default
  darurat and hari_ini: the default questionnaire gives those only for a red flag); the officer
  gets `tanda_bahaya` (IGD / 119) instead of `rujukan_baru`.
"""

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from screening.messages import N_
from screening.outreach import gateway, quiet, templates
from screening.questionnaire.source import Problems, QuestionnaireError, line_of, parse_yaml
from screening.store import planning
from screening.store.planning import DAY_TRIGGERS, TRIGGERS, Quiet, Rule

FILE_NAME = "reminders.yaml"
# The template ids of messages.yaml, whose texts screening/outreach/templates.py checks.
TEMPLATES = templates.TEMPLATE_IDS
SCREENING_DEADLINE_DAYS_BEFORE_POLLING = 14
WIB_HOURS = 7

ScheduleError = QuestionnaireError  # every problem with its file and line


@dataclass(frozen=True)
class Schedule:
    rules: tuple[Rule, ...]
    red_flag_urgencies: tuple[str, ...]


@dataclass
class PlanReport:
    """What one pass did: messages queued and cancelled, per rule."""

    queued: dict[str, int] = field(default_factory=dict)
    cancelled: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    seconds: float = 0.0
    # Per rule: each is one transaction, so this is how long it held the write lock.
    rule_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_queued(self) -> int:
        return sum(self.queued.values())

    @property
    def total_cancelled(self) -> int:
        return sum(self.cancelled.values())


# --- the schedule file --------------------------------------------------------------------


def _clock(text) -> str | None:
    """ "HH:MM" (24 hours) or None."""
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        return None
    hours, minutes = text[:2], text[3:]
    if not (hours.isdigit() and minutes.isdigit()) or int(hours) > 23 or int(minutes) > 59:
        return None
    return text


def parse_schedule(source: str, filename: str) -> Schedule:
    """Read and check a schedule; every mistake is reported at once as `file:line: message`."""
    document = parse_yaml(source, filename)
    problems = Problems(filename)
    if not isinstance(document, dict):
        problems.add(1, N_("Berkas jadwal harus berisi pemetaan dengan kunci rules."))
        problems.raise_if_any()
    known = {"version", "red_flag_urgencies", "rules"}
    for key in document:
        if key not in known:
            problems.add(line_of(document, key), N_("Kunci %(key)s tidak dikenal."), key=str(key))
    urgencies = document.get("red_flag_urgencies", ["darurat", "hari_ini"])
    if not isinstance(urgencies, list) or not all(isinstance(u, str) for u in urgencies):
        problems.add(
            line_of(document, "red_flag_urgencies"),
            N_("red_flag_urgencies harus daftar tingkat urgensi."),
        )
        urgencies = []
    rules_node = document.get("rules")
    if not isinstance(rules_node, list) or not rules_node:
        problems.add(line_of(document, "rules"), N_("rules harus daftar aturan yang tidak kosong."))
        problems.raise_if_any()
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, node in enumerate(rules_node):
        line = line_of(rules_node, index)
        rule = _parse_rule(node, line, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.add(line, N_("Aturan %(id)s ditulis dua kali."), id=rule.id)
        seen.add(rule.id)
        rules.append(rule)
    problems.raise_if_any()
    return Schedule(tuple(rules), tuple(urgencies))


def _parse_rule(node, line: int, problems: Problems) -> Rule | None:
    if not isinstance(node, dict):
        problems.add(line, N_("Setiap aturan harus pemetaan (id, template, trigger, …)."))
        return None
    allowed = {"id", "template", "trigger", "offset_days", "at", "red_flag"}
    for key in node:
        if key not in allowed:
            problems.add(line_of(node, key), N_("Kunci %(key)s tidak dikenal."), key=str(key))
    rule_id, template, trigger = node.get("id"), node.get("template"), node.get("trigger")
    ok = True
    if not isinstance(rule_id, str) or not rule_id or ":" in rule_id:
        problems.add(line, N_("Aturan tanpa id (teks tanpa titik dua)."))
        ok = False
    if template not in TEMPLATES:
        problems.add(
            line_of(node, "template"),
            N_("Template %(template)s tidak dikenal; pilih salah satu: %(known)s."),
            template=str(template),
            known=", ".join(TEMPLATES),
        )
        ok = False
    if trigger not in TRIGGERS:
        problems.add(
            line_of(node, "trigger"),
            N_("Pemicu %(trigger)s tidak dikenal; pilih salah satu: %(known)s."),
            trigger=str(trigger),
            known=", ".join(TRIGGERS),
        )
        ok = False
    offset = node.get("offset_days", 0)
    if not isinstance(offset, int) or isinstance(offset, bool) or abs(offset) > 366:
        problems.add(
            line_of(node, "offset_days"), N_("offset_days harus bilangan bulat hari (-366…366).")
        )
        ok = False
    at = node.get("at")
    if at is not None and _clock(at) is None:
        problems.add(line_of(node, "at"), N_('at harus jam WIB "JJ:MM", misalnya "08:00".'))
        ok = False
    if at is None and trigger in DAY_TRIGGERS:
        problems.add(
            line,
            N_("Pemicu %(trigger)s adalah hari, bukan saat: tulis jamnya (at)."),
            trigger=trigger,
        )
        ok = False
    red_flag = node.get("red_flag")
    if trigger == "referral_created" and not isinstance(red_flag, bool):
        problems.add(
            line,
            N_("Aturan referral_created harus menulis red_flag: true (tanda bahaya) atau false."),
        )
        ok = False
    elif trigger != "referral_created" and red_flag is not None:
        problems.add(line_of(node, "red_flag"), N_("red_flag hanya untuk referral_created."))
        ok = False
    if not ok:
        return None
    return Rule(rule_id, template, trigger, offset, at, red_flag)


def schedule_path(settings) -> Path:
    explicit = settings.get("REMINDERS_FILE")
    if explicit:
        return Path(explicit)
    return Path(settings["QUESTIONNAIRE_DIR"]) / FILE_NAME


_cache: dict[tuple[str, float], Schedule] = {}


def load_schedule(settings) -> Schedule:
    """The schedule named by the settings (REMINDERS_FILE, else reminders.yaml in
    QUESTIONNAIRE_DIR), read again only when the file changed."""
    path = schedule_path(settings)
    try:
        stamp = path.stat().st_mtime
        key = (str(path), stamp)
        if key not in _cache:
            _cache[key] = parse_schedule(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        problems = Problems(str(path))
        problems.add(0, N_("Berkas tidak dapat dibaca: %(detail)s"), detail=str(exc))
        problems.raise_if_any()
    return _cache[key]


# --- settings -----------------------------------------------------------------------------


def screening_deadline(settings) -> date:
    """SCREENING_DEADLINE (an ISO day), else polling day minus 14 days."""
    configured = settings.get("SCREENING_DEADLINE")
    if configured:
        return configured if isinstance(configured, date) else date.fromisoformat(configured)
    polling = settings.get("POLLING_DAY") or "2029-02-14"
    polling = polling if isinstance(polling, date) else date.fromisoformat(polling)
    return polling - timedelta(days=SCREENING_DEADLINE_DAYS_BEFORE_POLLING)


def quiet_hours(settings) -> Quiet:
    """QUIET_HOURS read as the sender reads it (outreach/quiet.py), as the planner's SQL wants
    it; none is an empty span (a due time never moves)."""
    hours = quiet.quiet_hours(settings)
    if hours is None:
        return Quiet("00:00", "00:00")
    start, end = hours
    return Quiet(start.strftime("%H:%M"), end.strftime("%H:%M"))


def channel(settings) -> str:
    """The gateway when one is configured, else click-to-chat: the sender's own rule."""
    return gateway.default_channel(settings)


# --- the pass -----------------------------------------------------------------------------


def _utc(now) -> datetime:
    moment = datetime.fromisoformat(now) if isinstance(now, str) else now
    if moment.tzinfo is None:
        raise ValueError("now must carry its time zone")
    return moment.astimezone(UTC)


def plan(db, *, now, settings, dry_run: bool = False) -> PlanReport:
    """Queue every message the schedule says is due by `now` (UTC, ISO text or aware datetime)
    and not queued before; cancel queued ones no longer needed. One pass, one transaction."""
    started = time.perf_counter()
    schedule = load_schedule(settings)
    moment = _utc(now)
    context = {
        "now": moment.isoformat(timespec="seconds"),
        "local_now": (moment + timedelta(hours=WIB_HOURS)).strftime("%Y-%m-%d %H:%M:%S"),
        "screening_deadline": screening_deadline(settings).isoformat(),
        "channel": channel(settings),
        "red_flag_urgencies": json.dumps(list(schedule.red_flag_urgencies)),
    }
    queued, cancelled, seconds = planning.plan_pass(
        db, schedule.rules, quiet_hours(settings), context, dry_run=dry_run
    )
    return PlanReport(queued, cancelled, dry_run, time.perf_counter() - started, seconds)
