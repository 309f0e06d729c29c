"""Numbers, days, codes and free text as people type them, read one way everywhere.

Every function takes what someone sent or typed (a string, or None when it was missing) and
returns a clean value, or None for anything else: other scripts' digits and superscripts ("²",
"٣", which `str.isdigit()` accepts), signs, overflow beyond SQLite's INTEGER and beyond any sane
bound, 10,000 characters, CR/LF and NUL. Nothing here raises. Plain Python: the web side reads
request values through these (`screening.web.params`), the domain reads typed values with them.
"""

import re
from datetime import date, time

SQLITE_MAX_INTEGER = 2**63 - 1
MAX_TPS = 999  # TPS numbers are three digits ("TPS 007")
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2100, 12, 31)
DIGITS = "0123456789"

_ASCII_NUMBER = re.compile(r"[0-9]{1,19}")  # 19 digits hold every int64
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# "09:30" (what `<input type=time>` sends, seconds allowed) or "9.30" (how Indonesians write it).
_CLOCK_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})(?::[0-9]{2})?")
# C0 and C1 control characters (CR, LF, NUL, …) and DEL: never part of what a person typed.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def positive_int(value, *, at_most: int = SQLITE_MAX_INTEGER) -> int | None:
    """A whole number from 1 to `at_most` written in ASCII digits (surrounding spaces allowed)."""
    if not isinstance(value, str) or not _ASCII_NUMBER.fullmatch(value.strip(" ")):
        return None
    number = int(value.strip(" "))
    return number if 1 <= number <= at_most else None


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


def clock_time(value) -> time | None:
    """A time of day written `HH:MM` (what `<input type=time>` sends, `HH:MM:SS` too) or `H.MM`
    (the Indonesian way, typed where the browser shows a plain text box), to the minute."""
    if not isinstance(value, str):
        return None
    match = _CLOCK_TIME.fullmatch(value.strip(" "))
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    return time(hour, minute) if hour < 24 and minute < 60 else None


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
    cleaned = " ".join(CONTROL.sub(" ", value[: max_length * 4]).split())[:max_length].strip()
    return cleaned or None
