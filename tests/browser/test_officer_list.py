"""KPU's officer list and its confirmation pages on a phone (cards) and at a desk (a table),
without JavaScript; the roster preview's warnings at both sizes."""

import itertools
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, officer_with_link
from tests.roster.helpers import csv_bytes, good_cells, table

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
MEDONO = "3375011002"


def sign_in(page, live_server, username, then):
    page.goto(live_server + then)
    expect(page).to_have_url(re.compile(r"/staf/masuk"))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()


_runs = itertools.count(1)


@pytest.fixture
def kelurahan_with_officers(live_app, live_make):
    """A kelurahan with more officers than one page, some with a link, a long name among them
    (the live database is shared by the session: each call's long name is its own)."""
    run = next(_runs)
    for n in range(28):
        name = f"Petugas Daftar {n:02d}"
        if n == 0:
            name = f"Raden Ajeng Siti Nurhayati Kusumawardhani{run} Prawirodirdjo"
        officer_with_link(live_make, live_app, name=name, tps=n % 3 + 1)
    live_make.officer(name="Petugas Tanpa Tautan", tps=1)
    kpu = live_make.staff(role="kpu")
    kpu["run"] = run
    return kpu


def _no_horizontal_scroll(page) -> bool:
    # Measured once the page has loaded; callers still wait for their page's own content first.
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("page", [False], indirect=True)
def test_officer_list_is_cards_on_a_phone_and_revoking_asks_first(
    page, live_server, kelurahan_with_officers, screenshots
):
    kpu = kelurahan_with_officers
    sign_in(page, live_server, kpu["username"], f"/kpu/petugas/?kelurahan={MEDONO}&tps=1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Petugas dan tautan pribadi")
    rows = page.locator("table.officer-list tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() <= 25
    assert _no_horizontal_scroll(page)
    for button in page.locator(".officer-actions .button").all()[:12]:
        box = button.bounding_box()
        assert box["x"] >= 0, box
        assert box["x"] + box["width"] <= 360, box
        assert box["height"] >= 44, box
    assert page.locator("#tps").bounding_box()["width"] >= 120
    page.screenshot(path=screenshots / "kpu-officers-360.png", full_page=True)

    first = rows.filter(has=page.get_by_role("link", name=re.compile("^Cabut"))).first
    name = first.locator("th").inner_text()
    first.get_by_role("link", name=re.compile("^Cabut")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cabut tautan")
    expect(page.get_by_text("kartu akses yang sudah dicetak")).to_be_visible()
    assert _no_horizontal_scroll(page)
    page.screenshot(path=screenshots / "kpu-revoke-confirm-360.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Ya, cabut tautan").click()
    expect(page.get_by_text(f"Tautan dan kode akses {name} sudah dicabut.")).to_be_visible()


def test_officer_list_and_confirmation_have_no_serious_accessibility_problems(
    page, live_server, kelurahan_with_officers, serious_violations
):
    """axe needs JavaScript; the pages themselves do not."""
    sign_in(
        page, live_server, kelurahan_with_officers["username"], f"/kpu/petugas/?kelurahan={MEDONO}"
    )
    assert serious_violations(page) == []
    page.get_by_role("link", name=re.compile("^Cabut")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cabut tautan")
    assert serious_violations(page) == []


@pytest.mark.parametrize("page", [False], indirect=True)
def test_officer_list_is_a_table_at_a_desk_and_searches_by_name(
    page, live_server, kelurahan_with_officers, screenshots
):
    page.set_viewport_size(DESK)
    kpu = kelurahan_with_officers
    sign_in(page, live_server, kpu["username"], f"/kpu/petugas/?kelurahan={MEDONO}")
    header = page.locator("table.officer-list thead")
    expect(header).to_be_visible()
    assert page.locator("main").bounding_box()["width"] > 1000  # not the 700-px column
    expect(page.locator(".pager")).to_be_visible()
    assert _no_horizontal_scroll(page)
    page.screenshot(path=screenshots / "kpu-officers-1280.png", full_page=True)

    page.get_by_label("Cari nama atau NIK").fill(f"kusumawardhani{kpu['run']}")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    assert "kusuma" not in page.url.lower()
    expect(page.locator("table.officer-list tbody tr")).to_have_count(1)

    page.get_by_role("link", name=re.compile("^Buat baru")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buat tautan baru")
    page.screenshot(path=screenshots / "kpu-new-link-confirm-1280.png", full_page=True)


@pytest.mark.parametrize("size", ["phone", "desk"])
def test_roster_preview_lists_warnings_by_row(page, live_server, live_make, screenshots, size):
    if size == "desk":
        page.set_viewport_size(DESK)
    kpu = live_make.staff(role="kpu")
    fktp = live_make.fktp()
    rows = [
        good_cells(7301, fktp_code=fktp["code"], bpjs_tk_status="Terdaftar"),
        good_cells(7302, fktp_code=fktp["code"], bpjs_tk_status="Mungkin", phone="12345"),
        good_cells(7303, fktp_code=fktp["code"], jkn_status="Kadang-kadang"),
        good_cells(7304, fktp_code=fktp["code"], role="Saksi"),
    ]
    sign_in(page, live_server, kpu["username"], "/kpu/roster/")
    page.locator('input[type="file"]').set_input_files(
        {"name": "petugas.csv", "mimeType": "text/csv", "buffer": csv_bytes(table(rows))}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_role("button", name="Impor 3 baris yang benar")).to_be_visible()
    warnings = page.locator("table.roster-warnings tbody tr")
    expect(warnings).to_have_count(3)
    expect(warnings.nth(0).locator("th")).to_have_text("3")
    expect(warnings.nth(2).locator("th")).to_have_text("4")
    assert _no_horizontal_scroll(page)
    page.screenshot(path=screenshots / f"kpu-roster-warnings-{size}.png", full_page=True)
