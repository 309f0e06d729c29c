"""The demo city's whole roster (8,123 officers) written as an operator's XLSX and read back."""

import time
from datetime import date

import pytest

from screening.demo.roster import generate_roster
from screening.roster import check_roster_file, read_roster, validate_roster
from tests.roster.helpers import CITY, HEADER, LOOKUPS, POLLING_DAY, xlsx_bytes

STATUS = {"aktif": "Aktif", "tidak_aktif": "Tidak Aktif", "belum_terdaftar": "Belum Terdaftar"}


@pytest.fixture(scope="module")
def roster():
    return generate_roster(CITY, polling_day=POLLING_DAY)


@pytest.fixture(scope="module")
def workbook(roster):
    kelurahan = {k.code: k.name for k in CITY.kelurahan}
    kecamatan = {k.code: k.name for k in CITY.kecamatan}
    rows = [HEADER]
    for o in roster:
        rows.append(
            [
                o["nik"],
                o["name"],
                date.fromisoformat(o["birth_date"]),  # a real date cell
                "Laki-laki" if o["sex"] == "L" else "Perempuan",
                o["role"],
                f"TPS {o['tps']:03d}" if o["tps"] else None,
                kelurahan[o["kelurahan_code"]].upper(),
                kecamatan[o["kecamatan_code"]],
                "+62 " + o["phone"][1:],
                o["jkn_number"],
                STATUS[o["jkn_status"]] if o["jkn_number"] else "-",
                o["fktp_code"],
                STATUS[o["bpjs_tk_status"]],
            ]
        )
    return xlsx_bytes(rows)


def test_the_whole_demo_roster_survives_an_xlsx_round_trip(roster, workbook):
    check = check_roster_file(workbook, "roster.xlsx", **LOOKUPS)
    assert check.rejected == []
    assert len(check.officers) == len(roster) == 8123
    assert check.officer_rows == list(range(2, 8125))
    assert check.officers == roster


def test_checking_8123_rows_takes_well_under_two_seconds(workbook):
    sheet = read_roster(workbook, "roster.xlsx")
    started = time.perf_counter()
    check = validate_roster(sheet.rows, **LOOKUPS)
    elapsed = time.perf_counter() - started
    assert len(check.officers) == 8123
    assert elapsed < 2.0, f"validating 8,123 rows took {elapsed:.2f} s"
