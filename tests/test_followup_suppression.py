"""Complementary suppression on the Dinkes table: a lone "<5" in a column cannot be worked out
from the city total and the other rows (screening/followup_figures.py, docs/followup-figures.md)."""

import csv
import io

import openpyxl

from screening import followup_figures
from screening.followup_figures import HIDDEN, SUPPRESSED
from screening.store import followup_stats


def _table(seen_per_fktp: dict) -> dict:
    """{FKTP code: what the row shows in the `seen` column}, after `table`."""
    per_fktp = {code: {"referred": 20, "seen": seen} for code, seen in seen_per_fktp.items()}
    fktps = [{"code": code, "name": code} for code in seen_per_fktp]
    rows, total = followup_figures.table(fktps, per_fktp)
    return {row["code"]: row["figures"].shown("seen") for row in rows} | {"total": total}


def test_a_lone_suppressed_cell_hides_the_smallest_other_count_of_its_column():
    shown = _table({"A": 3, "B": 40, "C": 12, "D": 25})
    assert shown["A"] == SUPPRESSED
    assert shown["C"] == HIDDEN  # 12: the smallest other count; not "<5", it is not small
    assert shown["B"] == 40
    assert shown["D"] == 25
    assert shown["total"].shown("seen") == 80


def test_the_hidden_partner_is_never_a_zero_and_ties_take_the_first_row():
    shown = _table({"A": 0, "B": 2, "C": 9, "D": 9})
    assert [shown[c] for c in "ABCD"] == [0, SUPPRESSED, HIDDEN, 9]


def test_two_or_more_suppressed_cells_in_a_column_hide_nothing_more():
    shown = _table({"A": 3, "B": 1, "C": 12, "D": 25})
    assert [shown[c] for c in "ABCD"] == [SUPPRESSED, SUPPRESSED, 12, 25]


def test_a_column_with_no_suppressed_cell_hides_nothing():
    shown = _table({"A": 0, "B": 7, "C": 12})
    assert [shown[c] for c in "ABC"] == [0, 7, 12]


def test_a_suppressed_total_needs_no_partner():
    # 3 of 3 at one FKTP: the total is "<5" itself, so the lone cell tells nothing more.
    shown = _table({"A": 3, "B": 0})
    assert [shown["A"], shown["B"], shown["total"].shown("seen")] == [SUPPRESSED, 0, SUPPRESSED]


def test_each_column_is_protected_on_its_own():
    per_fktp = {
        "A": {"referred": 30, "seen": 2, "overdue": 6, "layak": 1},
        "B": {"referred": 2, "seen": 9, "overdue": 3, "layak": 8},
        "C": {"referred": 10, "seen": 20, "overdue": 7, "layak": 15},
    }
    rows, _ = followup_figures.table([{"code": c, "name": c} for c in per_fktp], per_fktp)
    hidden = {row["code"]: row["figures"].hidden for row in rows}
    assert hidden == {
        "A": frozenset({"overdue"}),
        "B": frozenset({"seen", "layak"}),
        "C": frozenset({"referred"}),
    }


def _fake_counts(monkeypatch):
    per_fktp = {
        "P1": {"referred": 30, "seen": 3, "overdue": 0},
        "P2": {"referred": 12, "seen": 8, "overdue": 0},
        "P3": {"referred": 20, "seen": 15, "overdue": 0},
    }
    monkeypatch.setattr(followup_stats, "per_group", lambda db, group, today: per_fktp)
    monkeypatch.setattr(followup_stats, "fktps", lambda db: [])


def test_dinkes_page_marks_the_hidden_partner_apart_from_small_numbers(
    client, sign_in, monkeypatch
):
    _fake_counts(monkeypatch)
    sign_in("dinkes")
    page = client.get("/dinkes/").text
    row = page[page.index('<th scope="row">P2</th>') :]
    row = row[: row.index("</tr>")]
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:]]
    assert cells[1] == '<span class="suppressed">disembunyikan</span>'
    p1 = page[page.index('<th scope="row">P1</th>') :]
    assert p1.split('<td class="num">')[2].split("</td>")[0] == "&lt;5"


def test_dinkes_export_hides_the_same_partner(client, sign_in, monkeypatch):
    _fake_counts(monkeypatch)
    sign_in("dinkes")
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get("/dinkes/tindak-lanjut-fktp.xlsx").data)
    ).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["P1"][3] == SUPPRESSED
    assert rows["P2"][3] == HIDDEN
    assert rows["P3"][3] == 15
    assert rows["Seluruh kota"][3] == 26
    text = client.get("/dinkes/tindak-lanjut-fktp.csv").data.decode("utf-8-sig")
    table = {row[0]: row for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert table["P2"][3] == HIDDEN
