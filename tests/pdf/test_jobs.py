"""Bulk printing from a KPU page: a queued job, a self-refreshing progress page, a download.

The queue runs in immediate mode here (a task runs where it is queued); the worker process is
proven in test_worker.py."""

import os
import socket
import stat
import time

import pytest

from screening import tasks
from screening.printing import jobs as print_jobs
from tests.pdf.conftest import page_count


def wait_for(app, job_id, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = print_jobs.state(app, job_id)
        if job["status"] != print_jobs.RUNNING:
            return job
        time.sleep(0.2)
    pytest.fail("the print job did not finish")


@pytest.fixture
def jobs_in_tmp(app, tmp_path, monkeypatch):
    # Keep job files in this test's folder rather than the project's instance folder.
    monkeypatch.setattr(print_jobs, "jobs_dir", lambda app: tmp_path / "print-jobs")


@pytest.mark.usefixtures("jobs_in_tmp")
def test_kpu_prints_an_areas_slips_in_the_background(app, referred, client, sign_in, tmp_path, db):
    for n in range(3):
        referred.officer(name=f"Petugas{n}", tps=n + 1)
    sign_in("kpu")
    assert "Cetak surat rujukan dan kartu akses" in client.get("/kpu/cetak/").text
    response = client.post("/kpu/cetak/", data={"jenis": "slips", "kelurahan": "3375011002"})
    assert response.status_code == 302
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/kpu/cetak/{job_id}").text
    job = wait_for(app, job_id)
    assert job["status"] == print_jobs.DONE
    if "Sedang" in page:
        assert '<meta http-equiv="refresh"' in page  # works without JavaScript
    done = client.get(f"/kpu/cetak/{job_id}").text
    assert '<meta http-equiv="refresh"' not in done
    assert "Unduh PDF" in done
    with client.get(f"/kpu/cetak/{job_id}/unduh") as pdf:
        assert pdf.status_code == 200
        assert pdf.headers["Content-Disposition"].endswith("surat-rujukan-3375011002.pdf")
        assert page_count(pdf.data, tmp_path) == 3
    actions = [r["detail"] for r in db["audit_log"].rows_where("action = 'export'")]
    assert actions == ["PDF Kelurahan Medono", "unduh PDF Kelurahan Medono"]


@pytest.mark.usefixtures("jobs_in_tmp")
def test_a_running_job_page_refreshes_itself(app, client, sign_in):
    staff = sign_in("kpu")
    job = {"id": "0123456789abcdef", "kind": "cards", "staff_id": staff["id"], "label": "Kota"}
    (print_jobs.jobs_dir(app) / job["id"]).mkdir(parents=True)
    print_jobs._write(app, {**job, "status": print_jobs.RUNNING, "done": 5, "total": 20})
    page = client.get(f"/kpu/cetak/{job['id']}").text
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Sedang dicetak: 5 dari 20." in page
    assert client.get(f"/kpu/cetak/{job['id']}/unduh").status_code == 404


@pytest.mark.usefixtures("jobs_in_tmp")
def test_a_job_is_only_for_the_staff_who_started_it(app, referred, client, sign_in):
    referred.officer()
    sign_in("kpu")
    response = client.post("/kpu/cetak/", data={"jenis": "cards", "kelurahan": "Medono"})
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    wait_for(app, job_id)
    other = app.test_client()
    staff = referred.make.staff(role="kpu")
    other.post(
        "/staf/masuk", data={"username": staff["username"], "password": "kata-sandi-uji-123"}
    )
    assert other.get(f"/kpu/cetak/{job_id}").status_code == 404
    assert other.get(f"/kpu/cetak/{job_id}/unduh").status_code == 404
    assert other.get("/kpu/cetak/../../etc").status_code == 404


@pytest.mark.usefixtures("jobs_in_tmp")
def test_an_unknown_area_is_explained_on_the_page(client, sign_in, make):
    make.region()
    sign_in("kpu")
    response = client.post("/kpu/cetak/", data={"jenis": "slips", "kelurahan": "Atlantis"})
    assert response.status_code == 422
    assert "Kelurahan &#34;Atlantis&#34; tidak dikenal." in response.text


@pytest.mark.parametrize("role", ["fktp", None])
def test_bulk_printing_is_for_kpu_and_admin(client, sign_in, role):
    if role:
        sign_in(role)
        assert client.get("/kpu/cetak/").status_code == 403
    else:
        assert client.get("/kpu/cetak/").status_code == 302


# --- a job whose worker died, one person's job and another's --------------------------------------


def _job(app, staff_id, status, **fields) -> dict:
    job = {
        "id": fields.pop("id", "0123456789abcdef"),
        "kind": "slips",
        "staff_id": staff_id,
        "label": "Kota",
        "filename": "surat-rujukan-kota.pdf",
        "status": status,
        "done": 0,
        "total": None,
        **fields,
    }
    (print_jobs.jobs_dir(app) / job["id"]).mkdir(parents=True, exist_ok=True)
    print_jobs._write(app, job)
    return job


# A pid that runs but started at boot: not the process that wrote the job (a killed worker's pid
# may be anyone's by now).
DEAD_WORKER = {"host": socket.gethostname(), "pid": os.getpid(), "started": 0}


@pytest.mark.usefixtures("jobs_in_tmp")
def test_a_job_whose_worker_died_fails_at_once_and_its_partial_output_goes(app, client, sign_in):
    staff = sign_in("kpu")
    job = _job(app, staff["id"], print_jobs.RUNNING, worker=DEAD_WORKER, done=40, total=100)
    folder = print_jobs.jobs_dir(app) / job["id"]
    (folder / ".parts-abc").mkdir()
    (folder / ".parts-abc" / "00000.pdf").write_bytes(b"%PDF-")
    (folder / "output.pdf.part").write_bytes(b"%PDF-")
    page = client.get(f"/kpu/cetak/{job['id']}").text
    assert "Pencetakan gagal. Silakan coba lagi." in page
    assert '<meta http-equiv="refresh"' not in page
    assert [p.name for p in folder.iterdir()] == [print_jobs.STATE]


@pytest.mark.usefixtures("jobs_in_tmp")
def test_a_job_of_a_living_worker_keeps_running(app):
    job = _job(app, 1, print_jobs.RUNNING, worker=print_jobs.this_process())
    assert print_jobs.state(app, job["id"])["status"] == print_jobs.RUNNING


@pytest.mark.usefixtures("jobs_in_tmp")
def test_a_dead_job_does_not_stop_its_owner_printing_again(app, referred, client, sign_in):
    referred.officer()
    staff = sign_in("kpu")
    dead = _job(app, staff["id"], print_jobs.RUNNING, worker=DEAD_WORKER)
    response = client.post("/kpu/cetak/", data={"jenis": "slips", "kelurahan": "Medono"})
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    assert job_id != dead["id"]
    assert print_jobs.state(app, job_id)["status"] == print_jobs.DONE


@pytest.mark.usefixtures("jobs_in_tmp")
def test_another_persons_unfinished_job_does_not_block_printing(app, referred, client, sign_in):
    referred.officer()
    other = referred.make.staff(role="kpu")
    _job(app, other["id"], print_jobs.RUNNING, worker=print_jobs.this_process())
    _job(app, other["id"], print_jobs.QUEUED, id="1123456789abcdef")
    sign_in("kpu")
    response = client.post("/kpu/cetak/", data={"jenis": "slips", "kelurahan": "Medono"})
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    assert print_jobs.state(app, job_id)["status"] == print_jobs.DONE


@pytest.mark.parametrize("status", [print_jobs.QUEUED, print_jobs.RUNNING])
@pytest.mark.usefixtures("jobs_in_tmp")
def test_ones_own_unfinished_job_is_shown_instead_of_a_second(
    app, referred, client, sign_in, status
):
    referred.officer()
    staff = sign_in("kpu")
    job = _job(app, staff["id"], status, worker=print_jobs.this_process())
    response = client.post("/kpu/cetak/", data={"jenis": "slips", "kelurahan": "Medono"})
    assert response.headers["Location"].endswith(f"/kpu/cetak/{job['id']}")
    page = client.get(response.headers["Location"]).text
    assert "Masih ada pencetakan yang berjalan. Tunggu sampai selesai." in page
    assert len(list(print_jobs.jobs_dir(app).iterdir())) == 1


@pytest.mark.usefixtures("jobs_in_tmp")
def test_a_queued_job_page_says_it_waits_and_refreshes_itself(app, client, sign_in):
    staff = sign_in("kpu")
    job = _job(app, staff["id"], print_jobs.QUEUED)
    page = client.get(f"/kpu/cetak/{job['id']}").text
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Menunggu giliran untuk dicetak." in page


@pytest.mark.usefixtures("jobs_in_tmp")
def test_a_job_the_queue_cannot_take_fails_on_its_page(app, referred, client, sign_in, caplog):
    referred.officer()
    sign_in("kpu")

    def queue_down(task):
        raise ConnectionError("redis is down")

    tasks.get(app).enqueue = queue_down
    response = client.post("/kpu/cetak/", data={"jenis": "slips", "kelurahan": "Medono"})
    page = client.get(response.headers["Location"]).text
    assert "Pencetakan gagal. Silakan coba lagi." in page
    assert "could not be queued" in caplog.text


def test_print_job_files_are_readable_by_their_owner_only(app, referred, client, sign_in, tmp_path):
    # Whatever the umask of the process that prints: here the common 022.
    app.config["PRINT_JOBS_DIR"] = str(tmp_path / "print-jobs")
    old_umask = os.umask(0o022)
    try:
        referred.officer()
        sign_in("kpu")
        response = client.post("/kpu/cetak/", data={"jenis": "slips", "kelurahan": "Medono"})
    finally:
        os.umask(old_umask)
    folder = tmp_path / "print-jobs" / response.headers["Location"].rsplit("/", 1)[1]
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in (folder.parent, folder, *folder.iterdir())
    }
    assert modes == {
        "print-jobs": 0o700,
        folder.name: 0o700,
        "state.json": 0o600,
        "output.pdf": 0o600,
    }


@pytest.mark.usefixtures("jobs_in_tmp")
def test_the_periodic_clean_up_deletes_old_jobs_and_fails_lost_ones(app, monkeypatch):
    _job(app, 1, print_jobs.DONE, id="0000000000000001")
    _job(app, 1, print_jobs.QUEUED, id="0000000000000002", task="lost-task")
    _job(app, 1, print_jobs.QUEUED, id="0000000000000003", task="new-task")
    later = time.time() + print_jobs.RETENTION + 1
    monkeypatch.setattr(print_jobs.time, "time", lambda: later)
    queue = tasks.get(app)
    monkeypatch.setattr(queue, "queued", lambda: {"new-task"})
    queue.clean_up_print_jobs.call_local()
    assert sorted(p.name for p in print_jobs.jobs_dir(app).iterdir()) == [
        "0000000000000002",
        "0000000000000003",
    ]
    assert print_jobs.state(app, "0000000000000002")["status"] == print_jobs.FAILED
    assert print_jobs.state(app, "0000000000000003")["status"] == print_jobs.QUEUED
