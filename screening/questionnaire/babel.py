"""Babel extractor for questionnaire files (entry point `questionnaire` in pyproject.toml).

Yields every translatable string with its line, so `pybabel extract` puts questions, options,
reasons and advice into the same catalog as the Python and template strings.
"""

from __future__ import annotations

from .source import parse_yaml
from .texts import translatable_strings


def extract_questionnaire(fileobj, keywords, comment_tags, options):
    """Yield (lineno, funcname, message, comments) for Babel."""
    source = fileobj.read()
    if isinstance(source, bytes):
        source = source.decode(options.get("encoding", "utf-8"))
    document = parse_yaml(source, getattr(fileobj, "name", "<questionnaire>"))
    for line, message, where in translatable_strings(document):
        yield line, None, message, [f"questionnaire: {where}"]
