"""Derived values (`derived:`): a registered function of answers and context (IMT from weight and
height, age from the birth date), typed and ordered like the items they read."""

from __future__ import annotations

from screening.messages import N_, Message

from ..conditions import Symbol
from ..derived import REGISTRY as DERIVED_FUNCTIONS
from ..model import Derived
from ..source import LineDict
from .context import AFTER_ITEMS, Context


def read_derived(ctx: Context):
    derived, early = [], set()
    for entry in ctx.listing("derived", required=False):
        derived_id = ctx.identifier(entry, "nilai turunan")
        if derived_id is None:
            continue
        ctx.keys(entry, {"id", "function", "args", "label"}, "nilai turunan")
        function = DERIVED_FUNCTIONS.get(entry.get("function"))
        if function is None:
            ctx.add(
                entry.line_of("function"),
                N_("Fungsi %(name)s tidak dikenal; pilih salah satu: %(names)s."),
                name=str(entry.get("function")),
                names=", ".join(DERIVED_FUNCTIONS),
            )
            continue
        args = entry.get("args")
        names = [p for p, _type in function.params]
        if not isinstance(args, LineDict) or sorted(args) != sorted(names):
            ctx.add(
                entry.line_of("args"),
                N_("args untuk %(name)s harus mengisi tepat: %(params)s."),
                name=function.name,
                params=", ".join(names),
            )
            continue
        order = -1.0
        for param, wanted in function.params:
            symbol = ctx.symbols.get(args[param])
            if symbol is None or symbol.kind == "score":
                ctx.add(
                    args.line_of(param),
                    N_("Tidak ada nilai dengan id %(name)s."),
                    name=str(args[param]),
                )
                order = AFTER_ITEMS
            elif symbol.vtype != wanted:
                ctx.add(
                    args.line_of(param),
                    N_(
                        "Jenis tidak cocok: %(param)s perlu %(wanted)s, "
                        "sedangkan %(name)s berupa %(actual)s."
                    ),
                    param=param,
                    wanted=wanted,
                    name=symbol.name,
                    actual=symbol.vtype,
                )
            elif symbol.kind != "context":
                order = AFTER_ITEMS
        label = ctx.text(entry, "label")
        unit = Message(function.unit) if function.unit else None
        ctx.define(
            Symbol(
                derived_id,
                "derived",
                "number",
                label,
                order,
                integer=function.integer,
                can_be_unknown=order > 0,
                unit=unit,
                places=function.places,
            ),
            entry.line,
        )
        if order < 0:
            early.add(derived_id)
        derived.append(
            Derived(derived_id, function, tuple(args[p] for p in names), label, entry.line)
        )
    return derived, early
