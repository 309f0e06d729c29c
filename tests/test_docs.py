"""The README promises commands and settings; these tests fail when the code and it disagree."""

import re

import click
import pytest

from screening.web.config import ENV_PREFIX, ENVIRONMENT, PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _leaf_commands(group: click.Group, prefix: str):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _leaf_commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}".strip()


def _our_commands(app) -> list[str]:
    # Flask's own `run`, `shell` and `routes` are documented by Flask.
    return sorted(
        name
        for name in _leaf_commands(app.cli, "")
        if name.split()[0] not in {"run", "shell", "routes"}
    )


def test_every_flask_command_is_documented_in_the_readme(app):
    commands = _our_commands(app)
    assert commands, "no commands found"
    missing = [name for name in commands if f"flask --app app {name}" not in README]
    assert missing == []


@pytest.mark.parametrize("setting", sorted(ENVIRONMENT))
def test_every_environment_variable_is_documented_in_the_readme(setting):
    assert f"`{ENV_PREFIX}{setting}`" in README


def test_the_readme_opens_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    assert [line.split()[:2] for line in first_block.strip().splitlines()] == [
        ["make", "run"],
        ["make", "test"],
    ]


def test_every_command_has_help_text(app):
    for name in _our_commands(app):
        command = app.cli
        for part in name.split():
            command = command.commands[part]
        assert command.help, f"`flask {name}` has no help text"
