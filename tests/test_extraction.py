"""Every string a template marks for translation reaches messages.pot.

Babel's Jinja extractor skips, without a word, a template it cannot parse: `{% do %}` without the
`jinja2.ext.do` extension was enough to keep "Ya, sudah benar" and "Tidak tahu" out of the catalog.
"""

import re

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from jinja2.ext import InternationalizationExtension
from jinja2.utils import import_string

from screening.web.config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"
# `_("…")` with a plain literal: the calls extraction must find.
MARKED = re.compile(r"""\b_\(\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1\s*[,)]""")


def extraction_options():
    with (PROJECT_ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    return method_map, options_map


def test_babel_parses_templates_with_every_extension_the_app_enables(app):
    _methods, options = extraction_options()
    jinja = options["templates/**.html"]
    configured = {
        import_string(name.strip())
        for name in jinja.get("extensions", "").split(",")
        if name.strip()
    }
    # Flask-Babel's i18n extension is left out: the extractor brings its own.
    enabled = {type(e) for e in app.jinja_env.extensions.values()} - {InternationalizationExtension}
    assert enabled <= configured
    assert jinja.get("silent") == "false"


def test_every_marked_template_string_is_extracted():
    method_map, options_map = extraction_options()
    extracted: dict[str, set] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT),
        method_map=[m for m in method_map if m[0].startswith("templates/")],
        options_map=options_map,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
    ):
        ids = message if isinstance(message, tuple) else (message,)
        extracted.setdefault(filename, set()).update(ids)
    missing = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(PROJECT_ROOT))
        marked = {m.group(2) for m in MARKED.finditer(path.read_text(encoding="utf-8"))}
        lost = {m for m in marked if "\\" not in m} - extracted.get(name, set())
        if lost:
            missing[name] = sorted(lost)
    assert not missing
