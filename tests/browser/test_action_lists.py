"""KPU picks an area on /kpu/ekspor/ on a phone without JavaScript and downloads the chase list:
the page fits 360 px and the file is the area's, dated."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from screening.clock import today_wib
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
    page.get_by_label("Nomor TPS").fill("7")
    with page.expect_navigation():
        page.get_by_role("button", name="Pilih wilayah").click()
    expect(page).to_have_url(re.compile(r"kelurahan=3375011002"))
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "exports-360.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh .xlsx").click()
    name = download.value.suggested_filename
    assert name == f"belum-skrining-3375011002-tps007-{today_wib().isoformat()}.xlsx"
    data = Path(download.value.path()).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Petugas Dikejar Ekspor" in names
