"""Around the officer's form: changing one answer from the review, the refusal page, signing out on
a shared phone, and the wording of officer pages."""

import re

import pytest

from screening.demo.screenings import HEALTHY
from screening.store import responses
from screening.web.config import PROJECT_ROOT
from tests.factories import officer_with_link
from tests.test_screening_journey import agree, fill_all


@pytest.fixture
def officer_client(app, make):
    officer, token, _code = officer_with_link(make, app)
    client = app.test_client()
    client.get(f"/s/{token}")
    client.officer = officer
    return client


def edit_link(review: str, number: int) -> str:
    match = re.search(rf'<a[^>]*href="([^"]+)"[^>]*>Ubah jawaban langkah {number}</a>', review)
    assert match, f"no link to change step {number}"
    return match.group(1).replace("&amp;", "&")


# --- "Ubah jawaban langkah N" -------------------------------------------------------------------


def test_changing_one_step_from_the_review_returns_to_the_review(officer_client, db):
    agree(officer_client)
    fill_all(officer_client, HEALTHY)
    link = edit_link(officer_client.get("/skrining/periksa").text, 2)
    page = officer_client.get(link).text
    names = set(re.findall(r'name="([a-z0-9_]+)"', page)) & set(HEALTHY)
    assert "aktif_30_menit" in names
    data = {**{name: HEALTHY[name] for name in names}, "aktif_30_menit": "tidak"}
    response = officer_client.post(link, data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/skrining/periksa"
    answers = responses.response_for_officer(db, officer_client.officer["id"])["answers"]
    assert answers["aktif_30_menit"] == "tidak"
    assert "Kirim jawaban" in officer_client.get("/skrining/periksa").text


def test_back_from_a_step_opened_from_the_review_returns_to_the_review(officer_client):
    agree(officer_client)
    fill_all(officer_client, HEALTHY)
    link = edit_link(officer_client.get("/skrining/periksa").text, 3)
    page = officer_client.get(link).text
    # No walk backwards from here: the way back is the review itself.
    assert 'value="kembali"' not in page
    assert re.search(r'<a[^>]*href="/skrining/periksa"[^>]*>Batal</a>', page)
    response = officer_client.post(link, data={"aksi": "kembali"})
    assert response.headers["Location"] == "/skrining/periksa"


def test_a_question_revealed_while_changing_a_step_is_asked_before_the_review(officer_client):
    agree(officer_client)
    fill_all(officer_client, HEALTHY)
    review = officer_client.get("/skrining/periksa").text
    # The chest-pain step: answering "ya" reveals follow-up questions on the same page.
    number = next(
        n
        for n in range(1, 12)
        if 'name="nyeri_dada"' in officer_client.get(f"/skrining/langkah/{n}").text
    )
    link = edit_link(review, number)
    asked = officer_client.post(link, data={"nyeri_dada": "ya", "nyeri_dada_hebat": "tidak"})
    assert asked.status_code == 200
    assert "pertanyaan lanjutan" in asked.text


def test_the_form_still_walks_forward_step_by_step_the_first_time(officer_client):
    agree(officer_client)
    response = officer_client.post(
        "/skrining/langkah/1", data={"berat_kg": "62", "tinggi_cm": "165", "lingkar_perut_cm": "80"}
    )
    assert response.headers["Location"] == "/skrining/langkah/2"


# --- the refusal page ---------------------------------------------------------------------------


def test_the_refusal_page_is_only_for_an_officer_who_declined(officer_client):
    # Nothing decided yet: the consent page.
    assert officer_client.get("/skrining/menolak").headers["Location"] == "/skrining/"
    agree(officer_client)
    assert officer_client.get("/skrining/menolak").headers["Location"] == "/skrining/"
    fill_all(officer_client, HEALTHY)
    officer_client.post("/skrining/periksa")
    response = officer_client.get("/skrining/menolak")
    assert response.status_code == 302
    assert "Anda memilih tidak ikut skrining" not in response.text
    assert officer_client.get(response.headers["Location"]).headers["Location"] == (
        "/skrining/hasil"
    )


def test_an_officer_who_declined_sees_the_refusal_page(officer_client):
    officer_client.post("/skrining/persetujuan", data={"keputusan": "menolak"})
    page = officer_client.get("/skrining/menolak")
    assert page.status_code == 200
    assert "Anda memilih tidak ikut skrining" in page.text


# --- signing out --------------------------------------------------------------------------------


def _sign_out_form(page: str) -> str | None:
    match = re.search(r'<form[^>]*method="post"[^>]*action="/keluar"[^>]*>.*?</form>', page, re.S)
    return match.group(0) if match else None


def test_every_officer_page_has_a_sign_out_button(app, officer_client):
    pages = {"consent": officer_client.get("/skrining/persetujuan").text}
    agree(officer_client)
    pages["step"] = officer_client.get("/skrining/langkah/1").text
    fill_all(officer_client, HEALTHY)
    pages["review"] = officer_client.get("/skrining/periksa").text
    officer_client.post("/skrining/periksa")
    pages["result"] = officer_client.get("/skrining/hasil").text
    pages["home"] = officer_client.get("/").text
    for name, page in pages.items():
        form = _sign_out_form(page)
        assert form, name
        assert 'name="csrf_token"' in form
        assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Keluar\s*</button>', form), name


def test_the_declined_page_has_a_sign_out_button(officer_client):
    officer_client.post("/skrining/persetujuan", data={"keputusan": "menolak"})
    assert _sign_out_form(officer_client.get("/skrining/menolak").text)


def test_signing_out_ends_the_officers_session(officer_client):
    agree(officer_client)
    response = officer_client.post("/keluar")
    assert response.headers["Location"] == "/"
    assert "Anda sudah keluar" in officer_client.get("/").text
    assert officer_client.get("/skrining/").headers["Location"] == "/masuk"
    assert _sign_out_form(officer_client.get("/").text) is None


def test_signed_out_pages_show_no_officer_sign_out(client):
    assert _sign_out_form(client.get("/").text) is None
    assert _sign_out_form(client.get("/masuk").text) is None


def test_the_home_page_tells_an_officer_who_lost_the_link_where_to_sign_in(client):
    page = client.get("/").text
    assert 'href="/masuk"' in page
    assert "NIK dan kode akses" in page


# --- wording ------------------------------------------------------------------------------------


def test_officer_facing_text_spells_memengaruhi_as_kbbi_does():
    """KBBI: "memengaruhi" (the p of pengaruh melts after meN-)."""
    wrong = []
    for folder, pattern in (
        ("templates", "**/*.html"),
        ("screening", "**/*.py"),
        ("questionnaires", "*.yaml"),
    ):
        for path in (PROJECT_ROOT / folder).glob(pattern):
            if "mempengaruhi" in path.read_text(encoding="utf-8").lower():
                wrong.append(str(path.relative_to(PROJECT_ROOT)))
    assert wrong == []
