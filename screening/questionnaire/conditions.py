"""Structured conditions, compiled at load time into small objects; no eval, no expressions.

{all: [...]} · {any: [...]} · {not: {...}}
{item|derived|context|score: NAME, OP: VALUE}    OP: equals, not_equals, in, not_in, gt, gte,
                                                     lt, lte, contains, contains_any, answered,
                                                     unknown
{standard: NAME, equals|in: CHOICE}              decided when the file loads
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.messages import N_, Message, Rounded, exact_places, shown

from .source import LineDict, LineList, Problems, line_of
from .types import UNKNOWN, ItemType, _is_number, quantity

REF_KEYS = ("item", "derived", "context", "score", "standard")
NUMERIC_OPS = {"gt": "lebih dari", "gte": "atau lebih", "lt": "kurang dari", "lte": "atau kurang"}
ALL_OPS = frozenset(
    {"equals", "not_equals", "in", "not_in", "contains", "contains_any", "answered", "unknown"}
    | set(NUMERIC_OPS)
)
INFINITY = float("inf")


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


class Scope:
    """What a condition may refer to, and the standards chosen for this compilation."""

    def __init__(
        self,
        symbols: dict[str, Symbol],
        standards: dict[str, str],
        standard_options: dict[str, frozenset],
    ):
        self.symbols = symbols
        self.standards = standards
        self.standard_options = standard_options


_KIND_NAMES = {
    "item": N_("pertanyaan"),
    "derived": N_("nilai turunan"),
    "context": N_("nilai konteks"),
    "score": N_("skor"),
}


def compile_condition(
    doc, scope: Scope, problems: Problems, *, before: float = INFINITY, line: int | None = None
) -> Condition:
    """Compile a condition, reporting each mistake with its line; a broken leaf is False."""
    here = line_of(doc) or line or 0
    if not isinstance(doc, LineDict) or not doc:
        problems.add(here, N_("Syarat harus berupa mapping, misalnya {item: x, equals: ya}."))
        return Constant(False)
    if "all" in doc or "any" in doc:
        key = "all" if "all" in doc else "any"
        children = doc[key]
        if len(doc) != 1 or not isinstance(children, LineList) or not children:
            problems.add(
                line_of(doc, key),
                N_("%(key)s harus satu-satunya kunci, berisi daftar syarat."),
                key=key,
            )
            return Constant(False)
        parts = [
            compile_condition(child, scope, problems, before=before, line=children.line_of(i))
            for i, child in enumerate(children)
        ]
        return _fold(All(parts) if key == "all" else Any(parts))
    if "not" in doc:
        if len(doc) != 1:
            problems.add(line_of(doc, "not"), N_("not harus satu-satunya kunci."))
            return Constant(False)
        inner = compile_condition(
            doc["not"], scope, problems, before=before, line=line_of(doc, "not")
        )
        if isinstance(inner, Constant):
            return Constant(not inner.value)
        return Not(inner)
    return _compile_leaf(doc, scope, problems, before)


def _fold(condition: All | Any) -> Condition:
    # Standards are fixed when the file loads, so branches that depend on them disappear here.
    is_all = isinstance(condition, All)
    parts = []
    for part in condition.parts:
        if isinstance(part, Constant):
            if part.value != is_all:
                return Constant(not is_all)
            continue
        parts.append(part)
    if not parts:
        return Constant(is_all)
    if len(parts) == 1:
        return parts[0]
    return type(condition)(parts)


def _compile_leaf(doc: LineDict, scope: Scope, problems: Problems, before: float) -> Condition:
    refs = [k for k in REF_KEYS if k in doc]
    ops = [k for k in doc if k in ALL_OPS]
    extra = [k for k in doc if k not in REF_KEYS and k not in ALL_OPS]
    if len(refs) != 1 or len(ops) != 1 or extra:
        problems.add(
            doc.line,
            N_(
                "Syarat harus punya tepat satu dari item/derived/context/score/standard dan tepat "
                "satu operator (%(ops)s)."
            ),
            ops=", ".join(sorted(ALL_OPS)),
        )
        return Constant(False)
    ref, op = refs[0], ops[0]
    name, operand = doc[ref], doc[op]
    line = doc.line_of(ref)
    if ref == "standard":
        return _standard_leaf(doc, scope, problems, name, op, operand)
    symbol = scope.symbols.get(name) if isinstance(name, str) else None
    if symbol is None or symbol.kind != ref:
        problems.add(
            line,
            N_("Tidak ada %(kind)s dengan id %(name)s."),
            kind=Message(_KIND_NAMES[ref]),
            name=str(name),
        )
        return Constant(False)
    if symbol.order >= before:
        problems.add(
            line,
            N_(
                "%(name)s belum diketahui pada titik ini: syarat hanya boleh memakai "
                "jawaban yang ditanyakan lebih dulu."
            ),
            name=name,
        )
        return Constant(False)
    problem = _type_problem(symbol, op, operand)
    if problem:
        problems.add(doc.line_of(op), problem, name=name, op=op, operand=str(operand))
        return Constant(False)
    if op in ("in", "not_in", "contains_any"):
        operand = tuple(operand)
    return Leaf(symbol, op, operand)


def _type_problem(symbol: Symbol, op: str, operand) -> str | None:
    vtype = symbol.vtype
    if op in NUMERIC_OPS:
        if vtype != "number":
            return N_(
                "Jenis tidak cocok: %(op)s hanya untuk angka, sedangkan %(name)s bukan angka."
            )
        if not _is_number(operand):
            return N_(
                "Jenis tidak cocok: %(op)s untuk %(name)s harus dibandingkan dengan angka, "
                "bukan %(operand)s."
            )
        return None
    if op in ("answered", "unknown"):
        if not isinstance(operand, bool):
            return N_("%(op)s harus true atau false.")
        if op == "unknown" and not symbol.can_be_unknown:
            return N_('%(name)s tidak punya jawaban "tidak tahu".')
        return None
    if op in ("contains", "contains_any"):
        if vtype != "multi":
            return N_(
                "Jenis tidak cocok: %(op)s hanya untuk pilihan ganda, sedangkan %(name)s bukan."
            )
        values = [operand] if op == "contains" else operand
    elif vtype == "multi":
        return N_(
            "Jenis tidak cocok: untuk pilihan ganda %(name)s pakai contains atau contains_any."
        )
    else:
        values = [operand] if op in ("equals", "not_equals") else operand
    if not isinstance(values, list) or not values:
        return N_("%(op)s harus berisi daftar nilai.")
    for value in values:
        if vtype == "number" and not _is_number(value):
            return N_("Jenis tidak cocok: %(name)s berupa angka, bukan %(operand)s.")
        if vtype in ("choice", "multi") and value not in (symbol.options or {}):
            return N_("Jenis tidak cocok: %(operand)s bukan pilihan dari %(name)s.")
        if vtype in ("text", "date") and not isinstance(value, str):
            return N_("Jenis tidak cocok: %(name)s dibandingkan dengan teks.")
    return None


def _standard_leaf(doc, scope: Scope, problems, name, op, operand) -> Condition:
    options = scope.standard_options.get(name)
    if options is None:
        problems.add(
            doc.line_of("standard"), N_("Tidak ada standar dengan nama %(name)s."), name=str(name)
        )
        return Constant(False)
    values = [operand] if op in ("equals", "not_equals") else operand
    if (
        op not in ("equals", "not_equals", "in", "not_in")
        or not isinstance(values, list)
        or any(v not in options for v in values)
    ):
        problems.add(
            doc.line_of(op),
            N_(
                "Standar %(name)s hanya bisa dibandingkan dengan equals/in "
                "dan salah satu dari: %(options)s."
            ),
            name=name,
            options=", ".join(sorted(options)),
        )
        return Constant(False)
    chosen = scope.standards[name]
    inside = chosen in values
    return Constant(inside if op in ("equals", "in") else not inside)
