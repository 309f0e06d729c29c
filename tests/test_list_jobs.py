"""A list of more than EXPORT_INLINE_MAX rows (the chase list, JKN, BPJS TK, referrals) is
prepared by the job worker: the button queues a job, its page refreshes itself until the file is
ready, and the file is its starter's only. The queue runs in immediate mode here
(tests/pdf/test_worker.py proves the real worker)."""

import csv
import io
import time

import openpyxl
import pytest

from screening.clock import now_iso, today_wib
from screening.demo.screenings import HEALTHY
from screening.printing import jobs
from screening.store import action_lists as list_store
from screening.store import consent as consent_store
from tests.factories import sign_in_staff
from tests.pdf.conftest import WORST_ANSWERS

KECAMATAN, MEDONO, BENDAN = "337501", "3375011002", "3375011005"
BASE_URL = "https://skrining.example.id"


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(EXPORT_INLINE_MAX=2, PRINT_JOBS_DIR=str(tmp_path / "jobs"), BASE_URL=BASE_URL)


@pytest.fixture
def officers(make, db):
    """Pekalongan Barat: three not yet screened in Medono (TPS 1 to 3), one in Bendan; one who
    declined and one screened, who are not chased."""
    make.other_places()
    for n in (1, 2, 3):
        make.officer(name=f"Medono {n}", tps=n)
    make.officer(name="Bendan 1", kelurahan_code=BENDAN)
    declined = make.officer(name="Rudi Menolak", tps=1)
    make.screened_officer(HEALTHY, name="Siti Sudah", tps=1)
    officer_id = next(db["officer"].rows_where("nik = ?", [declined["nik"]]))["id"]
    consent_store.record_decision(
        db, officer_id, text_version="1", decision="menolak", now=now_iso()
    )
    return ["Bendan 1", "Medono 1", "Medono 2", "Medono 3"]


def table(data: bytes, kind: str) -> list[list]:
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def column(rows: list[list], title: str) -> list:
    index = rows[0].index(title)
    return [row[index] for row in rows[1:]]


def job_id_of(response) -> str:
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith("/kpu/ekspor/berkas/")
    return location.rsplit("/", 1)[1]


def downloaded(client, job_id: str, kind: str = "xlsx") -> list[list]:
    """The job's file as rows, the title row first (the response closed after reading)."""
    with client.get(f"/kpu/ekspor/berkas/{job_id}/unduh") as response:
        assert response.status_code == 200
        return table(response.data, kind)


def exports_logged(db) -> list[str]:
    return [r["detail"] for r in db["audit_log"].rows_where("action = 'export'", order_by="id")]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_large_chase_list_is_prepared_in_the_background_then_downloaded(
    client, sign_in, db, officers, kind
):
    sign_in("kpu")
    job_id = job_id_of(
        client.post(f"/kpu/ekspor/belum-skrining.{kind}", data={"kecamatan": KECAMATAN})
    )
    page = client.get(f"/kpu/ekspor/berkas/{job_id}").text
    assert "Daftar siap: Kecamatan Pekalongan Barat" in page
    assert "Selesai: 4 petugas." in page
    assert f"Unduh .{kind}" in page
    assert "dicetak" not in page
    assert "PDF" not in page
    assert '<meta http-equiv="refresh"' not in page  # done: it stops refreshing
    with client.get(f"/kpu/ekspor/berkas/{job_id}/unduh") as download:
        assert download.status_code == 200
        name = f"belum-skrining-{KECAMATAN}-{today_wib().isoformat()}.{kind}"
        assert download.headers["Content-Disposition"].endswith(name)
        assert download.headers["Cache-Control"] == "no-store"
        assert download.mimetype == (
            "text/csv" if kind == "csv" else jobs.MAKERS["belum-skrining.xlsx"].mimetype
        )
        rows = table(download.data, kind)
    assert sorted(column(rows, "Nama")) == officers
    for link, code in zip(column(rows, "Tautan pribadi"), column(rows, "Kode akses"), strict=True):
        assert link.startswith(f"{BASE_URL}/s/")  # BASE_URL: built without a request
        assert code
    assert db["officer_access"].count == 4  # issued for the listed officers, no one else
    assert exports_logged(db) == [f"siapkan {name}: 4 petugas", f"unduh {name}: 4 petugas"]


def test_the_worker_gives_the_same_links_a_small_download_gives(client, sign_in, officers):
    sign_in("kpu")
    job_id = job_id_of(client.post("/kpu/ekspor/belum-skrining.xlsx", data={"kelurahan": MEDONO}))
    rows = downloaded(client, job_id)
    in_job = dict(zip(column(rows, "Nama"), column(rows, "Tautan pribadi"), strict=True))
    small = client.post("/kpu/ekspor/belum-skrining.xlsx", data={"kelurahan": MEDONO, "tps": "2"})
    assert small.status_code == 200  # one officer: at once, as before
    rows = table(small.data, "xlsx")
    assert column(rows, "Tautan pribadi") == [in_job["Medono 2"]]


def test_a_chase_list_job_is_only_for_the_staff_who_started_it(
    app, client, sign_in, make, officers
):
    sign_in("kpu")
    job_id = job_id_of(client.post("/kpu/ekspor/belum-skrining.csv", data={"kecamatan": KECAMATAN}))
    downloaded(client, job_id, "csv")
    other = app.test_client()
    sign_in_staff(other, make, make.staff(role="kpu"))
    assert other.get(f"/kpu/ekspor/berkas/{job_id}").status_code == 404
    assert other.get(f"/kpu/ekspor/berkas/{job_id}/unduh").status_code == 404
    # Nor is a list a print job, for its own starter either.
    assert client.get(f"/kpu/cetak/{job_id}").status_code == 404
    assert client.get(f"/kpu/cetak/{job_id}/unduh").status_code == 404


def test_a_pps_prepares_their_own_kelurahans_list_and_no_other(app, client, sign_in, db, officers):
    sign_in("pps")  # Medono's
    response = client.post("/kpu/ekspor/belum-skrining.xlsx", data={"kelurahan": BENDAN})
    assert response.status_code == 404
    assert not jobs.jobs_dir(app).exists()
    assert db["officer_access"].count == 0
    job_id = job_id_of(client.post("/kpu/ekspor/belum-skrining.xlsx", data={}))
    rows = downloaded(client, job_id)
    assert column(rows, "Nama") == ["Medono 1", "Medono 2", "Medono 3"]


def _job(app, staff_id, status, **fields) -> dict:
    job = {
        "id": "0123456789abcdef",
        "kind": "belum-skrining.xlsx",
        "staff_id": staff_id,
        "label": "Kecamatan Pekalongan Barat",
        "filename": "belum-skrining-337501.xlsx",
        "status": status,
        "done": 0,
        "total": None,
        "count": None,
        **fields,
    }
    (jobs.jobs_dir(app) / job["id"]).mkdir(parents=True, exist_ok=True)
    jobs._write(app, job)
    return job


def test_a_list_being_prepared_shows_its_progress_and_refreshes_itself(app, client, sign_in):
    staff = sign_in("kpu")
    job = _job(app, staff["id"], jobs.RUNNING, worker=jobs.this_process(), done=500, total=1200)
    page = client.get(f"/kpu/ekspor/berkas/{job['id']}").text
    assert "<title>Menyiapkan daftar" in page
    assert "<h1>Menyiapkan daftar: " in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Sedang disiapkan: 500 dari 1.200 petugas." in page
    assert '<progress max="1200" value="500">' in page
    assert "dicetak" not in page
    assert client.get(f"/kpu/ekspor/berkas/{job['id']}/unduh").status_code == 404


def test_a_second_list_waits_for_the_staff_members_unfinished_job(
    app, client, sign_in, db, officers
):
    staff = sign_in("kpu")
    job = _job(app, staff["id"], jobs.QUEUED)
    response = client.post("/kpu/ekspor/belum-skrining.xlsx", data={"kecamatan": KECAMATAN})
    assert response.headers["Location"] == f"/kpu/ekspor/berkas/{job['id']}"
    page = client.get(response.headers["Location"]).text
    assert "Masih ada daftar yang sedang disiapkan." in page
    assert "Menunggu giliran untuk disiapkan." in page
    assert len(list(jobs.jobs_dir(app).iterdir())) == 1
    assert exports_logged(db) == []


def test_a_failed_list_says_so_in_plain_words(app, client, sign_in):
    staff = sign_in("kpu")
    job = _job(app, staff["id"], jobs.FAILED)
    page = client.get(f"/kpu/ekspor/berkas/{job['id']}").text
    assert "Daftar gagal disiapkan. Silakan coba lagi." in page


def test_a_prepared_list_is_deleted_after_a_day(app, client, sign_in, officers, monkeypatch):
    sign_in("kpu")
    job_id = job_id_of(
        client.post("/kpu/ekspor/belum-skrining.xlsx", data={"kecamatan": KECAMATAN})
    )
    assert jobs.output_path(app, job_id).name == "output.xlsx"
    assert jobs.output_path(app, job_id).stat().st_mode & 0o777 == 0o600
    later = time.time() + jobs.RETENTION + 1
    monkeypatch.setattr(jobs.time, "time", lambda: later)
    jobs.clean_up(app)
    assert not (jobs.jobs_dir(app) / job_id).exists()


@pytest.mark.parametrize(
    "area",
    [{"kecamatan": KECAMATAN}, {"kelurahan": MEDONO}, {"kelurahan": MEDONO, "tps": 1}, {}],
)
@pytest.mark.parametrize(
    ("read", "count"),
    [
        (list_store.unscreened_officers, list_store.count_unscreened),
        (list_store.officers_without_jkn, list_store.count_without_jkn),
        (list_store.officers_without_bpjs_tk, list_store.count_without_bpjs_tk),
        (list_store.referrals_in_area, list_store.count_referrals_in_area),
    ],
)
def test_each_lists_count_is_the_number_of_rows_it_lists(db, make, officers, area, read, count):
    fktp = make.fktp(name="Puskesmas Medono")
    make.screened_officer({**HEALTHY, **WORST_ANSWERS}, fktp_code=fktp["code"], tps=1)
    make.officer(name="Tanpa JKN", jkn_status="tidak_aktif", bpjs_tk_status=None, tps=1)
    make.officer(name="JKN Kosong", jkn_status=None, bpjs_tk_status="", tps=2)
    listed = read(db, **area)
    assert count(db, **area) == len(listed)
    if not area:
        assert listed  # the city has some of each


@pytest.mark.parametrize(
    ("path", "stem", "status_column"),
    [
        ("jkn", "jkn-belum-aktif", "Status JKN"),
        ("bpjs-ketenagakerjaan", "bpjs-ketenagakerjaan-belum", "Status BPJS Ketenagakerjaan"),
    ],
)
def test_a_large_registration_list_is_prepared_in_the_background_with_the_same_rows(
    client, sign_in, db, make, officers, path, stem, status_column
):
    for n in (1, 2, 3):
        make.officer(name=f"Tanpa JKN {n}", jkn_status="tidak_aktif", bpjs_tk_status=None)
    sign_in("kpu")
    job_id = job_id_of(client.post(f"/kpu/ekspor/{path}.xlsx", data={"kecamatan": KECAMATAN}))
    rows = downloaded(client, job_id)
    read = {
        "jkn": list_store.officers_without_jkn,
        "bpjs-ketenagakerjaan": list_store.officers_without_bpjs_tk,
    }[path](db, kecamatan=KECAMATAN)
    assert len(read) > 2  # more than EXPORT_INLINE_MAX: it went through the worker
    assert column(rows, "NIK") == [o["nik"] for o in read]
    assert all(column(rows, status_column))
    name = f"{stem}-{KECAMATAN}-{today_wib().isoformat()}.xlsx"
    assert exports_logged(db) == [
        f"siapkan {name}: {len(read)} petugas",
        f"unduh {name}: {len(read)} petugas",
    ]


def test_a_large_referrals_list_counts_referrals_and_leads_back_to_its_area(
    client, sign_in, db, make, officers
):
    fktp = make.fktp(name="Puskesmas Medono")
    for n in (1, 2, 3):
        make.screened_officer(
            {**HEALTHY, **WORST_ANSWERS}, fktp_code=fktp["code"], name=f"Dirujuk {n}", tps=n
        )
    sign_in("kpu")
    job_id = job_id_of(client.post("/kpu/ekspor/rujukan.csv", data={"kelurahan": MEDONO}))
    page = client.get(f"/kpu/ekspor/berkas/{job_id}").text
    assert "Daftar siap: Kelurahan Medono" in page
    name = f"rujukan-{MEDONO}-{today_wib().isoformat()}.csv"
    assert f'Berkas: <span lang="id">{name}</span>' in page
    assert "Selesai: 3 rujukan." in page
    assert f'href="/kpu/ekspor/?kecamatan={KECAMATAN}&amp;kelurahan={MEDONO}"' in page
    rows = downloaded(client, job_id, "csv")
    assert sorted(column(rows, "Nama petugas")) == ["Dirujuk 1", "Dirujuk 2", "Dirujuk 3"]
    assert exports_logged(db)[-1].endswith(": 3 rujukan")


def test_a_small_list_is_still_written_in_the_response(client, sign_in, db, officers):
    sign_in("kpu")
    response = client.post("/kpu/ekspor/rujukan.xlsx", data={"kelurahan": MEDONO})
    assert response.status_code == 200
    assert table(response.data, "xlsx")[0][0] == "Nomor rujukan"


def test_a_list_jobs_page_in_english_shows_no_indonesian(client, sign_in, officers):
    from tests.test_page_wording import Pages, speaking

    sign_in("kpu")
    speaking(client, "en")
    pages = Pages("en")
    job_id = job_id_of(client.post("/kpu/ekspor/belum-skrining.csv", data={"kecamatan": KECAMATAN}))
    pages.check("list job", client.get(f"/kpu/ekspor/berkas/{job_id}"))
    pages.check("downloads", client.get(f"/kpu/ekspor/?kecamatan={KECAMATAN}"))
    assert "List ready: Kecamatan Pekalongan Barat" in pages.opened["list job"]
    assert not pages.found, pages.report()
