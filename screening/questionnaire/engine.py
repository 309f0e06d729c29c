"""Scoring: from answers and context to levels, red flags and referral, with every reason.

Everything here reads structures compiled at load time; nothing parses YAML or text per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from screening.messages import N_, Message

from .bands import find_band
from .result import (
    BERISIKO,
    LEVEL_RANK,
    LEVELS,
    TIDAK_BERISIKO,
    ConditionResult,
    Reason,
    RedFlag,
    Referral,
    Result,
    ScoreResult,
)
from .types import UNKNOWN, AnswerError

SEX_OPTIONS = {"L": Message(N_("laki-laki")), "P": Message(N_("perempuan"))}
LEVEL_LABELS = {"rendah": N_("rendah"), "sedang": N_("sedang"), "tinggi": N_("tinggi")}

BAND_REASON = N_("%(label)s %(value)s — %(band)s: +%(points)s poin %(score)s")
BAND_LABEL_REASON = N_("%(label)s %(value)s — %(band)s: %(band_label)s")
OPTION_REASON = N_("%(label)s: %(answer)s: +%(points)s poin %(score)s")
FIXED_REASON = N_("%(label)s: +%(points)s poin %(score)s")
UNKNOWN_REASON = N_(
    "%(label)s tidak diketahui: dihitung 0 poin, jadi skor %(score)s mungkin lebih "
    "rendah dari yang sebenarnya."
)
UNKNOWN_NOTE = N_(
    'Jawaban "tidak tahu" atau kosong: %(items)s. Hasil skrining bisa lebih rendah dari '
    "yang sebenarnya; tanyakan atau periksakan hal ini di FKTP."
)
LEVEL_REASON = N_("%(condition)s: risiko %(level)s")


@dataclass(slots=True)
class AnswerProblem(Message):
    """What is wrong with one answer, in plain Indonesian; some answers are fine once confirmed."""

    needs_confirmation: bool = False


def context_env(context: dict) -> dict:
    """The context values (from the roster and configuration) as scoring reads them."""
    env = {}
    for key in ("polling_day", "birth_date"):
        value = context.get(key)
        if value is not None and not isinstance(value, date):
            value = date.fromisoformat(value)
        env[key] = value
    sex = context.get("sex")
    if sex is not None and sex not in SEX_OPTIONS:
        raise ValueError(f"sex must be 'L' or 'P', not {sex!r}")
    env["sex"] = sex
    return env


def _start_env(q, context) -> dict:
    env = context_env(context or {})
    for derived in q.early_derived:
        env[derived.id] = derived.compute(env)
    return env


def walk(q, answers: dict, context: dict | None):
    """Yield (section, item) for every item the officer is shown, given the answers so far."""
    env = _start_env(q, context)
    for section in q.sections:
        if section.show is not None and not section.show.test(env):
            continue
        for item in section.items:
            if item.show is not None and not item.show.test(env):
                continue
            value = answers.get(item.id)
            if value is not None:
                env[item.id] = value
            yield section, item


def parse_answers(q, raw: dict, *, context=None, confirmed=(), section=None, strict=False):
    """Read raw form or JSON answers into stored answers; errors map item id -> AnswerProblem.

    Items hidden by the answers given are dropped; a required item that is shown must be answered.
    `confirmed` holds the ids whose unusual (implausible) numbers the officer confirmed; `section`
    limits the errors to one page of the form; `strict` reports keys that name no item.
    """
    env = _start_env(q, context)
    answers, errors = {}, {}
    confirmed = frozenset(confirmed)
    for current in q.sections:
        shown = current.show is None or current.show.test(env)
        report = section is None or current.id == section
        for item in current.items:
            if not shown or (item.show is not None and not item.show.test(env)):
                continue
            raw_value = raw.get(item.id)
            if raw_value is None or raw_value == "" or raw_value == []:
                if item.required and report:
                    errors[item.id] = AnswerProblem(N_("Pertanyaan ini wajib dijawab."))
                continue
            try:
                value = item.type.parse(raw_value, confirmed=item.id in confirmed)
            except AnswerError as error:
                if report:
                    errors[item.id] = AnswerProblem(
                        error.message.msgid, error.message.params, error.needs_confirmation
                    )
                continue
            answers[item.id] = env[item.id] = value
    if strict:
        for key in raw:
            if key not in q.items:
                errors[key] = AnswerProblem(
                    N_("Tidak ada pertanyaan dengan id %(id)s di kuesioner ini."), {"id": key}
                )
    return answers, errors


def score(q, answers: dict, context: dict, *, explain: bool = True) -> Result:
    """The result of stored answers. With `explain=False` the same scores, levels, red flags,
    referral urgency and overall, without a single reason, note or piece of evidence: what a
    comparison over every stored response needs (`rescore`), at a fraction of the work."""
    env = _start_env(q, context)
    unknown = []
    get = answers.get
    for section_show, items in q.plan:
        if section_show is not None and not section_show(env):
            continue
        for item_id, item_show, required in items:
            if item_show is not None and not item_show(env):
                continue
            value = get(item_id)
            if value is None:
                if not required:
                    continue
                value = UNKNOWN
                unknown.append(item_id)
            elif value.__class__ is str and value == UNKNOWN:
                unknown.append(item_id)
            env[item_id] = value
    for derived in q.late_derived:
        env[derived.id] = derived.compute(env)

    scores = {}
    for definition in q.scores:
        if definition.when is not None and not definition.when.test(env):
            continue
        result = _score(definition, env, explain)
        scores[definition.id] = result
        env[definition.id] = result.total

    conditions = {}
    for definition in q.conditions:
        conditions[definition.id] = _condition(definition, env, scores, explain)

    red_flags = [
        RedFlag(
            flag.id,
            flag.title,
            flag.urgency,
            q.referral.urgencies[flag.urgency].instruction,
            flag.when.explain(env) if explain else [],
        )
        for flag in q.red_flags
        if flag.when.test(env)
    ]
    referral = _referral(q.referral, conditions, red_flags, explain)
    overall = BERISIKO if referral and referral.urgency in q.referral.berisiko else TIDAK_BERISIKO
    notes = [q.disclaimer] if explain else []
    if unknown and explain:
        notes.append(Message(UNKNOWN_NOTE, {"items": [q.items[i].short for i in unknown]}))
    derived = {}
    for definition in q.derived:
        value = env.get(definition.id)
        derived[definition.id] = value.isoformat() if isinstance(value, date) else value
    return Result(
        q.id,
        q.version,
        q.standards,
        scores,
        conditions,
        red_flags,
        referral,
        overall,
        unknown,
        derived,
        notes,
    )


def _score(definition, env, explain: bool = True) -> ScoreResult:
    total = 0
    complete = True
    reasons = []
    add_reason = reasons.append
    points = {}
    score_name = definition.short
    source = definition.reference
    take_max = definition.combine == "max"
    get = env.get
    for part_id, label, variants in definition.plan:
        gained = 0
        for guard, kind, name, bands, options, fixed, describe in variants:
            if guard is not None and not guard.test(env):
                continue
            if kind == "fixed":
                gained = fixed
                if gained and explain:
                    add_reason(
                        Reason(
                            Message(
                                FIXED_REASON,
                                {"label": label, "points": gained, "score": score_name},
                            ),
                            gained,
                            source,
                            guard.explain(env),
                        )
                    )
                break
            value = get(name)
            if value is None:
                break
            if value.__class__ is str and value == UNKNOWN:
                complete = False
                if not explain:
                    break
                add_reason(
                    Reason(
                        Message(UNKNOWN_REASON, {"label": label, "score": score_name}), 0, source
                    )
                )
                break
            if kind == "bands":
                band = find_band(bands, value)
                gained = band.points
                if not explain:
                    break
                if band.label is not None:
                    message = Message(
                        BAND_LABEL_REASON,
                        {
                            "label": label,
                            "value": describe(value),
                            "band": band.text,
                            "band_label": band.label,
                        },
                    )
                elif gained:
                    message = Message(
                        BAND_REASON,
                        {
                            "label": label,
                            "value": describe(value),
                            "band": band.text,
                            "points": gained,
                            "score": score_name,
                        },
                    )
                else:
                    break
            else:
                if value.__class__ is list:
                    gained = sum(options.get(v, 0) for v in value)
                else:
                    gained = options.get(value, 0)
                if not gained or not explain:
                    break
                message = Message(
                    OPTION_REASON,
                    {
                        "label": label,
                        "answer": describe(value),
                        "points": gained,
                        "score": score_name,
                    },
                )
            add_reason(Reason(message, gained, source))
            break
        points[part_id] = gained
        if take_max:
            if gained > total:
                total = gained
        else:
            total += gained
    band = find_band(definition.bands, total) if definition.bands else None
    return ScoreResult(
        definition.id,
        definition.title,
        total,
        definition.maximum,
        band.id if band else None,
        band.label if band else None,
        complete,
        reasons,
        points,
    )


def _condition(definition, env, scores, explain: bool = True) -> ConditionResult:
    rank = 0
    reasons = []
    for rule in definition.rules:
        if rule.when.test(env):
            rank = max(rank, LEVEL_RANK[rule.level])
            if explain:
                reasons.append(Reason(rule.reason, None, rule.reference, rule.when.explain(env)))
    totals = {}
    for score_id in definition.scores:
        result = scores.get(score_id)
        if result is not None:
            totals[score_id] = result.total
            reasons.extend(result.reasons)
    level = LEVELS[rank]
    return ConditionResult(
        definition.id, definition.title, level, totals, reasons, definition.advice[level]
    )


def _referral(policy, conditions, red_flags, explain: bool = True) -> Referral | None:
    best = None
    reasons = []
    for flag in red_flags:
        if explain:
            reasons.append(flag.title)
        urgency = policy.urgencies[flag.urgency]
        if best is None or urgency.rank < best.rank:
            best = urgency
    for rule in policy.rules:
        threshold = LEVEL_RANK[rule.min_level]
        for condition_id in rule.conditions:
            condition = conditions[condition_id]
            if LEVEL_RANK[condition.level] >= threshold:
                urgency = policy.urgencies[rule.urgency]
                if explain:
                    message = Message(
                        LEVEL_REASON,
                        {
                            "condition": condition.title,
                            "level": Message(LEVEL_LABELS[condition.level]),
                        },
                    )
                    if message not in reasons:
                        reasons.append(message)
                if best is None or urgency.rank < best.rank:
                    best = urgency
    if best is None:
        return None
    return Referral(best.id, best.deadline_days, best.label, best.instruction, reasons)
