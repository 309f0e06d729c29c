"""Statuses brought back: a file of NIK + JKN or BPJS Ketenagakerjaan status updates only that
status of officers on the roster (`flask roster statuses` and /kpu/roster/status/)."""

import re
from io import BytesIO

import pytest

from screening.demo.operations import load_regions
from screening.roster import RosterFileError, statuses
from screening.store import officers
from tests.roster.helpers import CITY, csv_bytes, good_cells, nik, table, xlsx_bomb, xlsx_bytes

SIXTEEN_DIGITS = re.compile(r"\d{16}")
AT = "2029-01-20T03:00:00+00:00"


@pytest.fixture
def app(app, tmp_path):
    app.config["ROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return app


@pytest.fixture
def roster(db):
    """Three officers: JKN tidak aktif, BPJS TK belum terdaftar."""
    load_regions(db, CITY)
    rows = [
        good_cells(serial, jkn_status="Tidak Aktif", bpjs_tk_status="Belum Terdaftar")
        for serial in (9001, 9002, 9003)
    ]
    from screening.roster import operations
    from tests.roster.helpers import POLLING_DAY

    check = operations.check_file(
        db, xlsx_bytes(table(rows)), "petugas.xlsx", polling_day=POLLING_DAY
    )
    operations.import_roster(db, check, at="2029-01-01T00:00:00+00:00")
    assert officers.count_officers(db) == 3


def everything(db):
    return {row["nik"]: row for row in db["officer"].rows_where(select="*")}


def status_file(rows, header=("NIK", "Status JKN"), *, kind="xlsx"):
    data = [list(header), *[list(r) for r in rows]]
    return xlsx_bytes(data) if kind == "xlsx" else csv_bytes(data)


MIXED = [
    (nik(9001), "Aktif"),  # row 2: updated
    (nik(9002), "Tidak Aktif"),  # row 3: unchanged
    (nik(7777), "Aktif"),  # row 4: not on the roster
    (nik(9003), "Mungkin"),  # row 5: bad status
    ("12345", "Aktif"),  # row 6: bad NIK
]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_dry_run_counts_and_lists_problems_by_row_but_changes_nothing(db, roster, kind):
    before = everything(db)
    check = statuses.check_file(
        db, status_file(MIXED, kind=kind), f"jkn.{kind}", statuses.KINDS["jkn"]
    )
    counts = statuses.import_statuses(db, check, at=AT, dry_run=True)
    assert counts == {"updated": 1, "unchanged": 1, "unknown": 1, "bad": 2}
    assert [row.number for row in check.problems] == [4, 5, 6]
    assert [row.unknown for row in check.problems] == [True, False, False]
    assert everything(db) == before


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_import_changes_only_the_jkn_status_of_the_good_rows(db, roster, kind):
    before = everything(db)
    check = statuses.check_file(
        db, status_file(MIXED, kind=kind), f"jkn.{kind}", statuses.KINDS["jkn"]
    )
    counts = statuses.import_statuses(db, check, at=AT)
    assert counts == {"updated": 1, "unchanged": 1, "unknown": 1, "bad": 2}
    after = everything(db)
    assert after[nik(9001)]["jkn_status"] == "aktif"
    assert after[nik(9001)]["updated_at"] == AT
    for key, row in after.items():
        changed = {c for c in row if row[c] != before[key][c]}
        assert changed <= {"jkn_status", "updated_at"}
        if key != nik(9001):
            assert changed == set()


def test_bpjstk_file_with_a_plain_status_header_sets_only_bpjs_tk_status(db, roster):
    before = everything(db)
    data = status_file([(nik(9002), "Terdaftar")], header=("No. KTP", "Status"))
    check = statuses.check_file(db, data, "bpjstk.xlsx", statuses.KINDS["bpjstk"])
    assert statuses.import_statuses(db, check, at=AT)["updated"] == 1
    after = everything(db)
    assert after[nik(9002)]["bpjs_tk_status"] == "aktif"
    assert after[nik(9002)]["jkn_status"] == before[nik(9002)]["jkn_status"] == "tidak_aktif"
    changed = {c for c in after[nik(9002)] if after[nik(9002)][c] != before[nik(9002)][c]}
    assert changed == {"bpjs_tk_status", "updated_at"}


def test_a_file_of_only_bad_rows_imports_nothing(db, roster):
    before = everything(db)
    rows = [(nik(7777), "Aktif"), (nik(9001), ""), ("abc", "Aktif")]
    check = statuses.check_file(db, status_file(rows), "jkn.xlsx", statuses.KINDS["jkn"])
    counts = statuses.import_statuses(db, check, at=AT)
    assert counts == {"updated": 0, "unchanged": 0, "unknown": 1, "bad": 2}
    assert everything(db) == before


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_same_status_cell_on_many_rows_is_read_alike_on_each(db, roster, kind):
    """Each distinct status cell is read once per file: a repeated bad or empty status is still
    listed on every row it is on, with its reason, and a good one counts on every row."""
    rows = [
        (nik(9001), "Mungkin"),
        (nik(9002), "Mungkin"),
        (nik(7001), ""),
        (nik(7004), ""),
        (nik(7002), "Aktif"),
        (nik(9003), "Aktif"),
    ]
    check = statuses.check_file(
        db, status_file(rows, kind=kind), f"jkn.{kind}", statuses.KINDS["jkn"]
    )
    problems = {row.number: [reason.msgid for reason in row.reasons] for row in check.problems}
    assert sorted(problems) == [2, 3, 4, 5, 6]
    assert problems[2] == problems[3] == [statuses.values.MSG_JKN_STATUS]
    assert problems[4] == problems[5] == [statuses.MSG_MISSING_STATUS]
    assert problems[6] == [statuses.MSG_UNKNOWN_NIK]
    assert check.statuses == {nik(9003): "aktif"}


def test_a_nik_twice_keeps_the_first_row_and_lists_the_second(db, roster):
    rows = [(nik(9001), "Aktif"), (nik(9001), "Belum Terdaftar")]
    check = statuses.check_file(db, status_file(rows), "jkn.xlsx", statuses.KINDS["jkn"])
    assert check.statuses == {nik(9001): "aktif"}
    assert [row.number for row in check.problems] == [3]


def test_a_nik_stored_as_a_number_is_refused_not_matched(db, roster):
    rows = [(int(nik(9001)[:15] + "0"), "Aktif")]
    check = statuses.check_file(db, status_file(rows), "jkn.xlsx", statuses.KINDS["jkn"])
    assert check.statuses == {}
    assert "sebagai angka" in check.problems[0].reasons[0].msgid


def test_a_file_without_the_status_column_of_its_kind_is_refused(db, roster):
    data = status_file([(nik(9001), "Aktif")], header=("NIK", "Status BPJS Ketenagakerjaan"))
    with pytest.raises(RosterFileError) as error:
        statuses.check_file(db, data, "jkn.xlsx", statuses.KINDS["jkn"])
    assert "Status JKN" in error.value.message.params["columns"]


def test_an_xlsx_bomb_is_refused(db, roster):
    with pytest.raises(RosterFileError) as error:
        statuses.check_file(db, xlsx_bomb(), "jkn.xlsx", statuses.KINDS["jkn"])
    assert "terlalu besar" in error.value.message.msgid


# -- The command ---------------------------------------------------------------------------------


def test_cli_dry_run_lists_problems_by_row_and_writes_nothing(runner, db, roster, tmp_path):
    before = everything(db)
    source = tmp_path / "jkn.csv"
    source.write_bytes(status_file(MIXED, kind="csv"))
    result = runner.invoke(args=["roster", "statuses", str(source), "--kind", "jkn", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Diperbarui: 1, tetap: 1, NIK tidak dikenal: 1, ditolak: 2." in result.output
    assert "baris 4: NIK ini tidak ada di daftar petugas." in result.output
    assert "baris 5: Status JKN “Mungkin” tidak dikenal" in result.output
    assert "Uji coba" in result.output
    assert not SIXTEEN_DIGITS.search(result.output)
    assert everything(db) == before


def test_cli_import_updates_the_status(runner, db, roster, tmp_path):
    source = tmp_path / "bpjstk.xlsx"
    source.write_bytes(
        status_file([(nik(9003), "Sudah terdaftar")], header=("NIK", "Status BPJS TK"))
    )
    result = runner.invoke(args=["roster", "statuses", str(source), "--kind", "bpjstk"])
    assert result.exit_code == 0, result.output
    assert everything(db)[nik(9003)]["bpjs_tk_status"] == "aktif"


def test_cli_refuses_an_unknown_kind_and_a_bad_file_in_indonesian(runner, db, roster, tmp_path):
    source = tmp_path / "jkn.xlsx"
    source.write_bytes(xlsx_bomb())
    result = runner.invoke(args=["roster", "statuses", str(source), "--kind", "jkn"])
    assert result.exit_code == 1
    assert "terlalu besar" in result.output
    result = runner.invoke(args=["roster", "statuses", str(source), "--kind", "kis"])
    assert result.exit_code != 0
    assert "tidak sah" in result.output


# -- The pages -----------------------------------------------------------------------------------


def upload(client, data, name="jkn.xlsx", kind="jkn"):
    return client.post("/kpu/roster/status/", data={"kind": kind, "file": (BytesIO(data), name)})


def test_upload_preview_import_done_changes_only_the_status(client, sign_in, db, roster):
    sign_in("kpu")
    assert client.get("/kpu/roster/status/").status_code == 200
    before = everything(db)
    response = upload(client, status_file(MIXED))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kpu/roster/status/pratinjau")
    preview = client.get("/kpu/roster/status/pratinjau")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "NIK ini tidak ada di daftar petugas." in page
    assert "Status JKN “Mungkin” tidak dikenal" in page
    assert "Impor 2 baris yang benar" in page
    assert not SIXTEEN_DIGITS.search(page)
    assert everything(db) == before  # the preview is a dry run

    response = client.post("/kpu/roster/status/impor")
    assert response.status_code == 302
    done = client.get("/kpu/roster/status/selesai").get_data(as_text=True)
    assert "Status JKN sudah diimpor" in done
    after = everything(db)
    assert after[nik(9001)]["jkn_status"] == "aktif"
    for key, row in after.items():
        assert {c for c in row if row[c] != before[key][c]} <= {"jkn_status", "updated_at"}
    # Pressed twice: the file is gone, the done page again, nothing written twice.
    assert client.post("/kpu/roster/status/impor").status_code == 302


def test_upload_without_a_kind_or_with_a_bomb_is_refused_in_indonesian(client, sign_in, roster):
    sign_in("kpu")
    response = client.post(
        "/kpu/roster/status/", data={"file": (BytesIO(status_file(MIXED)), "jkn.xlsx")}
    )
    assert response.status_code == 422
    assert "Pilih jenis status." in response.get_data(as_text=True)
    response = upload(client, xlsx_bomb())
    assert response.status_code == 422
    assert "terlalu besar" in response.get_data(as_text=True)


def test_preview_without_an_upload_goes_back_to_the_upload(client, sign_in, roster):
    sign_in("kpu")
    response = client.get("/kpu/roster/status/pratinjau")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kpu/roster/status/")
    assert client.get("/kpu/roster/status/selesai").status_code == 302
