"""The compiled questionnaire: sections and items, derived values, scores, conditions, red flags
and the referral policy, ready to score without touching the YAML again."""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.messages import Message

from . import engine
from .bands import Band, find_band
from .conditions import NUMERIC_OPS, Condition, Leaf
from .derived import DerivedFunction
from .types import UNKNOWN, ItemType


@dataclass(slots=True)
class Reference:
    id: str
    citation: str
    url: str | None
    note: str | None
    unconfirmed: bool


@dataclass(slots=True)
class Item:
    id: str
    type: ItemType
    label: Message
    short: Message
    help: Message | None
    required: bool
    show: Condition | None
    section: str
    line: int


@dataclass(slots=True)
class Section:
    id: str
    title: Message
    help: Message | None
    show: Condition | None
    items: list[Item]
    line: int


@dataclass(slots=True)
class Derived:
    id: str
    function: DerivedFunction
    args: tuple[str, ...]
    label: Message
    line: int

    def compute(self, env):
        args = [env.get(name) for name in self.args]
        for value in args:
            if value is None:
                return None
            if value.__class__ is str and value == UNKNOWN:
                return UNKNOWN
        return self.function.function(*args)


@dataclass(slots=True)
class Variant:
    """One way to score a part: a guard, then bands of a value, points per option or fixed."""

    guard: Condition | None
    kind: str  # bands | options | fixed
    value: str | None = None  # the item or derived value read
    bands: tuple[Band, ...] = ()
    options: dict[str, int] = field(default_factory=dict)
    points: int = 0
    describe: object = None  # value -> message parameter


@dataclass(slots=True)
class ScorePart:
    id: str
    label: Message
    variants: tuple[Variant, ...]
    line: int


@dataclass(slots=True)
class Score:
    id: str
    title: Message
    short: Message
    reference: str
    combine: str  # sum | max
    minimum: int
    maximum: int
    parts: tuple[ScorePart, ...]
    bands: tuple[Band, ...]
    when: Condition | None
    line: int
    plan: tuple = ()  # the parts as plain tuples, for the scoring loop

    def __post_init__(self):
        self.plan = tuple(
            (
                part.id,
                part.label,
                tuple(
                    (v.guard, v.kind, v.value, v.bands, v.options, v.points, v.describe)
                    for v in part.variants
                ),
            )
            for part in self.parts
        )


@dataclass(slots=True)
class Rule:
    level: str
    when: Condition
    reason: Message
    reference: str
    line: int


@dataclass(slots=True)
class ConditionDefinition:
    id: str
    title: Message
    scores: tuple[str, ...]
    rules: tuple[Rule, ...]
    advice: dict[str, Message]
    line: int


@dataclass(slots=True)
class RedFlagDefinition:
    id: str
    title: Message
    when: Condition
    urgency: str
    reference: str
    line: int


@dataclass(slots=True)
class Urgency:
    id: str
    rank: int  # 0 is the most urgent
    deadline_days: int
    label: Message
    instruction: Message


@dataclass(slots=True)
class ReferralRule:
    urgency: str
    min_level: str
    conditions: tuple[str, ...]
    reference: str
    line: int


@dataclass(slots=True)
class ReferralPolicy:
    urgencies: dict[str, Urgency]
    rules: tuple[ReferralRule, ...]
    berisiko: frozenset[str]


@dataclass(slots=True)
class Case:
    name: str
    line: int
    context: dict
    raw_answers: dict
    answer_lines: dict
    standards: dict
    expect: dict
    expect_lines: dict
    answers: dict | None = None  # parsed, filled in when the file loads


class Questionnaire:
    """One version of one questionnaire, compiled; the web app, the CLI and the cases all use it."""

    def __init__(self, **parts):
        self.id: str = parts["id"]
        self.version: int = parts["version"]
        self.title: Message = parts["title"]
        self.disclaimer: Message = parts["disclaimer"]
        self.path: str = parts["path"]
        self.references: dict[str, Reference] = parts["references"]
        self.standards: dict[str, str] = parts["standards"]
        self.standard_options: dict[str, frozenset] = parts["standard_options"]
        self.sections: list[Section] = parts["sections"]
        self.items: dict[str, Item] = {i.id: i for s in self.sections for i in s.items}
        # The skip logic flattened into tuples of bound tests: the scoring loop's only overhead.
        self.plan = tuple(
            (
                section.show.test if section.show else None,
                tuple((i.id, i.show.test if i.show else None, i.required) for i in section.items),
            )
            for section in self.sections
        )
        self.derived: list[Derived] = parts["derived"]
        self.early_derived = [d for d in self.derived if d.id in parts["early"]]
        self.late_derived = [d for d in self.derived if d.id not in parts["early"]]
        self.scores: list[Score] = parts["scores"]
        self.conditions: list[ConditionDefinition] = parts["conditions"]
        self.red_flags: list[RedFlagDefinition] = parts["red_flags"]
        self.referral: ReferralPolicy = parts["referral"]
        self.cases: list[Case] = parts.get("cases", [])
        self._rebuild = parts["rebuild"]  # compiles the same document with other standards
        self._variants: dict = {}
        self._symbols = parts.get("symbols", {})
        self._classifiers: dict[str, list] | None = None

    def __repr__(self) -> str:
        return f"<Questionnaire {self.id} v{self.version}>"

    def score(self, answers: dict, *, context: dict, explain: bool = True):
        """Score stored answers; context holds polling_day, sex ('L'/'P') and birth_date.
        `explain=False` leaves out every reason (see engine.score)."""
        return engine.score(self, answers, context, explain=explain)

    def parse_answers(self, raw: dict, *, context=None, confirmed=(), section=None, strict=False):
        """Read raw answers into stored answers; returns (answers, {item id: AnswerProblem})."""
        return engine.parse_answers(
            self, raw, context=context, confirmed=confirmed, section=section, strict=strict
        )

    def visible_items(self, answers: dict, context: dict | None = None) -> list[Item]:
        return [item for _, item in engine.walk(self, answers, context)]

    def show_value(self, name: str, value) -> Message | None:
        """An answer or derived value (`imt`) as it is shown on its own, with its unit: rounded
        for reading, yet in the same band of every band table and threshold that reads it, so
        the number shown never contradicts the points (IMT 24,97, never 25,0 scored below 25)."""
        symbol = self._symbols.get(name)
        if value is None or symbol is None:
            return None
        if self._classifiers is None:
            self._classifiers = self._collect_classifiers()
        return Message(
            "%(value)s", {"value": symbol.describe(value, *self._classifiers.get(name, ()))}
        )

    def _collect_classifiers(self) -> dict[str, list]:
        found: dict[str, list] = {}
        for score in self.scores:
            for part in score.parts:
                for variant in part.variants:
                    if variant.kind == "bands":
                        bands = variant.bands
                        found.setdefault(variant.value, []).append(
                            lambda v, bands=bands: find_band(bands, v)
                        )
        conditions = [s.show for s in self.sections] + [i.show for i in self.items.values()]
        conditions += [s.when for s in self.scores]
        conditions += [v.guard for s in self.scores for p in s.parts for v in p.variants]
        conditions += [r.when for c in self.conditions for r in c.rules]
        conditions += [f.when for f in self.red_flags]
        for condition in conditions:
            for leaf in condition.leaves() if condition is not None else ():
                if isinstance(leaf, Leaf) and leaf.op in NUMERIC_OPS:
                    name = leaf.symbol.name
                    found.setdefault(name, []).append(lambda v, t=leaf.test, n=name: t({n: v}))
        return found

    def with_standards(self, standards: dict[str, str]) -> Questionnaire:
        """The same file compiled with other standards (e.g. Asia-Pacific BMI cut-offs)."""
        chosen = {**self.standards, **standards}
        if chosen == self.standards:
            return self
        key = tuple(sorted(chosen.items()))
        if key not in self._variants:
            self._variants[key] = self._rebuild(chosen)
        return self._variants[key]
