"""Fixtures for printed documents: an app with a known BASE_URL, referred officers, PDF tools."""

import logging
import subprocess
from pathlib import Path

import pytest

from screening.clock import now_iso
from screening.demo.screenings import HEALTHY, submit_one
from screening.store import referrals as referral_store
from screening.store import regions
from screening.web import library
from tests import factories

BASE_URL = "https://skrining.example.id"

# The most a screening can say: every red flag and every condition high, with as many reasons as
# the questionnaire gives (changes to the healthy answers).
WORST_ANSWERS = {
    "berat_kg": "110",
    "lingkar_perut_cm": "120",
    "aktif_30_menit": "tidak",
    "sayur_buah": "tidak",
    "merokok": "ya",
    "dx_hipertensi": "ya",
    "obat_hipertensi": "ya",
    "gula_tinggi_pernah": "ya",
    "dx_diabetes": "ya",
    "dx_jantung": "ya",
    "dx_stroke": "ya",
    "gagal_jantung": "ya",
    "pembuluh_kaki": "ya",
    "dx_ginjal": "ya",
    "protein_urin": "ya",
    "anemia": "ya",
    "keluarga_diabetes": "dekat",
    "keluarga_hipertensi": "ya",
    "nyeri_dada": "ya",
    "dada_menanjak": "ya",
    "dada_jalan_biasa": "ya",
    "dada_saat_jalan": "berhenti",
    "dada_reda": "reda_10",
    "dada_lokasi": ["tulang_dada", "lengan_kiri"],
    "nyeri_dada_hebat": "ya",
    "td_tahu": "ya",
    "td_sistolik": "190",
    "td_diastolik": "120",
    "keluhan_sekarang": [
        "senyum_miring",
        "lemah_separuh",
        "bicara_pelo",
        "kebas_separuh",
        "rabun_mendadak",
        "sakit_kepala_hebat",
        "nyeri_dada_lama",
        "sesak_berat",
        "bingung",
    ],
}


@pytest.fixture
def app(make_app):
    # As the suite's app, with the address slips point to and rendering in this process (one test
    # covers the worker pool).
    return make_app(BASE_URL=BASE_URL, PDF_WORKERS=1, PDF_CHUNK=4)


@pytest.fixture(autouse=True)
def weasyprint_warnings():
    """Every WeasyPrint warning fails the test; a test expecting some takes and clears them."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == []


class Referred:
    """Officers with a submitted at-risk screening and its referral."""

    def __init__(self, app, make):
        self.app, self.make = app, make
        self.fktp = make.fktp(name="Puskesmas Medono", address="Jl. Urip Sumoharjo No. 5")

    def kelurahan(self, code: str, name: str, kecamatan="337501"):
        self.make.region()
        regions.upsert_kelurahan(
            self.make.db,
            [{"code": code, "name": name, "kecamatan_code": kecamatan, "tps_count": 40}],
        )

    def officer(self, answers=None, **fields):
        """An officer referred after answering `answers` (changes to the healthy answers)."""
        fields.setdefault("fktp_code", self.fktp["code"])
        officer, token, code = factories.officer_with_link(self.make, self.app, **fields)
        answers = {**HEALTHY, **(answers or {"dx_hipertensi": "ya", "obat_hipertensi": "ya"})}
        with self.app.app_context():
            submit_one(
                self.make.db,
                library.live(),
                officer,
                answers,
                polling_day=self.app.config["POLLING_DAY"],
                now=now_iso(),
            )
        referral = referral_store.referral_for_officer(self.make.db, officer["id"])
        return {**officer, "token": token, "code": code, "referral": referral}


@pytest.fixture
def referred(app, make):
    return Referred(app, make)


def pdf_text(pdf: bytes | Path, tmp_path: Path) -> list[str]:
    """The text of each page (pdftotext, layout kept)."""
    path = _file(pdf, tmp_path)
    return _tool("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


def page_count(pdf: bytes | Path, tmp_path: Path) -> int:
    return len(pdf_text(pdf, tmp_path))


def qr_codes(pdf: bytes | Path, tmp_path: Path, page: int = 1) -> list[str]:
    """The QR codes zbarimg reads on a page rendered at 300 dpi (a printer's resolution)."""
    path = _file(pdf, tmp_path)
    prefix = tmp_path / f"qr-page{page}"
    _tool("pdftoppm", "-r", "300", "-png", "-f", str(page), "-l", str(page), str(path), str(prefix))
    image = next(tmp_path.glob(f"qr-page{page}*.png"))
    return _tool("zbarimg", "--quiet", "--raw", str(image), check=False).split()


def fonts(pdf: bytes | Path, tmp_path: Path) -> str:
    path = _file(pdf, tmp_path)
    return _tool("pdffonts", str(path))


def _tool(*args: str, check: bool = True) -> str:
    # Poppler and zbar from Debian (make setup-test), on PATH, always with an argument list.
    return subprocess.run(args, capture_output=True, text=True, check=check).stdout  # noqa: S603


def _file(pdf, tmp_path: Path) -> Path:
    if isinstance(pdf, Path):
        return pdf
    path = tmp_path / f"doc-{len(list(tmp_path.glob('doc-*.pdf')))}.pdf"
    path.write_bytes(pdf)
    return path
