"""Every slip is exactly one A5 page, everything inside the page margins, one danger-sign block."""

from datetime import date

import pytest
from PIL import Image, ImageOps

from screening.areas import Area
from screening.printing import bulk as printing
from screening.store import printing as print_store
from screening.store import regions
from screening.web.database import get_db
from tests.pdf.conftest import WORST_ANSWERS, _tool, pdf_text

A5_MM = (148, 210)
SIDE_MARGIN_MM, TOP_BOTTOM_MARGIN_MM = 9, 8  # static/pdf.css, @page slip
# Anti-aliasing and half of a collapsed table border reach a fraction of a millimetre outward.
TOLERANCE_MM = 0.5

# Longer than any real name or address: the slip cuts each at two lines rather than run over.
LONGEST = {
    "officer": "Raden Ajeng Siti Nurhaliza Kusumawardhani Prawirodirdjo Mangkunegoro "
    "Tjokroaminoto Hamengkubuwono Soerjosoemarno Djojohadikusumo Wiraatmadja",
    "kecamatan": "Pekalongan Barat Daya Sebelah Utara Pesisir Kota Lama",
    "kelurahan": "Kuripan Kertoharjo Panjang Wetan Baru Kandang Panjang Padukuhan Kraton",
    "fktp": "Klinik Pratama Rawat Inap Bhayangkara Kepolisian Resor Kota Pekalongan Unit "
    "Pelayanan Kesehatan Terpadu",
    "address": "Jl. Jenderal Sudirman Gang Kenanga III No. 123 RT 004 RW 012, Kelurahan Kuripan "
    "Kertoharjo, Kecamatan Pekalongan Selatan, Kota Pekalongan, Jawa Tengah 51136",
}


@pytest.fixture
def worst(referred, make):
    """An officer with every red flag, every condition high, and the longest names."""
    db = make.db
    make.region()
    regions.upsert_kecamatan(db, [{"code": "337504", "name": LONGEST["kecamatan"]}])
    referred.kelurahan("3375041004", LONGEST["kelurahan"], kecamatan="337504")
    fktp = make.fktp(name=LONGEST["fktp"], address=LONGEST["address"], kecamatan_code="337504")
    return referred.officer(
        answers=WORST_ANSWERS,
        name=LONGEST["officer"],
        role="Sekretariat PPK",
        tps=999,
        birth_date=date(1974, 2, 14),
        kecamatan_code="337504",
        kelurahan_code="3375041004",
        fktp_code=fktp["code"],
    )


def full_slip(app, number) -> bytes:
    with app.app_context():
        return printing.full_slip_pdf(print_store.full_slip_row(get_db(), number))


def kpu_slip(app, number) -> bytes:
    with app.app_context():
        row = print_store.slip_row(get_db(), number)
        return printing.render_pdf(printing.SLIP_TEMPLATE, **printing.slip_document([row]))


def ink_margins_mm(pdf: bytes, tmp_path) -> dict:
    """Distance in mm from each paper edge to the nearest ink on page 1 (rendered at 300 dpi)."""
    source = tmp_path / "geometry.pdf"
    source.write_bytes(pdf)
    _tool("pdftoppm", "-gray", "-r", "300", "-singlefile", str(source), str(tmp_path / "geometry"))
    image = Image.open(tmp_path / "geometry.pgm")
    width, height = image.size
    ink = ImageOps.invert(image).point(lambda v: 255 if v > 40 else 0)
    left, top, right, bottom = ink.getbbox()
    mm = 25.4 / 300
    return {
        "page": (round(width * mm), round(height * mm)),
        "left": left * mm,
        "right": (width - right) * mm,
        "top": top * mm,
        "bottom": (height - bottom) * mm,
    }


@pytest.mark.parametrize("kind", ["full", "kpu"])
def test_the_worst_case_slip_is_one_a5_page_inside_the_margins(app, worst, tmp_path, kind):
    number = worst["referral"]["number"]
    pdf = full_slip(app, number) if kind == "full" else kpu_slip(app, number)
    pages = pdf_text(pdf, tmp_path)
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    # The end of the slip is on its one page.
    assert "Ini hasil skrining, bukan diagnosis" in text
    assert "nama, tanda tangan dan cap" in text
    assert "Petugas FKTP (tanggal, nama, paraf)" in text
    margins = ink_margins_mm(pdf, tmp_path)
    assert margins["page"] == A5_MM
    assert margins["left"] >= SIDE_MARGIN_MM - TOLERANCE_MM, margins
    assert margins["right"] >= SIDE_MARGIN_MM - TOLERANCE_MM, margins
    assert margins["top"] >= TOP_BOTTOM_MARGIN_MM - TOLERANCE_MM, margins
    assert margins["bottom"] >= TOP_BOTTOM_MARGIN_MM - TOLERANCE_MM, margins


def test_a_bulk_print_of_worst_case_slips_has_one_page_per_officer(app, worst, referred, tmp_path):
    for n in range(3):
        referred.officer(answers=WORST_ANSWERS, name=f"{LONGEST['officer']} {n}")
    out = tmp_path / "slips.pdf"
    with app.app_context():
        count = printing.print_slips(Area(), out)
    assert count == 4
    assert len(pdf_text(out, tmp_path)) == 4


def test_the_full_slip_gives_one_danger_block_with_every_distinct_sign(app, worst, tmp_path):
    text = " ".join(pdf_text(full_slip(app, worst["referral"]["number"]), tmp_path)[0].split())
    # The most urgent instruction, once; no weaker one beside it, no second deadline.
    assert text.count("Segera ke IGD rumah sakit terdekat hari ini atau telepon 119") == 1
    assert "Periksakan diri ke Puskesmas, klinik, atau IGD hari ini" not in text
    assert "Datang paling lambat" not in text
    assert text.count("Tanda bahaya") == 1
    for sign in (
        "Tanda stroke (SeGeRa Ke RS)",
        "Nyeri dada lebih dari 20 menit",
        "Tekanan darah 180/110 atau lebih disertai keluhan berat",
        "Sesak napas berat atau tiba-tiba bingung",
    ):
        assert sign in text, sign
    # "180/110 atau lebih" alone is already said by the sign with the complaints.
    assert text.count("180/110 atau lebih") == 1
    # Every flagged condition, even where its reasons had to give way to the page.
    for condition in ("Diabetes melitus tipe 2", "Hipertensi", "jantung koroner", "ginjal kronis"):
        assert condition in text, condition
