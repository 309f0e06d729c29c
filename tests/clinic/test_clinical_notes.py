"""Clinicians' notes stay at the FKTP; the one remark KPU reads is its own, labelled field."""

import pytest

from screening import store
from screening.store import migrations
from screening.store import referrals as referral_store

CLINICAL = "TD 190/120, curiga hipertensi derajat 3"
FOLLOWUP = {
    "dari": "diperiksa",
    "sistolik": "150",
    "diastolik": "95",
    "kelayakan": "layak_dengan_catatan",
    "catatan": "Curiga hipertensi sekunder, rujuk balik bila perlu",
    "catatan_kpu": "Tidak bertugas malam",
    "aksi": "selesai",
}


def referral_page(world):
    return f"/rujukan/{world.referral_a['number']}"


def note_a_status_change(world, be):
    client = be("clinician_x")
    response = client.post(
        referral_page(world) + "/status",
        data={"dari": "baru", "ke": "diperiksa", "catatan": CLINICAL},
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("role", ["kpu", "admin"])
def test_a_clinicians_status_note_never_reaches_kpu_or_admin(world, be, db, role):
    clinician = note_a_status_change(world, be)
    assert CLINICAL in clinician.get(referral_page(world)).text
    page = be(role).get(referral_page(world))
    assert page.status_code == 200
    assert "Baru → Diperiksa" in page.text  # the history is there, its note is not
    assert CLINICAL not in page.text
    assert CLINICAL not in be(role).get("/kpu/rujukan/").text
    # Not even read for them.
    events = referral_store.events(db, world.referral_a["id"], clinical_notes=False)
    assert all(e["note"] is None for e in events)


def test_an_fktp_assignment_still_shows_in_the_history_kpu_reads(world, be, db):
    kpu = be("kpu")
    response = kpu.post(
        f"/kpu/rujukan/{world.unassigned['number']}/fktp",
        data={"fktp_code": world.fktp_x["code"], "kembali": "rujukan"},
    )
    assert response.status_code == 302
    assert "FKTP ditetapkan" in kpu.get(f"/rujukan/{world.unassigned['number']}").text


def test_the_follow_up_form_says_which_remark_kpu_will_see(world, be):
    clinician = note_a_status_change(world, be)
    form = clinician.get(referral_page(world) + "/tindak-lanjut").text
    assert "Catatan tugas untuk KPU" in form
    assert "KPU akan melihat catatan ini." in form
    assert "Hanya terlihat oleh petugas FKTP, tidak oleh KPU." in form


def test_kpu_reads_the_duty_remark_and_never_the_clinical_note(world, be, db):
    clinician = note_a_status_change(world, be)
    assert clinician.post(referral_page(world) + "/tindak-lanjut", data=FOLLOWUP).status_code == 302
    clinician_page = clinician.get(referral_page(world)).text
    assert "Tidak bertugas malam" in clinician_page
    assert FOLLOWUP["catatan"] in clinician_page
    for page in (be("kpu").get(referral_page(world)).text, be("kpu").get("/kpu/rujukan/").text):
        assert "Layak dengan catatan" in page
        assert "Tidak bertugas malam" in page
        assert FOLLOWUP["catatan"] not in page
        assert CLINICAL not in page


def test_layak_dengan_catatan_needs_the_remark_for_kpu(world, be, db):
    clinician = note_a_status_change(world, be)
    response = clinician.post(
        referral_page(world) + "/tindak-lanjut", data={**FOLLOWUP, "catatan_kpu": ""}
    )
    assert response.status_code == 422
    assert 'id="catatan_kpu-error"' in response.text
    assert db["followup"].count == 0


def test_the_duty_note_migration_adds_its_column_to_an_existing_database(tmp_path):
    db = store.connect(str(tmp_path / "old.db"))
    migrations.migrations.apply(db, stop_before="m005_followup_duty_note")
    assert "duty_note" not in db["followup"].columns_dict
    migrations.apply(db)
    assert "duty_note" in db["followup"].columns_dict
    db.close()
