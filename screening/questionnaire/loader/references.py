"""What the rules rest on: the references every rule must cite, and the standards (cut-off
tables) the file chooses between."""

from __future__ import annotations

from screening.messages import N_

from ..model import Reference
from ..source import LineDict, LineList
from .context import Context


def read_references(ctx: Context) -> None:
    for entry in ctx.listing("references"):
        reference_id = ctx.identifier(entry, "reference")
        if reference_id is None:
            continue
        ctx.keys(entry, {"id", "citation", "url", "note", "unconfirmed"}, "reference")
        if not isinstance(entry.get("citation"), str):
            ctx.add(entry.line, N_("Setiap reference harus punya citation."))
        if reference_id in ctx.references:
            ctx.add(entry.line, N_("reference %(id)s ditulis dua kali."), id=reference_id)
        ctx.references[reference_id] = Reference(
            reference_id,
            str(entry.get("citation", "")),
            entry.get("url"),
            entry.get("note"),
            entry.get("unconfirmed", False) is True,
        )


def read_standards(ctx: Context):
    chosen, options = {}, {}
    raw = ctx.doc.get("standards") or LineDict()
    if not isinstance(raw, LineDict):
        ctx.add(ctx.doc.line_of("standards"), N_("standards harus berupa mapping."))
        raw = LineDict()
    for name, entry in raw.items():
        line = raw.line_of(name)
        if (
            not isinstance(entry, LineDict)
            or not isinstance(entry.get("options"), LineList)
            or entry.get("choice") not in entry["options"]
        ):
            ctx.add(
                line,
                N_("Standar %(name)s harus punya options (daftar) dan choice (salah satunya)."),
                name=str(name),
            )
            continue
        ctx.keys(entry, {"choice", "options", "note", "reference"}, "standar")
        options[name] = frozenset(entry["options"])
        chosen[name] = entry["choice"]
    for name, value in ctx.standards_override.items():
        if name not in options or value not in options[name]:
            raise ValueError(f"unknown standard {name}={value}")
        chosen[name] = value
    return chosen, options
