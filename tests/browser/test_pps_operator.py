"""A PPS operator (one kelurahan) does their job on a phone without JavaScript: signs in, sees
their kelurahan's coverage per TPS, finds the officers of one TPS who have not screened yet and
downloads the chase list, which holds their kelurahan only, with personal links and wa.me."""

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from screening.clock import today_wib
from screening.demo.screenings import HEALTHY
from tests.browser.test_officer_list import _no_horizontal_scroll, sign_in

pytestmark = pytest.mark.browser

MEDONO = "3375011002"
TPS = 23  # a TPS no other browser test of the session fills


@pytest.fixture
def pps_of_medono(live_make, screened_officer):
    """At TPS 23 of Medono two officers who have not screened and one who has; one officer not
    screened in Bendan, another kelurahan of the same kecamatan."""
    bendan, _timur, _noyontaan = live_make.other_places()
    live_make.officer(name="Laras Belum Skrining", tps=TPS, phone="081311112222")
    live_make.officer(name="Wawan Belum Skrining", tps=TPS, phone="081322223333")
    screened_officer(HEALTHY, name="Sari Sudah Skrining", tps=TPS)
    live_make.officer(name="Bambang Bendan", kelurahan_code=bendan, tps=TPS)
    return live_make.staff(role="pps", full_name="Nurul PPS Medono")


def rows_of(data: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("page", [False], indirect=True)
def test_a_pps_operator_finds_the_laggards_of_a_tps_and_downloads_the_chase_list(
    page, live_server, pps_of_medono, screenshots
):
    sign_in(page, live_server, pps_of_medono["username"], "/staf/")
    # Home: their kelurahan, and where their work is.
    expect(page.get_by_text("Wilayah Anda: Kelurahan Medono")).to_be_visible()
    expect(page.get_by_role("link", name="Unggah daftar petugas")).to_have_count(0)
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "pps-home-360.png"), full_page=True)

    # Coverage starts at their kelurahan, per TPS; the city is not theirs to open.
    page.get_by_role("link", name="Cakupan Kelurahan Medono").click()
    expect(page.get_by_role("heading", name="Kelurahan Medono per TPS")).to_be_visible()
    expect(page.get_by_role("link", name="Seluruh kota")).to_have_count(0)
    tps_row = page.locator("table.coverage-table tbody tr").filter(
        has=page.get_by_role("rowheader", name=f"TPS {TPS}", exact=True)
    )
    expect(tps_row).to_have_count(1)
    cells = tps_row.locator("td")
    expect(cells.nth(0)).to_have_text("3")  # officers
    expect(cells.nth(3)).to_have_text("2")  # not yet screened
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "pps-coverage-360.png"), full_page=True)

    # The laggards of that TPS in the officer list.
    page.goto(f"{live_server}/staf/")
    page.get_by_role("link", name="Petugas dan tautan pribadi").click()
    page.get_by_role("textbox", name="Nomor TPS").fill(str(TPS))
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    listed = page.locator("table.officer-list tbody tr")
    expect(listed).to_have_count(3)
    for name in ("Laras Belum Skrining", "Wawan Belum Skrining"):
        expect(listed.filter(has_text=name).locator(".officer-status .badge").first).to_have_text(
            "belum"
        )
    expect(
        listed.filter(has_text="Sari Sudah Skrining").locator(".officer-status .badge").first
    ).to_have_text("sudah skrining")
    expect(page.get_by_text("Bambang Bendan")).to_have_count(0)
    page.screenshot(path=str(screenshots / "pps-officers-360.png"), full_page=True)

    # The chase list of their kelurahan: only Medono, with links and WhatsApp messages.
    page.goto(f"{live_server}/staf/")
    page.get_by_role("link", name="Unduh daftar untuk ditindaklanjuti").click()
    # The page must have arrived before it is measured: mid-navigation there is no document.
    expect(page.get_by_role("heading", level=1)).to_have_text("Unduh daftar untuk ditindaklanjuti")
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "pps-exports-360.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("region", name="Petugas yang belum skrining").get_by_role(
            "button", name="Unduh .xlsx"
        ).click()
    name = download.value.suggested_filename
    assert name == f"belum-skrining-{MEDONO}-{today_wib().isoformat()}.xlsx"
    rows = rows_of(Path(download.value.path()).read_bytes())
    assert {row["Kelurahan"] for row in rows} == {"Medono"}
    names = {row["Nama"] for row in rows}
    assert {"Laras Belum Skrining", "Wawan Belum Skrining"} <= names
    assert "Sari Sudah Skrining" not in names
    assert "Bambang Bendan" not in names
    ours = [row for row in rows if row["Nama"] in ("Laras Belum Skrining", "Wawan Belum Skrining")]
    for row in ours:
        assert row["Tautan pribadi"].startswith("http")
        assert "/s/" in row["Tautan pribadi"]
        assert row["Kirim via WhatsApp"].startswith("https://wa.me/6281")
