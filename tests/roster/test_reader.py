"""Reading CSV and XLSX files: encodings, delimiters, date cells, row numbers, broken files."""

import time
import zipfile
from io import BytesIO

import pytest

from screening.roster import reader
from screening.roster.reader import RosterFileError, read_roster
from tests.roster.helpers import (
    HEADER,
    cell_datetime,
    csv_bytes,
    good_cells,
    table,
    xlsx_bomb,
    xlsx_bytes,
)


def test_semicolon_csv_with_bom_as_indonesian_excel_saves_it():
    data = csv_bytes(table([good_cells()]), delimiter=";", encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    sheet = read_roster(data, "petugas.csv")
    assert sheet.kind == "csv"
    assert sheet.header == HEADER
    assert [r.number for r in sheet.rows] == [2]
    assert sheet.rows[0].fields["name"] == "Siti Rahayu 9001"
    assert sheet.notes == []


def test_comma_csv_without_bom_and_names_with_commas():
    rows = table([good_cells(name="Rahayu, S.Pd.")])
    sheet = read_roster(csv_bytes(rows, delimiter=",", encoding="utf-8"), "petugas.csv")
    assert sheet.rows[0].fields["name"] == "Rahayu, S.Pd."
    assert sheet.rows[0].fields["kelurahan"] == "Medono"


def test_tab_separated_utf16_as_excel_unicode_text():
    data = csv_bytes(table([good_cells()]), delimiter="\t", encoding="utf-16")
    assert read_roster(data, "petugas.txt").rows[0].fields["role"] == "Anggota KPPS"


def test_cp1252_csv_is_read_with_a_note():
    rows = table([good_cells(name="Siti Nur’aini")])  # a curly apostrophe, as Excel types it
    sheet = read_roster(csv_bytes(rows, encoding="cp1252"), "petugas.csv")
    assert sheet.rows[0].fields["name"] == "Siti Nur’aini"
    assert [n.msgid for n in sheet.notes] == [reader.MSG_NOTE_CP1252]


def test_excel_sep_line_sets_the_delimiter_and_is_not_counted_as_a_row():
    body = csv_bytes(table([good_cells()]), delimiter="|", encoding="utf-8")
    sheet = read_roster(b"sep=|\r\n" + body, "petugas.csv")
    assert sheet.header_row == 1
    assert sheet.rows[0].number == 2
    assert sheet.rows[0].fields["nik"] == good_cells()["nik"]


def test_row_numbers_are_spreadsheet_rows_despite_title_rows_blank_rows_and_line_breaks():
    rows = [
        ["DAFTAR PETUGAS KPPS KOTA PEKALONGAN"],
        [],
        *table(
            [good_cells(9001, name="Baris\nDua Baris"), good_cells(9002)],
        ),
        [],
        table([good_cells(9003)])[1],
    ]
    for data in (csv_bytes(rows), xlsx_bytes(rows)):
        sheet = read_roster(data, "x")
        assert sheet.header_row == 3
        assert [r.number for r in sheet.rows] == [4, 5, 7]


def test_a_repeated_header_row_in_the_middle_is_skipped():
    rows = [*table([good_cells(9001)]), HEADER, table([good_cells(9002)])[1]]
    sheet = read_roster(csv_bytes(rows), "x.csv")
    assert [r.number for r in sheet.rows] == [2, 4]


def test_xlsx_with_real_date_cells_serials_and_number_cells():
    rows = table(
        [
            good_cells(9001, birth_date=cell_datetime(1985, 3, 14), tps=1, phone=81234567890),
            good_cells(9002, birth_date=31120),
        ]
    )
    sheet = read_roster(xlsx_bytes(rows), "petugas.xlsx")
    assert sheet.kind == "xlsx"
    first, second = sheet.rows
    assert first.fields["birth_date"] == cell_datetime(1985, 3, 14)
    assert first.fields["tps"] == 1
    assert first.fields["phone"] == 81234567890
    assert second.fields["birth_date"] == 31120


def test_xlsx_finds_the_roster_on_a_later_sheet_and_says_which():
    data = xlsx_bytes(table([good_cells()]), title="Data Petugas", extra_sheets=("Petunjuk",))
    sheet = read_roster(data, "petugas.xlsx")
    assert sheet.rows[0].fields["kecamatan"] == "Pekalongan Barat"
    assert [(n.msgid, n.params) for n in sheet.notes] == [
        (reader.MSG_NOTE_SHEET, {"sheet": "Data Petugas"})
    ]


def test_unknown_and_repeated_columns_are_noted_not_fatal():
    rows = [[*HEADER, "Hobi", "Desa"], [*table([good_cells()])[1], "Catur", "Medono"]]
    sheet = read_roster(csv_bytes(rows), "x.csv")
    assert {n.msgid: n.params for n in sheet.notes} == {
        reader.MSG_NOTE_UNKNOWN_COLUMNS: {"columns": "Hobi"},
        reader.MSG_NOTE_REPEATED_COLUMNS: {"columns": "Desa"},
    }


def _broken_zip() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "msgid"),
    [
        (b"", "kosong.csv", reader.MSG_EMPTY),
        (b"\r\n  \r\n", "kosong.csv", reader.MSG_EMPTY),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "foto.csv",
            reader.MSG_NOT_ROSTER,
        ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "surat.csv", reader.MSG_NOT_ROSTER),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "lama.xls.csv", reader.MSG_OLD_EXCEL),
        (_broken_zip(), "rusak.xlsx", reader.MSG_BROKEN_XLSX),
        (b"PK\x03\x04" + bytes(100), "rusak.xlsx", reader.MSG_BROKEN_XLSX),
        (b"NIK;Nama\n1;2\n", "teks.xlsx", reader.MSG_BROKEN_XLSX),
        (b"Halo, ini surat biasa.\nTidak ada tabel.\n", "surat.csv", reader.MSG_NO_HEADER),
        (b"NIK;Nama;Jabatan\n1;2;3\n", "x.csv", reader.MSG_MISSING_COLUMNS),
        (";".join(HEADER).encode(), "x.csv", reader.MSG_NO_ROWS),
        # An unbalanced quote swallows the rest of a big file into one cell.
        (
            b'NIK;Nama;Jabatan;Kecamatan\n"1;2;3\n' + b"1;2;3;4\n" * 20000,
            "x.csv",
            reader.MSG_BROKEN_CSV,
        ),
    ],
    ids=[
        "empty",
        "blank lines",
        "image",
        "pdf",
        "old xls or encrypted",
        "zip without workbook",
        "truncated zip",
        "text named xlsx",
        "no header",
        "missing place column",
        "header only",
        "unbalanced quote",
    ],
)
def test_files_that_are_no_roster_give_an_indonesian_reason(data, filename, msgid):
    with pytest.raises(RosterFileError) as caught:
        read_roster(data, filename)
    assert caught.value.msgid == msgid
    assert str(caught.value)  # formats without KeyError: params match the placeholders


def test_missing_columns_are_named():
    with pytest.raises(RosterFileError) as caught:
        read_roster(b"NIK;Nama\n3375014103850001;Siti\n", "x.csv")
    assert caught.value.params == {"columns": "Jabatan, Kelurahan/Desa"}


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_DATA_ROWS", 5)
    rows = table([good_cells(9001 + n) for n in range(20)])
    for data in (csv_bytes(rows), xlsx_bytes(rows)):
        with pytest.raises(RosterFileError) as caught:
            read_roster(data, "x")
        assert caught.value.msgid == reader.MSG_TOO_MANY_ROWS


def test_an_xlsx_that_unpacks_to_300_mb_is_refused_before_it_is_unpacked():
    bomb = xlsx_bomb(300)
    assert len(bomb) < 400 * 1024
    started = time.perf_counter()
    with pytest.raises(RosterFileError) as caught:
        read_roster(bomb, "petugas.xlsx")
    assert time.perf_counter() - started < 1.0
    assert caught.value.msgid == reader.MSG_XLSX_TOO_BIG
    assert "lebih dari 50 MB" in str(caught.value)


def test_an_xlsx_of_a_thousand_and_one_parts_is_refused():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(reader.MAX_XLSX_ENTRIES + 1):
            archive.writestr(f"xl/media/image{n}.png", b"")
    with pytest.raises(RosterFileError) as caught:
        read_roster(buffer.getvalue(), "petugas.xlsx")
    assert caught.value.msgid == reader.MSG_XLSX_TOO_BIG


def test_an_xlsx_just_under_the_limit_is_read():
    sheet = read_roster(xlsx_bomb(reader.MAX_XLSX_UNPACKED // (1024 * 1024) - 1), "petugas.xlsx")
    assert len(sheet.rows) == 1
