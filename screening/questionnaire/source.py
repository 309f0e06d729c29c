"""Reading a questionnaire file while keeping the line of every key, and collecting problems.

Every load-time mistake is reported as `file:line: message`, so the YAML is parsed into dicts and
lists that remember where each key and list entry stood.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from screening.messages import N_, Message, render


class LineDict(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers its own line and the line of each entry."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def line_of(container, key=None) -> int:
    if key is not None and isinstance(container, LineDict | LineList):
        return container.line_of(key)
    return getattr(container, "line", 0)


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    message: Message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {render(self.message)}"


class QuestionnaireError(Exception):
    """A questionnaire file is wrong; `problems` lists every mistake with its file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Problems:
    """Collects problems for one file so that one load reports every mistake at once."""

    def __init__(self, filename: str):
        self.filename = filename
        self.items: list[Problem] = []

    def add(self, line: int, msgid: str, **params) -> None:
        self.items.append(Problem(self.filename, line, Message(msgid, params)))

    def raise_if_any(self) -> None:
        if self.items:
            self.items.sort(key=lambda p: p.line)
            raise QuestionnaireError(self.items)


# libyaml's parser when present: the pure-Python one takes most of a second on the default file.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicate_keys.append((line, key))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    sequence = LineList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(source: str, filename: str):
    """Parse YAML text into LineDict/LineList; a syntax error or duplicate key names its line."""
    loader = _LineLoader(source)
    loader.duplicate_keys = []
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = Problem(
            filename,
            line,
            Message(N_("YAML tidak dapat dibaca: %(detail)s"), {"detail": str(exc.problem)}),
        )
        raise QuestionnaireError([problem]) from None
    finally:
        loader.dispose()
    if loader.duplicate_keys:
        problems = Problems(filename)
        for line, key in loader.duplicate_keys:
            problems.add(line, N_("Kunci %(key)s ditulis dua kali."), key=str(key))
        problems.raise_if_any()
    return document
