"""Bands of a value (FINDRISC's "BMI 25–30: 1 point", a score's "15–20: tinggi").

Bounds are written `from` (≥), `above` (>), `below` (<) and `to` (≤). When the file loads, bands are
sorted and must cover every value exactly once: an overlap or a gap is an error with its line.
On integer values `to: 44` meets `from: 45`, as the published tables are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from screening.messages import N_, Message

from .source import LineDict, LineList, Problems, line_of
from .types import _is_number

BOUND_KEYS = ("from", "above", "below", "to")


@dataclass(slots=True)
class Band:
    low: float | None  # None: no lower bound
    low_inclusive: bool
    high: float | None  # None: no upper bound
    high_inclusive: bool
    points: int
    id: str | None
    label: Message | None
    text: Message  # the bounds in words: "lebih dari 30"
    line: int


def compile_bands(
    doc,
    problems: Problems,
    *,
    integer: bool,
    extra_keys: frozenset,
    line: int,
    need_points: bool = True,
    need_ids: bool = False,
) -> tuple[Band, ...]:
    if not isinstance(doc, LineList) or not doc:
        problems.add(line_of(doc) or line, N_("bands harus berupa daftar pita nilai."))
        return ()
    bands = []
    for index, entry in enumerate(doc):
        band = _band(
            entry, doc.line_of(index), problems, integer, extra_keys, need_points, need_ids
        )
        if band is not None:
            bands.append(band)
    if len(bands) != len(doc):
        return ()
    bands.sort(key=lambda b: (-float("inf") if b.low is None else b.low, not b.low_inclusive))
    ok = True
    if bands[0].low is not None:
        problems.add(
            bands[0].line,
            N_("Pita nilai meninggalkan celah: tidak ada pita untuk nilai di bawah %(x)s."),
            x=bands[0].low,
        )
        ok = False
    if bands[-1].high is not None:
        problems.add(
            bands[-1].line,
            N_("Pita nilai meninggalkan celah: tidak ada pita untuk nilai di atas %(x)s."),
            x=bands[-1].high,
        )
        ok = False
    for previous, band in pairwise(bands):
        if (
            previous.high is None
            or band.low is None
            or band.low < previous.high
            or (band.low == previous.high and band.low_inclusive and previous.high_inclusive)
        ):
            problems.add(
                band.line,
                N_("Pita nilai tumpang tindih dengan pita di baris %(other)s."),
                other=previous.line,
            )
            ok = False
        elif band.low > previous.high or not (band.low_inclusive or previous.high_inclusive):
            problems.add(
                band.line,
                N_(
                    "Pita nilai meninggalkan celah setelah pita di baris %(other)s (sekitar %(x)s)."
                ),
                other=previous.line,
                x=previous.high,
            )
            ok = False
    return tuple(bands) if ok else ()


def _band(entry, line, problems, integer, extra_keys, need_points, need_ids) -> Band | None:
    if not isinstance(entry, LineDict):
        problems.add(
            line,
            N_("Setiap pita nilai harus berupa mapping, misalnya {from: 25, to: 30, points: 1}."),
        )
        return None
    unknown = set(entry) - set(BOUND_KEYS) - extra_keys
    if unknown:
        problems.add(
            line,
            N_("Kunci tidak dikenal pada pita nilai: %(keys)s."),
            keys=", ".join(sorted(map(str, unknown))),
        )
        return None
    for key in BOUND_KEYS:
        if key in entry and not _is_number(entry[key]):
            problems.add(entry.line_of(key), N_("Batas %(key)s harus berupa angka."), key=key)
            return None
    if ("from" in entry and "above" in entry) or ("below" in entry and "to" in entry):
        problems.add(
            line,
            N_(
                "Pita nilai hanya boleh punya satu batas bawah (from/above) dan satu "
                "batas atas (below/to)."
            ),
        )
        return None
    points = entry.get("points", 0)
    if need_points and (
        "points" not in entry or not isinstance(points, int) or isinstance(points, bool)
    ):
        problems.add(line, N_("Pita nilai harus punya points (bilangan bulat)."))
        return None
    if need_ids and not isinstance(entry.get("id"), str):
        problems.add(line, N_("Pita nilai harus punya id."))
        return None
    low, low_inclusive = _bound(entry, "from", "above")
    high, high_inclusive = _bound(entry, "to", "below")
    # Described as the author wrote it ("lebih dari 102", as the published table says).
    text = _describe(low, low_inclusive, high, high_inclusive, integer)
    if integer:
        # On whole numbers "> 44" is "≥ 45" and "≤ 44" is "< 45": normalise so they meet.
        if low is not None and not low_inclusive:
            low, low_inclusive = _next_int(low), True
        if high is not None and high_inclusive:
            high, high_inclusive = _next_int(high), False
    if (
        low is not None
        and high is not None
        and (low > high or (low == high and not (low_inclusive and high_inclusive)))
    ):
        problems.add(line, N_("Batas bawah pita nilai harus lebih kecil dari batas atasnya."))
        return None
    label = entry.get("label")
    return Band(
        low,
        low_inclusive,
        high,
        high_inclusive,
        points,
        entry.get("id"),
        Message(label) if isinstance(label, str) else None,
        text,
        line,
    )


def _bound(entry, inclusive_key, exclusive_key):
    if inclusive_key in entry:
        return entry[inclusive_key], True
    if exclusive_key in entry:
        return entry[exclusive_key], False
    return None, False


def _next_int(value) -> int:
    return int(value) + 1 if value == int(value) else -int(-value // 1)


def _describe(low, low_inclusive, high, high_inclusive, integer) -> Message:
    if integer and low_inclusive and low is not None and high is not None and not high_inclusive:
        return Message(N_("%(low)s sampai %(high)s"), {"low": low, "high": high - 1})
    if low is None:
        if high is None:
            return Message(N_("berapa pun"))
        if high_inclusive:
            return Message(N_("%(high)s atau kurang"), {"high": high})
        return Message(N_("kurang dari %(high)s"), {"high": high})
    if high is None:
        if low_inclusive:
            return Message(N_("%(low)s atau lebih"), {"low": low})
        return Message(N_("lebih dari %(low)s"), {"low": low})
    templates = {
        (True, True): N_("%(low)s sampai %(high)s"),
        (True, False): N_("%(low)s sampai kurang dari %(high)s"),
        (False, True): N_("lebih dari %(low)s sampai %(high)s"),
        (False, False): N_("lebih dari %(low)s sampai kurang dari %(high)s"),
    }
    return Message(templates[low_inclusive, high_inclusive], {"low": low, "high": high})


def find_band(bands: tuple[Band, ...], value) -> Band:
    """The band holding `value`; bands are sorted and cover every value."""
    for band in bands:
        high = band.high
        if high is None or value < high or (value == high and band.high_inclusive):
            return band
    return bands[-1]


def band_range(bands: tuple[Band, ...]) -> tuple[int, int]:
    points = [b.points for b in bands]
    return min(points), max(points)
