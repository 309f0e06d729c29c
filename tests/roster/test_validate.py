"""Checking rows: good rows become officers, bad rows carry every reason they have."""

from datetime import date

import pytest

from screening import nik as nik_module
from screening.messages import render
from screening.nik import make_nik
from screening.roster import validate, values
from screening.roster.validate import validate_roster
from screening.store.officers import ROSTER_FIELDS
from tests.roster.helpers import KELURAHAN_BY_NAME, LOOKUPS, good_cells, nik, row


def check(*rows):
    return validate_roster(list(rows), **LOOKUPS)


def reasons_of(cells: dict) -> list[str]:
    result = check(row(**cells))
    assert not result.officers
    (rejected,) = result.rejected
    return [reason.msgid for reason in rejected.reasons]


def test_a_good_row_becomes_an_officer_with_the_stores_fields():
    result = check(row(number=7, **good_cells()))
    assert result.rejected == []
    assert result.officer_rows == [7]
    assert result.officers == [
        {
            "nik": nik(),
            "name": "Siti Rahayu 9001",
            "sex": "P",
            "birth_date": "1985-03-14",
            "role": "KPPS",
            "kecamatan_code": "337501",
            "kelurahan_code": "3375011002",
            "tps": 1,
            "phone": "081234567890",
            "jkn_number": "0001234567890",
            "jkn_status": "aktif",
            "fktp_code": "11250102",
            "bpjs_tk_status": "aktif",
        }
    ]
    assert set(result.officers[0]) == set(ROSTER_FIELDS)


def test_birth_date_and_sex_come_from_the_nik_when_the_file_has_no_such_columns():
    cells = good_cells()
    del cells["birth_date"], cells["sex"]
    (officer,) = check(row(**cells)).officers
    assert officer["birth_date"] == "1985-03-14"
    assert officer["sex"] == "P"


def test_optional_columns_absent_from_the_file_are_absent_from_the_officer():
    """So a re-import of a file without phone numbers keeps the stored ones."""
    cells = good_cells()
    for name in ("phone", "jkn_number", "jkn_status", "fktp_code", "bpjs_tk_status"):
        del cells[name]
    (officer,) = check(row(**cells)).officers
    assert set(ROSTER_FIELDS) - set(officer) == {
        "phone",
        "jkn_number",
        "jkn_status",
        "fktp_code",
        "bpjs_tk_status",
    }


def test_a_nik_issued_outside_the_city_is_accepted():
    """The NIK says where the KTP was issued, not where the officer serves."""
    from_semarang = make_nik("337401", date(1985, 3, 14), "P", 12)
    (officer,) = check(row(**good_cells(nik=from_semarang))).officers
    assert officer["nik"] == from_semarang
    assert officer["kecamatan_code"] == "337501"


@pytest.mark.parametrize(
    ("overrides", "msgid"),
    [
        ({"nik": ""}, nik_module.MSG_EMPTY),
        ({"nik": "3375 0141 0385"}, nik_module.MSG_LENGTH),
        ({"nik": "33750141038590O1"}, nik_module.MSG_NOT_DIGITS),
        ({"nik": "9975014103859001"}, nik_module.MSG_PROVINCE),
        ({"nik": "3375014113859001"}, nik_module.MSG_BIRTH_DATE),
        ({"nik": "3375014103509001"}, nik_module.MSG_AGE),
        ({"nik": "3375014103850000"}, nik_module.MSG_SERIAL),
        ({"nik": 3375014103859000}, validate.MSG_NIK_AS_NUMBER),
        ({"nik": "3,37501E+15"}, validate.MSG_NIK_AS_NUMBER),
        ({"birth_date": "15-03-1985"}, validate.MSG_BIRTH_DATE_MISMATCH),
        ({"sex": "L"}, validate.MSG_SEX_MISMATCH_L),
        ({"name": "  "}, validate.MSG_MISSING_NAME),
        ({"role": ""}, validate.MSG_MISSING_ROLE),
        ({"role": "Saksi"}, values.MSG_ROLE),
        ({"kelurahan": "", "kecamatan": ""}, validate.MSG_MISSING_PLACE),
        ({"kelurahan": "Atlantis"}, validate.MSG_UNKNOWN_KELURAHAN),
        ({"kecamatan": "Pekalongan Tengah"}, validate.MSG_UNKNOWN_KECAMATAN),
        ({"kecamatan": "Pekalongan Utara"}, validate.MSG_KELURAHAN_ELSEWHERE),
        ({"kelurahan": ""}, validate.MSG_MISSING_KELURAHAN),
        ({"tps": ""}, validate.MSG_MISSING_TPS),
        ({"tps": "TPS satu"}, values.MSG_TPS),
        ({"birth_date": "kemarin"}, values.MSG_DATE),
        ({"sex": "X"}, values.MSG_SEX),
    ],
)
def test_each_rejection_reason(overrides, msgid):
    assert reasons_of(good_cells(**overrides)) == [msgid]


@pytest.mark.parametrize(
    ("overrides", "field", "msgid"),
    [
        ({"fktp_code": "99999999"}, "fktp_code", validate.MSG_UNKNOWN_FKTP),
        ({"fktp_code": "123"}, "fktp_code", values.MSG_FKTP_LENGTH),
        ({"phone": "12345"}, "phone", values.MSG_PHONE),
        ({"jkn_number": "12345"}, "jkn_number", values.MSG_JKN_NUMBER),
        ({"jkn_status": "Mungkin"}, "jkn_status", values.MSG_JKN_STATUS),
        ({"bpjs_tk_status": "Mungkin"}, "bpjs_tk_status", values.MSG_BPJS_TK_STATUS),
    ],
)
def test_a_bad_secondary_value_keeps_the_officer_with_the_field_empty_and_a_warning(
    overrides, field, msgid
):
    """Only identity problems reject a row: a typo in a phone or insurance column must not
    drop the officer from the roster."""
    result = check(row(number=9, **good_cells(**overrides)))
    assert result.rejected == []
    (officer,) = result.officers
    assert officer[field] is None
    assert officer["nik"] == nik()
    (warning,) = result.warnings
    assert warning.number == 9
    assert warning.name == "Siti Rahayu 9001"
    assert warning.message.msgid == msgid


def test_a_rejected_row_carries_no_warnings_of_its_own():
    """Its problems are listed once, as reasons, in the file handed back to fix."""
    result = check(row(**good_cells(role="Saksi", phone="12345")))
    assert result.warnings == []
    assert [r.msgid for r in result.rejected[0].reasons] == [values.MSG_ROLE, values.MSG_PHONE]


def test_every_reason_of_a_row_is_listed_and_each_formats():
    cells = good_cells(birth_date="01-01-1990", sex="L", role="Saksi", fktp_code="99999999")
    result = check(row(number=12, **cells))
    (rejected,) = result.rejected
    assert rejected.number == 12
    assert rejected.name == "Siti Rahayu 9001"
    assert [r.msgid for r in rejected.reasons] == [
        validate.MSG_BIRTH_DATE_MISMATCH,
        validate.MSG_SEX_MISMATCH_L,
        values.MSG_ROLE,
        validate.MSG_UNKNOWN_FKTP,
    ]
    assert str(rejected.reasons[0]) == (
        "Tanggal lahir 01-01-1990 tidak cocok dengan NIK, yang menunjukkan 14-03-1985."
    )
    assert rejected.cells == tuple(cells.values())


def test_no_reason_repeats_the_nik():
    bad = good_cells(nik="3375014113859001", birth_date="01-01-1990", sex="L")
    for reason in check(row(**bad)).rejected[0].reasons:
        assert "3375014113859001" not in str(reason)


def test_a_duplicate_nik_keeps_the_first_row_and_names_it_in_the_others():
    first = good_cells(name="Pertama")
    dotted = f" {nik()[:4]}.{nik()[4:8]}.{nik()[8:12]}.{nik()[12:]} "
    second = good_cells(name="Kedua", nik=dotted)  # the same NIK, typed otherwise
    third = good_cells(name="Ketiga")
    result = check(row(3, **first), row(8, **second), row(9, **third))
    assert [o["name"] for o in result.officers] == ["Pertama"]
    assert [(r.number, [(m.msgid, m.params) for m in r.reasons]) for r in result.rejected] == [
        (8, [(validate.MSG_DUPLICATE_NIK, {"row": "3"})]),
        (9, [(validate.MSG_DUPLICATE_NIK, {"row": "3"})]),
    ]


def test_a_duplicate_names_the_first_row_as_the_spreadsheet_numbers_it():
    result = check(row(1234, **good_cells()), row(1500, **good_cells()))
    (rejected,) = result.rejected
    assert [render(reason) for reason in rejected.reasons] == ["NIK ini sudah ada di baris 1234."]


@pytest.mark.parametrize(
    ("kelurahan", "kecamatan", "expected"),
    [
        ("Medono", "Pekalongan Barat", ("337501", "3375011002")),
        ("MEDONO", "", ("337501", "3375011002")),
        ("  medono ", None, ("337501", "3375011002")),
        ("Kel. Medono", "Kec. Pekalongan Barat", ("337501", "3375011002")),
        ("Kelurahan Medono", "pekalongan  barat", ("337501", "3375011002")),
        ("Kali Baros", "Pekalongan Timur", ("337502", "3375021012")),
        ("Sapuro Kebulen", "337501", ("337501", "3375011004")),
        ("SapuroKebulen", "33.75.01", ("337501", "3375011004")),
        ("3375011002", "", ("337501", "3375011002")),
        ("33.75.01.1002", "", ("337501", "3375011002")),
    ],
)
def test_kelurahan_and_kecamatan_match_by_name_any_case_and_spacing_or_by_code(
    kelurahan, kecamatan, expected
):
    result = check(row(**good_cells(kelurahan=kelurahan, kecamatan=kecamatan)))
    assert result.rejected == []
    (officer,) = result.officers
    assert (officer["kecamatan_code"], officer["kelurahan_code"]) == expected


def test_kecamatan_alone_is_enough_for_ppk_and_their_tps_is_dropped():
    cells = good_cells(role="Anggota PPK", kelurahan="", tps="5")
    (officer,) = check(row(**cells)).officers
    assert (officer["role"], officer["kecamatan_code"], officer["kelurahan_code"]) == (
        "PPK",
        "337501",
        None,
    )
    assert officer["tps"] is None


def test_a_kelurahan_name_found_in_two_kecamatan_needs_the_kecamatan():
    twins = {
        **KELURAHAN_BY_NAME,
        "Medono": [
            *KELURAHAN_BY_NAME["Medono"],
            {
                "code": "3375021099",
                "name": "Medono",
                "kecamatan_code": "337502",
                "kecamatan_name": "Pekalongan Timur",
            },
        ],
    }
    lookups = {**LOOKUPS, "kelurahan_by_name": twins}
    ambiguous = validate_roster([row(**good_cells(kecamatan=""))], **lookups)
    assert [r.msgid for r in ambiguous.rejected[0].reasons] == [validate.MSG_KELURAHAN_AMBIGUOUS]
    placed = validate_roster([row(**good_cells(kecamatan="Pekalongan Timur"))], **lookups)
    assert placed.officers[0]["kelurahan_code"] == "3375021099"


def test_an_officer_from_a_number_cell_nik_that_excel_kept_exactly_is_accepted():
    """A number that does not end in 0 cannot have been cut by Excel's 15 digits."""
    (officer,) = check(row(**good_cells(nik=int(nik())))).officers
    assert officer["nik"] == nik() == "3375015403859001"
