"""How long screening answers are kept (UU 27/2022: no longer than the purpose needs).

The purpose, getting at-risk officers examined before and around polling day, ends well within a
year of it; the consent page tells officers the same period this module computes.
"""

from datetime import date


def purge_date(polling_day: date, months: int) -> date:
    """The first day health data may no longer be kept: `months` after polling day (clamped to
    the month's last day, so 31 January + 1 month is 28 or 29 February)."""
    month_index = polling_day.month - 1 + months
    year, month = polling_day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - date.resolution).day
    return date(year, month, min(polling_day.day, last_day))
