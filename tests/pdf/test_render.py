"""render_pdf: our fonts, Indonesian text, the locked-down fetcher."""

import logging

import pytest

from screening.printing import bulk as printing
from screening.printing.pdf import RefusedURL, fetcher, html_to_pdf, render_pdf
from screening.store import printing as print_store
from screening.web.database import get_db
from tests.pdf.conftest import BASE_URL, fonts, page_count, pdf_text, qr_codes


def slip_pdf(app, number):
    """The slip as KPU prints it."""
    with app.app_context():
        row = print_store.slip_row(get_db(), number)
        return render_pdf(printing.SLIP_TEMPLATE, **printing.slip_document([row]))


def full_slip_pdf(app, number):
    """The slip with the findings (the officer's own, the referral's FKTP)."""
    with app.app_context():
        return printing.full_slip_pdf(print_store.full_slip_row(get_db(), number))


def test_the_kpu_slip_is_one_a5_page_with_who_where_when_and_what_to_measure(
    app, referred, tmp_path
):
    officer = referred.officer(name="Siti Nurhaliza", tps=7, jkn_number="0001234567890")
    pdf = slip_pdf(app, officer["referral"]["number"])
    pages = pdf_text(pdf, tmp_path)
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    for expected in (
        "Surat Rujukan Skrining Kesehatan Petugas Pemilu",
        officer["referral"]["number"],
        "Siti Nurhaliza",
        officer["nik"],
        "0001234567890",
        "KPPS, TPS 007",
        "Kelurahan Medono, Kecamatan Pekalongan Barat",
        "Puskesmas Medono",
        "Jl. Urip Sumoharjo No. 5",
        "Datang paling lambat",
        "Tekanan darah",
        "Gula darah sewaktu / puasa",
        "Ini hasil skrining, bukan diagnosis",
        "tidak memengaruhi pengangkatan",
        "nama, tanda tangan dan cap",
    ):
        assert expected in text, expected
    # No condition, level or reason (tests/test_privacy_kpu.py checks every KPU document).
    assert "risiko" not in text
    assert "Hipertensi" not in text


def test_the_full_slip_carries_the_findings(app, referred, tmp_path):
    officer = referred.officer(answers={"dx_hipertensi": "ya", "obat_hipertensi": "ya"})
    pages = pdf_text(full_slip_pdf(app, officer["referral"]["number"]), tmp_path)
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert "Hipertensi (darah tinggi): risiko" in text
    assert "Pernah dikatakan darah tinggi" in text
    assert "nama, tanda tangan dan cap" in text


def test_slip_dates_are_indonesian_in_wib(app, referred, tmp_path, db):
    officer = referred.officer()
    number = officer["referral"]["number"]
    # 20:30 UTC on 31 December is already 1 January in Pekalongan.
    db["referral"].update(
        officer["referral"]["id"],
        {"created_at": "2028-12-31T20:30:00+00:00", "deadline": "2029-01-08"},
    )
    text = " ".join(pdf_text(slip_pdf(app, number), tmp_path)[0].split())
    assert "Tanggal: 1 Januari 2029" in text
    assert "Datang paling lambat 8 Januari 2029" in text


def test_slip_embeds_only_our_own_fonts(app, referred, tmp_path):
    officer = referred.officer()
    listed = fonts(slip_pdf(app, officer["referral"]["number"]), tmp_path)
    names = [line.split()[0] for line in listed.splitlines()[2:]]
    assert names
    assert all("Skrining-" in name for name in names), listed
    assert all(" yes yes yes " in line for line in listed.splitlines()[2:]), listed


def test_slip_qr_code_opens_the_referral_page_for_the_fktp(app, referred, tmp_path):
    officer = referred.officer()
    number = officer["referral"]["number"]
    assert qr_codes(slip_pdf(app, number), tmp_path) == [f"{BASE_URL}/rujukan/{number}"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/static/pdf.css",
        "https://skrining.example.id.evil.test/static/pdf.css",
        f"{BASE_URL}/rujukan/RJ-00001",
        f"{BASE_URL}/static/../screening/config.py",
        f"{BASE_URL}/static/%2e%2e/app.py",
        f"{BASE_URL}/static/pdf.css?redirect=http://example.com",
        f"{BASE_URL}/static/tidak-ada.css",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(app, url):
    with app.app_context(), pytest.raises(RefusedURL):
        fetcher().fetch(url)


def test_fetcher_serves_static_files_and_data_urls(app):
    with app.app_context():
        css = fetcher().fetch(f"{BASE_URL}/static/pdf.css")
        assert b"@font-face" in css.read()
        assert css.content_type == "text/css"
        assert fetcher().fetch("data:text/plain,halo").read() == b"halo"


def test_a_document_asking_for_a_local_file_gets_nothing(app, tmp_path, weasyprint_warnings):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("NIK 3375010101900001")
    html = (
        f'<link rel="stylesheet" href="file://{secret}"><img src="file://{secret}">'
        '<img src="http://example.com/x.png"><p>Halo</p>'
    )
    with app.app_context():
        pdf = html_to_pdf(html)
    assert b"3375010101900001" not in pdf
    refused = [r for r in weasyprint_warnings if r.levelno >= logging.WARNING]
    assert len(refused) == 3
    assert all("RefusedURL" in r.getMessage() for r in refused)
    weasyprint_warnings.clear()  # expected here; any other test fails on them
    assert page_count(pdf, tmp_path) == 1


def test_render_pdf_works_outside_a_request(app, referred):
    officer = referred.officer()
    with app.app_context():
        row = print_store.slip_row(get_db(), officer["referral"]["number"])
        pdf = render_pdf(printing.SLIP_TEMPLATE, **printing.slip_document([row]))
    assert pdf.startswith(b"%PDF")


def test_slips_are_indonesian_whatever_the_readers_language(app, referred, client, tmp_path):
    officer = referred.officer()
    client.get(f"/s/{officer['token']}")
    client.get("/bahasa/en")
    pdf = client.get("/skrining/hasil/surat.pdf").data
    assert "Surat Rujukan" in pdf_text(pdf, tmp_path)[0]
