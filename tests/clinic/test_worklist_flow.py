"""The clinician's day: sign in to the worklist, see why each officer came, work through the open
referrals one after another, and read the officer's ages without guessing."""

import re

import pytest

from tests.clinic.conftest import ROUTINE, URGENT
from tests.factories import PASSWORD, sign_in_staff


def names(page: str) -> list[str]:
    return re.findall(r'class="worklist-name"[^>]*>([^<]+)<', page)


def complete(client, number):
    from tests.clinic.test_referral_pages import GOOD

    response = client.post(f"/rujukan/{number}/tindak-lanjut", data=GOOD)
    assert response.status_code == 302, response.text


# --- landing ------------------------------------------------------------------------------------


def test_a_clinician_lands_on_the_worklist_after_signing_in(world, client):
    staff = world.staff["clinician_x"]
    response = client.post(
        "/staf/masuk", data={"username": staff["username"], "password": PASSWORD}
    )
    assert response.headers["Location"] == "/fktp/"


def test_the_staff_home_sends_a_clinician_to_the_worklist(world, be):
    response = be("clinician_x").get("/staf/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/fktp/"


@pytest.mark.parametrize("role", ["kpu", "admin"])
def test_kpu_and_admin_still_land_on_the_staff_home(world, client, make, role):
    response = sign_in_staff(client, make, world.staff[role])  # the admin types the code too
    assert response.headers["Location"] == "/staf/"


# --- why each officer was referred --------------------------------------------------------------


def test_the_worklist_says_why_each_officer_was_referred_red_flag_first(world, be, make):
    make.screened_officer(
        {**ROUTINE, "dx_diabetes": "ya"}, fktp_code=world.fktp_x["code"], name="Dua Alasan"
    )
    page = be("clinician_x").get("/fktp/").text
    siti = page[page.index("Siti Aminah") :].split("</li>")[0]
    reasons = re.search(r'<p class="worklist-reasons">(.*?)</p>', siti, re.S).group(1)
    assert reasons.index("Tekanan darah 180/110 atau lebih") < reasons.index("Hipertensi")
    assert "Tanda bahaya" in reasons
    other = page[page.index("Dua Alasan") :].split("</li>")[0]
    assert "Diabetes melitus tipe 2" in other
    assert "Hipertensi (darah tinggi)" in other
    # Names of conditions only: never an answer or a value the officer gave.
    assert "185" not in page
    assert "Pernah dikatakan" not in page


# --- completed referrals are out of the way ----------------------------------------------------


def test_completed_referrals_are_hidden_until_the_filter_shows_them(world, be, make):
    make.screened_officer(URGENT, fktp_code=world.fktp_x["code"], name="Masih Terbuka")
    client = be("clinician_x")
    complete(client, world.referral_a["number"])
    page = client.get("/fktp/").text
    assert "Siti Aminah" not in page
    assert "Masih Terbuka" in page
    assert 'href="/fktp/?status=selesai"' in page  # one tap to see them
    assert "Siti Aminah" in client.get("/fktp/?status=selesai").text
    every = client.get("/fktp/?status=semua").text
    assert "Siti Aminah" in every
    assert "Masih Terbuka" in every


# --- next referral ------------------------------------------------------------------------------


def next_link(page: str) -> str | None:
    found = re.search(r'<a[^>]*href="([^"]+)"[^>]*>\s*Rujukan berikutnya', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_each_referral_page_leads_to_the_next_one_in_worklist_order(world, be, make):
    make.screened_officer(ROUTINE, fktp_code=world.fktp_x["code"], name="Rutin Lama")
    make.screened_officer(URGENT, fktp_code=world.fktp_x["code"], name="Darurat Baru")
    client = be("clinician_x")
    order = names(client.get("/fktp/").text)
    assert order == ["Siti Aminah", "Darurat Baru", "Rutin Lama"]
    link = next_link(client.get(f"/rujukan/{world.referral_a['number']}").text)
    seen = []
    while link:
        page = client.get(link).text
        seen.append(re.search(r"<h1>([^<]+)</h1>", page).group(1))
        link = next_link(page)
    assert seen == ["Darurat Baru", "Rutin Lama"]


def test_the_next_referral_keeps_the_worklist_filters(world, be, make):
    _, _, rutin = make.screened_officer(ROUTINE, fktp_code=world.fktp_x["code"], name="Rutin")
    make.screened_officer(URGENT, fktp_code=world.fktp_x["code"], name="Darurat Kedua")
    client = be("clinician_x")
    complete(client, rutin["number"])
    # Among the completed ones only: Siti's next is nothing (Darurat Kedua is still open).
    complete(client, world.referral_a["number"])
    listing = client.get("/fktp/?status=selesai").text
    assert names(listing) == ["Siti Aminah", "Rutin"]
    first = re.search(r'class="worklist-name" href="([^"]+)"', listing).group(1)
    assert "status=selesai" in first
    link = next_link(client.get(first.replace("&amp;", "&")).text)
    assert "status=selesai" in link
    assert "Rutin" in client.get(link).text
    assert next_link(client.get(link).text) is None


def test_the_next_referral_follows_the_search_kept_in_the_session(world, be, make):
    make.screened_officer(URGENT, fktp_code=world.fktp_x["code"], name="Siti Rahma")
    make.screened_officer(URGENT, fktp_code=world.fktp_x["code"], name="Darurat Lain")
    client = be("clinician_x")
    client.post("/fktp/", data={"q": "siti"})
    link = next_link(client.get(f"/rujukan/{world.referral_a['number']}").text)
    assert "Siti Rahma" in client.get(link).text


# --- ages ---------------------------------------------------------------------------------------


def test_the_referral_page_says_which_age_is_today_and_which_on_polling_day(world, be):
    page = be("clinician_x").get(f"/rujukan/{world.referral_a['number']}").text
    assert "Umur hari ini" in page
    assert "Umur pada hari pemungutan suara" in page
