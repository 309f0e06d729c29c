"""Personal links and access codes as KPU hands them out (WhatsApp broadcast, one officer)."""

from string import Formatter
from urllib.parse import quote

from screening.contact import whatsapp_number
from screening.exports import Column, write_xlsx
from screening.officers import access

# Sent to officers, so always in Indonesian whatever language the KPU operator reads.
WHATSAPP_MESSAGE = (
    "Yth. {name}, petugas {role} {place}. Mohon isi skrining riwayat kesehatan petugas pemilu "
    "(±10 menit) lewat tautan pribadi ini: {link} . Jika tautan tidak bisa dibuka, masuk di "
    "{sign_in} dengan NIK dan kode akses {code}. Hasil skrining tidak memengaruhi pengangkatan "
    "Anda. Jangan bagikan tautan ini."
)
# The message's fixed text, percent-encoded once: (encoded text, the field after it or None).
# Encoding works byte by byte, so the encoded message is these pieces with each field's value
# encoded between them. Encoding the same 350 characters again for each of a kecamatan's 13,000
# officers was a quarter of the time its links took.
_QUOTED_MESSAGE = [
    (quote(literal), field) for literal, field, _, _ in Formatter().parse(WHATSAPP_MESSAGE)
]


def _quoted_message(**fields: str) -> str:
    """`quote(WHATSAPP_MESSAGE.format(**fields))`, encoding only the fields."""
    return "".join(
        literal + (quote(str(fields[field])) if field is not None else "")
        for literal, field in _QUOTED_MESSAGE
    )


def link_rows(officers: list[dict], *, key: bytes, link_for, sign_in_url: str) -> list[dict]:
    """One row per officer with a live access: link, code and a ready WhatsApp message."""
    rows = []
    for officer in officers:
        version = officer["access_version"]
        if version is None or officer.get("revoked_at"):
            continue
        link = link_for(access.link_token(key, officer["id"], version))
        code = access.access_code(key, officer["id"], version)
        place = f"TPS {officer['tps']:03d} " if officer.get("tps") else ""
        place += officer.get("kelurahan_name") or ""
        fields = {
            "name": officer["name"],
            "role": officer["role"],
            "place": place.strip(),
            "link": link,
            "sign_in": sign_in_url,
            "code": code,
        }
        message = WHATSAPP_MESSAGE.format(**fields)
        number = whatsapp_number(officer.get("phone"))
        rows.append(
            {
                **officer,
                "link": link,
                "code": code,
                "message": message,
                "whatsapp": (
                    f"https://wa.me/{number}?text={_quoted_message(**fields)}" if number else ""
                ),
            }
        )
    return rows


LINK_COLUMNS = (
    Column("Nama", 28),
    Column("Jabatan", 12),
    Column("Kelurahan", 20),
    Column("TPS", 6),
    Column("No HP", 15, as_text=True),
    Column("Tautan pribadi", 48),
    Column("Kode akses", 10, as_text=True),
    Column("Pesan WhatsApp", 60),
    Column("Kirim via WhatsApp", 40),
)


def links_workbook(rows: list[dict]) -> bytes:
    return write_xlsx(
        (
            [
                row["name"],
                row["role"],
                row.get("kelurahan_name"),
                row.get("tps"),
                row.get("phone"),
                row["link"],
                row["code"],
                row["message"],
                row["whatsapp"],
            ]
            for row in rows
        ),
        LINK_COLUMNS,
        sheet_title="Tautan petugas",
    )
