"""KPU prints slips for an area from a phone's browser, without JavaScript: the job runs in the
background, the progress page refreshes itself, and the PDF downloads when it is done."""

import re

import pytest
from playwright.sync_api import expect

from screening.demo.screenings import HEALTHY
from screening.printing import jobs as print_jobs
from tests.browser.test_clinician import sign_in
from tests.clinic.conftest import ROUTINE
from tests.pdf.conftest import pdf_text

pytestmark = pytest.mark.browser

TPS = 27  # a TPS no other browser test uses (Medono has 30): the live database is shared


@pytest.fixture
def jobs_in_tmp(monkeypatch, tmp_path):
    monkeypatch.setattr(print_jobs, "jobs_dir", lambda app: tmp_path / "print-jobs")


def test_kpu_prints_an_areas_slips_in_the_background_without_javascript(
    new_context,
    live_server,
    live_make,
    screened_officer,
    jobs_in_tmp,
    tmp_path,
    screenshots,
    serious_violations,
):
    kpu = live_make.staff(role="kpu")
    for name, answers in (
        ("Ani Referred", ROUTINE),
        ("Budi Referred", ROUTINE),
        ("Citra", HEALTHY),
    ):
        screened_officer(answers, name=name, tps=TPS)

    # axe needs JavaScript: check the form page in a phone with it on first.
    checked = new_context().new_page()
    sign_in(checked, live_server, kpu["username"], then="/kpu/cetak/")
    expect(
        checked.get_by_role("heading", name="Cetak surat rujukan dan kartu akses")
    ).to_be_visible()
    assert serious_violations(checked) == []

    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, live_server, kpu["username"], then="/kpu/cetak/")
    page.get_by_label("Kelurahan").select_option(label="Medono")
    page.get_by_label("Nomor TPS (boleh dikosongkan)").fill(str(TPS))
    page.screenshot(path=screenshots / "kpu-print.png", full_page=True)
    page.get_by_role("button", name="Cetak PDF").click()

    # The request returns at once with a progress page; it refreshes itself until done.
    expect(page).to_have_url(re.compile(r"/kpu/cetak/[\w-]+$"))
    download_link = page.get_by_role("link", name="Unduh PDF")
    expect(download_link).to_be_visible(timeout=90_000)
    expect(page.get_by_role("status")).to_contain_text("Selesai: 2 dokumen")
    page.screenshot(path=screenshots / "kpu-print-done.png", full_page=True)

    with page.expect_download() as download:
        download_link.click()
    pdf = tmp_path / "slips.pdf"
    download.value.save_as(pdf)
    text = " ".join(pdf_text(pdf, tmp_path))
    assert text.count("Surat Rujukan Skrining Kesehatan Petugas Pemilu") == 2
    assert "Ani Referred" in text
    assert "Budi Referred" in text
    assert "Citra" not in text  # not referred: no slip
