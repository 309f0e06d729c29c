"""The lists KPU hands on to act on: the chase list of officers not yet screened (per TPS, with
their personal link and a ready WhatsApp message), the registration lists for the Pemda (JKN:
PBPU Pemda / UHC) and BPJAMSOSTEK, and where each referral stands.

Each list is rows and columns written through the one spreadsheet writer (`exports`), as XLSX or
CSV. They go to PPS/KPPS chairs, the Pemda and BPJAMSOSTEK, so they are always in Indonesian and
hold no health data: the rows come from `store.action_lists`, which selects none.

Plain Python: no Flask.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from screening.exports import Column, write_csv, write_xlsx
from screening.officers import links
from screening.referrals import lifecycle
from screening.referrals.findings import FITNESS

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv"

JKN_LABELS = {
    "aktif": "Aktif",
    "tidak_aktif": "Tidak aktif",
    "belum_terdaftar": "Belum terdaftar",
}
SEX_LABELS = {"L": "Laki-laki", "P": "Perempuan"}
PROGRESS_LABELS = {None: "Belum mulai", "draft": "Sedang mengisi"}


@dataclass(frozen=True)
class Sheet:
    """One list ready to write: its sheet title, columns and rows."""

    title: str
    columns: Sequence[Column]
    rows: list[list]

    def write(self, kind: str) -> bytes:
        return write_rows(self.rows, self.columns, title=self.title, kind=kind)


def write_rows(
    rows: Iterable[Sequence], columns: Sequence[Column], *, title: str, kind: str
) -> bytes:
    """`rows` as an XLSX sheet titled `title`, or as CSV; rows may come one at a time."""
    if kind == "xlsx":
        return write_xlsx(rows, columns, sheet_title=title)
    return write_csv(rows, columns)


def mimetype(kind: str) -> str:
    return XLSX_MIMETYPE if kind == "xlsx" else CSV_MIMETYPE


def file_name(stem: str, area: dict, today: date, kind: str) -> str:
    """`belum-skrining-3375011002-tps004-2024-02-01.xlsx`: what, where and the WIB day."""
    where = area.get("kelurahan") or area.get("kecamatan") or "kota"
    name = f"{stem}-{where}"
    if area.get("tps"):
        name += f"-tps{area['tps']:03d}"
    return f"{name}-{today.isoformat()}.{kind}"


def _date(text: str | None) -> date | str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return text


# --- the chase list -----------------------------------------------------------------------------

CHASE_COLUMNS = (
    Column("Kelurahan", 20),
    Column("TPS", 6),
    Column("Nama", 28),
    Column("Jabatan", 12),
    Column("No HP", 15, as_text=True),
    Column("Status skrining", 16),
    Column("Tautan pribadi", 48),
    Column("Kode akses", 10, as_text=True),
    Column("Pesan WhatsApp", 60),
    Column("Kirim via WhatsApp", 40),
)
CHASE_TITLE = "Belum skrining"


def chase_rows(
    officers: Iterable[dict], *, key: bytes, link_for: Callable[[str], str], sign_in_url: str
) -> Iterator[list]:
    """Officers not yet screened, in the order given (per kelurahan and TPS), one row at a time
    (a job writing a large list reports its progress as it goes). An officer whose link was
    revoked stays on the list, without a link: someone must still reach them."""
    for officer in officers:
        live = links.link_rows([officer], key=key, link_for=link_for, sign_in_url=sign_in_url)
        link = live[0] if live else {}
        yield [
            officer.get("kelurahan_name"),
            officer.get("tps"),
            officer["name"],
            officer["role"],
            officer.get("phone"),
            PROGRESS_LABELS.get(officer.get("response_status"), "Belum mulai"),
            link.get("link", ""),
            link.get("code", ""),
            link.get("message", ""),
            link.get("whatsapp", ""),
        ]


# --- registration lists (Pemda: JKN PBPU Pemda / UHC; BPJAMSOSTEK) ------------------------------

_PERSON_COLUMNS = (
    Column("NIK", 19, as_text=True),
    Column("Nama", 28),
    Column("Tanggal lahir", 13),
    Column("Jenis kelamin", 13),
    Column("Kelurahan", 20),
    Column("Kecamatan", 20),
    Column("No HP", 15, as_text=True),
)
JKN_COLUMNS = (*_PERSON_COLUMNS, Column("Status JKN", 16))
BPJS_TK_COLUMNS = (
    *_PERSON_COLUMNS,
    Column("Jabatan", 12),
    Column("Status BPJS Ketenagakerjaan", 18),
)


def _person(officer: dict) -> list:
    return [
        officer["nik"],
        officer["name"],
        _date(officer.get("birth_date")),
        SEX_LABELS.get(officer.get("sex"), officer.get("sex")),
        officer.get("kelurahan_name"),
        officer.get("kecamatan_name"),
        officer.get("phone"),
    ]


JKN_TITLE = "JKN belum aktif"
BPJS_TK_TITLE = "BPJS Ketenagakerjaan"


def jkn_rows(officers: Iterable[dict]) -> Iterator[list]:
    for o in officers:
        yield [*_person(o), JKN_LABELS.get(o.get("jkn_status"), o.get("jkn_status"))]


def bpjs_tk_rows(officers: Iterable[dict]) -> Iterator[list]:
    for o in officers:
        yield [*_person(o), o["role"], JKN_LABELS.get(o.get("bpjs_tk_status") or "belum_terdaftar")]


# --- referrals ---------------------------------------------------------------------------------

REFERRAL_COLUMNS = (
    Column("Nomor rujukan", 12),
    Column("Nama petugas", 28),
    Column("Jabatan", 12),
    Column("TPS", 6),
    Column("Kelurahan", 20),
    Column("FKTP", 28),
    Column("Status", 14),
    Column("Urgensi", 10),
    Column("Batas waktu", 12),
    Column("Terlambat", 10),
    Column("Kelayakan bertugas", 22),
)


REFERRAL_TITLE = "Rujukan"


def referral_rows(referrals: Iterable[dict], today: date) -> Iterator[list]:
    """Where each referral stands. The fitness for duty is the outcome KPU needs; the findings
    behind it stay at the FKTP."""
    for r in referrals:
        yield [
            r["number"],
            r["officer_name"],
            r["officer_role"],
            r.get("tps"),
            r.get("kelurahan_name"),
            r.get("fktp_name") or "Belum ditentukan",
            lifecycle.STATUS_LABELS.get(r["status"], r["status"]),
            lifecycle.URGENCY_LABELS.get(r["urgency"], r["urgency"]),
            _date(r.get("deadline")),
            "Ya" if lifecycle.is_overdue(r, today) else "Tidak",
            FITNESS.get(r.get("fitness"), "") if r.get("fitness") else "",
        ]


# --- coverage ----------------------------------------------------------------------------------

COVERAGE_COLUMNS = (
    Column("Wilayah", 24),
    Column("Petugas", 10),
    Column("Sudah skrining", 10),
    Column("Bagian sudah skrining (%)", 12),
    Column("Menolak", 10),
    Column("Belum", 10),
    Column("Dirujuk", 10),
    Column("Sudah diperiksa", 10),
    Column("Lewat batas", 10),
    Column("JKN aktif", 10),
    Column("JKN tidak aktif", 10),
    Column("JKN belum terdaftar", 10),
    Column("BPJS TK terdaftar", 10),
    Column("BPJS TK belum", 10),
)


def coverage_sheet(
    rows: Iterable[dict], total: dict, *, area_label: Callable[[dict], str]
) -> Sheet:
    """The coverage table as the page shows it: one row per area of the level, then the total.
    The share is rounded to one decimal for reading; the counts beside it are exact."""

    def line(name, row):
        share = round(100 * row["screened"] / row["officers"], 1) if row["officers"] else 0.0
        return [
            name,
            row["officers"],
            row["screened"],
            share,
            row["declined"],
            row["not_yet"],
            row["referred"],
            row["seen"],
            row["overdue"],
            row["jkn_aktif"],
            row["jkn_tidak_aktif"],
            row["jkn_belum_terdaftar"],
            row["bpjs_tk_terdaftar"],
            row["bpjs_tk_belum"],
        ]

    body = [line(area_label(row), row) for row in rows]
    return Sheet("Cakupan", COVERAGE_COLUMNS, [*body, line("Jumlah", total)])
