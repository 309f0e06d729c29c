"""A KPU operator's day, on a phone and at a desk: find the laggards on the coverage page, open
the list of exactly those officers, download their chase list, bring verified JKN statuses back
and see the coverage counts change.

The live database is shared by the browser tests: each run has a kecamatan of its own, so its
counts are its own.
"""

import io
import itertools
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from screening.demo.screenings import HEALTHY
from screening.store import regions
from tests.browser.conftest import PHONE
from tests.browser.test_officer_list import DESK, _no_horizontal_scroll, sign_in

pytestmark = pytest.mark.browser

_runs = itertools.count(1)


@pytest.fixture
def kecamatan_of_its_own(live_make, screened_officer):
    """A kecamatan with one kelurahan: three officers not yet screened (two without JKN), one
    screened. Returns (kecamatan, laggards, KPU account)."""
    run = next(_runs)
    kecamatan = {"code": f"33759{run}", "name": f"Kecamatan Uji {run}"}
    kelurahan = f"{kecamatan['code']}1001"
    regions.upsert_kecamatan(live_make.db, [kecamatan])
    regions.upsert_kelurahan(
        live_make.db,
        [{"code": kelurahan, "name": f"Kelurahan Uji {run}", "kecamatan_code": kecamatan["code"],
          "tps_count": 5}],
    )  # fmt: skip
    area = {"kecamatan_code": kecamatan["code"], "kelurahan_code": kelurahan}
    laggards = [
        live_make.officer(**area, tps=1, name=f"Lamban Satu {run}", jkn_status="belum_terdaftar"),
        live_make.officer(**area, tps=1, name=f"Lamban Dua {run}", jkn_status="belum_terdaftar"),
        live_make.officer(**area, tps=2, name=f"Lamban Tiga {run}", jkn_status="aktif"),
    ]
    screened_officer(HEALTHY, **area, tps=2, name=f"Sudah Isi {run}", jkn_status="aktif")
    return kecamatan, laggards, live_make.staff(role="kpu")


def _row(page, kecamatan: dict):
    return page.locator("table.coverage-table tbody tr").filter(
        has=page.get_by_role("link", name=kecamatan["name"], exact=True)
    )


def _count(row, column: int) -> int:
    """The number in the row's `column`-th count (0: officers, 3: not yet, 7: JKN aktif)."""
    return int(row.locator("td").nth(column).get_by_role("link").inner_text().replace(".", ""))


@pytest.mark.parametrize("page", [False], indirect=True)
@pytest.mark.parametrize("size", [PHONE, DESK], ids=["360", "1280"])
def test_kpu_finds_the_laggards_chases_them_and_brings_jkn_statuses_back(
    page, size, live_server, kecamatan_of_its_own, screenshots
):
    kecamatan, laggards, kpu = kecamatan_of_its_own
    width = size["width"]
    page.set_viewport_size(size)
    sign_in(page, live_server, kpu["username"], "/staf/")
    # The home sums up the city; the coverage page has the areas.
    expect(page.get_by_role("heading", name="Cakupan skrining seluruh kota")).to_be_visible()
    assert _no_horizontal_scroll(page)
    page.screenshot(path=screenshots / f"day-home-{width}.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Lihat cakupan per kecamatan, kelurahan dan TPS").click()
    row = _row(page, kecamatan)
    assert [_count(row, column) for column in (0, 1, 3, 7, 9)] == [4, 1, 3, 2, 2]
    assert _no_horizontal_scroll(page)
    page.screenshot(path=screenshots / f"day-coverage-{width}.png", full_page=True)
    if size == PHONE:  # scrolled to the JKN counts, the area names stay in view
        table = page.get_by_role("region", name="Seluruh kota per kecamatan")
        table.evaluate("el => { el.scrollLeft = 700; }")
        expect(row.get_by_role("link", name=kecamatan["name"], exact=True)).to_be_in_viewport()
        page.screenshot(path=screenshots / f"day-coverage-scrolled-{width}.png", full_page=True)
        table.evaluate("el => { el.scrollLeft = 0; }")

    # The kecamatan's "belum" count opens the list of exactly those officers.
    with page.expect_navigation():
        row.locator("td").nth(3).get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"kecamatan={kecamatan['code']}&status=belum$"))
    expect(page.get_by_role("heading", name="3 petugas")).to_be_visible()
    names = page.locator("table.officer-list tbody th").all_inner_texts()
    assert sorted(names) == sorted(o["name"] for o in laggards)
    expect(page.get_by_label("Status skrining")).to_have_value("belum")
    assert _no_horizontal_scroll(page)
    page.screenshot(path=screenshots / f"day-officers-belum-{width}.png", full_page=True)

    # Their chase list, from the downloads page.
    page.goto(f"{live_server}/kpu/ekspor/?kecamatan={kecamatan['code']}")
    with page.expect_download() as download:
        page.get_by_role("region", name="Petugas yang belum skrining").get_by_role(
            "button", name="Unduh .xlsx"
        ).click()
    data = Path(download.value.path()).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    chased = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[2]]
    assert sorted(chased) == sorted(o["name"] for o in laggards)

    # BPJS sends back the two officers' JKN, now active.
    page.goto(f"{live_server}/kpu/roster/status/")
    page.get_by_label("Status JKN (dari BPJS Kesehatan atau Pemda)").check()
    returned = "NIK,Status JKN\n" + "".join(f"{o['nik']},Aktif\n" for o in laggards[:2])
    page.locator('input[type="file"]').set_input_files(
        {"name": "status-jkn.csv", "mimeType": "text/csv", "buffer": returned.encode()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pratinjau status JKN")
    with page.expect_navigation():
        page.get_by_role("button", name="Impor 2 baris yang benar").click()

    page.goto(f"{live_server}/kpu/cakupan/?urut=jkn_aktif")
    row = _row(page, kecamatan)
    assert [_count(row, column) for column in (0, 1, 3, 7, 9)] == [4, 1, 3, 4, 0]
    if size == DESK:  # sorted, with its arrow, the table still fits a desk
        table = page.get_by_role("region", name="Seluruh kota per kecamatan")
        assert table.evaluate("el => el.scrollWidth <= el.clientWidth")
    page.screenshot(path=screenshots / f"day-coverage-sorted-{width}.png", full_page=True)


def test_the_filtered_list_and_the_sorted_coverage_pass_axe(
    page, live_server, kecamatan_of_its_own, serious_violations
):
    kecamatan, _laggards, kpu = kecamatan_of_its_own
    sign_in(page, live_server, kpu["username"], f"/kpu/petugas/?kecamatan={kecamatan['code']}")
    expect(page.get_by_role("heading", name="4 petugas")).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"{live_server}/kpu/petugas/?kecamatan={kecamatan['code']}&status=belum")
    assert serious_violations(page) == []
    page.goto(f"{live_server}/kpu/cakupan/?urut=belum&arah=turun")
    assert serious_violations(page) == []
