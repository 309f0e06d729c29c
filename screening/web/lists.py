"""The one list helper: the filters a list page reads from its query string (only values it
knows; anything else means "no filter", never an error) and the page of a long list.

Every staff list (the clinician's worklist, KPU's referrals and officers, the audit log) reads
its filters and its page here, so `?halaman=abc&status=hilang` behaves the same everywhere.
"""

from collections.abc import Collection
from dataclasses import dataclass

from flask import request

from screening import values
from screening.web import params

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """One page of a list: which one, and the rows it skips."""

    number: int
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def pager(self, total: int) -> dict:
        """What the `_pager.html` macro needs: this page, the number of pages, the total."""
        return {
            "page": self.number,
            "pages": max((total + self.size - 1) // self.size, 1),
            "total": total,
        }


def current_page(size: int = PAGE_SIZE) -> Page:
    """The page asked for in `?halaman=`; 1 for anything that is not a page number."""
    return Page(params.page(request.args), size)


def choice(name: str, allowed: Collection[str]) -> str | None:
    """A filter of the query string that must be one of `allowed`; None for anything else."""
    wanted = request.args.get(name)
    return wanted if wanted in allowed else None


def kecamatan(known: list[dict]) -> str | None:
    """The `?kecamatan=` filter, one of the kecamatan the page offers."""
    return choice("kecamatan", {k["code"] for k in known})


def area(source=None) -> dict:
    """The kecamatan / kelurahan / TPS filter of an officer list, each checked for its shape,
    from the query string (or the posted form given as `source`)."""
    source = request.args if source is None else source
    return {
        "kecamatan": values.code(source.get("kecamatan"), values.DIGITS, 6),
        "kelurahan": values.code(source.get("kelurahan"), values.DIGITS, 10),
        "tps": values.positive_int(source.get("tps"), at_most=values.MAX_TPS),
    }
