"""Which part of the city to print for: a kecamatan, a kelurahan, a TPS or the whole city, given by
region code (dotted or not) or by name, as KPU operators type them.

Plain Python over the store. Errors are structured messages (`AreaError.message`) that the command
line and the web pages translate.
"""

import re
from dataclasses import dataclass

from screening import values
from screening.messages import N_, Message, MessageError
from screening.store import regions


class AreaError(MessageError):
    """Filters that name no part of the city; `message` says why."""


@dataclass(frozen=True, slots=True)
class Area:
    kecamatan: str | None = None  # codes
    kelurahan: str | None = None
    tps: int | None = None
    kecamatan_name: str | None = None
    kelurahan_name: str | None = None

    def filters(self) -> dict:
        return {"kecamatan": self.kecamatan, "kelurahan": self.kelurahan, "tps": self.tps}

    def label(self) -> Message:
        if self.tps is not None:
            return Message(
                N_("Kelurahan %(kelurahan)s, TPS %(tps)s"),
                {"kelurahan": self.kelurahan_name, "tps": f"{self.tps:03d}"},
            )
        if self.kelurahan:
            return Message(N_("Kelurahan %(kelurahan)s"), {"kelurahan": self.kelurahan_name})
        if self.kecamatan:
            return Message(N_("Kecamatan %(kecamatan)s"), {"kecamatan": self.kecamatan_name})
        return Message(N_("Seluruh kota"))

    def slug(self) -> str:
        """For file names: `kota`, `337501`, `3375011002`, `3375011002-tps003`."""
        if self.tps is not None:
            return f"{self.kelurahan}-tps{self.tps:03d}"
        return self.kelurahan or self.kecamatan or "kota"


def _digits(text: str) -> str | None:
    """`33.75.01` or `337501` → `337501`; None for a name."""
    compact = re.sub(r"[\s.]", "", text)
    return compact if re.fullmatch(r"[0-9]+", compact) else None


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _named(places: list[dict], typed: str) -> list[dict]:
    """The places a typed code (dotted or not) or name stands for."""
    code = _digits(typed)
    return [p for p in places if (p["code"] == code if code else _same_name(p["name"], typed))]


def resolve(db, *, kecamatan=None, kelurahan=None, tps=None) -> Area:
    """Check the filters against the map; raise AreaError with a message for the operator."""
    kecamatan = (kecamatan or "").strip() or None
    kelurahan = (kelurahan or "").strip() or None
    tps = str(tps).strip() if tps not in (None, "") else None
    kec = None
    if kecamatan:
        matches = _named(regions.all_kecamatan(db), kecamatan)
        if not matches:
            raise AreaError(N_('Kecamatan "%(name)s" tidak dikenal.'), name=kecamatan)
        kec = matches[0]
    kel = None
    if kelurahan:
        matches = _named(regions.all_kelurahan(db), kelurahan)
        if kec and len(matches) > 1:
            matches = [k for k in matches if k["kecamatan_code"] == kec["code"]] or matches
        if not matches:
            raise AreaError(N_('Kelurahan "%(name)s" tidak dikenal.'), name=kelurahan)
        if len(matches) > 1:
            raise AreaError(
                N_('Ada beberapa kelurahan bernama "%(name)s": sebutkan juga kecamatannya.'),
                name=kelurahan,
            )
        kel = matches[0]
        if kec and kel["kecamatan_code"] != kec["code"]:
            raise AreaError(
                N_("Kelurahan %(kelurahan)s tidak berada di Kecamatan %(kecamatan)s."),
                kelurahan=kel["name"],
                kecamatan=kec["name"],
            )
        if kec is None:
            kec = next(k for k in regions.all_kecamatan(db) if k["code"] == kel["kecamatan_code"])
    number = None
    if tps is not None:
        if kel is None:
            raise AreaError(N_("TPS hanya dapat dipilih bersama kelurahannya."))
        number = values.positive_int(tps, at_most=values.MAX_TPS)
        if number is None:
            raise AreaError(N_('Nomor TPS harus angka 1 atau lebih, bukan "%(tps)s".'), tps=tps)
        if kel.get("tps_count") and number > kel["tps_count"]:
            raise AreaError(
                N_("Kelurahan %(kelurahan)s hanya punya %(count)s TPS."),
                kelurahan=kel["name"],
                count=kel["tps_count"],
            )
    return Area(
        kecamatan=kec["code"] if kec else None,
        kelurahan=kel["code"] if kel else None,
        tps=number,
        kecamatan_name=kec["name"] if kec else None,
        kelurahan_name=kel["name"] if kel else None,
    )


# --- the area a staff member may see --------------------------------------------------------------

# Roles that see one area only, and the level of the area each is given (staff.area_code).
AREA_ROLES = {"ppk": "kecamatan", "pps": "kelurahan"}


class OutsideArea(Exception):
    """A request that names a place outside the staff member's area (the web side answers 404)."""


def area_for_code(db, role: str, code: str | None) -> Area | None:
    """The area `code` stands for at the level `role` is given, or None when it is no such
    place. Checks an account's area when it is made and each time it is used."""
    level = AREA_ROLES.get(role)
    if level is None or not code:
        return None
    if level == "kecamatan":
        kec = regions.kecamatan_by_code(db, code)
        return Area(kecamatan=kec["code"], kecamatan_name=kec["name"]) if kec else None
    kel = regions.kelurahan_by_code(db, code)
    if kel is None:
        return None
    kec = regions.kecamatan_by_code(db, kel["kecamatan_code"])
    return Area(
        kecamatan=kel["kecamatan_code"],
        kelurahan=kel["code"],
        kecamatan_name=kec["name"] if kec else None,
        kelurahan_name=kel["name"],
    )


def staff_area(db, staff) -> Area | None:
    """The part of the city `staff` may see: None for the whole city (KPU Kota, admin), their
    kecamatan (PPK) or kelurahan (PPS). Raises OutsideArea for an area account whose area is no
    longer on the map: it then sees nothing rather than everything."""
    if staff["role"] not in AREA_ROLES:
        return None
    area = area_for_code(db, staff["role"], staff.get("area_code"))
    if area is None:
        raise OutsideArea(staff.get("area_code"))
    return area


def narrow(db, scope: Area | None, *, kecamatan=None, kelurahan=None, tps=None) -> dict:
    """The kecamatan / kelurahan / TPS filter of a request (codes, already checked for shape),
    narrowed to `scope`: what is not asked for is filled in from the scope; asking for a place
    outside it raises OutsideArea. The whole city (`scope` None) narrows nothing."""
    wanted = {"kecamatan": kecamatan, "kelurahan": kelurahan, "tps": tps}
    if scope is None:
        return wanted
    if kecamatan and kecamatan != scope.kecamatan:
        raise OutsideArea(kecamatan)
    if kelurahan:
        if scope.kelurahan:
            if kelurahan != scope.kelurahan:
                raise OutsideArea(kelurahan)
        else:
            place = regions.kelurahan_by_code(db, kelurahan)
            if place is None or place["kecamatan_code"] != scope.kecamatan:
                raise OutsideArea(kelurahan)
    return {
        "kecamatan": scope.kecamatan,
        "kelurahan": kelurahan or scope.kelurahan,
        "tps": tps,
    }


def contains(scope: Area | None, place) -> bool:
    """Whether a record with `kecamatan_code` and `kelurahan_code` (an officer, a referral) lies
    in `scope`."""
    if scope is None:
        return True
    if scope.kelurahan:
        return place.get("kelurahan_code") == scope.kelurahan
    return place.get("kecamatan_code") == scope.kecamatan


def places_in(scope: Area | None, places: list[dict]) -> list[dict]:
    """The kecamatan or kelurahan of `places` (each with `code`, and `kecamatan_code` for a
    kelurahan) that lie in `scope`: what a choice of place offers."""
    if scope is None:
        return places
    kept = []
    for place in places:
        if "kecamatan_code" in place:  # a kelurahan
            inside = place["kecamatan_code"] == scope.kecamatan and (
                scope.kelurahan is None or place["code"] == scope.kelurahan
            )
        else:
            inside = place["code"] == scope.kecamatan
        if inside:
            kept.append(place)
    return kept


def within(scope: Area | None, area: Area) -> Area:
    """A resolved `area` kept to `scope`: the whole city or the scope's own kecamatan stands
    for the scope itself; a place outside it raises OutsideArea."""
    if scope is None:
        return area
    if area.kelurahan:
        place = {"kecamatan_code": area.kecamatan, "kelurahan_code": area.kelurahan}
        if not contains(scope, place):
            raise OutsideArea(area.kelurahan)
        return area
    if area.kecamatan and area.kecamatan != scope.kecamatan:
        raise OutsideArea(area.kecamatan)
    return scope
