"""What every part of loading shares: the document, the problems found so far, the symbols
(items, derived values, scores and context) defined so far, and the small checks each part uses.
"""

from __future__ import annotations

import re

from screening.messages import N_, Message

from ..conditions import Symbol
from ..engine import SEX_OPTIONS
from ..model import Reference
from ..source import LineDict, LineList, Problems, line_of
from .compile_conditions import INFINITY, Scope, compile_condition

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
# Conditions that decide whether an item is shown can read only items asked before it and context;
# derived values that need answers, and scores, exist only once the whole form is filled in.
AFTER_ITEMS = 1e9
CONTEXT_SYMBOLS = (
    Symbol("polling_day", "context", "date", Message(N_("Hari pemungutan suara")), -1),
    Symbol("birth_date", "context", "date", Message(N_("Tanggal lahir")), -1),
    Symbol("sex", "context", "choice", Message(N_("Jenis kelamin")), -1, options=SEX_OPTIONS),
)


class Context:
    """One file being loaded."""

    def __init__(self, document, filename: str, standards: dict | None):
        self.doc = document
        self.filename = filename
        self.problems = Problems(filename)
        self.standards_override = standards or {}
        self.symbols: dict[str, Symbol] = {s.name: s for s in CONTEXT_SYMBOLS}
        self.symbol_lines: dict[str, int] = {}
        self.references: dict[str, Reference] = {}
        self.section_docs: list = []  # (section, its mapping, order of its first item)
        self.item_docs: dict[str, LineDict] = {}
        self.scope: Scope | None = None  # once the standards are read

    def add(self, line, msgid, **params):
        self.problems.add(line, msgid, **params)

    def keys(self, mapping: LineDict, allowed, what: str) -> None:
        unknown = [k for k in mapping if k not in allowed]
        for key in unknown:
            self.add(
                mapping.line_of(key),
                N_("Kunci %(key)s tidak dikenal pada %(what)s; yang boleh: %(allowed)s."),
                key=str(key),
                what=what,
                allowed=", ".join(sorted(allowed)),
            )

    def text(self, mapping: LineDict, key: str, *, required=True) -> Message | None:
        value = mapping.get(key)
        if value is None:
            if required:
                self.add(mapping.line, N_("%(key)s wajib diisi."), key=key)
            return Message("") if required else None
        if not isinstance(value, str) or not value.strip():
            self.add(mapping.line_of(key), N_("%(key)s harus berupa teks."), key=key)
            return Message("")
        return Message(value.strip())

    def identifier(self, mapping, what: str) -> str | None:
        if not isinstance(mapping, LineDict):
            self.add(
                line_of(mapping), N_("Setiap %(what)s harus berupa mapping dengan id."), what=what
            )
            return None
        value = mapping.get("id")
        if not isinstance(value, str) or not IDENTIFIER.match(value):
            self.add(
                mapping.line_of("id"),
                N_(
                    "id %(what)s harus huruf kecil, angka dan garis bawah, "
                    "diawali huruf (bukan %(value)s)."
                ),
                what=what,
                value=str(value),
            )
            return None
        return value

    def define(self, symbol: Symbol, line: int) -> None:
        if symbol.name in self.symbols:
            other = self.symbol_lines.get(symbol.name)
            if other is None:
                self.add(line, N_("id %(id)s sudah dipakai untuk nilai konteks."), id=symbol.name)
            else:
                self.add(
                    line,
                    N_("id %(id)s sudah dipakai di baris %(other)s."),
                    id=symbol.name,
                    other=other,
                )
            return
        self.symbols[symbol.name] = symbol
        self.symbol_lines[symbol.name] = line

    def listing(self, key: str, *, required=True) -> LineList:
        value = self.doc.get(key)
        if not required and (value is None or (isinstance(value, LineList) and not value)):
            return LineList()
        if not isinstance(value, LineList) or not value:
            self.add(
                self.doc.line_of(key), N_("%(key)s harus berupa daftar yang tidak kosong."), key=key
            )
            return LineList()
        return value

    def condition(self, doc, *, before=INFINITY, line=0):
        return compile_condition(doc, self.scope, self.problems, before=before, line=line)

    def reference(self, mapping: LineDict) -> str:
        value = mapping.get("reference")
        if value not in self.references:
            self.add(
                mapping.line_of("reference"),
                N_(
                    "Setiap aturan harus menyebut sumbernya: reference %(value)s tidak ada di "
                    "references."
                ),
                value=str(value),
            )
            return ""
        return value

    def entries(self, key: str, what: str, twice: str, *, required=True):
        """The entries of the list `key` that have a valid id, as (id, entry); an id written
        again is reported with `twice` (a msgid with `%(id)s`) and still read."""
        seen = set()
        for entry in self.listing(key, required=required):
            entry_id = self.identifier(entry, what)
            if entry_id is None:
                continue
            if entry_id in seen:
                self.add(entry.line, twice, id=entry_id)
            seen.add(entry_id)
            yield entry_id, entry
