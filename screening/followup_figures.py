"""The follow-up loop's figures as people read them: the share of referrals seen by their
deadline, the median days from referral to visit, and the small-number rule of the Dinkes page.

Plain Python (no Flask). The counts come from `store.followup_stats` (see its docstring for what
each one means).

Small numbers (UU 27/2022: health data of people who can be picked out): on the Dinkes page and
its export, any count from 1 to 4 is shown as "<5" (0 is shown: it tells nothing about a person),
and the shares and medians of an FKTP with fewer than 5 referrals are not shown at all: with so few
referrals, a share or a median points at one officer.

Complementary suppression: when exactly one row of a column shows "<5" and the city total of that
column is shown, the hidden count would be the total minus the other rows. So the smallest other
count of that column from 5 up (the first such row on a tie) is hidden too, marked HIDDEN
("disembunyikan"), never "<5": it is not a small number, and reading it as one would be wrong.
A zero is never the partner: a hidden 0 next to a total leaves the suppressed count known to the
reader who guesses the zero. With two or more "<5" cells in a column the total gives their sum,
which gives none of them away unless it is the smallest or the largest it can be: k cells adding
up to k are each 1, adding up to 4k each 4. Then a partner is hidden too, as for a lone cell; and
since a partner is at least 5, the next smallest is hidden as well while the hidden cells add up to
the least they can (a 1 beside a partner of 5). A
total that is "<5" itself over four "<5" cells (each must be 1) is hidden. A column with no "<5"
needs nothing.
"""

from dataclasses import dataclass, replace

from screening.exports import Column
from screening.store.followup_stats import COUNTS, FITNESS

SMALL = 5  # counts below this (but above 0) are suppressed
SUPPRESSED = "<5"
HIDDEN = "disembunyikan"  # a count hidden so that a "<5" beside it cannot be worked out
# The columns of counts the Dinkes table suppresses (its shares and medians follow `small`).
COUNT_COLUMNS = ("referred", "seen", "overdue", *FITNESS)


def suppress(count: int) -> int | str:
    """`count` as the Dinkes page may show it: 0, "<5" for 1 to 4, else the count."""
    return SUPPRESSED if 0 < count < SMALL else count


def share_seen_by_deadline(counts: dict) -> float | None:
    """Percent of the decided referrals that were seen on or before their deadline; None when no
    referral is decided yet (nothing to say, which is not 0 %)."""
    decided = counts.get("decided") or 0
    return 100 * counts["seen_by_deadline"] / decided if decided else None


def median_days(histogram: dict[int, int]) -> float | None:
    """The median of the days from referral to visit, from {days: referrals}; None when none was
    seen. With an even number of visits, the mean of the two middle ones (so may end in .5)."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def at(position: int) -> int:  # the value at a 0-based position of the sorted visits
        seen = 0
        for days, count in ordered:
            seen += count
            if position < seen:
                return days
        raise AssertionError("position beyond the visits")  # pragma: no cover

    middle = total // 2
    if total % 2:
        return float(at(middle))
    return (at(middle - 1) + at(middle)) / 2


@dataclass(frozen=True)
class Figures:
    """One row: its counts, its loop figures, and whether the derived ones may be shown."""

    counts: dict
    share: float | None
    median: float | None
    small: bool  # fewer than SMALL referrals: shares and medians are not shown on the Dinkes page
    hidden: frozenset[str] = frozenset()  # counts hidden beside a lone "<5" (`protect`)

    def shown(self, key: str) -> int | str:
        if key in self.hidden:
            return HIDDEN
        return suppress(self.counts[key])


def figures(counts: dict | None) -> Figures:
    counts = counts or {}
    numbers = {key: counts.get(key, 0) for key in COUNTS}
    return Figures(
        counts=numbers,
        share=share_seen_by_deadline(numbers),
        median=median_days(counts.get("days") or {}),
        small=numbers["referred"] < SMALL,
    )


def combine(groups: list[dict]) -> dict:
    """Several groups' counts and histograms added up: the city total row."""
    total = dict.fromkeys(COUNTS, 0) | {"days": {}}
    for counts in groups:
        for key in COUNTS:
            total[key] += counts.get(key, 0)
        for days, n in (counts.get("days") or {}).items():
            total["days"][days] = total["days"].get(days, 0) + n
    return total


# --- the Dinkes table, as rows for the page and the export ------------------------------------

UNASSIGNED = "FKTP belum ditentukan"

SHEET_COLUMNS = (
    Column("FKTP", 32),
    Column("Kode FKTP", 11, as_text=True),
    Column("Dirujuk", 9),
    Column("Sudah diperiksa", 10),
    Column("Lewat batas", 9),
    Column("Diperiksa sebelum batas (%)", 14),
    Column("Median hari sampai diperiksa", 14),
    Column("Layak bertugas", 10),
    Column("Layak dengan catatan", 11),
    Column("Tidak layak sementara", 11),
)


def _worked_out(small: list[int], partners: list[int]) -> bool:
    """Whether a reader could tell each hidden count of a column from their sum (the total minus
    the shown cells): "<5" cells are 1 to 4 and hidden partners at least SMALL, so the sum gives
    them away when it is the least they can add up to; with no partner, one cell alone, or the
    most "<5" cells can add up to, gives them away too."""
    least = len(small) + SMALL * len(partners)
    if not partners:
        return len(small) == 1 or sum(small) in (least, (SMALL - 1) * len(small))
    return sum(small) + sum(partners) == least


def protect(rows: list[Figures], total: Figures) -> tuple[list[Figures], Figures]:
    """The rows and the total with the complementary cells hidden (see the module's docstring):
    per column of counts with its total shown, when its "<5" cells could be worked out from the
    total (one alone, or a sum only one split makes), the smallest other count from SMALL up is
    hidden as well, and the next while the hidden counts could still be worked out (a "<5"
    of 1 beside a partner of 5 adds up to 6, which only 1 + 5 makes). A total that is "<5"
    itself over four "<5" cells (each must then be 1) is hidden instead: there is no count from
    SMALL up to hide beside them; so is a shown total whose "<5" cells no partner can cover."""
    hidden: list[set[str]] = [set() for _ in rows]
    total_hidden = set()
    for key in COUNT_COLUMNS:
        small = [row.counts[key] for row in rows if suppress(row.counts[key]) == SUPPRESSED]
        if suppress(total.counts[key]) == SUPPRESSED:
            # The "<5" cells add up to at most 4: only four of them (each 1) are given away.
            if len(small) == SMALL - 1:
                total_hidden.add(key)
            continue
        # Partners from the smallest count up (the first row on a tie), until the hidden
        # counts together no longer give themselves away.
        candidates = sorted(
            (i for i, row in enumerate(rows) if row.counts[key] >= SMALL),
            key=lambda i: rows[i].counts[key],
        )
        chosen: list[int] = []
        while small and candidates and _worked_out(small, [rows[i].counts[key] for i in chosen]):
            chosen.append(candidates.pop(0))
        for i in chosen:
            hidden[i].add(key)
        if small and _worked_out(small, [rows[i].counts[key] for i in chosen]):
            total_hidden.add(key)  # no count left to hide beside them (five 1s make 5)
    protected = [
        replace(row, hidden=frozenset(keys)) if keys else row
        for row, keys in zip(rows, hidden, strict=True)
    ]
    return protected, replace(total, hidden=frozenset(total_hidden)) if total_hidden else total


def table(fktps: list[dict], per_fktp: dict) -> tuple[list[dict], Figures]:
    """One row per FKTP (every FKTP of the city, in the order given, then the referrals with no
    FKTP yet when there are any), each {"code", "name", "figures"}, and the city total; counts
    that would give away a suppressed one are hidden (`protect`)."""
    rows = [
        {"code": f["code"], "name": f["name"], "figures": figures(per_fktp.get(f["code"]))}
        for f in fktps
    ]
    known = {f["code"] for f in fktps}
    # Referrals to an FKTP no longer listed (should not happen) keep a row under their code.
    for code in sorted(c for c in per_fktp if c is not None and c not in known):
        rows.append({"code": code, "name": code, "figures": figures(per_fktp[code])})
    if per_fktp.get(None):
        rows.append({"code": None, "name": None, "figures": figures(per_fktp[None])})
    total = figures(combine(list(per_fktp.values())))
    protected, total = protect([row["figures"] for row in rows], total)
    return [row | {"figures": f} for row, f in zip(rows, protected, strict=True)], total


def sheet_row(name: str, code: str | None, row: Figures) -> list:
    """The same cells as the page: counts suppressed, derived figures left empty when small."""
    derived = not row.small
    return [
        name,
        code,
        row.shown("referred"),
        row.shown("seen"),
        row.shown("overdue"),
        round(row.share, 1) if derived and row.share is not None else None,
        row.median if derived and row.median is not None else None,
        *(row.shown(key) for key in FITNESS),
    ]
