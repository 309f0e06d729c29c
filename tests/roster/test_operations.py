"""The roster import as one operation, shared by the upload page and the command: no client."""

from datetime import date

import pytest

from screening.demo.operations import load_regions
from screening.roster import RosterFileError, operations
from screening.store import officers
from tests.roster.helpers import CITY, good_cells, table, xlsx_bytes

AT = "2029-01-05T02:00:00+00:00"
POLLING_DAY = date(2029, 2, 14)


@pytest.fixture
def checked(db):
    load_regions(db, CITY)
    data = xlsx_bytes(table([good_cells(9001), good_cells(9002), good_cells(9003, role="Saksi")]))
    return operations.check_file(db, data, "daftar.xlsx", polling_day=POLLING_DAY)


def test_a_dry_run_counts_and_writes_nothing(db, checked):
    counts = operations.import_roster(db, checked, at=AT, dry_run=True)
    assert counts == {"new": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert officers.count_officers(db) == 0


def test_an_import_writes_the_good_rows_and_counts_the_rejected(db, checked):
    assert operations.import_roster(db, checked, at=AT) == {
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert officers.count_officers(db) == 2
    again = operations.import_roster(db, checked, at=AT)
    assert (again["new"], again["unchanged"]) == (0, 2)


def test_a_file_that_is_no_roster_is_refused(db):
    with pytest.raises(RosterFileError):
        operations.check_file(db, b"\x00\x01", "daftar.xlsx", polling_day=POLLING_DAY)
