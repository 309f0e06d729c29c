"""Which strings of a questionnaire file are shown to people, and so need translating.

One walk serves both the Babel extractor and the load-time "missing translation" check, so the two
can never disagree about what is translatable.
"""

from __future__ import annotations

from .source import LineDict, LineList

TRANSLATABLE_KEYS = frozenset(
    {
        "title",
        "label",
        "short",
        "help",
        "reason",
        "instruction",
        "disclaimer",
        "description",
    }
)
# Citations, authors' notes, standards and the in-file test cases are for authors, not officers.
SKIPPED_KEYS = frozenset({"references", "standards", "cases", "case_defaults", "note"})


def translatable_strings(document) -> list[tuple[int, str, str]]:
    """(line, msgid, where) for every string an officer, clinician or slip reader may see."""
    found: list[tuple[int, str, str]] = []
    _walk(document, "", found)
    return found


def _walk(node, path: str, found: list) -> None:
    if isinstance(node, LineDict):
        for key, value in node.items():
            if key in SKIPPED_KEYS:
                continue
            where = f"{path}.{key}" if path else str(key)
            if isinstance(value, str):
                if key in TRANSLATABLE_KEYS or (key == "unit" and path) or path.endswith("advice"):
                    found.append((node.line_of(key), value.strip(), where))
            else:
                _walk(value, where, found)
    elif isinstance(node, LineList):
        for index, value in enumerate(node):
            name = value.get("id") if isinstance(value, LineDict) else None
            _walk(value, f"{path}[{name if name is not None else index}]", found)


def missing_translations(document, translations: dict):
    """Yield (line, msgid, locale) for each translatable string a catalog does not translate."""
    for line, msgid, _where in translatable_strings(document):
        for locale, catalog in translations.items():
            if not _translates(catalog, msgid):
                yield line, msgid, locale


def _translates(catalog, msgid: str) -> bool:
    # A compiled catalog leaves untranslated entries out, so membership is the honest test; a
    # translation identical to the msgid ("kg") still counts as translated.
    entries = getattr(catalog, "_catalog", None)
    if entries is not None:
        return bool(entries.get(msgid))
    return catalog.gettext(msgid) != msgid
