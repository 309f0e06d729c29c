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


def test_suppressed_cells_whose_sum_only_one_split_makes_hide_a_partner():
    # 1 + 1: the total minus the shown cells is 2, so both must be 1.
    shown = _table({"A": 1, "B": 1, "C": 12, "D": 25})
    assert [shown[c] for c in "ABCD"] == [SUPPRESSED, SUPPRESSED, HIDDEN, 25]
    # 4 + 4 + 4: 12 left over can only be three 4s.
    shown = _table({"A": 4, "B": 4, "C": 4, "D": 30, "E": 7})
    assert [shown[c] for c in "ABCDE"] == [SUPPRESSED] * 3 + [30, HIDDEN]
    # 1 + 4 (or 2 + 3, 3 + 2, 4 + 1): 5 left over tells neither.
    shown = _table({"A": 1, "B": 4, "C": 12})
    assert [shown[c] for c in "ABC"] == [SUPPRESSED, SUPPRESSED, 12]


def test_a_column_with_no_suppressed_cell_hides_nothing():
    shown = _table({"A": 0, "B": 7, "C": 12})
    assert [shown[c] for c in "ABC"] == [0, 7, 12]


def test_a_suppressed_total_needs_no_partner():
    # 3 of 3 at one FKTP: the total is "<5" itself, so the lone cell tells nothing more.
    shown = _table({"A": 3, "B": 0})
    assert [shown["A"], shown["B"], shown["total"].shown("seen")] == [SUPPRESSED, 0, SUPPRESSED]


def test_a_partner_of_5_beside_a_1_brings_the_next_partner():
    # 1 and 5 hidden add up to 6, which only 1 + 5 makes: the next count is hidden too.
    shown = _table({"A": 1, "B": 5, "C": 12, "D": 30})
    assert [shown[c] for c in "ABCD"] == [SUPPRESSED, HIDDEN, HIDDEN, 30]
    # 2 and 5 add up to 7: 1 + 6 or 2 + 5, so one partner is enough.
    shown = _table({"A": 2, "B": 5, "C": 12, "D": 30})
    assert [shown[c] for c in "ABCD"] == [SUPPRESSED, HIDDEN, 12, 30]


def test_a_small_total_over_four_small_cells_is_hidden():
    # Four "<5" adding up to a "<5" total: each must be 1, unless the total is hidden.
    shown = _table({"A": 1, "B": 1, "C": 1, "D": 1, "E": 0})
    assert [shown[c] for c in "ABCDE"] == [SUPPRESSED] * 4 + [0]
    assert shown["total"].shown("seen") == HIDDEN
    # Five 1s and nothing else: a shown total of 5 gives each away, and there is no partner.
    shown = _table({"A": 1, "B": 1, "C": 1, "D": 1, "E": 1})
    assert [shown[c] for c in "ABCDE"] == [SUPPRESSED] * 5
    assert shown["total"].shown("seen") == HIDDEN
    # Three of them could be 1 + 1 + 1 or hold a 2: the total stays "<5".
    shown = _table({"A": 1, "B": 1, "C": 1, "D": 0})
    assert shown["total"].shown("seen") == SUPPRESSED


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
