"""Cell values as spreadsheets and people write them, read into the roster's own forms.

Every parser takes a raw cell (str, int, float, date, datetime or None) and returns the clean
value, None for an empty cell, or raises `ValueProblem` with an Indonesian msgid and its params.
"""

import re
from datetime import date, datetime, timedelta

from screening.messages import N_, MessageError


class ValueProblem(MessageError):
    """A cell that cannot be read as its column's value; `message` says why."""


MSG_DATE = N_(
    "Tanggal lahir “%(value)s” tidak dapat dibaca; tulis seperti 14-03-1985 atau 14 Maret 1985."
)
MSG_SEX = N_("Jenis kelamin “%(value)s” tidak dikenal; tulis L atau P.")
MSG_ROLE = N_(
    "Jabatan “%(value)s” tidak dikenal; tulis KPPS, Linmas, PPS, PPK, Sekretariat PPS "
    "atau Sekretariat PPK."
)
MSG_TPS = N_("Nomor TPS “%(value)s” tidak dapat dibaca; tulis angkanya saja, misalnya 001.")
MSG_JKN_STATUS = N_(
    "Status JKN “%(value)s” tidak dikenal; tulis Aktif, Tidak Aktif atau Belum Terdaftar."
)
MSG_BPJS_TK_STATUS = N_(
    "Status BPJS Ketenagakerjaan “%(value)s” tidak dikenal; tulis Terdaftar, Tidak Aktif atau "
    "Belum Terdaftar."
)
MSG_PHONE = N_("Nomor HP “%(value)s” tidak valid; tulis seperti 081234567890.")
MSG_JKN_NUMBER = N_("Nomor JKN harus 13 angka; yang diisi %(count)s angka.")
MSG_JKN_NOT_DIGITS = N_("Nomor JKN hanya boleh berisi angka.")
MSG_FKTP_LENGTH = N_("Kode FKTP “%(value)s” harus 8 karakter.")

# Excel counts days from 30 December 1899 (its 1900 leap-year bug is before any birth date here).
EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIALS = range(1, 2958466)  # 1 January 1900 to 31 December 9999

MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "february": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}

_NUMERIC_DATE = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
_NAMED_MONTH_DATE = re.compile(r"(\d{1,2})[\s/.\-]*([a-z]+)\.?[\s/.\-,]*(\d{2,4})")
_TIME_SUFFIX = re.compile(r"[ t]\d{1,2}[:.]\d{2}([:.]\d{2}(\.\d+)?)?( ?[ap]m)?$")
# A two-digit year: officers are 17 to 55, so "85" is 1985 and "05" is 2005 for decades to come.
TWO_DIGIT_YEAR_PIVOT = 40
# Separators people put in phone and card numbers.
_NUMBER_SEPARATORS = re.compile(r"[\s\u00a0\u2007\u202f.\-()/\u2010-\u2015]+")


def text(value: object) -> str:
    """A cell as trimmed text: numbers without a trailing `.0`, dates as ISO, spaces collapsed.

    Strips the wrappers systems put around numbers to keep Excel from mangling them: a leading
    apostrophe (`'3375…`) and the formula form `="3375…"`.
    """
    if value is None:
        return ""
    if type(value) is str:  # the common case first: this runs for every cell
        result = " ".join(value.split())
        if result[:2] == '="' and result[-1:] == '"':
            result = result[2:-1].strip()
        if result[:1] == "'":
            result = result[1:].strip()
        return result
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return text(str(value))


def is_blank(value: object) -> bool:
    return text(value) in ("", "-")


def parse_date(value: object) -> date | None:
    """A birth date as Excel or a person writes it.

    Real date cells, Excel serial numbers (31120), `14/03/1985`, `14-03-1985`, `14.03.1985`,
    `1985-03-14`, `14 Maret 1985`, `14-Mar-85`, `14031985`, and "Pekalongan, 14-03-1985"
    (tempat, tanggal lahir). Day first, as Indonesia writes it; month first only when the day
    cannot be a month (`03/14/1985`, Excel set to English).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueProblem(MSG_DATE, value=text(value))
    if isinstance(value, int | float):
        return _from_serial(value, value)
    raw = text(value)
    if not raw or raw == "-":
        return None
    cleaned = raw.lower()
    if "," in cleaned:  # "Pekalongan, 14-03-1985": the place comes first
        cleaned = cleaned.rsplit(",", 1)[1].strip()
    cleaned = _TIME_SUFFIX.sub("", cleaned).strip()
    parsed = _parse_date_text(cleaned)
    if parsed is None:
        raise ValueProblem(MSG_DATE, value=raw)
    return parsed


def _parse_date_text(cleaned: str) -> date | None:
    if cleaned.isdigit():
        if len(cleaned) == 8:
            if cleaned[:2] in ("19", "20"):
                found = _date_or_none(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
                if found:
                    return found
            return _date_or_none(int(cleaned[4:]), int(cleaned[2:4]), int(cleaned[:2]))
        if len(cleaned) == 5:  # a serial number that lost its date format in a CSV
            return _from_serial(int(cleaned), cleaned)
        return None
    if match := _NUMERIC_DATE.fullmatch(cleaned):
        first, second, third = match.groups()
        if len(first) == 4:
            return _date_or_none(int(first), int(second), int(third))
        if len(third) not in (2, 4):
            return None
        year = _full_year(third)
        day, month = int(first), int(second)
        if month > 12 and day <= 12:
            day, month = month, day
        return _date_or_none(year, month, day)
    if match := _NAMED_MONTH_DATE.fullmatch(cleaned):
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name)
        if month is None:
            return None
        return _date_or_none(_full_year(year), month, int(day))
    return None


def _from_serial(serial: float, shown: object) -> date:
    if isinstance(serial, float) and not serial.is_integer():
        serial = int(serial)  # a date with a time of day: the day is what counts
    if int(serial) not in _EXCEL_SERIALS:
        raise ValueProblem(MSG_DATE, value=text(shown))
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _full_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if year >= TWO_DIGIT_YEAR_PIVOT else 2000
    return year


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _key(value: object) -> str:
    """Lower-case words only: "Laki - Laki" → "laki laki"."""
    return " ".join(re.findall(r"[a-z0-9]+", text(value).lower()))


SEXES = {
    "l": "L",
    "lk": "L",
    "laki laki": "L",
    "laki": "L",
    "lakilaki": "L",
    "lelaki": "L",
    "pria": "L",
    "male": "L",
    "m": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "female": "P",
    "f": "P",
    "w": "P",
}


def parse_sex(value: object) -> str | None:
    """'L' or 'P' from L/P, Laki-laki/Perempuan, Pria/Wanita (and LK/PR)."""
    if is_blank(value):
        return None
    sex = SEXES.get(_key(value))
    if sex is None:
        raise ValueProblem(MSG_SEX, value=text(value))
    return sex


ROLES = ("KPPS", "Linmas", "PPS", "PPK", "Sekretariat PPS", "Sekretariat PPK")
ROLES_AT_A_TPS = ("KPPS", "Linmas")
# Words that say a rank inside the body, not the body: "Ketua KPPS" and "Anggota KPPS 3" are KPPS.
_RANK_WORDS = {"ketua", "anggota", "staf", "staff", "petugas", "pegawai", "kepala"}
_ROLE_WORDS = {
    "kpps": "KPPS",
    "linmas": "Linmas",
    "satlinmas": "Linmas",
    "ketertiban tps": "Linmas",
    "keamanan tps": "Linmas",
    "pengamanan tps": "Linmas",
    "pps": "PPS",
    "ppk": "PPK",
    "sekretariat pps": "Sekretariat PPS",
    "sekretaris pps": "Sekretariat PPS",
    "sekretariat ppk": "Sekretariat PPK",
    "sekretaris ppk": "Sekretariat PPK",
    "sekpps": "Sekretariat PPS",
    "sekppk": "Sekretariat PPK",
}


def parse_role(value: object) -> str | None:
    """One of ROLES from what operators write: "Ketua KPPS", "Anggota KPPS 4", "Sekretaris PPK"."""
    if is_blank(value):
        return None
    words = [w for w in _key(value).split() if w not in _RANK_WORDS and not w.isdigit()]
    role = _ROLE_WORDS.get(" ".join(words))
    if role is None and words[:1] in (["sek"], ["sekr"], ["sekret"]):
        role = _ROLE_WORDS.get(" ".join(["sekretariat", *words[1:]]))
    if role is None:
        raise ValueProblem(MSG_ROLE, value=text(value))
    return role


_TPS = re.compile(r"(?:tps)?\s*(?:no)?\s*0*(\d{1,3})")


def parse_tps(value: object) -> int | None:
    """The TPS number inside its kelurahan from `001`, `1`, `TPS 01`, `TPS 001`."""
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else 0
    else:
        match = _TPS.fullmatch(re.sub(r"[.:#]", " ", text(value).lower()).strip())
        number = int(match.group(1)) if match else 0
    if number < 1:
        raise ValueProblem(MSG_TPS, value=text(value))
    return number


# The words BPJS Kesehatan (JKN) and BPJAMSOSTEK (BPJS Ketenagakerjaan) rosters use. BPJAMSOSTEK
# says "terdaftar" / "belum terdaftar" where BPJS Kesehatan says "aktif" / "tidak aktif"; a
# registration is live membership in both.
STATUSES = {
    "aktif": "aktif",
    "active": "aktif",
    "ya aktif": "aktif",
    "terdaftar": "aktif",
    "terdaftar aktif": "aktif",
    "aktif terdaftar": "aktif",
    "registered": "aktif",
    "tidak aktif": "tidak_aktif",
    "non aktif": "tidak_aktif",
    "nonaktif": "tidak_aktif",
    "tdk aktif": "tidak_aktif",
    "tak aktif": "tidak_aktif",
    "inactive": "tidak_aktif",
    "menunggak": "tidak_aktif",
    "terdaftar tidak aktif": "tidak_aktif",
    "terdaftar nonaktif": "tidak_aktif",
    "belum terdaftar": "belum_terdaftar",
    "belum": "belum_terdaftar",
    "blm": "belum_terdaftar",
    "blm terdaftar": "belum_terdaftar",
    "belum daftar": "belum_terdaftar",
    "tidak terdaftar": "belum_terdaftar",
    "tdk terdaftar": "belum_terdaftar",
    "tidak ada": "belum_terdaftar",
    "tidak punya": "belum_terdaftar",
    "belum punya": "belum_terdaftar",
    "belum ada": "belum_terdaftar",
    "not registered": "belum_terdaftar",
    "unregistered": "belum_terdaftar",
}
# Words around the status that do not change it: "Sudah terdaftar", "Peserta aktif".
_STATUS_FILLER = {"sudah", "sdh", "masih", "peserta", "status", "bpjs", "jkn", "kis"}
_PARENTHESES = re.compile(r"\([^)]*\)")


def _status_keys(value: object):
    """The cell as a status key, then without what is in brackets ("Nonaktif (menunggak)")."""
    for candidate in (text(value), _PARENTHESES.sub(" ", text(value))):
        yield " ".join(w for w in _key(candidate).split() if w not in _STATUS_FILLER)


def _parse_status(value: object, msgid: str) -> str | None:
    if text(value) == "-":  # a dash in the status column: nothing to report, not registered
        return "belum_terdaftar"
    if is_blank(value):
        return None
    for key in _status_keys(value):
        if key in STATUSES:
            return STATUSES[key]
    raise ValueProblem(msgid, value=text(value))


def parse_jkn_status(value: object) -> str | None:
    """'aktif', 'tidak_aktif' or 'belum_terdaftar' from Aktif/Tidak Aktif/Non Aktif/Belum/-."""
    return _parse_status(value, MSG_JKN_STATUS)


def parse_bpjs_tk_status(value: object) -> str | None:
    return _parse_status(value, MSG_BPJS_TK_STATUS)


_MOBILE_OR_LANDLINE = re.compile(r"0[1-9]\d{7,11}")


def parse_phone(value: object) -> str | None:
    """A phone number as `08…`: from `+62 812-3456-7890`, `62812…`, `0812 3456 7890`, `812…`.

    The last form is what Excel leaves when it drops the leading zero.
    """
    if is_blank(value):
        return None
    digits = _NUMBER_SEPARATORS.sub("", text(value))
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) >= 10:
        digits = "0" + digits[2:]
    elif digits.startswith("8"):
        digits = "0" + digits
    if not _MOBILE_OR_LANDLINE.fullmatch(digits):
        raise ValueProblem(MSG_PHONE, value=text(value))
    return digits


JKN_NUMBER_LENGTH = 13


def parse_jkn_number(value: object) -> str | None:
    """The 13 digits of a JKN card number.

    Card numbers begin with zeros, which a spreadsheet drops when it takes the number for a
    quantity; up to three missing leading zeros are put back.
    """
    if is_blank(value):
        return None
    digits = _NUMBER_SEPARATORS.sub("", text(value))
    if not digits.isascii() or not digits.isdigit():
        raise ValueProblem(MSG_JKN_NOT_DIGITS)
    if JKN_NUMBER_LENGTH - 3 <= len(digits) < JKN_NUMBER_LENGTH:
        digits = digits.zfill(JKN_NUMBER_LENGTH)
    if len(digits) != JKN_NUMBER_LENGTH:
        raise ValueProblem(MSG_JKN_NUMBER, count=len(digits))
    return digits


FKTP_CODE_LENGTH = 8


def parse_fktp_code(value: object) -> str | None:
    """An FKTP code: 8 characters, upper case (`0138U020`, `11250101`)."""
    if is_blank(value):
        return None
    code = _NUMBER_SEPARATORS.sub("", text(value)).upper()
    if isinstance(value, int | float) and not isinstance(value, bool):
        code = code.zfill(FKTP_CODE_LENGTH)  # a numeric cell lost its leading zeros
    if len(code) != FKTP_CODE_LENGTH or not code.isascii() or not code.isalnum():
        raise ValueProblem(MSG_FKTP_LENGTH, value=text(value))
    return code


def parse_name(value: object) -> str | None:
    name = text(value)
    return name or None


def digits_of_number_cell(value: object) -> str | None:
    """The digits of a NIK held in a number cell, or None when the cell holds text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return str(int(value))
