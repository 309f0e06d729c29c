"""Column headers as KPU's systems and operators write them, mapped to the roster's fields.

A header is reduced to its words ("No. HP" → "no hp", "Tanggal Lahir (DD-MM-YYYY)" → "tanggal
lahir"), common abbreviations are spelled out ("Nomor" → "no", "Tgl" → "tanggal"), and the result
is looked up in one alias table.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Canonical fields, in the order the roster's own template lists them.
FIELDS = (
    "nik",
    "name",
    "birth_date",
    "sex",
    "role",
    "tps",
    "kelurahan",
    "kecamatan",
    "phone",
    "jkn_number",
    "jkn_status",
    "fktp_code",
    "bpjs_tk_status",
)

# Each field's header as the file should carry it. These are names the file must contain, so
# they stay in Indonesian in every language.
LABELS = {
    "nik": "NIK",
    "name": "Nama",
    "birth_date": "Tanggal Lahir",
    "sex": "Jenis Kelamin",
    "role": "Jabatan",
    "tps": "TPS",
    "kelurahan": "Kelurahan/Desa",
    "kecamatan": "Kecamatan",
    "phone": "No HP",
    "jkn_number": "No JKN",
    "jkn_status": "Status JKN",
    "fktp_code": "Kode FKTP",
    "bpjs_tk_status": "Status BPJS Ketenagakerjaan",
}

# Header words written several ways, reduced to one spelling before the lookup.
_WORD_FORMS = {
    "nomor": "no",
    "nomer": "no",
    "nmr": "no",
    "num": "no",
    "tgl": "tanggal",
    "tg": "tanggal",
    "lhr": "lahir",
    "handphone": "hp",
    "hanphone": "hp",
    "ponsel": "hp",
    "telp": "telepon",
    "tlp": "telepon",
    "telpon": "telepon",
    "jns": "jenis",
    "kelamin": "kelamin",
    "ketenagakerjaan": "tk",
    "bpjamsostek": "bpjs tk",
    "jamsostek": "bpjs tk",
    "faskes": "fktp",
    "kes": "kesehatan",
}

_ALIASES = {
    "nik": (
        "nik",
        "n i k",
        "no nik",
        "nik ktp",
        "no ktp",
        "ktp",
        "no induk kependudukan",
        "nomor induk kependudukan",
    ),
    "name": ("nama", "nama lengkap", "nama petugas", "nama anggota", "nama sesuai ktp"),
    "birth_date": (
        "tanggal lahir",
        "lahir",
        "tanggal lhr",
        "ttl",
        "tempat tanggal lahir",
        "tempat lahir tanggal lahir",
    ),
    "sex": ("jenis kelamin", "jk", "l p", "kelamin", "jenis kel", "gender", "lp"),
    "role": ("jabatan", "peran", "posisi", "jabatan petugas", "tugas", "jabatan di kpps"),
    "tps": ("tps", "no tps", "tps no", "lokasi tps"),
    "kelurahan": (
        "kelurahan",
        "desa",
        "kelurahan desa",
        "desa kelurahan",
        "kel desa",
        "desa kel",
        "kel",
        "nama kelurahan",
        "nama desa",
        "nama kelurahan desa",
    ),
    "kecamatan": ("kecamatan", "kec", "nama kecamatan"),
    "phone": (
        "no hp",
        "hp",
        "no hp wa",
        "no wa",
        "wa",
        "whatsapp",
        "no whatsapp",
        "no telepon",
        "telepon",
        "no telepon hp",
        "no hp telepon",
        "kontak",
    ),
    "jkn_number": (
        "no jkn",
        "no kartu jkn",
        "no peserta jkn",
        "no bpjs",
        "no bpjs kesehatan",
        "no kartu bpjs",
        "no kartu bpjs kesehatan",
        "no kis",
        "no jkn kis",
        "no kartu jkn kis",
    ),
    "jkn_status": (
        "status jkn",
        "status bpjs",
        "status bpjs kesehatan",
        "status kepesertaan jkn",
        "status kepesertaan bpjs kesehatan",
        "status jkn kis",
        "jkn",
        "status kis",
        "kepesertaan jkn",
    ),
    "fktp_code": (
        "kode fktp",
        "fktp",
        "kode fktp tingkat 1",
        "kode fktp tk 1",
        "fktp tk 1",
        "kode ppk",
        "kode ppk 1",
        "kode fktp jkn",
    ),
    "bpjs_tk_status": (
        "status bpjs tk",
        "bpjs tk",
        "status kepesertaan bpjs tk",
        "status bp bpjs tk",
        "kepesertaan bpjs tk",
    ),
}

# Columns an export often carries that the roster does not need: no "unknown column" note.
_KNOWN_EXTRA = {
    "no",
    "no urut",
    "urut",
    "alasan ditolak",
    "keterangan",
    "ket",
    "tempat lahir",
    "alamat",
    "agama",
    "pendidikan",
    "pekerjaan",
    "email",
    "umur",
    "usia",
    "rt",
    "rw",
    "kabupaten kota",
    "kota",
    "provinsi",
}

ALIASES: dict[str, str] = {alias: name for name, forms in _ALIASES.items() for alias in forms}

# A data row needs these; a header without them is not the roster's header.
REQUIRED_COLUMNS = ("nik", "name", "role")
PLACE_COLUMNS = ("kelurahan", "kecamatan")

_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORDS = re.compile(r"[a-z0-9]+")
# "no.hp" and "nohp" are both seen; split a leading "no" stuck to a known word.
_STUCK_NO = re.compile(r"^no(?=(hp|wa|jkn|kis|bpjs|tps|ktp|nik|telepon|telp|urut)$)")


def header_key(text: object) -> str:
    """The words of a header in one spelling: "Tgl. Lahir (DD-MM-YYYY)*" → "tanggal lahir"."""
    raw = str(text or "").lower().replace("\u00a0", " ")
    stripped = _PARENTHESES.sub(" ", raw)
    if not _WORDS.search(stripped):  # a header that is all parentheses keeps its words
        stripped = raw
    words = []
    for word in _WORDS.findall(stripped):
        word = _STUCK_NO.sub("no ", word)
        words.extend(_WORD_FORMS.get(part, part) for part in word.split())
    return " ".join(" ".join(words).split())


def field_for(header: object) -> str | None:
    """The roster field a header names, or None."""
    return ALIASES.get(header_key(header))


@dataclass
class ColumnMap:
    """Which column (0-based) holds which field, and what was left over."""

    columns: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return required_missing(self)

    def score(self) -> int:
        return len(self.columns)


def required_missing(columns: ColumnMap) -> list[str]:
    """The roster's required fields this header lacks."""
    missing = [name for name in REQUIRED_COLUMNS if name not in columns.columns]
    if not any(name in columns.columns for name in PLACE_COLUMNS):
        missing.append("kelurahan")
    return missing


def map_columns(header: Sequence[object]) -> ColumnMap:
    """Map a header row; the first of two columns naming the same field wins."""
    result = ColumnMap()
    for index, cell in enumerate(header):
        text = str(cell).strip() if cell is not None else ""
        if not text:
            continue
        name = field_for(text)
        if name is None:
            if header_key(text) not in _KNOWN_EXTRA:
                result.unknown.append(text)
        elif name in result.columns:
            result.repeated.append(text)
        else:
            result.columns[name] = index
    return result
