"""Quiet hours: when no message goes out (WIB wall clock, "21:00-07:00" by default; may wrap
midnight). One reading of the QUIET_HOURS setting for the planner, which moves a due time out of
them, and for the sender, which releases nothing during them."""

from datetime import datetime, time

from screening.clock import WIB

DEFAULT = "21:00-07:00"


class QuietHoursError(ValueError):
    """QUIET_HOURS is not "HH:MM-HH:MM"."""


def parse_quiet_hours(text: str | None) -> tuple[time, time] | None:
    """`"21:00-07:00"` → (21:00, 07:00); empty → None (no quiet hours)."""
    if not text or not text.strip():
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise QuietHoursError(text) from None
    return start, end


def quiet_hours(settings) -> tuple[time, time] | None:
    """The quiet hours of an app's config (a mapping); the default when it names none."""
    return parse_quiet_hours(settings.get("QUIET_HOURS", DEFAULT))


def in_quiet_hours(moment: datetime, quiet: tuple[time, time] | None) -> bool:
    """Whether a moment falls in the quiet hours, read on the WIB clock; they may wrap midnight."""
    if quiet is None:
        return False
    start, end = quiet
    local = moment.astimezone(WIB).time()
    if start <= end:
        return start <= local < end
    return local >= start or local < end
