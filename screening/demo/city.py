"""The demo city (Kota Pekalongan): kecamatan, kelurahan with their TPS counts, and FKTPs.

The facts live in `kota_pekalongan.yaml` beside this module, with their sources; this module only
reads and checks them, so a mistake in the data fails at load time with the file and the item.
"""

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

DATA_FILE = "kota_pekalongan.yaml"
FKTP_KINDS = ("puskesmas", "klinik", "dokter")

# Keys in the data file that document the data and are not loaded.
_NOTE_KEYS = {"other_names", "unconfirmed", "invented"}


class CityDataError(ValueError):
    """The city data file is inconsistent."""


@dataclass(frozen=True)
class Kecamatan:
    code: str  # 6 digits: 337501
    name: str


@dataclass(frozen=True)
class Kelurahan:
    code: str  # 10 digits: 3375011006
    name: str
    kecamatan_code: str
    tps_count: int


@dataclass(frozen=True)
class Fktp:
    code: str  # 8 characters
    name: str
    kind: str  # 'puskesmas' | 'klinik' | 'dokter'
    address: str
    kecamatan_code: str
    kelurahan_code: str
    # The kelurahan whose residents this Puskesmas serves (its wilayah kerja); empty otherwise.
    service_area: tuple[str, ...] = ()
    # How the officer reaches it to ask or move a visit: "(0285) 421347" or a mobile number.
    phone: str | None = None


@dataclass(frozen=True)
class City:
    code: str  # 4 digits: 3375
    name: str
    kecamatan: tuple[Kecamatan, ...]
    kelurahan: tuple[Kelurahan, ...]
    fktp: tuple[Fktp, ...]

    @property
    def tps_count(self) -> int:
        return sum(k.tps_count for k in self.kelurahan)

    def kelurahan_in(self, kecamatan_code: str) -> tuple[Kelurahan, ...]:
        return tuple(k for k in self.kelurahan if k.kecamatan_code == kecamatan_code)

    def fktp_by_code(self, code: str) -> Fktp:
        for fktp in self.fktp:
            if fktp.code == code:
                return fktp
        raise KeyError(code)

    def puskesmas_for(self, kelurahan_code: str) -> Fktp:
        """The Puskesmas whose service area holds this kelurahan."""
        for fktp in self.fktp:
            if kelurahan_code in fktp.service_area:
                return fktp
        raise KeyError(kelurahan_code)


def load_city(path: str | Path | None = None) -> City:
    """Read and check the city data file (by default the packaged Kota Pekalongan)."""
    if path is None:
        source = resources.files(__package__).joinpath(DATA_FILE)
        where = DATA_FILE
    else:
        source = Path(path)
        where = str(path)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    return _build_city(data, where)


def _build_city(data: dict, where: str) -> City:
    def fail(message: str) -> CityDataError:
        return CityDataError(f"{where}: {message}")

    city_code = str(data["code"])
    kecamatan: list[Kecamatan] = []
    kelurahan: list[Kelurahan] = []
    for item in data["kecamatan"]:
        kec = Kecamatan(code=str(item["code"]), name=item["name"])
        if not (_is_digits(kec.code, 6) and kec.code.startswith(city_code)):
            raise fail(f"kecamatan {kec.name}: code {kec.code!r} is not 6 digits in {city_code}")
        kecamatan.append(kec)
        for entry in item["kelurahan"]:
            _check_keys(entry, {"code", "name", "tps"}, fail)
            kel = Kelurahan(
                code=str(entry["code"]),
                name=entry["name"],
                kecamatan_code=kec.code,
                tps_count=int(entry["tps"]),
            )
            # Kelurahan codes are 1xxx after the kecamatan code; desa would be 2xxx.
            if not (_is_digits(kel.code, 10) and kel.code.startswith(kec.code + "1")):
                raise fail(
                    f"kelurahan {kel.name}: code {kel.code!r} is not 10 digits in {kec.code}"
                )
            if kel.tps_count < 1:
                raise fail(f"kelurahan {kel.name}: needs at least one TPS")
            kelurahan.append(kel)

    _check_unique([k.code for k in kecamatan], "kecamatan code", fail)
    _check_unique([k.code for k in kelurahan], "kelurahan code", fail)
    kelurahan_by_code = {k.code: k for k in kelurahan}

    fktps: list[Fktp] = []
    for entry in data["fktp"]:
        _check_keys(
            entry, {"code", "name", "kind", "kelurahan", "address", "serves", "phone"}, fail
        )
        code = str(entry["code"])
        where_located = kelurahan_by_code.get(str(entry["kelurahan"]))
        if where_located is None:
            raise fail(f"FKTP {entry['name']}: unknown kelurahan {entry['kelurahan']!r}")
        fktp = Fktp(
            code=code,
            name=entry["name"],
            kind=entry["kind"],
            address=entry["address"],
            kecamatan_code=where_located.kecamatan_code,
            kelurahan_code=where_located.code,
            service_area=tuple(str(c) for c in entry.get("serves", ())),
            phone=str(entry["phone"]) if entry.get("phone") else None,
        )
        if len(fktp.code) != 8 or not fktp.code.isascii() or not fktp.code.isalnum():
            raise fail(f"FKTP {fktp.name}: code {fktp.code!r} is not 8 characters")
        if fktp.phone is not None and not is_phone_number(fktp.phone):
            raise fail(f"FKTP {fktp.name}: phone {fktp.phone!r} is not a phone number")
        if fktp.kind not in FKTP_KINDS:
            raise fail(f"FKTP {fktp.name}: kind {fktp.kind!r} is not one of {FKTP_KINDS}")
        if fktp.kind != "puskesmas" and fktp.service_area:
            raise fail(f"FKTP {fktp.name}: only a Puskesmas has a service area")
        for served in fktp.service_area:
            if served not in kelurahan_by_code:
                raise fail(f"FKTP {fktp.name}: serves unknown kelurahan {served!r}")
        fktps.append(fktp)

    _check_unique([f.code for f in fktps], "FKTP code", fail)
    served = [c for f in fktps for c in f.service_area]
    _check_unique(served, "kelurahan served by a Puskesmas", fail)
    unserved = [k.name for k in kelurahan if k.code not in served]
    if unserved:
        raise fail(f"no Puskesmas serves {', '.join(unserved)}")

    return City(
        code=city_code,
        name=data["name"],
        kecamatan=tuple(kecamatan),
        kelurahan=tuple(kelurahan),
        fktp=tuple(fktps),
    )


def is_phone_number(text: str) -> bool:
    """An Indonesian number as people write it: digits with spaces, dashes, parentheses or a
    leading +, 9 to 15 digits in all (a landline with its area code, or a mobile)."""
    digits = [ch for ch in text if ch in "0123456789"]
    allowed = set("0123456789 -()+")
    return 9 <= len(digits) <= 15 and set(text) <= allowed and "+" not in text[1:]


def _is_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


def _check_keys(entry: dict, known: set[str], fail) -> None:
    unknown = sorted(set(entry) - known - _NOTE_KEYS)
    if unknown:
        raise fail(f"{entry.get('name', entry)}: unknown keys {unknown}")


def _check_unique(values: list[str], what: str, fail) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise fail(f"duplicate {what} {value!r}")
        seen.add(value)
