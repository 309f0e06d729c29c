"""Bulk printing from a KPU page: a background job, a self-refreshing progress page, a download."""

import time

import pytest

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
