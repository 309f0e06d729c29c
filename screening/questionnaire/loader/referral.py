"""What a result decides: the conditions (a risk level from rules, advice per level), the
referral policy (urgencies and the rules that choose one), and red flags that refer at once.
"""

from __future__ import annotations

from screening.messages import N_, Message

from ..model import (
    ConditionDefinition,
    RedFlagDefinition,
    ReferralPolicy,
    ReferralRule,
    Rule,
    Urgency,
)
from ..result import LEVELS
from ..source import LineDict, LineList, line_of
from .context import Context


def read_conditions(ctx: Context) -> list[ConditionDefinition]:
    conditions = []
    twice = N_("Kondisi %(id)s ditulis dua kali.")
    for condition_id, entry in ctx.entries("conditions", "kondisi", twice):
        ctx.keys(entry, {"id", "title", "scores", "rules", "advice", "note"}, "kondisi")
        score_ids = entry.get("scores") or LineList()
        for index, score_id in enumerate(score_ids):
            symbol = ctx.symbols.get(score_id)
            if symbol is None or symbol.kind != "score":
                ctx.add(
                    score_ids.line_of(index),
                    N_("Tidak ada skor dengan id %(name)s."),
                    name=str(score_id),
                )
        rules = []
        rules_doc = entry.get("rules")
        if not isinstance(rules_doc, LineList) or not rules_doc:
            ctx.add(entry.line, N_("Kondisi %(id)s harus punya rules."), id=condition_id)
            rules_doc = LineList()
        for rule_doc in rules_doc:
            if not isinstance(rule_doc, LineDict):
                ctx.add(rules_doc.line, N_("Setiap rule harus berupa mapping."))
                continue
            ctx.keys(rule_doc, {"level", "when", "reason", "reference", "note"}, "rule")
            level = rule_doc.get("level")
            if level not in LEVELS:
                ctx.add(rule_doc.line_of("level"), N_("level harus rendah, sedang atau tinggi."))
                level = "rendah"
            when = ctx.condition(rule_doc.get("when"), line=rule_doc.line_of("when"))
            rules.append(
                Rule(
                    level,
                    when,
                    ctx.text(rule_doc, "reason"),
                    ctx.reference(rule_doc),
                    rule_doc.line,
                )
            )
        advice = {}
        advice_doc = entry.get("advice")
        if not isinstance(advice_doc, LineDict):
            advice_doc = LineDict()
            ctx.add(entry.line_of("advice"), N_("advice harus berupa mapping level: teks."))
        for level in LEVELS:
            if level not in advice_doc:
                ctx.add(
                    advice_doc.line or entry.line,
                    N_("advice untuk level %(level)s belum ditulis."),
                    level=level,
                )
            advice[level] = ctx.text(advice_doc, level) if level in advice_doc else Message("")
        ctx.keys(advice_doc, set(LEVELS), "advice")
        conditions.append(
            ConditionDefinition(
                condition_id,
                ctx.text(entry, "title"),
                tuple(s for s in score_ids if isinstance(s, str)),
                tuple(rules),
                advice,
                entry.line,
            )
        )
    return conditions


def read_referral(ctx: Context, conditions) -> ReferralPolicy:
    doc = ctx.doc.get("referral")
    if not isinstance(doc, LineDict):
        ctx.add(ctx.doc.line_of("referral"), N_("referral harus berupa mapping."))
        return ReferralPolicy({}, (), frozenset())
    ctx.keys(doc, {"urgencies", "rules", "berisiko", "note"}, "referral")
    urgencies = {}
    urgencies_doc = doc.get("urgencies")
    if not isinstance(urgencies_doc, LineList) or not urgencies_doc:
        ctx.add(
            doc.line_of("urgencies"),
            N_("referral harus punya urgencies, dari yang paling mendesak."),
        )
        urgencies_doc = LineList()
    for rank, entry in enumerate(urgencies_doc):
        urgency_id = ctx.identifier(entry, "urgensi")
        if urgency_id is None:
            continue
        ctx.keys(entry, {"id", "deadline_days", "label", "instruction"}, "urgensi")
        days = entry.get("deadline_days")
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            ctx.add(
                entry.line_of("deadline_days"),
                N_("deadline_days harus bilangan bulat 0 atau lebih."),
            )
            days = 0
        urgencies[urgency_id] = Urgency(
            urgency_id, rank, days, ctx.text(entry, "label"), ctx.text(entry, "instruction")
        )
    condition_ids = [c.id for c in conditions]
    rules = []
    for entry in doc.get("rules") or LineList():
        if not isinstance(entry, LineDict):
            ctx.add(line_of(doc, "rules"), N_("Setiap rule rujukan harus berupa mapping."))
            continue
        ctx.keys(entry, {"urgency", "min_level", "conditions", "reference", "note"}, "rule rujukan")
        _known_urgency(ctx, urgencies, entry.get("urgency"), entry.line_of("urgency"))
        if entry.get("min_level") not in LEVELS:
            ctx.add(entry.line_of("min_level"), N_("min_level harus rendah, sedang atau tinggi."))
        chosen = entry.get("conditions", condition_ids)
        for name in chosen:
            if name not in condition_ids:
                ctx.add(
                    entry.line_of("conditions"),
                    N_("Tidak ada kondisi dengan id %(name)s."),
                    name=str(name),
                )
        rules.append(
            ReferralRule(
                entry.get("urgency"),
                entry.get("min_level"),
                tuple(c for c in chosen if c in condition_ids),
                ctx.reference(entry),
                entry.line,
            )
        )
    berisiko = doc.get("berisiko", list(urgencies))
    for name in berisiko:
        _known_urgency(ctx, urgencies, name, doc.line_of("berisiko"))
    return ReferralPolicy(urgencies, tuple(rules), frozenset(berisiko))


def read_red_flags(ctx: Context, referral: ReferralPolicy) -> list[RedFlagDefinition]:
    flags = []
    twice = N_("Tanda bahaya %(id)s ditulis dua kali.")
    for flag_id, entry in ctx.entries("red_flags", "tanda bahaya", twice, required=False):
        ctx.keys(entry, {"id", "title", "when", "urgency", "reference", "note"}, "tanda bahaya")
        urgency = entry.get("urgency")
        _known_urgency(ctx, referral.urgencies, urgency, entry.line_of("urgency"))
        when = ctx.condition(entry.get("when"), line=entry.line_of("when"))
        flags.append(
            RedFlagDefinition(
                flag_id,
                ctx.text(entry, "title"),
                when,
                urgency,
                ctx.reference(entry),
                entry.line,
            )
        )
    return flags


def _known_urgency(ctx: Context, urgencies: dict, name, line: int) -> None:
    if name not in urgencies:
        ctx.add(line, N_("urgency %(value)s tidak ada di urgencies."), value=str(name))
