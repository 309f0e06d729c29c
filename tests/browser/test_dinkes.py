"""The city health office at a desk: signs in, opens the follow-up per FKTP, reads an FKTP's
counts with the small ones suppressed, and downloads the same table as a spreadsheet."""

import itertools
from io import BytesIO

import openpyxl
import pytest
from playwright.sync_api import expect

from screening.clock import now_iso
from screening.store import followups, referrals
from tests.browser.test_officer_list import DESK, sign_in
from tests.clinic.conftest import ROUTINE

pytestmark = pytest.mark.browser

_runs = itertools.count(1)


@pytest.fixture
def two_fktps(live_make, screened_officer):
    """A Puskesmas with six referrals, five of them examined (four fit for duty, one fit with a
    remark), and a clinic with two referrals (one examined): names of their own, since the live
    database is shared by the session."""
    run = next(_runs)
    big = live_make.fktp(name=f"Puskesmas Dinkes Uji {run}")
    small = live_make.fktp(name=f"Klinik Dinkes Uji {run}", kind="klinik")
    clinician = live_make.staff(role="fktp", fktp_code=big["code"])
    plan = [(big, "layak")] * 4 + [(big, "layak_dengan_catatan"), (big, None)]
    plan += [(small, "layak"), (small, None)]
    for fktp, fitness in plan:
        officer, _ = screened_officer(ROUTINE, fktp_code=fktp["code"])
        referral = referrals.referral_for_officer(live_make.db, officer["id"])
        if fitness:
            followups.record(
                live_make.db,
                referral["id"],
                data={"kelayakan": fitness},
                expected_status="baru",
                path=["diperiksa", "selesai"],
                staff_id=clinician["id"],
                now=now_iso(),
            )
    return big, small


def _cells(page, name: str) -> list[str]:
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=True))
    return [text.strip() for text in row.get_by_role("cell").all_inner_texts()]


def _assert_no_lone_small_cell(page) -> None:
    """Complementary suppression: no count column with a shown total holds exactly one "<5"
    without a cell hidden beside it."""
    table = page.locator("table.dinkes-table")
    body = [
        [t.strip() for t in row.locator("td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    total = [t.strip() for t in table.locator("tfoot tr td").all_inner_texts()]
    for column in (0, 1, 2, 5, 6, 7):
        cells = [row[column] for row in body]
        if total[column] != "<5" and cells.count("<5") == 1:
            assert cells.count("disembunyikan") == 1, column


def test_dinkes_reads_the_followup_per_fktp_and_downloads_it(
    page, live_server, live_make, two_fktps, screenshots, serious_violations
):
    big, small = two_fktps
    dinkes = live_make.staff(role="dinkes")
    page.set_viewport_size(DESK)
    sign_in(page, live_server, dinkes["username"], "/dinkes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tindak lanjut rujukan per FKTP")
    # referred, seen, overdue, on time, median days, layak, with a remark, not fit for now.
    # Referred 6 and seen 5 are hidden when the clinic's "<5" is the lone one of its column (the
    # live database is shared: other tests' FKTPs may hold the column's other "<5" or partner).
    big_cells = _cells(page, big["name"])
    assert big_cells[0] in ("6", "disembunyikan")
    assert big_cells[1] in ("5", "disembunyikan")
    assert big_cells[2:] == ["0", "100%", "0", "<5", "<5", "0"]
    _assert_no_lone_small_cell(page)
    assert _cells(page, small["name"]) == ["<5", "<5", "0"] + ["disembunyikan"] * 2 + [
        "<5",
        "0",
        "0",
    ]
    expect(page.get_by_text("Jumlah 1 sampai 4 ditulis <5")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=screenshots / "dinkes-1280.png", full_page=True)
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh .xlsx").click()
    assert download.value.suggested_filename.startswith("tindak-lanjut-fktp-kota-")
    # Playwright keeps the file under a name without its extension: openpyxl reads the bytes.
    sheet = openpyxl.load_workbook(BytesIO(download.value.path().read_bytes())).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    # The export hides the same cells as the page (they share the table).
    assert rows[big["name"]][2] == (6 if big_cells[0] == "6" else "disembunyikan")
    assert rows[big["name"]][3] == (5 if big_cells[1] == "5" else "disembunyikan")
    assert rows[big["name"]][4:] == (0, 100, 0, "<5", "<5", 0)
    assert rows[small["name"]][2:] == ("<5", "<5", 0, None, None, "<5", 0, 0)
    assert "Seluruh kota" in rows
