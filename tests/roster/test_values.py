"""Every cell parser, with the forms spreadsheets and people actually produce."""

from datetime import date

import pytest

from screening.roster import values
from screening.roster.values import ValueProblem
from tests.roster.helpers import cell_datetime

BORN = date(1985, 3, 14)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (cell_datetime(1985, 3, 14), BORN),  # a real date cell from openpyxl
        (BORN, BORN),
        (31120, BORN),  # an Excel serial number
        (31120.0, BORN),
        (31120.75, BORN),  # a serial with a time of day
        ("31120", BORN),  # a serial that lost its date format in a CSV
        ("14/03/1985", BORN),
        ("14-03-1985", BORN),
        ("14.03.1985", BORN),
        ("14/3/1985", BORN),
        ("14-03-85", BORN),
        ("1985-03-14", BORN),
        ("1985/03/14", BORN),
        ("1985-03-14 00:00:00", BORN),
        ("14 Maret 1985", BORN),
        ("14 maret 1985", BORN),
        ("14 Mar 1985", BORN),
        ("14-Mar-85", BORN),
        ("14 March 1985", BORN),
        ("3 Agustus 1990", date(1990, 8, 3)),
        ("3 Agt 1990", date(1990, 8, 3)),
        ("17 Nopember 2001", date(2001, 11, 17)),
        ("01 Des 1970", date(1970, 12, 1)),
        ("03/14/1985", BORN),  # Excel set to English: month first, unambiguous here
        ("14031985", BORN),
        ("19850314", BORN),
        ("Pekalongan, 14-03-1985", BORN),  # tempat, tanggal lahir
        ("Pekalongan, 14 Maret 1985", BORN),
        ("05/06/2007", date(2007, 6, 5)),  # ambiguous: day first, as Indonesia writes it
        ("", None),
        (None, None),
        ("-", None),
    ],
)
def test_dates_are_read_as_excel_and_people_write_them(cell, expected):
    assert values.parse_date(cell) == expected


@pytest.mark.parametrize(
    "cell",
    ["31/02/1985", "14/13/1985", "kemarin", "14 Maretz 1985", "1985", 0, -5, "99/99/99", True],
)
def test_impossible_dates_are_refused_with_the_cell_shown(cell):
    with pytest.raises(ValueProblem) as caught:
        values.parse_date(cell)
    assert caught.value.msgid == values.MSG_DATE
    assert caught.value.params == {"value": values.text(cell)}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("L", "L"),
        ("l", "L"),
        ("Laki-laki", "L"),
        ("LAKI - LAKI", "L"),
        ("Laki laki", "L"),
        ("Pria", "L"),
        ("LK", "L"),
        ("P", "P"),
        ("Perempuan", "P"),
        ("wanita", "P"),
        ("PR", "P"),
        ("", None),
        (None, None),
    ],
)
def test_sex_variants(cell, expected):
    assert values.parse_sex(cell) == expected


def test_unknown_sex_is_refused():
    with pytest.raises(ValueProblem) as caught:
        values.parse_sex("X")
    assert caught.value.msgid == values.MSG_SEX


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("KPPS", "KPPS"),
        ("kpps", "KPPS"),
        ("Ketua KPPS", "KPPS"),
        ("Anggota KPPS", "KPPS"),
        ("Anggota KPPS 4", "KPPS"),
        ("Linmas", "Linmas"),
        ("LINMAS", "Linmas"),
        ("Anggota Linmas", "Linmas"),
        ("Satlinmas", "Linmas"),
        ("Petugas Ketertiban TPS", "Linmas"),
        ("PPS", "PPS"),
        ("Ketua PPS", "PPS"),
        ("PPK", "PPK"),
        ("Anggota PPK", "PPK"),
        ("Sekretariat PPS", "Sekretariat PPS"),
        ("Sekretaris PPS", "Sekretariat PPS"),
        ("Staf Sekretariat PPS", "Sekretariat PPS"),
        ("Sek. PPS", "Sekretariat PPS"),
        ("Sekretariat PPK", "Sekretariat PPK"),
        ("", None),
    ],
)
def test_role_variants(cell, expected):
    assert values.parse_role(cell) == expected


@pytest.mark.parametrize("cell", ["Bupati", "KPU", "Saksi", "PPDP"])
def test_unknown_roles_are_refused(cell):
    with pytest.raises(ValueProblem) as caught:
        values.parse_role(cell)
    assert caught.value.msgid == values.MSG_ROLE


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("001", 1),
        ("1", 1),
        ("TPS 01", 1),
        ("TPS 001", 1),
        ("tps.012", 12),
        ("TPS No. 7", 7),
        (12, 12),
        (12.0, 12),
        ("", None),
        (None, None),
    ],
)
def test_tps_variants(cell, expected):
    assert values.parse_tps(cell) == expected


@pytest.mark.parametrize("cell", ["0", "TPS", "satu", 1.5, "TPS 1A", "1234"])
def test_unreadable_tps_is_refused(cell):
    with pytest.raises(ValueProblem):
        values.parse_tps(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Aktif", "aktif"),
        ("AKTIF", "aktif"),
        ("Tidak Aktif", "tidak_aktif"),
        ("Non Aktif", "tidak_aktif"),
        ("Non-Aktif", "tidak_aktif"),
        ("Nonaktif", "tidak_aktif"),
        ("Belum Terdaftar", "belum_terdaftar"),
        ("Tidak Terdaftar", "belum_terdaftar"),
        ("-", "belum_terdaftar"),
        ("", None),
        (None, None),
    ],
)
def test_jkn_and_bpjs_tk_status_variants(cell, expected):
    assert values.parse_jkn_status(cell) == expected
    assert values.parse_bpjs_tk_status(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Terdaftar", "aktif"),
        ("TERDAFTAR", "aktif"),
        ("Sudah terdaftar", "aktif"),
        ("Sudah Terdaftar (Aktif)", "aktif"),
        ("Masih aktif", "aktif"),
        ("Peserta aktif", "aktif"),
        ("Belum", "belum_terdaftar"),
        ("Blm terdaftar", "belum_terdaftar"),
        ("Belum Terdaftar", "belum_terdaftar"),
        ("Tidak terdaftar", "belum_terdaftar"),
        ("Tdk Terdaftar", "belum_terdaftar"),
        ("Tidak aktif", "tidak_aktif"),
        ("Tdk. Aktif", "tidak_aktif"),
        ("Non-aktif", "tidak_aktif"),
        ("Nonaktif (menunggak)", "tidak_aktif"),
        ("Menunggak", "tidak_aktif"),
    ],
)
def test_the_words_bpjamsostek_and_bpjs_kesehatan_use_are_read(cell, expected):
    """BPJAMSOSTEK itself says "Terdaftar"; a roster using it must not lose its officers."""
    assert values.parse_bpjs_tk_status(cell) == expected
    assert values.parse_jkn_status(cell) == expected


def test_unknown_status_names_its_column():
    with pytest.raises(ValueProblem) as jkn:
        values.parse_jkn_status("Mungkin")
    with pytest.raises(ValueProblem) as tk:
        values.parse_bpjs_tk_status("Mungkin")
    assert jkn.value.msgid == values.MSG_JKN_STATUS
    assert tk.value.msgid == values.MSG_BPJS_TK_STATUS


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("0812 3456 7890", "081234567890"),
        ("+62 812-3456-7890", "081234567890"),
        ("+6281234567890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("81234567890", "081234567890"),  # Excel dropped the leading zero
        (81234567890, "081234567890"),
        ("(0285) 421234", "0285421234"),  # a Pekalongan landline
        ("", None),
        ("-", None),
    ],
)
def test_phone_numbers_are_normalised_to_a_leading_zero(cell, expected):
    assert values.parse_phone(cell) == expected


@pytest.mark.parametrize("cell", ["12345", "08abc", "+1 555 0100", "0812345678901234"])
def test_bad_phone_numbers_are_refused(cell):
    with pytest.raises(ValueProblem) as caught:
        values.parse_phone(cell)
    assert caught.value.msgid == values.MSG_PHONE


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0001234567890", "0001234567890"),
        ("0001 2345 6789 0", "0001234567890"),
        ("1234567890", "0001234567890"),  # three leading zeros dropped by a spreadsheet
        (1234567890, "0001234567890"),
        ("", None),
    ],
)
def test_jkn_numbers_are_13_digits(cell, expected):
    assert values.parse_jkn_number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "msgid"),
    [
        ("123456789", values.MSG_JKN_NUMBER),
        ("00012345678901", values.MSG_JKN_NUMBER),
        ("000123456789X", values.MSG_JKN_NOT_DIGITS),
    ],
)
def test_bad_jkn_numbers_are_refused(cell, msgid):
    with pytest.raises(ValueProblem) as caught:
        values.parse_jkn_number(cell)
    assert caught.value.msgid == msgid


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("11250101", "11250101"),
        ("0138u020", "0138U020"),
        (" 1125 U001 ", "1125U001"),
        (1250101, "01250101"),  # a number cell lost the leading zero
        ("", None),
    ],
)
def test_fktp_codes_are_8_characters(cell, expected):
    assert values.parse_fktp_code(cell) == expected


@pytest.mark.parametrize("cell", ["1125010", "112501011", "1125-01*1"])
def test_bad_fktp_codes_are_refused(cell):
    with pytest.raises(ValueProblem) as caught:
        values.parse_fktp_code(cell)
    assert caught.value.msgid == values.MSG_FKTP_LENGTH


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("  Siti   Rahayu ", "Siti Rahayu"),
        ("'3375014103850001", "3375014103850001"),  # the apostrophe that keeps Excel off a number
        ('="3375014103850001"', "3375014103850001"),  # the formula form some systems export
        (3375014103850001, "3375014103850001"),
        (1.5, "1.5"),
        (cell_datetime(1985, 3, 14), "1985-03-14"),
        (None, ""),
    ],
)
def test_cells_as_text(cell, expected):
    assert values.text(cell) == expected
