"""Conditions as scoring runs them: a small tree of compiled objects, no eval, no expressions.

`test(env)` decides a condition on the answers, derived values, context and scores; `explain(env)`
names the answers behind it. The tree is built and type-checked when the file loads
(`loader.compile_conditions`); `Symbol` is anything a condition or a score may read.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.messages import N_, Message, Rounded, exact_places, shown

from .types import UNKNOWN, ItemType, _is_number, quantity

NUMERIC_OPS = {"gt": "lebih dari", "gte": "atau lebih", "lt": "kurang dari", "lte": "atau kurang"}


@dataclass(slots=True)
class Symbol:
    """Anything a condition or score may read: an item, a derived value, context, a score."""

    name: str
    kind: str  # item | derived | context | score
    vtype: str  # number | choice | multi | date | text
    label: Message
    order: float  # conditions may only read what is known before the point they decide
    item_type: ItemType | None = None
    integer: bool = False
    can_be_unknown: bool = False
    unit: Message | None = None
    options: dict | None = None  # option id -> label Message
    places: int = 0  # decimals a derived value is shown with

    def describe(self, value, *classifiers):
        """The value as a message parameter; a number is shown so that every classifier (the
        bands or the threshold it was just scored against) puts the shown value where it put the
        exact one."""
        if value == UNKNOWN:
            return Message(N_("tidak diketahui"))
        if self.vtype == "number" and _is_number(value):
            return quantity(self.shown(value, *classifiers), self.unit)
        if self.item_type is not None:
            return self.item_type.describe(value)
        if self.options is not None:
            return self.options.get(value, value)
        return value

    def shown(self, value, *classifiers) -> Rounded:
        places = self.places
        if self.item_type is not None:
            # An answer is shown as it was typed: it is exact already.
            places = exact_places(value, getattr(self.item_type, "decimals", 0))
        return shown(value, places, *classifiers)


class Condition:
    """A compiled condition: `test(env)` decides it; `explain(env)` names the answers behind it."""

    __slots__ = ()

    def test(self, env) -> bool:
        raise NotImplementedError

    def explain(self, env) -> list[Message]:
        return []

    def leaves(self):
        return iter(())


class Constant(Condition):
    __slots__ = ("value",)

    def __init__(self, value: bool):
        self.value = value

    def test(self, env):
        return self.value


class All(Condition):
    __slots__ = ("parts",)

    def __init__(self, parts):
        self.parts = tuple(parts)

    def test(self, env):
        for part in self.parts:  # noqa: SIM110 - a plain loop beats all() on the scoring path
            if not part.test(env):
                return False
        return True

    def explain(self, env):
        return [m for part in self.parts for m in part.explain(env)]

    def leaves(self):
        for part in self.parts:
            yield from part.leaves()


class Any(Condition):
    __slots__ = ("parts",)

    def __init__(self, parts):
        self.parts = tuple(parts)

    def test(self, env):
        for part in self.parts:  # noqa: SIM110 - a plain loop beats any() on the scoring path
            if part.test(env):
                return True
        return False

    def explain(self, env):
        return [m for part in self.parts if part.test(env) for m in part.explain(env)]

    def leaves(self):
        for part in self.parts:
            yield from part.leaves()


class Not(Condition):
    __slots__ = ("part",)

    def __init__(self, part):
        self.part = part

    def test(self, env):
        return not self.part.test(env)

    def leaves(self):
        return self.part.leaves()


class Leaf(Condition):
    __slots__ = ("op", "operand", "symbol", "test")

    def __init__(self, symbol: Symbol, op: str, operand: object):
        self.symbol = symbol
        self.op = op
        self.operand = operand
        self.test = _tester(symbol.name, op, operand)

    def leaves(self):
        yield self

    def explain(self, env):
        symbol = self.symbol
        value = env.get(symbol.name)
        if self.op in NUMERIC_OPS:
            comparison = Message(_NUMERIC_PHRASES[self.op], {"x": self.operand})
            name, test = symbol.name, self.test
            return [
                Message(
                    N_("%(label)s %(value)s — %(comparison)s"),
                    {
                        "label": symbol.label,
                        "value": symbol.describe(value, lambda v: test({name: v})),
                        "comparison": comparison,
                    },
                )
            ]
        if self.op in ("contains", "contains_any"):
            wanted = {self.operand} if self.op == "contains" else set(self.operand)
            value = [v for v in value if v in wanted]
        return [
            Message(
                N_("%(label)s: %(answer)s"),
                {"label": symbol.label, "answer": symbol.describe(value)},
            )
        ]


_NUMERIC_PHRASES = {
    "gt": N_("lebih dari %(x)s"),
    "gte": N_("%(x)s atau lebih"),
    "lt": N_("kurang dari %(x)s"),
    "lte": N_("%(x)s atau kurang"),
}


def _tester(name: str, op: str, x):
    # One closure per leaf, chosen once at load time, so scoring does no dispatch on the operator.
    number = (int, float)
    if op == "gte":
        return lambda env: isinstance(v := env.get(name), number) and v >= x
    if op == "gt":
        return lambda env: isinstance(v := env.get(name), number) and v > x
    if op == "lte":
        return lambda env: isinstance(v := env.get(name), number) and v <= x
    if op == "lt":
        return lambda env: isinstance(v := env.get(name), number) and v < x
    if op == "equals":
        return lambda env: env.get(name) == x
    if op == "not_equals":
        return lambda env: (v := env.get(name)) is not None and v != x
    if op == "in":
        members = frozenset(x)
        return lambda env: env.get(name) in members
    if op == "not_in":
        members = frozenset(x)
        return lambda env: (v := env.get(name)) is not None and v not in members
    if op == "contains":
        return lambda env: isinstance(v := env.get(name), list) and x in v
    if op == "contains_any":
        members = frozenset(x)
        return lambda env: isinstance(v := env.get(name), list) and not members.isdisjoint(v)
    if op == "answered":
        return lambda env: (env.get(name) is not None) is x
    if op == "unknown":
        return lambda env: (env.get(name) == UNKNOWN) is x
    raise ValueError(op)
