"""`flask --app app demo load`: the Kota Pekalongan demo city, loaded idempotently.

The city is loaded once per session (the `demo_city` fixture: a fresh copy of it per test) and
screened once per module; each test runs the commands it is about on its own copy."""

import pytest

from screening import journey
from screening.cli.demo import DEMO_LINKS, DEMO_PASSWORD
from screening.journey import DECLINED
from screening.store import coverage, officers, regions
from screening.store import staff as staff_store
from tests import apps


@pytest.fixture(scope="module")
def screened_city_db(tmp_path_factory, demo_city_db):
    """The demo city after `demo screenings --coverage 1`, built once: copy it, never open it."""
    path = tmp_path_factory.mktemp("screened") / "city.db"
    apps.copy_database(demo_city_db[0], path)
    app = apps.build_app(path)
    result = app.test_cli_runner().invoke(args=["demo", "screenings", "--coverage", "1"])
    assert result.exit_code == 0, result.output
    apps.close(app)
    return path


@pytest.fixture
def screened_city(app, screened_city_db):
    apps.copy_database(screened_city_db, app.config["DATABASE"])


def test_demo_load_builds_the_city_and_twice_leaves_the_same_data(demo_city, runner, db):
    first = demo_city  # the output of the session's load into an empty database
    assert "8123 petugas (8123 baru" in first
    fingerprint = officers.roster_fingerprint(db)
    staff_hashes = {s["username"]: s["password_hash"] for s in db["staff"].rows}

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert "0 baru, 0 diperbarui, 8123 tetap" in second.output
    assert "0 akun staf baru" in second.output
    assert officers.roster_fingerprint(db) == fingerprint
    assert {s["username"]: s["password_hash"] for s in db["staff"].rows} == staff_hashes

    assert officers.count_officers(db) == 8123
    assert db["officer"].count_where("demo = 1") == 8123
    assert len(regions.all_kecamatan(db)) == 4
    assert len(regions.all_kelurahan(db)) == 27
    assert (
        sum(row["officers"] for row in coverage.city_by_kecamatan(db, today="2029-01-01")) == 8123
    )


def test_demo_load_if_empty_leaves_a_loaded_roster_alone(demo_city, runner):
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "left as it is" in result.output


def test_demo_has_one_account_per_role_that_signs_in(demo_city, runner, db, client):
    roles = {s["role"] for s in db["staff"].rows}
    assert roles == {"admin", "kpu", "fktp", "ppk", "pps", "dinkes"}
    # One clinician for every FKTP, the klinik pratama and the dokter praktik too.
    clinicians = [s["fktp_code"] for s in db["staff"].rows if s["role"] == "fktp"]
    assert sorted(clinicians) == sorted(f["code"] for f in regions.all_fktps(db))
    printed = runner.invoke(args=["demo", "accounts"]).output
    assert DEMO_PASSWORD in printed
    for username in ("admin", "kpu", "ppk.pekalonganbarat", "pps.medono", "dinkes"):
        assert username in printed
        response = client.post(
            "/staf/masuk", data={"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        client.post("/staf/keluar")
    assert staff_store.staff_by_username(db, "kpu")["role"] == "kpu"
    # The area operators are given their kecamatan and kelurahan.
    assert staff_store.staff_by_username(db, "ppk.pekalonganbarat")["area_code"] == "337501"
    assert staff_store.staff_by_username(db, "pps.medono")["area_code"] == "3375011002"


def test_kpu_home_shows_the_city_and_its_kecamatan_are_one_click_away(demo_city, client):
    client.post("/staf/masuk", data={"username": "kpu", "password": DEMO_PASSWORD})
    home = client.get("/staf/").text
    assert "<dd>8.123</dd>" in home
    page = client.get("/kpu/cakupan/").text
    assert "Pekalongan Barat" in page
    assert "Pekalongan Selatan" in page


def _screening_counts(db) -> tuple[int, int, int]:
    return db["response"].count, db["referral"].count, db["consent"].count


def test_demo_screenings_covers_a_share_and_twice_leaves_the_same_data(demo_city, runner, db):
    first = runner.invoke(args=["demo", "screenings", "--coverage", "0.1", "--share", "0.2"])
    assert first.exit_code == 0, first.output
    responses, referrals, decisions = _screening_counts(db)
    # About a tenth of 8,123 officers screened, about a fifth of them referred.
    assert 650 < responses < 980
    assert 0.1 * responses < referrals < 0.35 * responses
    assert decisions > responses  # every screening was agreed to; a few declined
    again = runner.invoke(args=["demo", "screenings", "--coverage", "0.1", "--share", "0.2"])
    assert again.exit_code == 0, again.output
    assert "0 skrining dikirim" in again.output
    assert " 0 menolak" in again.output
    assert _screening_counts(db) == (responses, referrals, decisions)


def _declined(db) -> list[int]:
    return [
        row["officer_id"]
        for row in db.query("SELECT officer_id FROM consent WHERE decision = ?", [DECLINED])
    ]


def test_demo_screenings_leaves_the_printed_officers_unscreened(screened_city, db):
    # screened_city: `demo screenings --coverage 1` on the loaded city
    assert db["response"].count == 8123 - DEMO_LINKS - len(_declined(db))
    for officer in officers.demo_sample(db, DEMO_LINKS):
        assert list(db["response"].rows_where("officer_id = ?", [officer["id"]])) == []
        assert list(db["consent"].rows_where("officer_id = ?", [officer["id"]])) == []


def test_demo_has_a_few_declined_officers_in_every_kecamatan_and_coverage_counts_them(
    screened_city, db, client
):
    declined = _declined(db)
    # About 1.5 % of those who respond (here everyone), spread over the city.
    assert 0.008 * 8123 < len(declined) < 0.025 * 8123
    for officer_id in declined:
        assert journey.consent_state(db, officer_id) == journey.DECLINED
        assert list(db["response"].rows_where("officer_id = ?", [officer_id])) == []
    kelurahan = {db["officer"].get(officer_id)["kelurahan_code"] for officer_id in declined}
    assert len(kelurahan) > 20  # of 27
    rows = coverage.city_by_kecamatan(db, today="2029-01-01")
    assert all(row["declined"] > 0 for row in rows)
    assert sum(row["declined"] for row in rows) == len(declined)

    client.post("/staf/masuk", data={"username": "kpu", "password": DEMO_PASSWORD})
    page = client.get("/kpu/cakupan/").text
    total = page[page.index("<tfoot>") :]
    assert f'status=menolak">{len(declined)}</a>' in total


def test_demo_screenings_decline_through_the_officers_own_consent_operation(runner, db, make):
    demo = _demo_officer(make, db)
    result = runner.invoke(args=["demo", "screenings", "--everyone", "--declined", "1"])
    assert result.exit_code == 0, result.output
    assert "0 skrining dikirim, 0 dirujuk, 1 menolak" in result.output
    assert journey.consent_state(db, demo["id"]) == journey.DECLINED
    assert list(db["response"].rows_where("officer_id = ?", [demo["id"]])) == []


def test_demo_screenings_never_screen_an_officer_whose_refusal_stands(runner, db, make):
    demo = _demo_officer(make, db)
    journey.decide_consent(
        db,
        demo,
        decision=journey.DECLINED,
        text_version="v1",
        questionnaire=None,
        polling_day="2029-02-14",
        now="2029-01-01T08:00:00+07:00",
    )
    result = runner.invoke(args=["demo", "screenings", "--everyone", "--declined", "0"])
    assert result.exit_code == 0, result.output
    assert "1 petugas sudah punya skrining atau menolak" in result.output
    assert journey.consent_state(db, demo["id"]) == journey.DECLINED
    assert list(db["response"].rows_where("officer_id = ?", [demo["id"]])) == []


def test_demo_screenings_everyone_screens_the_printed_officers_too(screened_city, runner, db):
    # After a run without --everyone (above: the printed officers stay unscreened), so this
    # run has exactly the printed officers left to screen.
    result = runner.invoke(args=["demo", "screenings", "--coverage", "1", "--everyone"])
    assert result.exit_code == 0, result.output
    assert db["response"].count == 8123 - len(_declined(db))


def _import_real_roster(runner, tmp_path, *rows) -> None:
    """Officers added the way KPU adds real people: `flask roster import`."""
    from tests.roster.helpers import table, xlsx_bytes

    source = tmp_path / "petugas.xlsx"
    source.write_bytes(xlsx_bytes(table(list(rows))))
    result = runner.invoke(args=["roster", "import", str(source)])
    assert result.exit_code == 0, result.output


def _officer_id(db, nik) -> int:
    return next(db["officer"].rows_where("nik = ?", [nik]))["id"]


def _demo_officer(make, db) -> dict:
    """One officer as `demo load` stores them."""
    from screening.clock import now_iso

    row = make.officer()
    officers.upsert_roster(db, [row], now=now_iso(), demo=True)
    return {**row, "id": _officer_id(db, row["nik"])}


def test_demo_screenings_never_touch_an_officer_from_a_real_roster(runner, db, make, tmp_path):
    from tests.roster.helpers import good_cells, nik

    demo = _demo_officer(make, db)
    _import_real_roster(runner, tmp_path, good_cells(9001))
    real_id = _officer_id(db, nik(9001))

    result = runner.invoke(args=["demo", "screenings", "--coverage", "1", "--everyone"])
    assert result.exit_code == 0, result.output
    assert list(db["response"].rows_where("officer_id = ?", [real_id])) == []
    assert list(db["response"].rows_where("officer_id = ?", [demo["id"]])) != []


def test_a_real_roster_naming_a_demo_officer_makes_them_real(runner, db, make, tmp_path):
    """Once a real roster lists the NIK, the person is real: the demo leaves them alone."""
    from tests.roster.helpers import good_cells

    demo = _demo_officer(make, db)
    _import_real_roster(runner, tmp_path, good_cells(9001, nik=demo["nik"], name=demo["name"]))
    runner.invoke(args=["demo", "screenings", "--coverage", "1", "--everyone"])
    assert list(db["response"].rows_where("officer_id = ?", [demo["id"]])) == []


def test_demo_accounts_never_prints_a_real_officers_nik_or_code(runner, db, make, tmp_path):
    from tests.roster.helpers import good_cells, nik

    _import_real_roster(runner, tmp_path, good_cells(9001))
    demo = _demo_officer(make, db)
    printed = runner.invoke(args=["demo", "accounts"]).output
    assert demo["nik"] in printed
    assert nik(9001) not in printed
    assert "Siti Rahayu 9001" not in printed


def test_demo_fktps_are_loaded_with_their_phone_numbers(demo_city, db):
    fktps = regions.all_fktps(db)
    assert fktps
    assert all(f["phone"] for f in fktps)


def test_demo_klinik_and_dokter_accounts_sign_in_to_their_worklist(screened_city, runner, client):
    printed = runner.invoke(args=["demo", "accounts"]).output
    for username, fktp in (
        ("fktp.sekarjagad", "Klinik Pratama Sekar Jagad"),
        ("fktp.laraskinanti", "Praktik Dokter Umum dr. Laras Kinanti"),
    ):
        assert username in printed
        assert fktp in printed
        response = client.post(
            "/staf/masuk", data={"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        worklist = client.get("/fktp/").text
        assert fktp in worklist
        assert "RJ-" in worklist  # their demo referrals, waiting for them
        client.post("/staf/keluar")
