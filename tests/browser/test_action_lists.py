"""KPU picks an area on /kpu/ekspor/ on a phone without JavaScript and downloads the chase list:
the page fits 360 px and the file is the area's, dated."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from screening.clock import today_wib
from screening.printing import jobs
from tests.browser.test_officer_list import _no_horizontal_scroll, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", [False], indirect=True)
def test_kpu_picks_a_kelurahan_and_downloads_its_chase_list_on_a_phone(
    page, live_server, live_make, screenshots
):
    live_make.officer(name="Petugas Dikejar Ekspor", tps=7)
    kpu = live_make.staff(role="kpu")
    sign_in(page, live_server, kpu["username"], "/kpu/ekspor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unduh daftar untuk ditindaklanjuti")
    page.get_by_label("Kelurahan").select_option(label="Medono")
    page.get_by_role("textbox", name="Nomor TPS").fill("7")
    with page.expect_navigation():
        page.get_by_role("button", name="Pilih wilayah").click()
    expect(page).to_have_url(re.compile(r"kelurahan=3375011002"))
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "exports-360.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("region", name="Petugas yang belum skrining").get_by_role(
            "button", name="Unduh .xlsx"
        ).click()
    name = download.value.suggested_filename
    assert name == f"belum-skrining-3375011002-tps007-{today_wib().isoformat()}.xlsx"
    data = Path(download.value.path()).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Petugas Dikejar Ekspor" in names


@pytest.mark.parametrize("page", [False], indirect=True)
def test_kpu_gets_a_large_chase_list_through_its_progress_page_on_a_phone(
    page, live_app, live_server, live_make, screenshots, monkeypatch, tmp_path
):
    # A kecamatan's list above EXPORT_INLINE_MAX is prepared by the job worker (here, at once).
    monkeypatch.setitem(live_app.config, "EXPORT_INLINE_MAX", 1)
    monkeypatch.setattr(jobs, "jobs_dir", lambda app: tmp_path / "jobs")
    for n in (1, 2):
        live_make.officer(name=f"Petugas Besar {n}", tps=8 + n)
    kpu = live_make.staff(role="kpu")
    sign_in(page, live_server, kpu["username"], "/kpu/ekspor/?kecamatan=337501")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unduh daftar untuk ditindaklanjuti")
    page.get_by_role("region", name="Petugas yang belum skrining").get_by_role(
        "button", name="Unduh .xlsx"
    ).click()

    expect(page).to_have_url(re.compile(r"/kpu/ekspor/berkas/[0-9a-f]{16}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^(Menyiapkan daftar|Daftar siap): Kecamatan Pekalongan Barat$")
    )
    download_link = page.get_by_role("link", name="Unduh .xlsx")
    expect(download_link).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Daftar siap: Kecamatan Pekalongan Barat"
    )
    expect(page.get_by_role("status")).to_contain_text("Selesai:")
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "exports-job-done-360.png"), full_page=True)
    with page.expect_download() as download:
        download_link.click()
    name = download.value.suggested_filename
    assert name == f"belum-skrining-337501-{today_wib().isoformat()}.xlsx"
    data = Path(download.value.path()).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    mine = [row for row in rows if str(row[2]).startswith("Petugas Besar")]
    assert [row[2] for row in mine] == ["Petugas Besar 1", "Petugas Besar 2"]
    assert all("/s/" in row[6] for row in mine)

    # While a list is being prepared, the page says how far it is and refreshes itself.
    job_id = page.url.rsplit("/", 1)[1]
    running = {**jobs.state(live_app, job_id), "status": jobs.RUNNING, "done": 500}
    jobs._write(live_app, {**running, "total": 12818, "worker": jobs.this_process()})
    page.reload()
    expect(page.get_by_role("status")).to_have_text("Sedang disiapkan: 500 dari 12.818 petugas.")
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "exports-job-running-360.png"), full_page=True)


def test_the_downloads_page_and_a_list_jobs_page_have_no_serious_accessibility_problems(
    new_context, live_app, live_server, live_make, serious_violations, monkeypatch, tmp_path
):
    # axe needs JavaScript: a phone with it on. The list is large enough to be a job.
    monkeypatch.setitem(live_app.config, "EXPORT_INLINE_MAX", 1)
    monkeypatch.setattr(jobs, "jobs_dir", lambda app: tmp_path / "jobs")
    for n in (1, 2):
        live_make.officer(name=f"Petugas Diperiksa Axe {n}", tps=n)
    kpu = live_make.staff(role="kpu")
    page = new_context().new_page()
    sign_in(page, live_server, kpu["username"], "/kpu/ekspor/?kecamatan=337501")
    expect(page.get_by_role("region", name="Rujukan")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("region", name="Petugas yang belum skrining").get_by_role(
        "button", name="Unduh .csv"
    ).click()
    expect(page.get_by_role("link", name="Unduh .csv")).to_be_visible(timeout=30_000)
    assert serious_violations(page) == []
