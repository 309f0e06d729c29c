"""Keep NIKs and officers' link tokens out of every log line, and every log line one line.

Request lines carry the personal link (`/s/<token>`) and whatever a client put in the path: a
`%0A` or a raw NUL decoded into it would start a forged line in the access log. A NIK reaches a
message, or an exception's text, through an error. The filter below rewrites a record before any
handler writes it: NIKs and tokens redacted, control characters escaped (a line feed becomes
`\\n`, a NUL `\\x00`), in the message and in the exception's traceback, where only the
traceback's own line breaks stay. It is installed on the app's, werkzeug's and gunicorn's loggers
and on their handlers (which also catch what the app's child loggers pass up), and on gunicorn's
own from its start through `GunicornLogger` (gunicorn.conf.py).
"""

import logging
import re
import traceback

from gunicorn.glogging import Logger as _GunicornLogger

_TOKEN_IN_PATH = re.compile(r"(/s/)[A-Za-z0-9_-]+")
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")

# C0 controls, DEL, C1 controls (a terminal obeys some of them) and the Unicode line and
# paragraph separators (some log viewers break lines on them).
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]
_ESCAPES = {code: _NAMED.get(chr(code), f"\\x{code:02x}") for code in _CONTROLS}
_ESCAPES[0x2028], _ESCAPES[0x2029] = "\\u2028", "\\u2029"
_ESCAPES_BUT_LINE_FEED = {code: text for code, text in _ESCAPES.items() if code != 0x0A}


def redact(text: str) -> str:
    return _NIK.sub("[NIK]", _TOKEN_IN_PATH.sub(r"\1[token]", text))


def escape_controls(text: str) -> str:
    return text.translate(_ESCAPES)


def clean(text: str) -> str:
    """One log line: redacted first (an escape's digits must not join a NIK's), then escaped."""
    return escape_controls(redact(text))


def clean_traceback(exc_info) -> str:
    """The traceback as logging writes it (Formatter.formatException), with every exception's
    own text on one line and NIKs and tokens redacted; frames keep their line breaks."""
    text = redact("".join(traceback.format_exception(*exc_info)))
    for exception in _chain(exc_info[1]):
        own = redact("".join(traceback.format_exception_only(type(exception), exception)))
        text = text.replace(own, escape_controls(own.rstrip("\n")) + "\n")
    return text.rstrip("\n").translate(_ESCAPES_BUT_LINE_FEED)


def _chain(exception: BaseException | None) -> list[BaseException]:
    """The exception with its causes, contexts and (for groups) members, each once."""
    found: list[BaseException] = []
    waiting = [exception]
    while waiting:
        current = waiting.pop()
        if current is None or any(current is seen for seen in found):
            continue
        found.append(current)
        waiting += [current.__cause__, current.__context__]
        waiting += list(getattr(current, "exceptions", ()))
    return found


class RedactFilter(logging.Filter):
    def __init__(self, *, escape: bool = True) -> None:
        super().__init__()
        self.escape = escape

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "screening_cleaned", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the message: log both, cleaned
            message = f"{record.msg!r} {record.args!r}"
        cleaned = clean(message) if self.escape else redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters use a traceback already written into exc_text instead of their own.
            record.exc_text = clean_traceback(record.exc_info)
        elif record.exc_text:
            record.exc_text = redact(record.exc_text).translate(_ESCAPES_BUT_LINE_FEED)
        if record.stack_info:
            record.stack_info = redact(record.stack_info).translate(_ESCAPES_BUT_LINE_FEED)
        record.screening_cleaned = True
        return True


LOGGERS = ("gunicorn.access", "gunicorn.error", "screening")


def protect(*loggers: logging.Logger, escape: bool = True) -> None:
    """Put the filter on `loggers` and on each of their handlers, once."""
    for logger in loggers:
        for target in (logger, *logger.handlers):
            if not any(isinstance(f, RedactFilter) for f in target.filters):
                target.addFilter(RedactFilter(escape=escape))


def install(app) -> None:
    protect(*(logging.getLogger(name) for name in LOGGERS), app.logger, logging.getLogger())
    # The development server escapes control characters in its request lines itself and colours
    # them (and its banner) with terminal codes that must stay codes: redact only.
    protect(logging.getLogger("werkzeug"), escape=False)


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with the filter on its error and access logs from the start, before
    (and whether or not) the app loads, and again after a reload rebuilds the handlers."""

    def setup(self, cfg):
        super().setup(cfg)
        protect(self.error_log, self.access_log)
