"""Loading a questionnaire file: every check happens here, once, with file and line.

Unknown ids, type mismatches, overlapping or gapped bands, unreachable items, missing
translations and cases that name unknown items all end in one QuestionnaireError that lists each
problem as `file:line: message`.
"""

from __future__ import annotations

import re
from pathlib import Path

from screening.messages import N_, Message

from . import reach
from .bands import band_range, compile_bands, find_band
from .cases import read_cases
from .conditions import INFINITY, Constant, Not, Scope, Symbol, compile_condition
from .derived import REGISTRY as DERIVED_FUNCTIONS
from .engine import SEX_OPTIONS
from .model import (
    ConditionDefinition,
    Derived,
    Item,
    Questionnaire,
    RedFlagDefinition,
    Reference,
    ReferralPolicy,
    ReferralRule,
    Rule,
    Score,
    ScorePart,
    Section,
    Urgency,
    Variant,
)
from .result import LEVELS
from .source import LineDict, LineList, Problems, QuestionnaireError, line_of, parse_yaml
from .texts import missing_translations
from .types import COMMON_KEYS, UNKNOWN
from .types import REGISTRY as ITEM_TYPES

TOP_KEYS = frozenset(
    {
        "id",
        "version",
        "title",
        "language",
        "description",
        "disclaimer",
        "references",
        "standards",
        "sections",
        "derived",
        "scores",
        "conditions",
        "red_flags",
        "referral",
        "case_defaults",
        "cases",
    }
)
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
QUESTIONNAIRE_ID = re.compile(r"^[a-z][a-z0-9-]*$")
# Conditions that decide whether an item is shown can read only items asked before it and context;
# derived values that need answers, and scores, exist only once the whole form is filled in.
AFTER_ITEMS = 1e9
CONTEXT_SYMBOLS = (
    Symbol("polling_day", "context", "date", Message(N_("Hari pemungutan suara")), -1),
    Symbol("birth_date", "context", "date", Message(N_("Tanggal lahir")), -1),
    Symbol("sex", "context", "choice", Message(N_("Jenis kelamin")), -1, options=SEX_OPTIONS),
)


def load_questionnaire(path, *, translations=None, standards=None) -> Questionnaire:
    """Load and check one questionnaire file; raise QuestionnaireError listing every problem.

    `translations` maps a locale to a gettext catalog: every translatable string must have a
    translation in each. `standards` overrides the file's chosen standards (cut-off tables).
    """
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems = Problems(str(path))
        problems.add(0, N_("Berkas tidak dapat dibaca: %(detail)s"), detail=str(exc))
        problems.raise_if_any()
    document = parse_yaml(source, str(path))
    return build(document, str(path), translations=translations, standards=standards)


def load_all(folder, *, translations=None) -> dict[tuple[str, int], Questionnaire]:
    """Load every `*.yaml` file in a folder, keyed by (id, version); report all files' problems."""
    loaded: dict[tuple[str, int], Questionnaire] = {}
    problems = []
    for path in sorted(Path(folder).glob("*.y*ml")):
        try:
            questionnaire = load_questionnaire(path, translations=translations)
        except QuestionnaireError as error:
            problems.extend(error.problems)
            continue
        key = (questionnaire.id, questionnaire.version)
        if key in loaded:
            duplicate = Problems(str(path))
            duplicate.add(
                1,
                N_("Kuesioner %(id)s versi %(version)s sudah ada di %(other)s."),
                id=key[0],
                version=key[1],
                other=loaded[key].path,
            )
            problems.extend(duplicate.items)
            continue
        loaded[key] = questionnaire
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def build(document, filename: str, *, translations=None, standards=None) -> Questionnaire:
    """Compile a parsed document (LineDict) into a Questionnaire, checking everything."""
    return _Builder(document, filename, standards).build(translations)


class _Builder:
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

    # -- small helpers -------------------------------------------------------------------------

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

    # -- the whole file ------------------------------------------------------------------------

    def build(self, translations) -> Questionnaire:
        doc = self.doc
        if not isinstance(doc, LineDict):
            self.add(1, N_("Berkas kuesioner harus berupa mapping YAML."))
            self.problems.raise_if_any()
        self.keys(doc, TOP_KEYS, "kuesioner")
        questionnaire_id = doc.get("id")
        if not isinstance(questionnaire_id, str) or not QUESTIONNAIRE_ID.match(questionnaire_id):
            self.add(
                doc.line_of("id"), N_("id kuesioner harus huruf kecil, angka dan tanda hubung.")
            )
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.add(doc.line_of("version"), N_("version harus bilangan bulat 1 atau lebih."))
        if doc.get("language") != "id":
            self.add(
                doc.line_of("language"),
                N_(
                    "language harus id: Bahasa Indonesia adalah bahasa "
                    "sumber; terjemahan ada di katalog gettext."
                ),
            )
        title = self.text(doc, "title")
        disclaimer = self.text(doc, "disclaimer")
        self.read_references()
        standards, options = self.read_standards()
        self.scope = Scope(self.symbols, standards, options)

        sections = self.read_sections()
        derived, early = self.read_derived()
        self.compile_visibility()
        scores = self.read_scores()
        conditions = self.read_conditions()
        referral = self.read_referral(conditions)
        red_flags = self.read_red_flags(referral)
        if not self.problems.items:
            reach.check(sections, self.problems)
        if translations:
            for line, msgid, locale in missing_translations(doc, translations):
                self.add(
                    line,
                    N_('Belum ada terjemahan %(locale)s untuk "%(text)s".'),
                    locale=locale,
                    text=msgid,
                )

        document, filename = self.doc, self.filename
        questionnaire = Questionnaire(
            id=questionnaire_id,
            version=version,
            title=title,
            disclaimer=disclaimer,
            path=filename,
            references=self.references,
            standards=standards,
            standard_options=options,
            sections=sections,
            derived=derived,
            early=early,
            scores=scores,
            conditions=conditions,
            red_flags=red_flags,
            referral=referral,
            rebuild=lambda chosen: build(document, filename, standards=chosen),
            symbols=self.symbols,
        )
        if not self.problems.items:
            questionnaire.cases = read_cases(doc, questionnaire, self.problems)
        self.problems.raise_if_any()
        return questionnaire

    def read_references(self) -> None:
        for entry in self.listing("references"):
            reference_id = self.identifier(entry, "reference")
            if reference_id is None:
                continue
            self.keys(entry, {"id", "citation", "url", "note", "unconfirmed"}, "reference")
            if not isinstance(entry.get("citation"), str):
                self.add(entry.line, N_("Setiap reference harus punya citation."))
            if reference_id in self.references:
                self.add(entry.line, N_("reference %(id)s ditulis dua kali."), id=reference_id)
            self.references[reference_id] = Reference(
                reference_id,
                str(entry.get("citation", "")),
                entry.get("url"),
                entry.get("note"),
                entry.get("unconfirmed", False) is True,
            )

    def read_standards(self):
        chosen, options = {}, {}
        raw = self.doc.get("standards") or LineDict()
        if not isinstance(raw, LineDict):
            self.add(self.doc.line_of("standards"), N_("standards harus berupa mapping."))
            raw = LineDict()
        for name, entry in raw.items():
            line = raw.line_of(name)
            if (
                not isinstance(entry, LineDict)
                or not isinstance(entry.get("options"), LineList)
                or entry.get("choice") not in entry["options"]
            ):
                self.add(
                    line,
                    N_("Standar %(name)s harus punya options (daftar) dan choice (salah satunya)."),
                    name=str(name),
                )
                continue
            self.keys(entry, {"choice", "options", "note", "reference"}, "standar")
            options[name] = frozenset(entry["options"])
            chosen[name] = entry["choice"]
        for name, value in self.standards_override.items():
            if name not in options or value not in options[name]:
                raise ValueError(f"unknown standard {name}={value}")
            chosen[name] = value
        return chosen, options

    # -- sections and items --------------------------------------------------------------------

    def read_sections(self) -> list[Section]:
        sections = []
        order = 0
        section_ids = set()
        for entry in self.listing("sections"):
            section_id = self.identifier(entry, "bagian")
            if section_id is None:
                continue
            if section_id in section_ids:
                self.add(entry.line, N_("Bagian %(id)s ditulis dua kali."), id=section_id)
            section_ids.add(section_id)
            self.keys(entry, {"id", "title", "help", "items", "show_if", "skip_if"}, "bagian")
            items_doc = entry.get("items")
            section = Section(
                section_id,
                self.text(entry, "title"),
                self.text(entry, "help", required=False),
                None,
                [],
                entry.line,
            )
            self.section_docs.append((section, entry, order))
            if not isinstance(items_doc, LineList) or not items_doc:
                self.add(entry.line, N_("Bagian %(id)s harus punya items."), id=section_id)
            else:
                for item_doc in items_doc:
                    item = self.read_item(item_doc, section_id, order)
                    if item is not None:
                        section.items.append(item)
                        order += 1
            sections.append(section)
        return sections

    def read_item(self, doc, section_id: str, order: int) -> Item | None:
        item_id = self.identifier(doc, "pertanyaan")
        if item_id is None:
            return None
        type_name = doc.get("type")
        item_type_class = ITEM_TYPES.get(type_name) if isinstance(type_name, str) else None
        if item_type_class is None:
            self.add(
                doc.line_of("type"),
                N_("Jenis pertanyaan %(type)s tidak dikenal; pilih salah satu: %(types)s."),
                type=str(type_name),
                types=", ".join(ITEM_TYPES),
            )
            return None
        self.keys(doc, COMMON_KEYS | item_type_class.keys, f"pertanyaan {item_id} ({type_name})")
        item_type = item_type_class(doc, self.problems)
        required = doc.get("required", True)
        if not isinstance(required, bool):
            self.add(doc.line_of("required"), N_("required harus true atau false."))
        label = self.text(doc, "label")
        short = self.text(doc, "short", required=False) or label
        item = Item(
            item_id,
            item_type,
            label,
            short,
            self.text(doc, "help", required=False),
            required is not False,
            None,
            section_id,
            doc.line,
        )
        self.item_docs[item_id] = doc
        options = None
        if item_type.options is not None:
            options = {k: o.label for k, o in item_type.options.items()}
        self.define(
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

    def compile_visibility(self) -> None:
        for section, doc, first in self.section_docs:
            section.show = self.visibility(doc, first)
            for item in section.items:
                item.show = self.visibility(self.item_docs[item.id], self.symbols[item.id].order)

    def visibility(self, doc: LineDict, before: float):
        if "show_if" in doc and "skip_if" in doc:
            self.add(doc.line_of("skip_if"), N_("Pakai show_if atau skip_if, tidak keduanya."))
        if "show_if" in doc:
            return self.condition(doc["show_if"], before=before, line=doc.line_of("show_if"))
        if "skip_if" in doc:
            inner = self.condition(doc["skip_if"], before=before, line=doc.line_of("skip_if"))
            return Constant(not inner.value) if isinstance(inner, Constant) else Not(inner)
        return None

    # -- derived values ------------------------------------------------------------------------

    def read_derived(self):
        derived, early = [], set()
        for entry in self.listing("derived", required=False):
            derived_id = self.identifier(entry, "nilai turunan")
            if derived_id is None:
                continue
            self.keys(entry, {"id", "function", "args", "label"}, "nilai turunan")
            function = DERIVED_FUNCTIONS.get(entry.get("function"))
            if function is None:
                self.add(
                    entry.line_of("function"),
                    N_("Fungsi %(name)s tidak dikenal; pilih salah satu: %(names)s."),
                    name=str(entry.get("function")),
                    names=", ".join(DERIVED_FUNCTIONS),
                )
                continue
            args = entry.get("args")
            names = [p for p, _type in function.params]
            if not isinstance(args, LineDict) or sorted(args) != sorted(names):
                self.add(
                    entry.line_of("args"),
                    N_("args untuk %(name)s harus mengisi tepat: %(params)s."),
                    name=function.name,
                    params=", ".join(names),
                )
                continue
            order = -1.0
            for param, wanted in function.params:
                symbol = self.symbols.get(args[param])
                if symbol is None or symbol.kind == "score":
                    self.add(
                        args.line_of(param),
                        N_("Tidak ada nilai dengan id %(name)s."),
                        name=str(args[param]),
                    )
                    order = AFTER_ITEMS
                elif symbol.vtype != wanted:
                    self.add(
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
            label = self.text(entry, "label")
            unit = Message(function.unit) if function.unit else None
            self.define(
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

    # -- scores --------------------------------------------------------------------------------

    def read_scores(self) -> list[Score]:
        entries = []
        for index, entry in enumerate(self.listing("scores", required=False)):
            score_id = self.identifier(entry, "skor")
            if score_id is None:
                continue
            title = self.text(entry, "title")
            short = self.text(entry, "short", required=False) or title
            self.define(
                Symbol(score_id, "score", "number", short, AFTER_ITEMS * 2 + index, integer=True),
                entry.line,
            )
            entries.append((score_id, entry, title, short))
        return [self.read_score(*parts) for parts in entries]

    def read_score(self, score_id, entry, title, short) -> Score:
        self.keys(
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
        before = self.symbols[score_id].order
        combine = entry.get("combine", "sum")
        if combine not in ("sum", "max"):
            self.add(entry.line_of("combine"), N_("combine harus sum atau max."))
            combine = "sum"
        parts, ranges, part_ids = [], [], set()
        parts_doc = entry.get("parts")
        if not isinstance(parts_doc, LineList) or not parts_doc:
            self.add(entry.line, N_("Skor %(id)s harus punya parts."), id=score_id)
            parts_doc = LineList()
        for part_doc in parts_doc:
            part_id = self.identifier(part_doc, "bagian skor")
            if part_id is None:
                continue
            if part_id in part_ids:
                self.add(part_doc.line, N_("Bagian skor %(id)s ditulis dua kali."), id=part_id)
            part_ids.add(part_id)
            part, low, high = self.read_part(part_id, part_doc, before)
            parts.append(part)
            ranges.append((low, high))
        if combine == "sum":
            minimum, maximum = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
        else:
            minimum = max((r[0] for r in ranges), default=0)
            maximum = max((r[1] for r in ranges), default=0)
        declared = entry.get("range")
        if not (isinstance(declared, LineList) and len(declared) == 2):
            self.add(
                entry.line_of("range"),
                N_("Skor %(id)s harus menulis range: [terendah, tertinggi]."),
                id=score_id,
            )
        elif list(declared) != [minimum, maximum]:
            self.add(
                entry.line_of("range"),
                N_(
                    "range ditulis [%(a)s, %(b)s], tetapi poin "
                    "bagian-bagiannya memberi [%(c)s, %(d)s]."
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
                self.problems,
                integer=True,
                extra_keys=frozenset({"id", "label"}),
                line=entry.line_of("bands"),
                need_points=False,
                need_ids=True,
            )
        when = None
        if "when" in entry:
            when = self.condition(entry["when"], before=before, line=entry.line_of("when"))
        return Score(
            score_id,
            title,
            short,
            self.reference(entry),
            combine,
            minimum,
            maximum,
            tuple(parts),
            bands,
            when,
            entry.line,
        )

    def read_part(self, part_id, doc: LineDict, before):
        self.keys(
            doc,
            {"id", "label", "value", "item", "bands", "points", "when", "variants"},
            "bagian skor",
        )
        if "variants" in doc:
            variants_doc = doc["variants"]
            if not isinstance(variants_doc, LineList) or not variants_doc:
                self.add(doc.line_of("variants"), N_("variants harus berupa daftar."))
                variants_doc = LineList()
            for key in ("value", "item", "bands", "points", "when"):
                if key in doc:
                    self.add(
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
                    self.add(line_of(variants_doc), N_("Setiap variant harus berupa mapping."))
                    continue
                self.keys(variant_doc, {"value", "item", "bands", "points", "when"}, "variant")
            variant, v_low, v_high, symbol = self.read_variant(variant_doc, before)
            if variant is None:
                continue
            if label is None and symbol is not None:
                label = symbol.label
            variants.append(variant)
            low, high = min(low, v_low), max(high, v_high)
        explicit = self.text(doc, "label", required=label is None)
        return ScorePart(part_id, explicit or label, tuple(variants), doc.line), low, high

    def read_variant(self, doc: LineDict, before):
        guard = None
        if "when" in doc:
            guard = self.condition(doc["when"], before=before, line=doc.line_of("when"))
        points = doc.get("points")
        if "value" in doc:
            symbol = self.score_input(doc, "value", before)
            if symbol is None:
                return None, 0, 0, None
            if symbol.vtype != "number":
                self.add(
                    doc.line_of("value"),
                    N_("Jenis tidak cocok: bands perlu angka, sedangkan %(name)s bukan angka."),
                    name=symbol.name,
                )
                return None, 0, 0, None
            bands = compile_bands(
                doc.get("bands"),
                self.problems,
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
            symbol = self.score_input(doc, "item", before)
            if symbol is None:
                return None, 0, 0, None
            if symbol.vtype not in ("choice", "multi"):
                self.add(
                    doc.line_of("item"),
                    N_(
                        "Jenis tidak cocok: points per jawaban perlu "
                        "pertanyaan pilihan, sedangkan %(name)s bukan."
                    ),
                    name=symbol.name,
                )
                return None, 0, 0, None
            options = self.points_map(doc, symbol)
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
            self.add(
                doc.line,
                N_(
                    "Bagian skor harus punya value + bands, item + points, atau when + "
                    "points (bilangan bulat)."
                ),
            )
            return None, 0, 0, None
        return Variant(guard, "fixed", points=points), min(points, 0), max(points, 0), None

    def score_input(self, doc, key, before) -> Symbol | None:
        name = doc[key]
        symbol = self.symbols.get(name) if isinstance(name, str) else None
        wanted = ("item",) if key == "item" else ("item", "derived", "score", "context")
        if symbol is None or symbol.kind not in wanted:
            self.add(
                doc.line_of(key),
                N_("Tidak ada %(what)s dengan id %(name)s."),
                what=Message(N_("pertanyaan") if key == "item" else N_("nilai")),
                name=str(name),
            )
            return None
        if symbol.order >= before:
            self.add(doc.line_of(key), N_("%(name)s belum diketahui pada titik ini."), name=name)
            return None
        return symbol

    def points_map(self, doc, symbol: Symbol) -> dict[str, int]:
        raw = doc.get("points")
        if not isinstance(raw, LineDict):
            self.add(doc.line_of("points"), N_("points harus berupa mapping pilihan: poin."))
            return {}
        options = {}
        for key, value in raw.items():
            if key not in symbol.options:
                self.add(
                    raw.line_of(key),
                    N_("Jenis tidak cocok: %(option)s bukan pilihan dari %(name)s."),
                    option=str(key),
                    name=symbol.name,
                )
            elif not isinstance(value, int) or isinstance(value, bool):
                self.add(raw.line_of(key), N_("Poin harus bilangan bulat."))
            elif key == UNKNOWN:
                self.add(
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
            self.add(raw.line, N_("Pilihan tanpa poin: %(options)s."), options=", ".join(missing))
        return options

    # -- conditions, red flags, referral -------------------------------------------------------

    def read_conditions(self) -> list[ConditionDefinition]:
        conditions = []
        seen = set()
        for entry in self.listing("conditions"):
            condition_id = self.identifier(entry, "kondisi")
            if condition_id is None:
                continue
            if condition_id in seen:
                self.add(entry.line, N_("Kondisi %(id)s ditulis dua kali."), id=condition_id)
            seen.add(condition_id)
            self.keys(entry, {"id", "title", "scores", "rules", "advice", "note"}, "kondisi")
            score_ids = entry.get("scores") or LineList()
            for index, score_id in enumerate(score_ids):
                symbol = self.symbols.get(score_id)
                if symbol is None or symbol.kind != "score":
                    self.add(
                        score_ids.line_of(index),
                        N_("Tidak ada skor dengan id %(name)s."),
                        name=str(score_id),
                    )
            rules = []
            rules_doc = entry.get("rules")
            if not isinstance(rules_doc, LineList) or not rules_doc:
                self.add(entry.line, N_("Kondisi %(id)s harus punya rules."), id=condition_id)
                rules_doc = LineList()
            for rule_doc in rules_doc:
                if not isinstance(rule_doc, LineDict):
                    self.add(rules_doc.line, N_("Setiap rule harus berupa mapping."))
                    continue
                self.keys(rule_doc, {"level", "when", "reason", "reference", "note"}, "rule")
                level = rule_doc.get("level")
                if level not in LEVELS:
                    self.add(
                        rule_doc.line_of("level"), N_("level harus rendah, sedang atau tinggi.")
                    )
                    level = "rendah"
                when = self.condition(rule_doc.get("when"), line=rule_doc.line_of("when"))
                rules.append(
                    Rule(
                        level,
                        when,
                        self.text(rule_doc, "reason"),
                        self.reference(rule_doc),
                        rule_doc.line,
                    )
                )
            advice = {}
            advice_doc = entry.get("advice")
            if not isinstance(advice_doc, LineDict):
                advice_doc = LineDict()
                self.add(entry.line_of("advice"), N_("advice harus berupa mapping level: teks."))
            for level in LEVELS:
                if level not in advice_doc:
                    self.add(
                        advice_doc.line or entry.line,
                        N_("advice untuk level %(level)s belum ditulis."),
                        level=level,
                    )
                advice[level] = self.text(advice_doc, level) if level in advice_doc else Message("")
            self.keys(advice_doc, set(LEVELS), "advice")
            conditions.append(
                ConditionDefinition(
                    condition_id,
                    self.text(entry, "title"),
                    tuple(s for s in score_ids if isinstance(s, str)),
                    tuple(rules),
                    advice,
                    entry.line,
                )
            )
        return conditions

    def read_referral(self, conditions) -> ReferralPolicy:
        doc = self.doc.get("referral")
        if not isinstance(doc, LineDict):
            self.add(self.doc.line_of("referral"), N_("referral harus berupa mapping."))
            return ReferralPolicy({}, (), frozenset())
        self.keys(doc, {"urgencies", "rules", "berisiko", "note"}, "referral")
        urgencies = {}
        urgencies_doc = doc.get("urgencies")
        if not isinstance(urgencies_doc, LineList) or not urgencies_doc:
            self.add(
                doc.line_of("urgencies"),
                N_("referral harus punya urgencies, dari yang paling mendesak."),
            )
            urgencies_doc = LineList()
        for rank, entry in enumerate(urgencies_doc):
            urgency_id = self.identifier(entry, "urgensi")
            if urgency_id is None:
                continue
            self.keys(entry, {"id", "deadline_days", "label", "instruction"}, "urgensi")
            days = entry.get("deadline_days")
            if not isinstance(days, int) or isinstance(days, bool) or days < 0:
                self.add(
                    entry.line_of("deadline_days"),
                    N_("deadline_days harus bilangan bulat 0 atau lebih."),
                )
                days = 0
            urgencies[urgency_id] = Urgency(
                urgency_id, rank, days, self.text(entry, "label"), self.text(entry, "instruction")
            )
        condition_ids = [c.id for c in conditions]
        rules = []
        for entry in doc.get("rules") or LineList():
            if not isinstance(entry, LineDict):
                self.add(line_of(doc, "rules"), N_("Setiap rule rujukan harus berupa mapping."))
                continue
            self.keys(
                entry, {"urgency", "min_level", "conditions", "reference", "note"}, "rule rujukan"
            )
            if entry.get("urgency") not in urgencies:
                self.add(
                    entry.line_of("urgency"),
                    N_("urgency %(value)s tidak ada di urgencies."),
                    value=str(entry.get("urgency")),
                )
            if entry.get("min_level") not in LEVELS:
                self.add(
                    entry.line_of("min_level"), N_("min_level harus rendah, sedang atau tinggi.")
                )
            chosen = entry.get("conditions", condition_ids)
            for name in chosen:
                if name not in condition_ids:
                    self.add(
                        entry.line_of("conditions"),
                        N_("Tidak ada kondisi dengan id %(name)s."),
                        name=str(name),
                    )
            rules.append(
                ReferralRule(
                    entry.get("urgency"),
                    entry.get("min_level"),
                    tuple(c for c in chosen if c in condition_ids),
                    self.reference(entry),
                    entry.line,
                )
            )
        berisiko = doc.get("berisiko", list(urgencies))
        for name in berisiko:
            if name not in urgencies:
                self.add(
                    doc.line_of("berisiko"),
                    N_("urgency %(value)s tidak ada di urgencies."),
                    value=str(name),
                )
        return ReferralPolicy(urgencies, tuple(rules), frozenset(berisiko))

    def read_red_flags(self, referral: ReferralPolicy) -> list[RedFlagDefinition]:
        flags = []
        seen = set()
        for entry in self.listing("red_flags", required=False):
            flag_id = self.identifier(entry, "tanda bahaya")
            if flag_id is None:
                continue
            if flag_id in seen:
                self.add(entry.line, N_("Tanda bahaya %(id)s ditulis dua kali."), id=flag_id)
            seen.add(flag_id)
            self.keys(
                entry, {"id", "title", "when", "urgency", "reference", "note"}, "tanda bahaya"
            )
            urgency = entry.get("urgency")
            if urgency not in referral.urgencies:
                self.add(
                    entry.line_of("urgency"),
                    N_("urgency %(value)s tidak ada di urgencies."),
                    value=str(urgency),
                )
            when = self.condition(entry.get("when"), line=entry.line_of("when"))
            flags.append(
                RedFlagDefinition(
                    flag_id,
                    self.text(entry, "title"),
                    when,
                    urgency,
                    self.reference(entry),
                    entry.line,
                )
            )
        return flags
