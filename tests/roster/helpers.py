"""Building blocks for roster tests: the demo city's places, good rows, files in memory."""

import csv
import functools
import io
import zipfile
from datetime import date, datetime, time

import openpyxl

from screening.demo.city import load_city
from screening.nik import make_nik
from screening.roster.reader import RosterRow

POLLING_DAY = date(2029, 2, 14)
CITY = load_city()
_KECAMATAN_NAMES = {k.code: k.name for k in CITY.kecamatan}
KELURAHAN_BY_NAME = {}
for _kel in CITY.kelurahan:
    KELURAHAN_BY_NAME.setdefault(_kel.name, []).append(
        {
            "code": _kel.code,
            "name": _kel.name,
            "kecamatan_code": _kel.kecamatan_code,
            "kecamatan_name": _KECAMATAN_NAMES[_kel.kecamatan_code],
        }
    )
FKTP_CODES = {f.code for f in CITY.fktp}
LOOKUPS = {
    "kelurahan_by_name": KELURAHAN_BY_NAME,
    "fktp_codes": FKTP_CODES,
    "polling_day": POLLING_DAY,
}

HEADER = [
    "NIK",
    "Nama",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Jabatan",
    "TPS",
    "Kelurahan/Desa",
    "Kecamatan",
    "No HP",
    "No JKN",
    "Status JKN",
    "Kode FKTP",
    "Status BPJS Ketenagakerjaan",
]
FIELD_OF = dict(
    zip(
        HEADER,
        [
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
        ],
        strict=True,
    )
)


def cell_datetime(year: int, month: int, day: int) -> datetime:
    """A date cell as openpyxl hands it over: a naive datetime at midnight (Excel has no zones)."""
    return datetime.combine(date(year, month, day), time())


def nik(serial: int = 9001, born: date = date(1985, 3, 14), sex: str = "P") -> str:
    return make_nik("337501", born, sex, serial)


def good_cells(serial: int = 9001, **overrides) -> dict:
    """A correct row as an operator would type it, keyed by field."""
    cells = {
        "nik": nik(serial),
        "name": f"Siti Rahayu {serial}",
        "birth_date": "14-03-1985",
        "sex": "P",
        "role": "Anggota KPPS",
        "tps": "001",
        "kelurahan": "Medono",
        "kecamatan": "Pekalongan Barat",
        "phone": "0812 3456 7890",
        "jkn_number": "0001234567890",
        "jkn_status": "Aktif",
        "fktp_code": "11250102",
        "bpjs_tk_status": "Aktif",
    }
    cells.update(overrides)
    return cells


def row(number: int = 2, **fields) -> RosterRow:
    """A row as the reader hands it over: only the given fields are columns of the file."""
    return RosterRow(number=number, cells=tuple(fields.values()), fields=fields)


def table(rows: list[dict], header: list[str] = HEADER) -> list[list]:
    """A header plus rows of field dicts, in the header's column order."""
    return [list(header)] + [[r.get(FIELD_OF.get(h, h)) for h in header] for r in rows]


def xlsx_bytes(rows: list[list], title: str = "Petugas", extra_sheets: tuple = ()) -> bytes:
    workbook = openpyxl.Workbook()
    for name in extra_sheets:
        workbook.create_sheet(name, 0)
    sheet = workbook.create_sheet(title)
    for values in rows:
        sheet.append(values)
    workbook.remove(workbook["Sheet"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for values in rows:
        writer.writerow(["" if v is None else v for v in values])
    return buffer.getvalue().encode(encoding)


@functools.cache
def xlsx_bomb(unpacked_mb: int = 300) -> bytes:
    """A real roster workbook whose sheet XML is padded with `unpacked_mb` MB of spaces: a few
    hundred KB on the wire that unpacks to hundreds of MB (built once: ~1 s)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(table([good_cells()]))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(entry, data)
                continue
            with bomb.open(entry.filename, "w", force_zip64=True) as sheet:
                sheet.write(data[: data.index(b"<sheetData>")])
                chunk = b" " * (1024 * 1024)
                for _ in range(unpacked_mb):
                    sheet.write(chunk)
                sheet.write(data[data.index(b"<sheetData>") :])
    return buffer.getvalue()
