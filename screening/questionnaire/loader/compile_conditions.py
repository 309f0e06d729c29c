"""Compiling conditions when the file loads: each mistake is a problem with its line, each
comparison is type-checked against what it reads, and standards are decided here.

{all: [...]} · {any: [...]} · {not: {...}}
{item|derived|context|score: NAME, OP: VALUE}    OP: equals, not_equals, in, not_in, gt, gte,
                                                     lt, lte, contains, contains_any, answered,
                                                     unknown
{standard: NAME, equals|in: CHOICE}              decided when the file loads
"""

from __future__ import annotations

from screening.messages import N_, Message

from ..conditions import NUMERIC_OPS, All, Any, Condition, Constant, Leaf, Not, Symbol
from ..source import LineDict, LineList, Problems, line_of
from ..types import _is_number

REF_KEYS = ("item", "derived", "context", "score", "standard")
ALL_OPS = frozenset(
    {"equals", "not_equals", "in", "not_in", "contains", "contains_any", "answered", "unknown"}
    | set(NUMERIC_OPS)
)
INFINITY = float("inf")


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
        return negated(inner)
    return _compile_leaf(doc, scope, problems, before)


def negated(condition: Condition) -> Condition:
    """`not` of a condition; a constant one (decided by a standard) stays a constant."""
    if isinstance(condition, Constant):
        return Constant(not condition.value)
    return Not(condition)


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
