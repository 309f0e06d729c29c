"""Keep NIKs and officers' link tokens out of every log line.

Request lines carry the personal link (`/s/<token>`), and a NIK can reach a message through an
error; the filter rewrites both before any handler writes the record. Installed on the app's,
werkzeug's and gunicorn's loggers (see gunicorn.conf.py).
"""

import logging
import re

_TOKEN_IN_PATH = re.compile(r"(/s/)[A-Za-z0-9_-]+")
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")


def redact(text: str) -> str:
    return _NIK.sub("[NIK]", _TOKEN_IN_PATH.sub(r"\1[token]", text))


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "screening")


def install(app) -> None:
    redact_filter = RedactFilter()
    for name in (*LOGGERS, app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFilter) for f in logger.filters):
            logger.addFilter(redact_filter)
