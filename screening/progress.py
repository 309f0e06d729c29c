"""Progress toward the screening deadline: officers screened per day, the cumulative share of the
area's officers, and the chart of both that the coverage page draws as SVG.

Plain Python (no Flask). Days are WIB days (the store counts them so). The chart is two panels on
one time axis, so that it reads in black and white: the cumulative share as a solid line against
a dashed 100 % line (top), the screenings per day as hatched bars (bottom); the target date is a
dashed vertical line and polling day a dotted one, each with its name written beside it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from screening.coverage import share

# At most this many days on the axis (a quarter): more would make each day thinner than a
# pixel on a phone. Screenings before the first day shown still count in the cumulative share.
MAX_DAYS = 92


@dataclass(frozen=True)
class Day:
    day: date
    screened: int  # submitted that day
    cumulative: int  # submitted up to and including that day
    percent: float  # cumulative share of the area's officers
    x: float  # centre of the day's slot, in chart units
    bar_y: float
    bar_height: float


@dataclass(frozen=True)
class Marker:
    """A day drawn as a vertical line with its name: the target date or polling day."""

    day: date
    x: float
    anchor: str  # where its label sits: "end" left of the line, "start" right of it


@dataclass(frozen=True)
class Progress:
    officers: int
    screened: int  # up to today
    percent: float
    today: date
    deadline: date | None
    polling_day: date | None
    days_left: int | None  # to the deadline, counting today; None without a deadline or past it
    needed_per_day: int | None  # to reach every officer by the deadline
    days: list[Day]  # every day of the axis up to today
    earlier: int  # screened before the first day shown
    # Geometry, in chart units.
    width: int
    height: int
    left: int
    plot_width: int
    slot: float
    bar_width: float
    share_top: int
    share_height: int
    bars_top: int
    bars_height: int
    axis_y: int
    max_per_day: int
    line: str  # the cumulative share as SVG polyline points
    deadline_marker: Marker | None
    polling_marker: Marker | None
    ticks: list[tuple[float, str, date]]  # x, text-anchor, day

    def share_y(self, percent: float) -> float:
        return round(self.share_top + self.share_height * (1 - percent / 100), 1)


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def progress(
    per_day: dict[str, int],
    officers: int,
    *,
    today: date,
    deadline: date | None,
    polling_day: date | None,
    width: int = 400,
) -> Progress:
    """The area's progress from its screenings per WIB day (`per_day`, ISO day → count).

    The axis runs from the first screening (or today) to today, stretched to the target date and
    polling day when they are near enough to fit (MAX_DAYS); a longer run keeps its last
    MAX_DAYS days. Days after today are left empty: what is to come is not drawn."""
    counts = {}
    for text, count in per_day.items():
        day = parse_day(text)
        if day is not None and day <= today:
            counts[day] = counts.get(day, 0) + count
    start = min([today, *counts])
    end = today
    for day in (deadline, polling_day):
        if day is not None and day > end and (day - start).days < MAX_DAYS:
            end = day
    if (end - start).days >= MAX_DAYS:
        start = end - timedelta(days=MAX_DAYS - 1)
    earlier = sum(count for day, count in counts.items() if day < start)
    span = (end - start).days + 1

    left, right = 44, 10
    plot_width = width - left - right
    slot = plot_width / span
    share_top, share_height = 66, 120
    bars_top, bars_height = share_top + share_height + 34, 70
    axis_y = bars_top + bars_height
    height = axis_y + 24
    max_per_day = max(counts.values(), default=0)

    days, cumulative = [], earlier
    for offset in range((min(today, end) - start).days + 1):
        day = start + timedelta(days=offset)
        screened = counts.get(day, 0)
        cumulative += screened
        bar_height = round(bars_height * screened / max_per_day, 1) if max_per_day else 0
        days.append(
            Day(
                day=day,
                screened=screened,
                cumulative=cumulative,
                percent=share(cumulative, officers),
                x=round(left + slot * (offset + 0.5), 1),
                bar_y=round(axis_y - bar_height, 1),
                bar_height=bar_height,
            )
        )
    total = earlier + sum(count for day, count in counts.items() if day >= start)
    percent = share(total, officers)

    def y(percent: float) -> float:
        return round(share_top + share_height * (1 - min(percent, 100) / 100), 1)

    line = " ".join(f"{d.x},{y(d.percent)}" for d in days)

    def marker(day: date | None) -> Marker | None:
        if day is None or not start <= day <= end:
            return None
        x = round(left + slot * ((day - start).days + 0.5), 1)
        return Marker(day, x, "end" if x > left + plot_width / 2 else "start")

    days_left = needed = None
    if deadline is not None and deadline >= today:
        days_left = (deadline - today).days + 1
        remaining = max(officers - total, 0)
        needed = -(-remaining // days_left)  # rounded up: whole officers
    ticks = [(left, "start", start), (left + plot_width, "end", end)]
    if start < today < end and min(today - start, end - today).days * slot > 60:
        ticks.append((round(left + slot * ((today - start).days + 0.5), 1), "middle", today))
    return Progress(
        officers=officers,
        screened=total,
        percent=percent,
        today=today,
        deadline=deadline,
        polling_day=polling_day,
        days_left=days_left,
        needed_per_day=needed,
        days=days,
        earlier=earlier,
        width=width,
        height=height,
        left=left,
        plot_width=plot_width,
        slot=round(slot, 2),
        bar_width=round(max(slot * 0.7, 1), 2),
        share_top=share_top,
        share_height=share_height,
        bars_top=bars_top,
        bars_height=bars_height,
        axis_y=axis_y,
        max_per_day=max_per_day,
        line=line,
        deadline_marker=marker(deadline),
        polling_marker=marker(polling_day),
        ticks=ticks,
    )
