"""The clinician reads derived values (BMI, age) as they were scored: never rounded across a cut."""

from tests.clinic.conftest import ROUTINE


def test_clinician_sees_the_bmi_in_the_band_it_was_scored_in(make, sign_in, client):
    fktp = make.fktp()
    # 60 kg at 155 cm: BMI 24.974, scored below 25 (0 FINDRISC points); "25" would contradict it.
    answers = {**ROUTINE, "berat_kg": "60", "tinggi_cm": "155"}
    _, response, referral = make.screened_officer(answers, fktp_code=fktp["code"], sex="L")
    assert response["result"]["scores"]["findrisc"]["points"]["imt"] == 0
    sign_in(role="fktp", fktp_code=fktp["code"])
    page = client.get(f"/rujukan/{referral['number']}").text
    assert "<dd>24,97 kg/m²</dd>" in page
