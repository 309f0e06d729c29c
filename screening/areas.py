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
