"""KPU's coverage page on a phone (the table scrolls inside its own region, the page does not)
and at a desk, without JavaScript; the bar chart is drawn as SVG in both."""

import pytest
from playwright.sync_api import expect

from screening.demo.screenings import HEALTHY
from tests.browser.test_officer_list import DESK, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def kpu_with_coverage(live_make, screened_officer):
    for tps in (1, 2, 3):
        live_make.officer(tps=tps)
        screened_officer(HEALTHY, tps=tps)
    return live_make.staff(role="kpu")


def test_coverage_table_scrolls_in_its_region_on_a_phone(
    page, live_server, kpu_with_coverage, screenshots, serious_violations
):
    sign_in(page, live_server, kpu_with_coverage["username"], "/kpu/cakupan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cakupan skrining")
    region = page.get_by_role("region", name="Seluruh kota per kecamatan")
    expect(region).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls inside
    expect(page.get_by_role("img", name="Bagian petugas yang sudah skrining")).to_be_visible()
    page.screenshot(path=screenshots / "coverage-city-360.png", full_page=True)
    page.get_by_role("link", name="Pekalongan Barat").click()
    page.get_by_role("link", name="Medono").click()
    expect(page.get_by_role("heading", name="Kelurahan Medono per TPS")).to_be_visible()
    page.screenshot(path=screenshots / "coverage-tps-360.png", full_page=True)
    assert serious_violations(page) == []


@pytest.mark.parametrize("page", [False], indirect=True)
def test_coverage_table_fits_the_desk_width(page, live_server, kpu_with_coverage, screenshots):
    page.set_viewport_size(DESK)
    sign_in(page, live_server, kpu_with_coverage["username"], "/kpu/cakupan/?kecamatan=337501")
    region = page.get_by_role("region", name="Kecamatan Pekalongan Barat per kelurahan")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    page.screenshot(path=screenshots / "coverage-kecamatan-1280.png", full_page=True)
