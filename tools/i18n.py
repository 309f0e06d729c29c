"""Keep the translation catalogs honest.

    python tools/i18n.py update   # re-extract messages.pot, merge it into id and en, fill id
    python tools/i18n.py check    # fail on a stale messages.pot or a string without id or en
    python tools/i18n.py compile  # build the .mo files the app reads (never committed)
    python tools/i18n.py merge F.json  # fill English from a translator's {msgid: text} file

Indonesian is the source language: msgids are Indonesian, so the `id` catalog's msgstr equals its
msgid. English must be written by a person; `check` lists every string still missing.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "messages.pot"
LOCALES = ("id", "en")
KEYWORDS = ["_", "_l", "N_", "gettext", "ngettext", "lazy_gettext", "lazy_ngettext"]


def po_path(locale: str) -> Path:
    return ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"


def extract(target: Path) -> None:
    args = [
        sys.executable,
        "-m",
        "babel.messages.frontend",
        "-q",
        "extract",
        "--no-wrap",
        "--sort-by-file",
        "-F",
        str(ROOT / "babel.cfg"),
        "-o",
        str(target),
        "--project",
        "skrining-petugas",
        "--copyright-holder",
        "skrining-petugas",
    ]
    for keyword in KEYWORDS:
        args += ["-k", keyword]
    subprocess.run([*args, "."], check=True, cwd=ROOT)  # noqa: S603 -- argument list, no shell


def read(path: Path, locale: str | None = None):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def as_tuple(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def keys(catalog) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def update() -> None:
    extract(POT)
    for locale in LOCALES:
        # Read afresh for each catalog: Catalog.update() shares message objects with the template.
        template = read(POT)
        path = po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = read(path, locale) if path.exists() else None
        if catalog is None:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=locale, project="skrining-petugas", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        if locale == "id":
            for message in catalog:
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        with path.open("wb") as f:
            write_po(f, catalog, width=0, sort_by_file=True)
    print(f"updated {POT.relative_to(ROOT)} and {', '.join(LOCALES)}")


def problems() -> list[str]:
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "messages.pot"
        extract(fresh)
        fresh_keys = keys(read(fresh))
    committed_keys = keys(read(POT)) if POT.exists() else set()
    if fresh_keys != committed_keys:
        added = len(fresh_keys - committed_keys)
        removed = len(committed_keys - fresh_keys)
        found.append(
            f"translations/messages.pot is stale ({added} new, {removed} gone): "
            "run `make translations`"
        )
    for locale in LOCALES:
        path = po_path(locale)
        if not path.exists():
            found.append(f"{path.relative_to(ROOT)} is missing")
            continue
        catalog = read(path, locale)
        translated = {
            (m.context, m.id if isinstance(m.id, str) else tuple(m.id))
            for m in catalog
            if m.id and "fuzzy" not in m.flags and all(as_tuple(m.string))
        }
        for _context, msgid in sorted(fresh_keys - translated, key=str):
            text = msgid if isinstance(msgid, str) else msgid[0]
            found.append(f"{locale}: no translation for {text!r}")
    return found


def merge(path: Path) -> None:
    """Fill `en` from a translator's JSON: {msgid: text}, or {singular: [one, other]} for plurals.
    Existing translations are kept unless the file gives a new one; unknown msgids are reported."""
    import json

    given = json.loads(path.read_text(encoding="utf-8"))
    catalog = read(po_path("en"), "en")
    used = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key not in given:
            continue
        text = given[key]
        message.string = tuple(text) if isinstance(message.id, tuple) else text
        message.flags.discard("fuzzy")
        used.add(key)
    with po_path("en").open("wb") as f:
        write_po(f, catalog, width=0, sort_by_file=True)
    for key in sorted(set(given) - used):
        print(f"not in the catalog: {key!r}", file=sys.stderr)
    print(f"merged {len(used)} English translation(s) from {path}")


def compile_catalogs() -> None:
    args = [
        sys.executable,
        "-m",
        "babel.messages.frontend",
        "compile",
        "--statistics",
        "-d",
        str(ROOT / "translations"),
    ]
    subprocess.run(args, check=True, cwd=ROOT)  # noqa: S603 -- argument list, no shell


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_catalogs()
    elif command == "merge" and len(argv) == 3:
        merge(Path(argv[2]))
    elif command == "check":
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print(f"{len(found)} translation problem(s)", file=sys.stderr)
            return 1
        print("translations: messages.pot current, id and en complete")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
