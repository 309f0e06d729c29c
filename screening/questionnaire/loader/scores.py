"""Scores (`scores:`): parts that give points from bands of a number, from the options chosen,
or fixed points when a condition holds; the declared range must be the one the parts give.
"""

from __future__ import annotations

from screening.messages import N_, Message

from ..bands import band_range, compile_bands, find_band
from ..conditions import Symbol
from ..model import Score, ScorePart, Variant
from ..source import LineDict, LineList, line_of
from ..types import UNKNOWN
from .context import AFTER_ITEMS, Context


def read_scores(ctx: Context) -> list[Score]:
    entries = []
    for index, entry in enumerate(ctx.listing("scores", required=False)):
        score_id = ctx.identifier(entry, "skor")
        if score_id is None:
            continue
        title = ctx.text(entry, "title")
        short = ctx.text(entry, "short", required=False) or title
        ctx.define(
            Symbol(score_id, "score", "number", short, AFTER_ITEMS * 2 + index, integer=True),
            entry.line,
        )
        entries.append((score_id, entry, title, short))
    return [_read_score(ctx, *parts) for parts in entries]


def _read_score(ctx: Context, score_id, entry, title, short) -> Score:
    ctx.keys(
        entry,
        {
            "id",
            "title",
            "short",
            "reference",
            "combine",
            "range",
            "parts",
            "bands",
            "when",
            "note",
        },
        "skor",
    )
    before = ctx.symbols[score_id].order
    combine = entry.get("combine", "sum")
    if combine not in ("sum", "max"):
        ctx.add(entry.line_of("combine"), N_("combine harus sum atau max."))
        combine = "sum"
    parts, ranges, part_ids = [], [], set()
    parts_doc = entry.get("parts")
    if not isinstance(parts_doc, LineList) or not parts_doc:
        ctx.add(entry.line, N_("Skor %(id)s harus punya parts."), id=score_id)
        parts_doc = LineList()
    for part_doc in parts_doc:
        part_id = ctx.identifier(part_doc, "bagian skor")
        if part_id is None:
            continue
        if part_id in part_ids:
            ctx.add(part_doc.line, N_("Bagian skor %(id)s ditulis dua kali."), id=part_id)
        part_ids.add(part_id)
        part, low, high = _read_part(ctx, part_id, part_doc, before)
        parts.append(part)
        ranges.append((low, high))
    if combine == "sum":
        minimum, maximum = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
    else:
        minimum = max((r[0] for r in ranges), default=0)
        maximum = max((r[1] for r in ranges), default=0)
    declared = entry.get("range")
    if not (isinstance(declared, LineList) and len(declared) == 2):
        ctx.add(
            entry.line_of("range"),
            N_("Skor %(id)s harus menulis range: [terendah, tertinggi]."),
            id=score_id,
        )
    elif list(declared) != [minimum, maximum]:
        ctx.add(
            entry.line_of("range"),
            N_(
                "range ditulis [%(a)s, %(b)s], tetapi poin bagian-bagiannya memberi [%(c)s, %(d)s]."
            ),
            a=declared[0],
            b=declared[1],
            c=minimum,
            d=maximum,
        )
    bands = ()
    if "bands" in entry:
        bands = compile_bands(
            entry["bands"],
            ctx.problems,
            integer=True,
            extra_keys=frozenset({"id", "label"}),
            line=entry.line_of("bands"),
            need_points=False,
            need_ids=True,
        )
    when = None
    if "when" in entry:
        when = ctx.condition(entry["when"], before=before, line=entry.line_of("when"))
    return Score(
        score_id,
        title,
        short,
        ctx.reference(entry),
        combine,
        minimum,
        maximum,
        tuple(parts),
        bands,
        when,
        entry.line,
    )


def _read_part(ctx: Context, part_id, doc: LineDict, before):
    ctx.keys(
        doc,
        {"id", "label", "value", "item", "bands", "points", "when", "variants"},
        "bagian skor",
    )
    if "variants" in doc:
        variants_doc = doc["variants"]
        if not isinstance(variants_doc, LineList) or not variants_doc:
            ctx.add(doc.line_of("variants"), N_("variants harus berupa daftar."))
            variants_doc = LineList()
        for key in ("value", "item", "bands", "points", "when"):
            if key in doc:
                ctx.add(
                    doc.line_of(key),
                    N_("Dengan variants, %(key)s ditulis di tiap variant."),
                    key=key,
                )
    else:
        variants_doc = [doc]
    variants, low, high = [], 0, 0
    label = None
    for variant_doc in variants_doc:
        if variant_doc is not doc:
            if not isinstance(variant_doc, LineDict):
                ctx.add(line_of(variants_doc), N_("Setiap variant harus berupa mapping."))
                continue
            ctx.keys(variant_doc, {"value", "item", "bands", "points", "when"}, "variant")
        variant, v_low, v_high, symbol = _read_variant(ctx, variant_doc, before)
        if variant is None:
            continue
        if label is None and symbol is not None:
            label = symbol.label
        variants.append(variant)
        low, high = min(low, v_low), max(high, v_high)
    explicit = ctx.text(doc, "label", required=label is None)
    return ScorePart(part_id, explicit or label, tuple(variants), doc.line), low, high


def _read_variant(ctx: Context, doc: LineDict, before):
    guard = None
    if "when" in doc:
        guard = ctx.condition(doc["when"], before=before, line=doc.line_of("when"))
    points = doc.get("points")
    if "value" in doc:
        symbol = _score_input(ctx, doc, "value", before)
        if symbol is None:
            return None, 0, 0, None
        if symbol.vtype != "number":
            ctx.add(
                doc.line_of("value"),
                N_("Jenis tidak cocok: bands perlu angka, sedangkan %(name)s bukan angka."),
                name=symbol.name,
            )
            return None, 0, 0, None
        bands = compile_bands(
            doc.get("bands"),
            ctx.problems,
            integer=symbol.integer,
            extra_keys=frozenset({"points", "label"}),
            line=doc.line_of("value"),
        )
        if not bands:
            return None, 0, 0, symbol
        low, high = band_range(bands)

        def describe(value, symbol=symbol, bands=bands):
            # Shown so that it falls in the band that scored it: 24,97, never 25,0.
            return symbol.describe(value, lambda v: find_band(bands, v))

        return (
            Variant(guard, "bands", symbol.name, bands, describe=describe),
            min(low, 0),
            max(high, 0),
            symbol,
        )
    if "item" in doc:
        symbol = _score_input(ctx, doc, "item", before)
        if symbol is None:
            return None, 0, 0, None
        if symbol.vtype not in ("choice", "multi"):
            ctx.add(
                doc.line_of("item"),
                N_(
                    "Jenis tidak cocok: points per jawaban perlu "
                    "pertanyaan pilihan, sedangkan %(name)s bukan."
                ),
                name=symbol.name,
            )
            return None, 0, 0, None
        options = _points_map(ctx, doc, symbol)
        values = list(options.values()) or [0]
        if symbol.vtype == "multi":
            low = sum(v for v in values if v < 0)
            high = sum(v for v in values if v > 0)
        else:
            low, high = min(values), max(values)
        return (
            Variant(guard, "options", symbol.name, options=options, describe=symbol.describe),
            min(low, 0),
            max(high, 0),
            symbol,
        )
    if guard is None or not isinstance(points, int) or isinstance(points, bool):
        ctx.add(
            doc.line,
            N_(
                "Bagian skor harus punya value + bands, item + points, atau when + "
                "points (bilangan bulat)."
            ),
        )
        return None, 0, 0, None
    return Variant(guard, "fixed", points=points), min(points, 0), max(points, 0), None


def _score_input(ctx: Context, doc, key, before) -> Symbol | None:
    name = doc[key]
    symbol = ctx.symbols.get(name) if isinstance(name, str) else None
    wanted = ("item",) if key == "item" else ("item", "derived", "score", "context")
    if symbol is None or symbol.kind not in wanted:
        ctx.add(
            doc.line_of(key),
            N_("Tidak ada %(what)s dengan id %(name)s."),
            what=Message(N_("pertanyaan") if key == "item" else N_("nilai")),
            name=str(name),
        )
        return None
    if symbol.order >= before:
        ctx.add(doc.line_of(key), N_("%(name)s belum diketahui pada titik ini."), name=name)
        return None
    return symbol


def _points_map(ctx: Context, doc, symbol: Symbol) -> dict[str, int]:
    raw = doc.get("points")
    if not isinstance(raw, LineDict):
        ctx.add(doc.line_of("points"), N_("points harus berupa mapping pilihan: poin."))
        return {}
    options = {}
    for key, value in raw.items():
        if key not in symbol.options:
            ctx.add(
                raw.line_of(key),
                N_("Jenis tidak cocok: %(option)s bukan pilihan dari %(name)s."),
                option=str(key),
                name=symbol.name,
            )
        elif not isinstance(value, int) or isinstance(value, bool):
            ctx.add(raw.line_of(key), N_("Poin harus bilangan bulat."))
        elif key == UNKNOWN:
            ctx.add(
                raw.line_of(key),
                N_(
                    '"tidak tahu" selalu dihitung 0 poin dan dicatat '
                    "sebagai tidak diketahui; hapus baris ini."
                ),
            )
        else:
            options[key] = value
    missing = [o for o in symbol.options if o != UNKNOWN and o not in raw]
    if missing:
        ctx.add(raw.line, N_("Pilihan tanpa poin: %(options)s."), options=", ".join(missing))
    return options
