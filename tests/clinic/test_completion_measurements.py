""" "Selesai" needs what the referral asked the FKTP to measure: blood pressure always, blood
glucose when diabetes risk was flagged, or the reason they were not taken."""

import re

import pytest

from screening.questionnaire import Result
from screening.referrals import findings
from screening.store import followups, responses
from screening.store import referrals as referral_store
from tests.clinic.conftest import ROUTINE
from tests.clinic.test_referral_pages import GOOD

NO_BP = {**GOOD, "sistolik": "", "diastolik": ""}
NO_GLUCOSE = {**GOOD, "gula_darah": "", "gula_jenis": ""}


@pytest.fixture
def diabetic(world, make):
    """An officer referred to FKTP X with diabetes risk flagged."""
    _, _, referral = make.screened_officer(
        {**ROUTINE, "dx_diabetes": "ya"}, fktp_code=world.fktp_x["code"], name="Dina Gula"
    )
    return referral


def result_of(db, referral) -> Result:
    return Result.from_dict(responses.response_for_officer(db, referral["officer_id"])["result"])


def url(referral):
    return f"/rujukan/{referral['number']}/tindak-lanjut"


def error_of(page, field):
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    return found.group(1) if found else None


def test_the_referral_asks_for_blood_pressure_always_and_glucose_with_diabetes_risk(
    world, db, diabetic
):
    assert findings.required_measurements(result_of(db, world.referral_a)) == ["tekanan_darah"]
    assert findings.required_measurements(result_of(db, diabetic)) == [
        "tekanan_darah",
        "gula_darah",
    ]


def test_completing_without_blood_pressure_is_refused_and_nothing_typed_is_lost(world, be, db):
    response = be("clinician_x").post(url(world.referral_a), data=NO_BP)
    assert response.status_code == 422
    assert "Tekanan darah belum diukur" in error_of(response.text, "sistolik")
    assert "Kontrol tekanan darah tiap minggu</textarea>" in response.text
    assert 'value="72,5"' in response.text
    assert referral_store.referral_by_number(db, world.referral_a["number"])["status"] == "baru"
    assert db["followup"].count == 0


def test_completing_without_glucose_is_refused_when_diabetes_risk_was_flagged(
    world, be, db, diabetic
):
    response = be("clinician_x").post(url(diabetic), data=NO_GLUCOSE)
    assert response.status_code == 422
    assert "Gula darah belum diukur" in error_of(response.text, "gula_darah")
    assert referral_store.referral_by_number(db, diabetic["number"])["status"] == "baru"


def test_glucose_is_not_required_without_diabetes_risk(world, be, db):
    response = be("clinician_x").post(url(world.referral_a), data=NO_GLUCOSE)
    assert response.status_code == 302, response.text
    assert referral_store.referral_by_number(db, world.referral_a["number"])["status"] == "selesai"


def test_a_written_reason_lets_the_referral_close_without_the_measurement(world, be, db, diabetic):
    client = be("clinician_x")
    reason = "Alat gula darah rusak; pasien dirujuk ke laboratorium"
    response = client.post(url(diabetic), data={**NO_GLUCOSE, "alasan_tidak_diukur": reason})
    assert response.status_code == 302, response.text
    referral = referral_store.referral_by_number(db, diabetic["number"])
    assert referral["status"] == "selesai"
    assert followups.latest(db, referral["id"])["data"]["alasan_tidak_diukur"] == reason
    assert reason in client.get(f"/rujukan/{diabetic['number']}").text


def test_saving_without_closing_needs_no_measurement(world, be, db):
    data = {**NO_BP, "aksi": "simpan"}
    assert be("clinician_x").post(url(world.referral_a), data=data).status_code == 302
    referral = referral_store.referral_by_number(db, world.referral_a["number"])
    assert referral["status"] == "diperiksa"


def test_the_form_says_which_measurements_the_referral_asks_for(world, be, diabetic):
    page = be("clinician_x").get(url(diabetic)).text
    assert "Rujukan ini meminta: tekanan darah, gula darah." in page
    assert 'name="alasan_tidak_diukur"' in page


def test_the_domain_refuses_completion_without_a_required_measurement():
    raw = {"kelayakan": "layak", "berat_kg": "70"}
    _, errors = findings.parse_followup(raw, complete=True, required=["tekanan_darah"])
    assert errors["sistolik"].msgid.startswith("Tekanan darah belum diukur")
    _, errors = findings.parse_followup(
        {**raw, "alasan_tidak_diukur": "Pasien menolak"}, complete=True, required=["tekanan_darah"]
    )
    assert errors == {}
    _, errors = findings.parse_followup(raw, complete=False, required=["tekanan_darah"])
    assert errors == {}
