"""Just enough of nginx's configuration syntax to read docs/deploy's site and write a variant of it.

A configuration is a list of directives; a directive has a name, its arguments (as written,
quotes included) and, for a block (`server { … }`), the directives inside it. Comments are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Directive:
    name: str
    args: list[str] = field(default_factory=list)
    block: list[Directive] | None = None

    def find(self, name: str) -> list[Directive]:
        return [d for d in self.block or [] if d.name == name]

    def value(self, name: str) -> str | None:
        """The arguments of the one `name` directive directly inside this block, joined."""
        found = self.find(name)
        assert len(found) <= 1, f"{name} appears {len(found)} times"
        return " ".join(found[0].args) if found else None


def _tokens(text: str):
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif ch in ";{}":
            yield ch
            i += 1
        elif ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            yield text[i : j + 1]
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in ";{}'\"":
                j += 1
            yield text[i:j]
            i = j


def parse(text: str) -> list[Directive]:
    stack: list[list[Directive]] = [[]]
    words: list[str] = []
    for token in _tokens(text):
        if token == ";":
            stack[-1].append(Directive(words[0], words[1:]))
            words = []
        elif token == "{":
            directive = Directive(words[0], words[1:], [])
            stack[-1].append(directive)
            stack.append(directive.block)
            words = []
        elif token == "}":
            assert not words, f"missing ';' after {words}"
            stack.pop()
        else:
            words.append(token)
    assert len(stack) == 1, "unbalanced braces"
    assert not words, "a missing ';' at the end"
    return stack[0]


def dump(directives: list[Directive], indent: str = "") -> str:
    lines = []
    for d in directives:
        head = " ".join([d.name, *d.args])
        if d.block is None:
            lines.append(f"{indent}{head};")
        else:
            lines.append(f"{indent}{head} {{")
            lines.append(dump(d.block, indent + "    "))
            lines.append(f"{indent}}}")
    return "\n".join(line for line in lines if line)


def walk(directives: list[Directive]):
    for d in directives:
        yield d
        if d.block:
            yield from walk(d.block)
