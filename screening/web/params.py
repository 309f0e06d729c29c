"""Numbers, days, codes, free text and return addresses from a request, read one way everywhere.

Every function takes what the client sent (a string, or None when the parameter was missing) and
returns a clean value, or None (or the given default) for anything else: other scripts' digits
and superscripts ("²", "٣", which `str.isdigit()` accepts), signs, overflow beyond SQLite's
INTEGER and beyond any sane bound, 10,000 characters, CR/LF and NUL. A page then shows its
default instead of failing; nothing here raises.

Also the URL converter that bounds every `<int:…>` in a route, so an id no SQLite row can have is
a 404, not an OverflowError.
"""

import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter, ValidationError

SQLITE_MAX_INTEGER = 2**63 - 1
MAX_PAGE = 10_000  # 500,000 rows at 50 a page: more than any list here holds
MAX_TPS = 999  # TPS numbers are three digits ("TPS 007")
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2100, 12, 31)
MAX_NEXT_LENGTH = 2000
DIGITS = "0123456789"

_ASCII_NUMBER = re.compile(r"[0-9]{1,19}")  # 19 digits hold every int64
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# C0 and C1 control characters (CR, LF, NUL, …) and DEL: never part of what a person typed.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def positive_int(value, *, at_most: int = SQLITE_MAX_INTEGER) -> int | None:
    """A whole number from 1 to `at_most` written in ASCII digits (surrounding spaces allowed)."""
    if not isinstance(value, str) or not _ASCII_NUMBER.fullmatch(value.strip(" ")):
        return None
    number = int(value.strip(" "))
    return number if 1 <= number <= at_most else None


def page(args: Mapping, name: str = "halaman") -> int:
    """The page number of a paged list; 1 for anything that is not one."""
    return positive_int(args.get(name), at_most=MAX_PAGE) or 1


def day(value, *, earliest: date = EARLIEST_DAY, latest: date = LATEST_DAY) -> date | None:
    """A calendar day written `YYYY-MM-DD` (what `<input type=date>` sends), within bounds that
    leave room for date arithmetic (9999-12-31 plus a day does not exist)."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip(" ")):
        return None
    try:
        parsed = date.fromisoformat(value.strip(" "))
    except ValueError:
        return None
    return parsed if earliest <= parsed <= latest else None


def code(value, alphabet: str, length: int) -> str | None:
    """`value` when it is exactly `length` characters, every one of them from `alphabet` (region
    codes, access codes); the caller normalises case and separators first."""
    if not isinstance(value, str):
        return None
    text = value.strip(" ")
    if len(text) != length or not all(ch in alphabet for ch in text):
        return None
    return text


def text(value, *, max_length: int) -> str | None:
    """Free text (a search): control characters become spaces, runs of spaces one, cut at
    `max_length`; None when nothing is left."""
    if not isinstance(value, str):
        return None
    cleaned = " ".join(_CONTROL.sub(" ", value[: max_length * 4]).split())[:max_length].strip()
    return cleaned or None


def safe_next(target) -> str | None:
    """`target` when it is a path on this site, else None: a "next" or language-switch address
    must not become an open redirect (`//evil.example`, `/\\evil.example`, which browsers read
    as `//`) or a header injection (CR/LF)."""
    if not isinstance(target, str) or not target or len(target) > MAX_NEXT_LENGTH:
        return None
    if _CONTROL.search(target) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits only (werkzeug's `\\d` also takes "٣") and at most
    SQLite's INTEGER, so `/admin/staf/99999999999999999999/…` is a 404 like any unknown id."""

    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > SQLITE_MAX_INTEGER:
            raise ValidationError()
        return number


def init_app(app) -> None:
    """Register the converter; before any blueprint, since rules bind converters when added."""
    app.url_map.converters["int"] = BoundedIntConverter
