"""NIK (Nomor Induk Kependudukan): parse, validate, mask and build.

A NIK is 16 digits: province(2) regency(2) district(2) DDMMYY serial(4), where women have 40 added
to the day of birth. The year has only two digits; an election officer's NIK is read with the
officer age window (KPU: 17 to 55 on polling day), which leaves exactly one possible century.

Errors are raised as `NikError`, whose `message` (a msgid in plain Bahasa Indonesia with named
params, marked with `N_` for Babel) the caller translates at display time.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from screening.messages import N_, MessageError

# Current Kemendagri province codes. python-stdnum's table lacks 65 and 92–96 and must not be used.
# Papua's codes were renumbered in 2022 and a NIK keeps the digits it was issued with, so a code
# says where the NIK was issued, not which province that area belongs to today.
PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "Daerah Istimewa Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
MIN_OFFICER_AGE = 17
MAX_OFFICER_AGE = 55

# What people type between digit groups: spaces (also the no-break kinds phones and spreadsheets
# insert), dots, and hyphens (phones autocorrect "-" into the longer dashes).
_SEPARATORS = re.compile(r"[\s\u00a0\u2007\u202f.\-\u2010\u2011\u2012\u2013\u2014\u2212]+")
# ASCII digits only: str.isdigit() and \d also accept other scripts' digits and superscripts.
_DIGITS = re.compile(r"[0-9]*")

MSG_EMPTY = N_("NIK belum diisi.")
MSG_NOT_DIGITS = N_("NIK hanya boleh berisi angka.")
MSG_LENGTH = N_("NIK harus 16 angka; yang diisi %(count)s angka.")
MSG_PROVINCE = N_("Kode provinsi %(code)s pada NIK tidak dikenal.")
MSG_REGENCY = N_("Kode kabupaten/kota pada NIK tidak valid (%(code)s).")
MSG_DISTRICT = N_("Kode kecamatan pada NIK tidak valid (%(code)s).")
MSG_BIRTH_DATE = N_("Tanggal lahir pada NIK tidak valid (%(ddmmyy)s).")
MSG_AGE = N_(
    "Dari NIK, umur pada hari pemungutan suara tidak di antara %(min_age)s dan %(max_age)s tahun."
)
MSG_SERIAL = N_("Nomor urut pada NIK (4 angka terakhir) tidak boleh 0000.")


class NikError(MessageError):
    """A NIK that cannot be accepted; `message` says why."""


@dataclass(frozen=True)
class Nik:
    """A NIK that passed every check, with its parts; codes are digit strings."""

    nik: str
    province: str
    regency: str
    district: str
    birth_date: date
    sex: str  # 'L' (laki-laki) or 'P' (perempuan)
    serial: str

    @property
    def region(self) -> str:
        """The 6-digit kecamatan code the NIK was issued in, as stored: `337501`."""
        return self.province + self.regency + self.district


def normalise_nik(text: str) -> str:
    """Return the 16 digits of a NIK as typed ("3375 0141.0890-0001"), or raise NikError.

    Checks only the form (digits and length), not the meaning: that is `parse_nik`.
    """
    digits = _SEPARATORS.sub("", text or "")
    if not digits:
        raise NikError(MSG_EMPTY)
    if not _DIGITS.fullmatch(digits):
        raise NikError(MSG_NOT_DIGITS)
    if len(digits) != NIK_LENGTH:
        raise NikError(MSG_LENGTH, count=len(digits))
    return digits


def parse_nik(
    text: str,
    *,
    polling_day: date,
    min_age: int = MIN_OFFICER_AGE,
    max_age: int = MAX_OFFICER_AGE,
) -> Nik:
    """Parse and validate an officer's NIK; raise NikError with the first problem found.

    The century of the birth year is the one that puts the officer's age on `polling_day`
    between `min_age` and `max_age` inclusive; with no such century the NIK is refused.
    """
    nik = normalise_nik(text)
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    day_field, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    serial = nik[12:16]

    if province not in PROVINCES:
        raise NikError(MSG_PROVINCE, code=province)
    if regency == "00":
        raise NikError(MSG_REGENCY, code=regency)
    if district == "00":
        raise NikError(MSG_DISTRICT, code=district)

    sex = "P" if day_field > FEMALE_DAY_OFFSET else "L"
    day = day_field - FEMALE_DAY_OFFSET if sex == "P" else day_field
    # Only the polling day's century and the one before can hold someone of working age;
    # 29 February may exist in one and not the other (2000 was a leap year, 1900 was not).
    this_century = polling_day.year // 100 * 100
    candidates = [
        born
        for century in (this_century - 100, this_century)
        if (born := _date_or_none(century + year, month, day)) is not None
    ]
    if not candidates:
        raise NikError(MSG_BIRTH_DATE, ddmmyy=nik[6:12])
    in_window = [b for b in candidates if min_age <= age_on(b, polling_day) <= max_age]
    if not in_window:
        raise NikError(MSG_AGE, min_age=min_age, max_age=max_age)

    if serial == "0000":
        raise NikError(MSG_SERIAL)

    return Nik(
        nik=nik,
        province=province,
        regency=regency,
        district=district,
        birth_date=in_window[0],
        sex=sex,
        serial=serial,
    )


def mask_nik(nik: str) -> str:
    """Hide all but the region (first 6) and the last 2 digits: `337501********01`.

    For staff screens that need to tell officers apart but not to know who they are.
    """
    digits = normalise_nik(nik)
    return digits[:6] + "*" * (NIK_LENGTH - 8) + digits[-2:]


def make_nik(region6: str, birth_date: date, sex: str, serial: int) -> str:
    """Build a NIK from its parts (for demo data and tests); raise ValueError on bad parts."""
    if len(region6) != 6 or not _DIGITS.fullmatch(region6):
        raise ValueError(f"region6 must be 6 digits, got {region6!r}")
    if sex not in ("L", "P"):
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1..9999, got {serial!r}")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "P" else 0)
    return f"{region6}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on `day` (someone born on 29 February turns a year older on 1 March)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_date_range(polling_day: date, age: int) -> tuple[date, date]:
    """First and last birth dates of someone exactly `age` years old on `polling_day`."""
    latest = years_before(polling_day, age)
    earliest = years_before(polling_day, age + 1) + timedelta(days=1)
    return earliest, latest


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
