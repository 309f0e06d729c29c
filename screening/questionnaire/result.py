"""What scoring returns: per condition the level, the instrument scores and the reasons.

Everything converts to and from JSON-safe dicts, so a stored result is read back as it was scored;
old results are never recomputed behind the reader's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.messages import Message

LEVELS = ("rendah", "sedang", "tinggi")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
BERISIKO = "berisiko"
TIDAK_BERISIKO = "tidak_berisiko"


@dataclass(slots=True)
class Reason:
    """One rule that fired, in words, with the answers that fired it."""

    message: Message
    points: int | None = None
    source: str | None = None  # the reference (instrument, guideline) the rule rests on
    evidence: list[Message] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = {"message": self.message.to_dict()}
        if self.points is not None:
            data["points"] = self.points
        if self.source is not None:
            data["source"] = self.source
        if self.evidence:
            data["evidence"] = [m.to_dict() for m in self.evidence]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Reason:
        return cls(
            Message.from_dict(data["message"]),
            data.get("points"),
            data.get("source"),
            [Message.from_dict(m) for m in data.get("evidence", [])],
        )


@dataclass(slots=True)
class ScoreResult:
    id: str
    title: Message
    total: int
    maximum: int
    band: str | None
    band_label: Message | None
    complete: bool  # False when an unknown answer may have lowered the total
    reasons: list[Reason]
    points: dict[str, int]  # part id -> points, for cases and audits

    def to_dict(self) -> dict:
        return {
            "title": self.title.to_dict(),
            "total": self.total,
            "maximum": self.maximum,
            "band": self.band,
            "band_label": self.band_label.to_dict() if self.band_label else None,
            "complete": self.complete,
            "reasons": [r.to_dict() for r in self.reasons],
            "points": dict(self.points),
        }

    @classmethod
    def from_dict(cls, score_id: str, data: dict) -> ScoreResult:
        label = data.get("band_label")
        return cls(
            score_id,
            Message.from_dict(data["title"]),
            data["total"],
            data["maximum"],
            data.get("band"),
            Message.from_dict(label) if label else None,
            data["complete"],
            [Reason.from_dict(r) for r in data["reasons"]],
            dict(data.get("points", {})),
        )


@dataclass(slots=True)
class ConditionResult:
    id: str
    title: Message
    level: str  # rendah | sedang | tinggi
    scores: dict[str, int]  # instrument scores this level rests on
    reasons: list[Reason]  # the level rules that fired, then each score's points
    advice: Message

    def to_dict(self) -> dict:
        return {
            "title": self.title.to_dict(),
            "level": self.level,
            "scores": dict(self.scores),
            "reasons": [r.to_dict() for r in self.reasons],
            "advice": self.advice.to_dict(),
        }

    @classmethod
    def from_dict(cls, condition_id: str, data: dict) -> ConditionResult:
        return cls(
            condition_id,
            Message.from_dict(data["title"]),
            data["level"],
            dict(data["scores"]),
            [Reason.from_dict(r) for r in data["reasons"]],
            Message.from_dict(data["advice"]),
        )


@dataclass(slots=True)
class RedFlag:
    id: str
    title: Message
    urgency: str
    instruction: Message
    evidence: list[Message]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title.to_dict(),
            "urgency": self.urgency,
            "instruction": self.instruction.to_dict(),
            "evidence": [m.to_dict() for m in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict) -> RedFlag:
        return cls(
            data["id"],
            Message.from_dict(data["title"]),
            data["urgency"],
            Message.from_dict(data["instruction"]),
            [Message.from_dict(m) for m in data["evidence"]],
        )


@dataclass(slots=True)
class Referral:
    """Send the officer to the FKTP: how urgently, within how many days, and why."""

    urgency: str
    deadline_days: int
    label: Message
    instruction: Message
    reasons: list[Message]

    def to_dict(self) -> dict:
        return {
            "urgency": self.urgency,
            "deadline_days": self.deadline_days,
            "label": self.label.to_dict(),
            "instruction": self.instruction.to_dict(),
            "reasons": [m.to_dict() for m in self.reasons],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Referral:
        return cls(
            data["urgency"],
            data["deadline_days"],
            Message.from_dict(data["label"]),
            Message.from_dict(data["instruction"]),
            [Message.from_dict(m) for m in data["reasons"]],
        )


@dataclass(slots=True)
class Result:
    questionnaire_id: str
    questionnaire_version: int
    standards: dict[str, str]
    scores: dict[str, ScoreResult]
    conditions: dict[str, ConditionResult]
    red_flags: list[RedFlag]
    referral: Referral | None
    overall: str  # berisiko | tidak_berisiko
    unknown_items: list[str]
    derived: dict[str, object]
    notes: list[Message]  # "a screening, not a diagnosis", which answers were unknown

    @property
    def levels(self) -> dict[str, str]:
        return {cid: c.level for cid, c in self.conditions.items()}

    def to_dict(self) -> dict:
        return {
            "questionnaire_id": self.questionnaire_id,
            "questionnaire_version": self.questionnaire_version,
            "standards": dict(self.standards),
            "overall": self.overall,
            "referral": self.referral.to_dict() if self.referral else None,
            "red_flags": [f.to_dict() for f in self.red_flags],
            "conditions": {cid: c.to_dict() for cid, c in self.conditions.items()},
            "scores": {sid: s.to_dict() for sid, s in self.scores.items()},
            "unknown_items": list(self.unknown_items),
            "derived": dict(self.derived),
            "notes": [m.to_dict() for m in self.notes],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Result:
        referral = data.get("referral")
        return cls(
            data["questionnaire_id"],
            data["questionnaire_version"],
            dict(data.get("standards", {})),
            {sid: ScoreResult.from_dict(sid, s) for sid, s in data["scores"].items()},
            {cid: ConditionResult.from_dict(cid, c) for cid, c in data["conditions"].items()},
            [RedFlag.from_dict(f) for f in data["red_flags"]],
            Referral.from_dict(referral) if referral else None,
            data["overall"],
            list(data["unknown_items"]),
            dict(data.get("derived", {})),
            [Message.from_dict(m) for m in data.get("notes", [])],
        )
