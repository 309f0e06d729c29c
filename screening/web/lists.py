"""The one list helper: the filters a list page reads from its query string (only values it
knows; anything else means "no filter", never an error) and the page of a long list.

Every staff list (the clinician's worklist, KPU's referrals and officers, the audit log) reads
its filters and its page here, so `?halaman=abc&status=hilang` behaves the same everywhere.
"""

from collections.abc import Collection
from dataclasses import dataclass

from flask import abort, g, request

from screening import areas, values
from screening.store import regions
from screening.web import params
from screening.web.database import get_db

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


def choice(name: str, allowed: Collection[str], source=None) -> str | None:
    """A value of the query string (or of the posted form given as `source`) that must be one
    of `allowed`; None for anything else."""
    wanted = (request.args if source is None else source).get(name)
    return wanted if wanted in allowed else None


def kecamatan(known: list[dict]) -> str | None:
    """The `?kecamatan=` filter, one of the kecamatan the page offers."""
    return choice("kecamatan", {k["code"] for k in known})


def scope() -> areas.Area | None:
    """The part of the city the signed-in staff member may see: None for the whole city (KPU
    Kota, admin), else their kecamatan (PPK) or kelurahan (PPS). An area account whose area is
    gone from the map sees nothing (404)."""
    if "staff_scope" not in g:
        try:
            g.staff_scope = areas.staff_area(get_db(), g.staff)
        except areas.OutsideArea:
            abort(404)
    return g.staff_scope


def area(source=None) -> dict:
    """The kecamatan / kelurahan / TPS filter of an officer list, each checked for its shape,
    from the query string (or the posted form given as `source`), narrowed to the staff
    member's area: what they leave out is their area, and another area is not found (404).
    Every page, list and download of an area reads its filter here."""
    source = request.args if source is None else source
    return narrowed(
        kecamatan=values.code(source.get("kecamatan"), values.DIGITS, 6),
        kelurahan=values.code(source.get("kelurahan"), values.DIGITS, 10),
        tps=values.positive_int(source.get("tps"), at_most=values.MAX_TPS),
    )


def narrowed(*, kecamatan=None, kelurahan=None, tps=None) -> dict:
    """An area filter of well-formed codes narrowed to the staff member's area (404 outside)."""
    try:
        return areas.narrow(get_db(), scope(), kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    except areas.OutsideArea:
        abort(404)


def in_scope(record) -> bool:
    """Whether an officer or referral (with kecamatan_code, kelurahan_code) is the staff
    member's to see."""
    return areas.contains(scope(), record)


def kecamatan_choices() -> list[dict]:
    """The kecamatan a choice of place offers this staff member."""
    return areas.places_in(scope(), regions.all_kecamatan(get_db()))


def kelurahan_choices() -> list[dict]:
    """The kelurahan a choice of place offers this staff member."""
    return areas.places_in(scope(), regions.all_kelurahan(get_db()))
