"""Finding items that no path through the form can reach.

A show/skip condition reads only earlier answers and context, each from a small domain (options,
or numbers just around the thresholds the conditions name). Trying every combination of the values
an item's visibility depends on, hiding what those answers would hide, proves an item reachable or
not. Beyond a few thousand combinations the item is assumed reachable rather than slow to load.
"""

from __future__ import annotations

from itertools import product

from screening.messages import N_

from .conditions import Constant, Leaf
from .source import Problems

MAX_COMBINATIONS = 20_000


def check(sections, problems: Problems) -> None:
    owner = {item.id: (section, item) for section in sections for item in section.items}
    order = {item_id: index for index, item_id in enumerate(owner)}
    for section in sections:
        if section.show is not None and not _reachable(section.show, None, owner, order):
            problems.add(
                section.line,
                N_(
                    "Bagian %(id)s tidak pernah ditampilkan: tidak ada jawaban "
                    "yang memenuhi syaratnya."
                ),
                id=section.id,
            )
            continue
        for item in section.items:
            if item.show is not None and not _reachable(section.show, item.show, owner, order):
                problems.add(
                    item.line,
                    N_(
                        "Pertanyaan %(id)s tidak pernah ditampilkan: tidak ada "
                        "jawaban yang memenuhi syaratnya."
                    ),
                    id=item.id,
                )


def _conditions(section_show, item_show):
    return [c for c in (section_show, item_show) if c is not None]


def _reachable(section_show, item_show, owner, order) -> bool:
    targets = _conditions(section_show, item_show)
    if any(isinstance(c, Constant) and not c.value for c in targets):
        return False
    leaves = _closure(targets, owner)
    if not leaves:
        return True
    symbols = {}
    operands: dict[str, list] = {}
    for leaf in leaves:
        symbols[leaf.symbol.name] = leaf.symbol
        operand = leaf.operand
        operands.setdefault(leaf.symbol.name, []).extend(
            operand if isinstance(operand, tuple) else [operand]
        )
    names = list(symbols)
    domains = [_domain(symbols[name], operands[name]) for name in names]
    total = 1
    for domain in domains:
        total *= len(domain)
    if total > MAX_COMBINATIONS:
        return True
    dependent = sorted((n for n in names if n in owner), key=order.__getitem__)
    for values in product(*domains):
        env = dict(zip(names, values, strict=True))
        for name in dependent:
            section, item = owner[name]
            if not all(c.test(env) for c in _conditions(section.show, item.show)):
                env[name] = None
        if all(c.test(env) for c in targets):
            return True
    return False


def _closure(conditions, owner) -> list[Leaf]:
    """The leaves of these conditions and of the visibility of every item they read."""
    leaves, seen, pending = [], set(), list(conditions)
    while pending:
        for leaf in pending.pop().leaves():
            leaves.append(leaf)
            name = leaf.symbol.name
            if name in owner and name not in seen:
                seen.add(name)
                section, item = owner[name]
                pending.extend(_conditions(section.show, item.show))
    return leaves


def _domain(symbol, operands) -> list:
    if symbol.item_type is not None:
        return symbol.item_type.candidates(operands)
    if symbol.options is not None:
        return list(symbol.options)
    values = [None]
    for operand in operands:
        if isinstance(operand, int | float) and not isinstance(operand, bool):
            values.extend((operand - 0.5, operand, operand + 0.5))
    return values
