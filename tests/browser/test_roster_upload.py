"""KPU uploads the roster on a phone: the preview counts rows and explains each rejection."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.roster.helpers import csv_bytes, good_cells, table

pytestmark = pytest.mark.browser


def test_kpu_sees_a_preview_with_counts_and_reasons_before_anything_is_saved(
    page, live_server, live_make, screenshots, serious_violations
):
    kpu = live_make.staff(role="kpu")
    fktp = live_make.fktp()
    rows = [
        good_cells(7101, fktp_code=fktp["code"]),
        good_cells(7102, fktp_code=fktp["code"]),
        good_cells(7103, fktp_code=fktp["code"], role="Saksi"),
        good_cells(7104, fktp_code=fktp["code"], nik="12345"),
    ]
    page.goto(f"{live_server}/kpu/roster/")
    page.get_by_label("Nama pengguna").fill(kpu["username"])
    page.get_by_label("Kata sandi").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server}/kpu/roster/")
    page.screenshot(path=screenshots / "kpu-roster-upload.png", full_page=True)
    page.locator('input[type="file"]').set_input_files(
        {"name": "petugas.csv", "mimeType": "text/csv", "buffer": csv_bytes(table(rows))}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()

    expect(page).to_have_url(re.compile(r"/kpu/roster/pratinjau$"))
    expect(page.get_by_text("Belum ada yang disimpan")).to_be_visible()
    counts = page.locator("dl.counts")
    expect(counts).to_contain_text("Baru")
    expect(page.get_by_role("button", name="Impor 2 baris yang benar")).to_be_visible()
    rejected = page.locator("table.roster-rejected tbody tr")
    expect(rejected).to_have_count(2)
    expect(rejected.nth(0).locator("th")).to_have_text("4")  # row numbers as in the file
    expect(rejected.nth(1).locator("th")).to_have_text("5")
    page.screenshot(path=screenshots / "kpu-roster-preview.png", full_page=True)
    assert serious_violations(page) == []
    assert live_make.db["officer"].count_where("name LIKE 'Siti Rahayu 71%'") == 0
