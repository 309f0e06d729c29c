"""Coverage as people read it: shares of officers screened, and the bar chart of them.

Plain Python (no Flask): the page draws the chart as SVG from these numbers, so it needs no
JavaScript and no request elsewhere, and prints in black and white.
"""

from dataclasses import dataclass


def share(part: int, whole: int) -> float:
    """`part` of `whole` in percent; 0 when there is nothing to share."""
    return 100 * part / whole if whole else 0.0


@dataclass(frozen=True)
class Bar:
    label: str
    screened: int
    officers: int
    percent: float
    y: int  # top of the bar's row, in chart units
    width: float  # the bar's length, in chart units


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_area: int  # room for the longest bar (100 %)
    row_height: int
    bar_height: int


def screened_chart(rows: list[dict], *, width: int = 400, label_width: int = 140) -> BarChart:
    """One horizontal bar per area: its share of officers screened, 0 to 100 %.

    Room is kept right of the bars for the percentage, written as text beside each bar: the
    chart reads without colour. 400 units wide: drawn at its own size, it still fits a 360 px
    phone at more than four fifths, so its text stays readable there."""
    row_height, bar_height, percent_room = 28, 18, 52
    bar_area = width - label_width - percent_room
    bars = []
    for index, row in enumerate(rows):
        percent = share(row["screened"], row["officers"])
        bars.append(
            Bar(
                label=row["name"],
                screened=row["screened"],
                officers=row["officers"],
                percent=percent,
                y=index * row_height,
                width=round(bar_area * percent / 100, 1),
            )
        )
    return BarChart(
        bars=bars,
        width=width,
        height=max(len(bars), 1) * row_height,
        label_width=label_width,
        bar_area=bar_area,
        row_height=row_height,
        bar_height=bar_height,
    )
