"""How our `flask` commands fail: one Indonesian sentence on stderr and a non-zero exit.

Click prints an error inside its English frame ("Usage: … Try '--help' for help. Error: …") and
words its own parsing errors in English. Every group in screening/cli/ is a `Group`, which
catches whatever goes wrong below it (a command's own `CommandError`, a missing or unknown option,
a bad value, an unknown command, Ctrl-C) and says it the same way: the sentence, then where the
help is.
"""

import re

import click
from flask.cli import AppGroup
from flask_babel import gettext as _


class CommandError(click.ClickException):
    """A command's error: `message` is a finished Indonesian sentence; printed as it is."""

    def __init__(self, message: str, *, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(self.format_message(), file=file, err=file is None)


def _quoted(text: str) -> str:
    # Click's messages quote the offending value or name: 'x' or "x".
    match = re.search(r"""['"]([^'"]+)['"]""", text)
    return match.group(1) if match else ""


def _param_name(error) -> str:
    param = getattr(error, "param", None)
    if param is not None:
        if isinstance(param, click.Option) and param.opts:
            return max(param.opts, key=len)
        return (param.human_readable_name or param.name or "").upper()
    return getattr(error, "param_hint", None) or getattr(error, "option_name", None) or ""


def _sentence(error: click.ClickException) -> str:
    """Click's own error, said in Indonesian."""
    if isinstance(error, click.MissingParameter):
        return _("%(name)s wajib diisi.", name=_param_name(error))
    if isinstance(error, click.NoSuchOption):
        return _("Opsi %(name)s tidak dikenal.", name=error.option_name)
    if isinstance(error, click.BadParameter):
        value = _quoted(error.message)
        if value:
            return _(
                "Nilai %(value)s untuk %(name)s tidak sah.", value=value, name=_param_name(error)
            )
        return _("Nilai untuk %(name)s tidak sah.", name=_param_name(error))
    if isinstance(error, click.FileError):
        return _("Berkas %(name)s tidak dapat dibuka.", name=error.ui_filename)
    if isinstance(error, click.UsageError):
        if error.message.startswith("No such command"):
            return _("Perintah %(name)s tidak ada.", name=_quoted(error.message))
        if "extra argument" in error.message:
            return _(
                "Ada argumen yang tidak dikenal: %(args)s.",
                args=error.message.split("(")[-1].rstrip(")"),
            )
        return _("Perintah ini tidak dapat dijalankan seperti itu.")
    # A ClickException raised by one of our commands: its message is already our sentence.
    return error.format_message()


def indonesian(error: click.ClickException) -> CommandError:
    if isinstance(error, CommandError):
        return error
    sentence = _sentence(error)
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and ctx is not None:
        sentence += " " + _("Lihat: %(command)s --help", command=ctx.command_path)
    return CommandError(sentence, exit_code=error.exit_code)


class Group(AppGroup):
    """A group of our commands whose errors are Indonesian sentences (see the module)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            raise indonesian(error) from None
        except click.Abort:
            raise CommandError(_("Dibatalkan.")) from None
