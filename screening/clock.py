"""Time, in one place: stored in UTC, shown in WIB (Asia/Jakarta)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def now_utc() -> datetime:
    return datetime.now(UTC)


def now_iso() -> str:
    return now_utc().isoformat(timespec="seconds")


def today_wib() -> date:
    return datetime.now(WIB).date()


def wib_date(moment_iso: str) -> date:
    """The day a stored UTC moment fell on in Indonesia (WIB): 23.30 UTC is already tomorrow."""
    return datetime.fromisoformat(moment_iso).astimezone(WIB).date()
