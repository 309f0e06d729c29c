"""Check every row of a roster and turn the good ones into officers for the store.

Each row is checked completely: a rejected row carries every reason it has, so the operator fixes
it in one pass. Only problems with who the officer is and where they serve (NIK, name, birth
date, sex, role, area, TPS) reject a row; a bad value in a secondary column (phone, JKN,
FKTP, BPJS Ketenagakerjaan) keeps the officer with that field empty and a warning, because
dropping an officer over a phone typo would leave them out of the screening altogether. The
NIK's region is where the KTP was issued, not where the officer serves, so it is never checked
against the city.
"""

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from screening.messages import N_, Message
from screening.nik import NikError, normalise_nik, parse_nik
from screening.roster import values
from screening.roster.reader import RosterRow
from screening.roster.values import ValueProblem, is_blank, text

MSG_NIK_AS_NUMBER = N_(
    "NIK tersimpan sebagai angka, sehingga Excel mengubah angka terakhirnya menjadi 0. Format "
    "kolom NIK sebagai Teks, ketik ulang NIK-nya, lalu unggah lagi."
)
MSG_BIRTH_DATE_MISMATCH = N_(
    "Tanggal lahir %(birth_date)s tidak cocok dengan NIK, yang menunjukkan %(nik_birth_date)s."
)
MSG_SEX_MISMATCH_L = N_(
    "Jenis kelamin laki-laki tidak cocok dengan NIK, yang menunjukkan perempuan."
)
MSG_SEX_MISMATCH_P = N_(
    "Jenis kelamin perempuan tidak cocok dengan NIK, yang menunjukkan laki-laki."
)
MSG_DUPLICATE_NIK = N_("NIK ini sudah ada di baris %(row)s.")
MSG_MISSING_NAME = N_("Nama belum diisi.")
MSG_MISSING_ROLE = N_("Jabatan belum diisi.")
MSG_MISSING_PLACE = N_("Kelurahan/Desa atau Kecamatan belum diisi.")
MSG_MISSING_KELURAHAN = N_("Kelurahan/Desa belum diisi; %(role)s bertugas di TPS sebuah kelurahan.")
MSG_MISSING_TPS = N_("Nomor TPS belum diisi; wajib untuk %(role)s.")
MSG_UNKNOWN_KECAMATAN = N_("Kecamatan “%(value)s” tidak dikenal.")
MSG_UNKNOWN_KELURAHAN = N_("Kelurahan/Desa “%(value)s” tidak dikenal.")
MSG_KELURAHAN_ELSEWHERE = N_("Kelurahan/Desa “%(kelurahan)s” tidak ada di Kecamatan %(kecamatan)s.")
MSG_KELURAHAN_AMBIGUOUS = N_(
    "Ada lebih dari satu Kelurahan/Desa bernama “%(value)s”; isi kolom Kecamatan."
)
MSG_UNKNOWN_FKTP = N_("Kode FKTP %(code)s tidak terdaftar.")

_EXCEL_SCIENTIFIC = re.compile(r"\d[.,]\d+e\+?\d+")
_PLACE_PREFIXES = {"kelurahan", "kel", "desa", "ds", "kecamatan", "kec"}

# Optional columns: an officer dict carries the field only when the file has the column, so a
# re-import of a file without, say, phone numbers leaves the stored phone numbers alone.
_OPTIONAL = {
    "phone": values.parse_phone,
    "jkn_number": values.parse_jkn_number,
    "jkn_status": values.parse_jkn_status,
    "fktp_code": values.parse_fktp_code,
    "bpjs_tk_status": values.parse_bpjs_tk_status,
}


@dataclass(frozen=True)
class RejectedRow:
    number: int  # the row in the spreadsheet, 1-based, as the operator sees it
    cells: tuple  # the row as read, to hand back for fixing
    name: str
    reasons: tuple[Message, ...]


@dataclass(frozen=True)
class RowWarning:
    """A secondary value that could not be read: the officer is kept, that field left empty."""

    number: int  # the row in the spreadsheet, 1-based
    name: str
    message: Message


@dataclass
class RosterCheck:
    officers: list[dict]
    rejected: list[RejectedRow]
    officer_rows: list[int] = field(default_factory=list)  # row number of each officer
    warnings: list[RowWarning] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.officers) + len(self.rejected)


def place_key(name: object) -> str:
    """A kelurahan or kecamatan name for comparison: "Kel. Kali Baros" → "kalibaros"."""
    words = re.findall(r"[a-z0-9]+", text(name).lower())
    if len(words) > 1 and words[0] in _PLACE_PREFIXES:
        words = words[1:]
    return "".join(words)


class Places:
    """Kelurahan and kecamatan looked up by name (any case and spacing) or by code."""

    def __init__(self, kelurahan_by_name: Mapping[str, Sequence[Mapping]]) -> None:
        self.kelurahan: dict[str, list[Mapping]] = {}
        self.kelurahan_codes: dict[str, Mapping] = {}
        self.kecamatan: dict[str, str] = {}
        self.kecamatan_names: dict[str, str] = {}
        for name, rows in kelurahan_by_name.items():
            for row in rows:
                self.kelurahan.setdefault(place_key(name), []).append(row)
                self.kelurahan_codes[row["code"]] = row
                self.kecamatan_names[row["kecamatan_code"]] = row.get(
                    "kecamatan_name", row["kecamatan_code"]
                )
        for code, kecamatan_name in self.kecamatan_names.items():
            self.kecamatan[place_key(kecamatan_name)] = code
            self.kecamatan[code] = code

    def find_kecamatan(self, value: object) -> str | None:
        digits = re.sub(r"[\s.]", "", text(value))
        if digits.isdigit():
            return self.kecamatan.get(digits)
        return self.kecamatan.get(place_key(value))

    def find_kelurahan(self, value: object) -> list[Mapping]:
        digits = re.sub(r"[\s.]", "", text(value))
        if digits.isdigit():
            row = self.kelurahan_codes.get(digits)
            return [row] if row else []
        return self.kelurahan.get(place_key(value), [])


def validate_roster(
    rows: Iterable[RosterRow],
    *,
    kelurahan_by_name: Mapping[str, Sequence[Mapping]],
    fktp_codes: Collection[str],
    polling_day: date,
) -> RosterCheck:
    """Sort rows into officers (dicts with the store's roster fields) and rejected rows.

    `kelurahan_by_name` maps a kelurahan's name to its records (usually one; two kecamatan may
    each have a kelurahan of the same name), each with `code`, `kecamatan_code` and
    `kecamatan_name`. A NIK seen twice keeps its first row and rejects the later ones.
    """
    places = Places(kelurahan_by_name)
    fktp_codes = set(fktp_codes)
    check = RosterCheck(officers=[], rejected=[])
    first_row_of_nik: dict[str, int] = {}
    for row in rows:
        reasons: list[Message] = []
        warnings: list[Message] = []
        officer = _officer(row, places, fktp_codes, polling_day, reasons, warnings)
        nik = officer.get("nik")
        if nik is not None:
            if nik in first_row_of_nik:
                # A row number as the spreadsheet shows it (1234, never "1.234").
                first = str(first_row_of_nik[nik])
                reasons.append(Message(MSG_DUPLICATE_NIK, {"row": first}))
            else:
                first_row_of_nik[nik] = row.number
        name = text(row.fields.get("name"))
        if reasons:
            # The row goes back to be fixed: every problem it has, secondary ones too.
            check.rejected.append(
                RejectedRow(
                    number=row.number,
                    cells=row.cells,
                    name=name,
                    reasons=tuple(reasons + warnings),
                )
            )
        else:
            check.officers.append(officer)
            check.officer_rows.append(row.number)
            check.warnings.extend(RowWarning(row.number, name, w) for w in warnings)
    return check


def _officer(
    row: RosterRow,
    places: Places,
    fktp_codes: set[str],
    polling_day: date,
    reasons: list[Message],
    warnings: list[Message],
) -> dict:
    fields = row.fields

    def parsed(name: str, parse, problems: list[Message] = reasons):
        try:
            return parse(fields.get(name))
        except ValueProblem as problem:
            problems.append(problem.message)
            return None

    officer: dict = {}
    nik = _nik(fields.get("nik"), polling_day, reasons)
    officer["nik"] = nik.nik if nik else _digits_or_none(fields.get("nik"))

    officer["name"] = values.parse_name(fields.get("name"))
    if officer["name"] is None:
        reasons.append(Message(MSG_MISSING_NAME))

    birth_date = parsed("birth_date", values.parse_date)
    sex = parsed("sex", values.parse_sex)
    if nik is not None:
        if birth_date is not None and birth_date != nik.birth_date:
            reasons.append(
                Message(
                    MSG_BIRTH_DATE_MISMATCH,
                    {
                        "birth_date": _shown(birth_date),
                        "nik_birth_date": _shown(nik.birth_date),
                    },
                )
            )
        if sex is not None and sex != nik.sex:
            reasons.append(Message(MSG_SEX_MISMATCH_L if sex == "L" else MSG_SEX_MISMATCH_P))
        birth_date = birth_date or nik.birth_date
        sex = sex or nik.sex
    officer["sex"] = sex
    officer["birth_date"] = birth_date.isoformat() if birth_date else None

    role = parsed("role", values.parse_role)
    if role is None and is_blank(fields.get("role")):
        reasons.append(Message(MSG_MISSING_ROLE))
    officer["role"] = role

    kecamatan_code, kelurahan_code = _place(fields, places, role, reasons)
    officer["kecamatan_code"] = kecamatan_code
    officer["kelurahan_code"] = kelurahan_code

    tps = parsed("tps", values.parse_tps)
    if role in values.ROLES_AT_A_TPS:
        if tps is None and is_blank(fields.get("tps")):
            reasons.append(Message(MSG_MISSING_TPS, {"role": role}))
    else:
        tps = None  # PPS and PPK work for a whole kelurahan or kecamatan, not at one TPS
    officer["tps"] = tps

    for name, parse in _OPTIONAL.items():
        if name in fields:
            officer[name] = parsed(name, parse, warnings)
    fktp_code = officer.get("fktp_code")
    if fktp_code is not None and fktp_code not in fktp_codes:
        warnings.append(Message(MSG_UNKNOWN_FKTP, {"code": fktp_code}))
        officer["fktp_code"] = None
    return officer


def _nik(raw: object, polling_day: date, reasons: list[Message]):
    number = values.digits_of_number_cell(raw)
    shown = text(raw)
    # Excel keeps 15 significant digits: a NIK typed into a number cell ends in 0 whatever was
    # typed, and one in a CSV that Excel saved reads "3,37501E+15".
    if (number is not None and len(number) >= 16 and number.endswith("0")) or (
        _EXCEL_SCIENTIFIC.fullmatch(shown.lower())
    ):
        reasons.append(Message(MSG_NIK_AS_NUMBER))
        return None
    try:
        return parse_nik(shown, polling_day=polling_day)
    except NikError as error:
        reasons.append(error.message)
        return None


def _place(
    fields: Mapping, places: Places, role: str | None, reasons: list[Message]
) -> tuple[str | None, str | None]:
    kecamatan_raw, kelurahan_raw = fields.get("kecamatan"), fields.get("kelurahan")
    if is_blank(kecamatan_raw) and is_blank(kelurahan_raw):
        reasons.append(Message(MSG_MISSING_PLACE))
        return None, None

    kecamatan_code = None
    if not is_blank(kecamatan_raw):
        kecamatan_code = places.find_kecamatan(kecamatan_raw)
        if kecamatan_code is None:
            reasons.append(Message(MSG_UNKNOWN_KECAMATAN, {"value": text(kecamatan_raw)}))
            return None, None

    if is_blank(kelurahan_raw):
        if role in values.ROLES_AT_A_TPS:
            reasons.append(Message(MSG_MISSING_KELURAHAN, {"role": role}))
        return kecamatan_code, None

    candidates = places.find_kelurahan(kelurahan_raw)
    if kecamatan_code is not None and candidates:
        here = [k for k in candidates if k["kecamatan_code"] == kecamatan_code]
        if not here:
            reasons.append(
                Message(
                    MSG_KELURAHAN_ELSEWHERE,
                    {
                        "kelurahan": text(kelurahan_raw),
                        "kecamatan": places.kecamatan_names[kecamatan_code],
                    },
                )
            )
            return kecamatan_code, None
        candidates = here
    if not candidates:
        reasons.append(Message(MSG_UNKNOWN_KELURAHAN, {"value": text(kelurahan_raw)}))
        return kecamatan_code, None
    if len(candidates) > 1:
        reasons.append(Message(MSG_KELURAHAN_AMBIGUOUS, {"value": text(kelurahan_raw)}))
        return kecamatan_code, None
    return candidates[0]["kecamatan_code"], candidates[0]["code"]


def _digits_or_none(raw: object) -> str | None:
    """The NIK's digits when it has the right form, to find duplicates among bad rows too."""
    try:
        return normalise_nik(text(raw))
    except NikError:
        return None


def _shown(day: date) -> str:
    return day.strftime("%d-%m-%Y")
