"""The officer's journey through the web form: consent, steps, drafts, submission, result."""

import re

import pytest

from screening.demo.screenings import HEALTHY
from screening.store import consent as consent_store
from screening.store import responses
from tests.factories import officer_with_link


def field_names(page: str) -> set[str]:
    return set(re.findall(r'name="([a-z0-9_]+)"', page)) - {"csrf_token", "aksi", "keputusan"}


def answer_page(client, number, answers):
    """Answer what the page shows; follow-up questions revealed on the same page come back
    with status 200 and are answered in turn, as a person without JavaScript would."""
    page = client.get(f"/skrining/langkah/{number}").text
    for _ in range(5):
        names = {n for n in field_names(page) if "__" not in n}
        data = {name: answers[name] for name in names if name in answers}
        response = client.post(f"/skrining/langkah/{number}", data={**data, "aksi": "lanjut"})
        if response.status_code != 200:
            return response
        assert "pertanyaan lanjutan" in response.text
        page = response.text
    return response


def fill_all(client, answers):
    number = 1
    for _ in range(20):
        response = answer_page(client, number, answers)
        assert response.status_code == 302, response.text
        location = response.headers["Location"]
        if location.endswith("/skrining/periksa"):
            return
        number = int(location.rsplit("/", 1)[1])
    pytest.fail("the form never reached the review page")


@pytest.fixture
def officer_client(app, make):
    officer, token, _code = officer_with_link(make, app)
    client = app.test_client()
    client.get(f"/s/{token}")
    client.officer = officer
    return client


def agree(client):
    response = client.post("/skrining/persetujuan", data={"keputusan": "setuju"})
    assert response.status_code == 302
    return client.get("/skrining/").headers["Location"]


def test_consent_page_says_what_why_who_how_long_and_rights(officer_client):
    page = officer_client.get("/skrining/persetujuan").text
    for heading in (
        "Apa yang dikumpulkan",
        "Untuk apa",
        "Siapa yang melihat",
        "Berapa lama disimpan",
        "Hak Anda",
    ):
        assert heading in page
    assert "12 bulan" in page
    assert "tidak memengaruhi pengangkatan" in page


def test_agreeing_records_consent_with_time_and_version_and_starts_the_form(officer_client, db):
    assert agree(officer_client) == "/skrining/langkah/1"
    decision = consent_store.latest_decision(db, officer_client.officer["id"])
    assert decision["decision"] == "setuju"
    assert len(decision["text_version"]) == 12
    assert decision["decided_at"]
    assert "Langkah 1 dari" in officer_client.get("/skrining/langkah/1").text


def test_declining_stores_only_the_refusal(officer_client, db):
    officer_client.post("/skrining/persetujuan", data={"keputusan": "menolak"})
    assert officer_client.get("/skrining/").headers["Location"] == "/skrining/menolak"
    page = officer_client.get("/skrining/menolak").text
    assert "tidak ada data kesehatan yang disimpan" in page
    assert responses.response_for_officer(db, officer_client.officer["id"]) is None
    assert consent_store.latest_decision(db, officer_client.officer["id"])["decision"] == "menolak"


def test_whole_journey_to_a_not_at_risk_result(officer_client, db):
    agree(officer_client)
    fill_all(officer_client, HEALTHY)
    review = officer_client.get("/skrining/periksa").text
    assert "Kirim jawaban" in review
    response = officer_client.post("/skrining/periksa")
    assert response.headers["Location"] == "/skrining/hasil"
    result = officer_client.get("/skrining/hasil").text
    assert "Tidak berisiko" in result
    assert "bukan diagnosis" in result
    assert "tidak memengaruhi pengangkatan" in result
    stored = responses.response_for_officer(db, officer_client.officer["id"])
    assert stored["status"] == "submitted"
    assert stored["questionnaire_version"] == "1"
    assert stored["overall"] == "tidak_berisiko"


def test_submitting_twice_stores_one_response(officer_client, db):
    agree(officer_client)
    fill_all(officer_client, HEALTHY)
    first = officer_client.post("/skrining/periksa")
    stored = responses.response_for_officer(db, officer_client.officer["id"])
    second = officer_client.post("/skrining/periksa")
    assert first.headers["Location"] == "/skrining/hasil"
    assert second.status_code == 302
    assert db["response"].count == 1
    assert responses.response_for_officer(db, officer_client.officer["id"]) == stored


@pytest.mark.parametrize(
    "danger",
    [
        pytest.param({"td_tahu": "ya", "td_sistolik": "185", "td_diastolik": "112"}, id="td-185"),
        pytest.param({"keluhan_sekarang": ["nyeri_dada_lama"]}, id="nyeri-dada-sekarang"),
    ],
)
def test_high_blood_pressure_or_chest_pain_now_give_an_urgent_message(officer_client, danger):
    agree(officer_client)
    fill_all(officer_client, {**HEALTHY, **danger})
    officer_client.post("/skrining/periksa")
    page = officer_client.get("/skrining/hasil").text
    assert "Berisiko" in page
    assert 'href="tel:119"' in page
    assert "Rujukan ke FKTP" in page


def test_a_bad_answer_is_explained_next_to_the_field_and_the_rest_is_kept(officer_client, db):
    agree(officer_client)
    response = officer_client.post(
        "/skrining/langkah/1",
        data={"berat_kg": "enam puluh", "tinggi_cm": "165", "lingkar_perut_cm": ""},
    )
    assert response.status_code == 422
    assert 'id="berat_kg-error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="enam puluh"' in response.text  # what was typed is shown again
    draft = responses.response_for_officer(db, officer_client.officer["id"])
    assert draft["answers"]["tinggi_cm"] == 165


def test_an_implausible_number_asks_for_confirmation_then_is_accepted(officer_client, db):
    agree(officer_client)
    data = {"berat_kg": "62", "tinggi_cm": "210", "lingkar_perut_cm": "80"}
    asked = officer_client.post("/skrining/langkah/1", data=data)
    assert asked.status_code == 422
    assert "tinggi_cm__benar" in asked.text
    confirmed = officer_client.post("/skrining/langkah/1", data={**data, "tinggi_cm__benar": "y"})
    assert confirmed.status_code == 302
    assert (
        responses.response_for_officer(db, officer_client.officer["id"])["answers"]["tinggi_cm"]
        == 210
    )


def test_a_confirmed_unusual_number_is_not_asked_again_and_the_form_can_be_sent(officer_client, db):
    agree(officer_client)
    data = {"berat_kg": "62", "tinggi_cm": "250", "lingkar_perut_cm": "80"}
    assert officer_client.post("/skrining/langkah/1", data=data).status_code == 422
    officer_client.post("/skrining/langkah/1", data={**data, "tinggi_cm__benar": "y"})
    # Back on the page later, the same value goes through without a second confirmation.
    assert officer_client.post("/skrining/langkah/1", data=data).status_code == 302
    fill_all(officer_client, {**HEALTHY, **data})
    assert "Masih ada pertanyaan" not in officer_client.get("/skrining/periksa").text
    assert officer_client.post("/skrining/periksa").headers["Location"] == "/skrining/hasil"
    stored = responses.response_for_officer(db, officer_client.officer["id"])
    assert stored["status"] == "submitted"
    assert stored["answers"]["tinggi_cm"] == 250


def test_closing_the_browser_mid_form_loses_nothing(app, officer_client, make):
    agree(officer_client)
    answer_page(officer_client, 1, HEALTHY)
    answer_page(officer_client, 2, HEALTHY)
    # A new browser (another phone) opens the same personal link.
    from screening.officers import access

    token = access.link_token(app.config["ACCESS_KEY"].encode(), officer_client.officer["id"], 1)
    other = app.test_client()
    assert other.get(f"/s/{token}").status_code == 302
    assert other.get("/skrining/").headers["Location"] == "/skrining/langkah/3"
    page_one = other.get("/skrining/langkah/1").text
    assert 'value="62"' in page_one


def test_back_keeps_the_answers_of_the_page_left(officer_client, db):
    agree(officer_client)
    answer_page(officer_client, 1, HEALTHY)
    response = officer_client.post(
        "/skrining/langkah/2", data={"aktif_30_menit": "tidak", "aksi": "kembali"}
    )
    assert response.headers["Location"] == "/skrining/langkah/1"
    assert (
        responses.response_for_officer(db, officer_client.officer["id"])["answers"][
            "aktif_30_menit"
        ]
        == "tidak"
    )
    page_two = officer_client.get("/skrining/langkah/2").text
    assert re.search(r'<input checked[^>]*name="aktif_30_menit"[^>]*value="tidak"', page_two)


def test_skip_logic_runs_on_the_server(officer_client):
    agree(officer_client)
    fill_all(
        officer_client,
        {
            **HEALTHY,
            "nyeri_dada": "ya",
            "dada_menanjak": "tidak",
            "dada_jalan_biasa": "tidak",
            "dada_saat_jalan": "terus",
            "dada_reda": "reda_10",
            "dada_lokasi": ["lain"],
        },
    )
    review = officer_client.get("/skrining/periksa").text
    assert "Kirim jawaban" in review


def test_result_can_be_opened_again_with_the_same_link(app, officer_client):
    agree(officer_client)
    fill_all(officer_client, HEALTHY)
    officer_client.post("/skrining/periksa")
    from screening.officers import access

    token = access.link_token(app.config["ACCESS_KEY"].encode(), officer_client.officer["id"], 1)
    later = app.test_client()
    later.get(f"/s/{token}")
    assert later.get("/skrining/").headers["Location"] == "/skrining/hasil"


def test_form_pages_need_a_signed_in_officer(client):
    for path in ("/skrining/", "/skrining/langkah/1", "/skrining/periksa", "/skrining/hasil"):
        assert client.get(path).headers["Location"] == "/masuk"


def test_an_at_risk_submission_creates_one_referral_to_the_officers_fktp(app, make, db):
    fktp = make.fktp()
    _officer, token, _code = officer_with_link(make, app, fktp_code=fktp["code"])
    client = app.test_client()
    client.get(f"/s/{token}")
    agree(client)
    fill_all(client, {**HEALTHY, "td_tahu": "ya", "td_sistolik": "185", "td_diastolik": "112"})
    client.post("/skrining/periksa")
    client.post("/skrining/periksa")
    rows = list(db["referral"].rows)
    assert len(rows) == 1
    referral = rows[0]
    assert referral["fktp_code"] == fktp["code"]
    assert referral["status"] == "baru"
    assert re.fullmatch(r"RJ-\d{5}", referral["number"])
    page = client.get("/skrining/hasil").text
    assert referral["number"] in page
    assert fktp["name"] in page


def test_a_not_at_risk_submission_creates_no_referral(officer_client, db):
    agree(officer_client)
    fill_all(officer_client, HEALTHY)
    officer_client.post("/skrining/periksa")
    assert db["referral"].count == 0


def test_without_a_registered_fktp_the_referral_waits_for_a_puskesmas(officer_client, db):
    agree(officer_client)
    fill_all(
        officer_client, {**HEALTHY, "td_tahu": "ya", "td_sistolik": "185", "td_diastolik": "112"}
    )
    officer_client.post("/skrining/periksa")
    referral = next(iter(db["referral"].rows))
    assert referral["fktp_code"] is None
    assert "Anda belum tercatat di FKTP mana pun" in officer_client.get("/skrining/hasil").text
