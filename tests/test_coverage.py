"""KPU follows coverage per kecamatan: who screened, who was referred, who was seen, JKN status."""

import re

from screening.demo.screenings import HEALTHY
from screening.store import coverage, referrals
from tests.clinic.conftest import ROUTINE


def _row(db, name):
    rows = coverage.city_by_kecamatan(db, today="2029-01-01")
    return next(row for row in rows if row["name"] == name)


def test_coverage_counts_screened_referred_and_seen_per_kecamatan(db, make):
    make.officer(jkn_status="tidak_aktif")  # not screened
    make.screened_officer(HEALTHY)
    _, _, referral = make.screened_officer(ROUTINE, jkn_status="belum_terdaftar")
    _, _, seen = make.screened_officer(ROUTINE)
    staff = make.staff(role="fktp")
    referrals.change_status(
        db, seen["id"], expected="baru", to="diperiksa", staff_id=staff["id"], now="2029-02-01"
    )
    row = _row(db, "Pekalongan Barat")
    assert (row["officers"], row["screened"], row["referred"], row["seen"]) == (4, 3, 2, 1)
    assert (row["jkn_tidak_aktif"], row["jkn_belum_terdaftar"]) == (1, 1)
    assert coverage.total(coverage.city_by_kecamatan(db, today="2029-01-01"))["referred"] == 2
    assert referral is not None


def test_kpu_home_shows_coverage_counts_but_no_answers(client, make, sign_in):
    make.screened_officer(ROUTINE)
    sign_in("kpu")
    page = client.get("/staf/").text
    assert "Cakupan skrining" in page
    assert "Sudah skrining" in page
    assert "Dirujuk ke FKTP" in page
    # Counts only: no answer or reason reaches KPU.
    assert "Hipertensi" not in page
    assert "obat" not in page.lower()


def test_clinician_home_has_no_coverage_overview(client, sign_in):
    sign_in("fktp")
    assert "Cakupan skrining" not in client.get("/staf/").text


def test_kpu_home_sums_up_the_city_with_each_count_a_link_to_its_officers(client, make, sign_in):
    make.officer()
    make.screened_officer(HEALTHY)
    make.screened_officer(ROUTINE)
    sign_in("kpu")
    page = client.get("/staf/").text
    counts = dict(re.findall(r'<dt><a href="([^"]+)">[^<]+</a></dt>\s*<dd>([\d.]+)</dd>', page))
    assert counts == {
        "/kpu/petugas/": "3",
        "/kpu/petugas/?status=skrining": "2",
        "/kpu/petugas/?status=dirujuk": "1",
        "/kpu/petugas/?status=diperiksa": "0",
        "/kpu/petugas/?status=terlambat": "0",
    }
    assert 'href="/kpu/cakupan/"' in page
    # The old cards per kecamatan are gone: the coverage page has the areas.
    assert "Pekalongan Barat" not in page
