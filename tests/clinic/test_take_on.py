"""An officer with no FKTP on the roster goes to the nearest Puskesmas: any FKTP of the officer's
kecamatan finds the referral by its number or the officer's NIK and takes it on; an FKTP of
another kecamatan sees nothing."""

import pytest

from screening.store import referrals as referral_store
from screening.store import regions
from tests.acting import act_as


@pytest.fixture
def far_clinician(make, db):
    """The clinician of an FKTP in another kecamatan (Pekalongan Timur)."""
    regions.upsert_kecamatan(db, [{"code": "337502", "name": "Pekalongan Timur"}])
    fktp = make.fktp(name="Puskesmas Jauh", kecamatan_code="337502", kelurahan_code=None)
    return make.staff(role="fktp", fktp_code=fktp["code"], full_name="Dokter Jauh")


def be_staff(client, staff):
    return act_as(client, "staff", staff["id"])


def joko_nik(db, world):
    return referral_store.officer_nik(db, world.unassigned["id"])


def take_url(world):
    return f"/rujukan/{world.unassigned['number']}/ambil"


@pytest.mark.parametrize("by", ["nik", "number", "digits"])
def test_a_clinic_of_the_officers_kecamatan_finds_an_unassigned_referral(world, be, db, by):
    number = world.unassigned["number"]
    typed = {"nik": joko_nik(db, world), "number": number.lower(), "digits": str(int(number[3:]))}
    client = be("clinician_x")
    response = client.post("/fktp/", data={"q": typed[by]})
    assert typed[by] not in response.headers["Location"]
    page = client.get(response.headers["Location"]).text
    assert "Joko Tanpa Fktp" in page
    assert f'action="{take_url(world)}"' in page
    assert "Ambil rujukan ini" in page


def test_a_name_alone_does_not_reveal_a_referral_without_fktp(world, be):
    client = be("clinician_x")
    client.post("/fktp/", data={"q": "joko"})
    assert "Joko Tanpa Fktp" not in client.get("/fktp/").text


def test_the_referral_page_offers_the_take_on_before_showing_any_health_data(world, be, db):
    page = be("clinician_x").get(f"/rujukan/{world.unassigned['number']}")
    assert page.status_code == 200
    assert "Joko Tanpa Fktp" in page.text
    assert "Ambil rujukan ini" in page.text
    for private in ("Semua jawaban", "Mengapa dirujuk", "185"):
        assert private not in page.text
    entry = next(iter(db["audit_log"].rows_where(order_by="id desc", limit=1)))
    assert entry["subject"] == f"referral:{world.unassigned['number']}"
    assert entry["action"] == "view"


def test_taking_on_makes_it_the_clinics_referral_and_is_audited(world, be, db):
    client = be("clinician_x")
    response = client.post(take_url(world))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rujukan/{world.unassigned['number']}"
    referral = referral_store.referral_by_number(db, world.unassigned["number"])
    assert referral["fktp_code"] == world.fktp_x["code"]
    assert referral["taken_by"] == world.staff["clinician_x"]["id"]
    assert referral["taken_at"]
    entry = next(iter(db["audit_log"].rows_where(order_by="id desc", limit=1)))
    assert (entry["action"], entry["subject"]) == (
        "change",
        f"referral:{world.unassigned['number']}",
    )
    assert world.fktp_x["code"] in entry["detail"]
    assert joko_nik(db, world) not in entry["detail"]
    page = client.get(response.headers["Location"]).text
    assert "Semua jawaban" in page  # now the full clinical view
    assert "Joko Tanpa Fktp" in client.get("/fktp/").text
    # From now on it is FKTP X's alone.
    assert be("clinician_y").get(f"/rujukan/{world.unassigned['number']}").status_code == 404


def test_two_clinics_cannot_both_take_it(world, be, db):
    assert be("clinician_x").post(take_url(world)).status_code == 302
    client = be("clinician_y")
    response = client.post(take_url(world))
    assert response.status_code == 404  # no longer unassigned: not Y's to see
    referral = referral_store.referral_by_number(db, world.unassigned["number"])
    assert referral["fktp_code"] == world.fktp_x["code"]
    assert referral["taken_by"] == world.staff["clinician_x"]["id"]


def test_the_store_guard_lets_only_the_first_clinic_take_it(world, db):
    taken = [
        referral_store.take_on(
            db, world.unassigned["id"], fktp_code=code, staff_id=staff["id"], now="2029-01-02"
        )
        for code, staff in (
            (world.fktp_y["code"], world.staff["clinician_y"]),
            (world.fktp_x["code"], world.staff["clinician_x"]),
        )
    ]
    assert taken == [True, False]
    referral = referral_store.referral_by_number(db, world.unassigned["number"])
    assert referral["fktp_code"] == world.fktp_y["code"]


def test_a_clinic_of_another_kecamatan_gets_404_and_finds_nothing(world, client, db, far_clinician):
    client = be_staff(client, far_clinician)
    number = world.unassigned["number"]
    assert client.get(f"/rujukan/{number}").status_code == 404
    for typed in (joko_nik(db, world), number):
        client.post("/fktp/", data={"q": typed})
        page = client.get("/fktp/").text
        assert "Joko Tanpa Fktp" not in page
        assert "Ambil rujukan ini" not in page
    assert client.post(take_url(world)).status_code == 404
    assert referral_store.referral_by_number(db, number)["fktp_code"] is None
    assert not referral_store.take_on(
        db, world.unassigned["id"], fktp_code=far_clinician["fktp_code"], staff_id=1, now="x"
    )


def test_kpu_sees_which_clinic_took_it_when_and_by_whom(world, be, db):
    be("clinician_x").post(take_url(world))
    clinician = world.staff["clinician_x"]
    kpu = be("kpu")
    page = kpu.get(f"/rujukan/{world.unassigned['number']}").text
    assert "Diambil oleh FKTP" in page
    assert world.fktp_x["name"] in page
    assert clinician["full_name"] in page
    listing = kpu.get("/kpu/rujukan/").text
    row = listing[listing.index("Joko Tanpa Fktp") :][:1500]
    assert world.fktp_x["name"] in row
    assert "diambil" in row.lower()
    assert "Joko Tanpa Fktp" not in kpu.get("/kpu/rujukan/tanpa-fktp").text


def test_a_second_tap_by_the_same_clinic_changes_nothing(world, be, db):
    client = be("clinician_x")
    client.post(take_url(world))
    response = client.post(take_url(world))
    assert response.headers["Location"] == f"/rujukan/{world.unassigned['number']}"
    events = referral_store.events(db, world.unassigned["id"])
    assert [e["note"] for e in events].count(f"fktp:{world.fktp_x['code']}") == 1
