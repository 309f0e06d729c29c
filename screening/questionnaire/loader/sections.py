"""Sections and their items, and when each is shown (`show_if` / `skip_if`).

An item's type comes from the registry of question types (`..types.REGISTRY`); an unknown type
is a problem on the line that names it.
"""

from __future__ import annotations

from screening.messages import N_

from ..conditions import Symbol
from ..model import Item, Section
from ..source import LineDict, LineList
from ..types import COMMON_KEYS
from ..types import REGISTRY as ITEM_TYPES
from .compile_conditions import negated
from .context import Context


def read_sections(ctx: Context) -> list[Section]:
    sections = []
    order = 0
    twice = N_("Bagian %(id)s ditulis dua kali.")
    for section_id, entry in ctx.entries("sections", "bagian", twice):
        ctx.keys(entry, {"id", "title", "help", "items", "show_if", "skip_if"}, "bagian")
        items_doc = entry.get("items")
        section = Section(
            section_id,
            ctx.text(entry, "title"),
            ctx.text(entry, "help", required=False),
            None,
            [],
            entry.line,
        )
        ctx.section_docs.append((section, entry, order))
        if not isinstance(items_doc, LineList) or not items_doc:
            ctx.add(entry.line, N_("Bagian %(id)s harus punya items."), id=section_id)
        else:
            for item_doc in items_doc:
                item = _read_item(ctx, item_doc, section_id, order)
                if item is not None:
                    section.items.append(item)
                    order += 1
        sections.append(section)
    return sections


def _read_item(ctx: Context, doc, section_id: str, order: int) -> Item | None:
    item_id = ctx.identifier(doc, "pertanyaan")
    if item_id is None:
        return None
    type_name = doc.get("type")
    item_type_class = ITEM_TYPES.get(type_name) if isinstance(type_name, str) else None
    if item_type_class is None:
        ctx.add(
            doc.line_of("type"),
            N_("Jenis pertanyaan %(type)s tidak dikenal; pilih salah satu: %(types)s."),
            type=str(type_name),
            types=", ".join(ITEM_TYPES),
        )
        return None
    ctx.keys(doc, COMMON_KEYS | item_type_class.keys, f"pertanyaan {item_id} ({type_name})")
    item_type = item_type_class(doc, ctx.problems)
    required = doc.get("required", True)
    if not isinstance(required, bool):
        ctx.add(doc.line_of("required"), N_("required harus true atau false."))
    label = ctx.text(doc, "label")
    short = ctx.text(doc, "short", required=False) or label
    item = Item(
        item_id,
        item_type,
        label,
        short,
        ctx.text(doc, "help", required=False),
        required is not False,
        None,
        section_id,
        doc.line,
    )
    ctx.item_docs[item_id] = doc
    options = None
    if item_type.options is not None:
        options = {k: o.label for k, o in item_type.options.items()}
    ctx.define(
        Symbol(
            item_id,
            "item",
            item_type.kind,
            short,
            order,
            item_type,
            item_type.integer,
            item_type.can_be_unknown,
            item_type.unit,
            options,
        ),
        doc.line,
    )
    return item


def compile_visibility(ctx: Context) -> None:
    """Once the derived values are defined too: a condition may read one (IMT) that is known
    before the item it shows."""
    for section, doc, first in ctx.section_docs:
        section.show = _visibility(ctx, doc, first)
        for item in section.items:
            item.show = _visibility(ctx, ctx.item_docs[item.id], ctx.symbols[item.id].order)


def _visibility(ctx: Context, doc: LineDict, before: float):
    if "show_if" in doc and "skip_if" in doc:
        ctx.add(doc.line_of("skip_if"), N_("Pakai show_if atau skip_if, tidak keduanya."))
    if "show_if" in doc:
        return ctx.condition(doc["show_if"], before=before, line=doc.line_of("show_if"))
    if "skip_if" in doc:
        inner = ctx.condition(doc["skip_if"], before=before, line=doc.line_of("skip_if"))
        return negated(inner)
    return None
