"""The referral loop through the web: worklist, referral page, status, follow-up, KPU, audit."""

import re

import pytest

from screening.store import followups
from screening.store import referrals as referral_store


def audit_rows(db):
    return list(db["audit_log"].rows_where(order_by="id"))


# --- worklist ---------------------------------------------------------------------------------


def test_worklist_lists_only_the_clinicians_own_fktp(world, be):
    page = be("clinician_x").get("/fktp/").text
    assert world.referral_a["number"] in page
    assert "Siti Aminah" in page
    assert "Budi Santoso" not in page
    assert "Joko Tanpa Fktp" not in page


def test_worklist_puts_the_most_urgent_first_then_the_oldest(world, be, make):
    from tests.clinic.conftest import ROUTINE, URGENT

    make.screened_officer(ROUTINE, fktp_code=world.fktp_x["code"], name="Rutin Lama")
    make.screened_officer(URGENT, fktp_code=world.fktp_x["code"], name="Darurat Baru")
    page = be("clinician_x").get("/fktp/").text
    names = re.findall(r'class="worklist-name"[^>]*>([^<]+)<', page)
    assert names == ["Siti Aminah", "Darurat Baru", "Rutin Lama"]


def test_worklist_counts_statuses_and_filters_by_status(world, be, db):
    client = be("clinician_x")
    page = client.get("/fktp/").text
    assert re.search(r"Baru</a></dt>\s*<dd>1</dd>", page)
    assert "Siti Aminah" not in client.get("/fktp/?status=selesai").text
    assert "Siti Aminah" in client.get("/fktp/?status=baru").text


def test_overdue_referrals_stand_out(world, be, db):
    db["referral"].update(world.referral_a["id"], {"deadline": "2020-01-01"})
    client = be("clinician_x")
    page = client.get("/fktp/").text
    assert "is-overdue" in page
    assert "Terlambat</span>" in page
    assert "Siti Aminah" in client.get("/fktp/?status=terlambat").text


def test_search_by_nik_goes_by_post_and_never_into_the_url_or_the_log(world, be, db, caplog):
    client = be("clinician_x")
    nik = world.officer_a["nik"]
    response = client.post("/fktp/", data={"q": nik})
    assert response.status_code == 302
    assert nik not in response.headers["Location"]
    page = client.get(response.headers["Location"]).text
    assert "Siti Aminah" in page
    assert nik not in str(audit_rows(db))
    assert nik not in caplog.text


@pytest.mark.parametrize(
    ("typed", "found"),
    [("siti", True), ("RJ-0000", False), ("{number}", True), ("{digits}", True), ("budi", False)],
)
def test_search_finds_by_name_or_referral_number(world, be, typed, found):
    client = be("clinician_x")
    number = world.referral_a["number"]
    typed = typed.format(number=number.lower(), digits=str(int(number[3:])))
    client.post("/fktp/", data={"q": typed})
    assert ("Siti Aminah" in client.get("/fktp/").text) is found


def test_filters_ignore_values_they_do_not_know(world, be):
    page = be("clinician_x").get("/fktp/?status=hilang&kecamatan=999&halaman=abc").text
    assert "Siti Aminah" in page


# --- the referral page ------------------------------------------------------------------------


def test_referral_page_shows_who_why_and_every_answer_to_the_clinician(world, be, db):
    page = be("clinician_x").get(f"/rujukan/{world.referral_a['number']}").text
    assert "Siti Aminah" in page
    assert 'href="tel:081234567890"' in page
    assert 'href="https://wa.me/6281234567890"' in page
    assert "0001234567890" in page  # JKN number
    assert world.officer_a["nik"] not in page  # masked
    assert page.index("Tanda bahaya") < page.index("Semua jawaban")
    assert "185" in page  # the measured blood pressure among the answers
    entry = audit_rows(db)[-1]
    assert entry["action"] == "view"
    assert entry["subject"] == f"referral:{world.referral_a['number']}"
    assert entry["staff_id"] == world.staff["clinician_x"]["id"]
    assert entry["address"] == "127.0.0.1"


def test_kpu_sees_the_status_but_no_answers_or_reasons(world, be):
    page = be("kpu").get(f"/rujukan/{world.referral_a['number']}").text
    assert "Siti Aminah" in page
    assert "Baru" in page
    assert "Tanda bahaya" not in page
    assert "Semua jawaban" not in page
    assert "185" not in page
    assert "tel:" not in page


@pytest.mark.parametrize("number", ["RJ-99999", "tidak-ada", "x" * 300, "RJ-00001%00"])
def test_an_unknown_referral_number_is_a_plain_404(world, be, number):
    response = be("kpu").get(f"/rujukan/{number}")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


def test_a_clinician_of_another_fktp_cannot_tell_the_referral_exists(world, be):
    client = be("clinician_y")
    assert client.get(f"/rujukan/{world.referral_a['number']}").status_code == 404
    assert client.get("/rujukan/RJ-99999").status_code == 404


def test_signing_in_from_a_qr_link_comes_back_to_the_referral(world, client, make):
    from tests.factories import PASSWORD

    path = f"/rujukan/{world.referral_a['number']}"
    response = client.get(path)
    assert response.status_code == 302
    sign_in_url = response.headers["Location"]
    assert sign_in_url.startswith("/staf/masuk?next=")
    staff = world.staff["clinician_x"]
    response = client.post(sign_in_url, data={"username": staff["username"], "password": PASSWORD})
    assert response.headers["Location"] == path


# --- status changes ---------------------------------------------------------------------------


def status_post(client, world, dari, ke, catatan=""):
    return client.post(
        f"/rujukan/{world.referral_a['number']}/status",
        data={"dari": dari, "ke": ke, "catatan": catatan},
    )


def test_a_status_change_is_stamped_with_who_and_when(world, be, db):
    client = be("clinician_x")
    response = status_post(client, world, "baru", "tidak_datang", "Tidak bisa dihubungi")
    assert response.status_code == 302
    referral = referral_store.referral_by_number(db, world.referral_a["number"])
    assert referral["status"] == "tidak_datang"
    event = referral_store.events(db, referral["id"])[-1]
    assert (event["from_status"], event["to_status"]) == ("baru", "tidak_datang")
    assert event["staff_id"] == world.staff["clinician_x"]["id"]
    assert event["at"]
    assert event["note"] == "Tidak bisa dihubungi"
    assert audit_rows(db)[-1]["action"] == "change"
    page = client.get(response.headers["Location"]).text
    assert "Status diubah menjadi Tidak datang." in page
    assert "Tidak bisa dihubungi" in page


@pytest.mark.parametrize(("dari", "ke"), [("baru", "baru"), ("baru", "hilang"), ("baru", "")])
def test_an_invalid_move_changes_nothing_and_says_so(world, be, db, dari, ke):
    client = be("clinician_x")
    response = status_post(client, world, dari, ke)
    assert response.status_code == 302
    assert referral_store.referral_by_number(db, world.referral_a["number"])["status"] == "baru"
    assert "sudah berubah" in client.get(response.headers["Location"]).text


def test_a_stale_status_form_changes_nothing(world, be, db):
    client = be("clinician_x")
    status_post(client, world, "baru", "tidak_datang")
    response = status_post(client, world, "baru", "dibatalkan")  # the page shown before
    assert referral_store.referral_by_number(db, world.referral_a["number"])["status"] == (
        "tidak_datang"
    )
    assert "Status rujukan ini sudah berubah" in client.get(response.headers["Location"]).text


def test_closing_goes_through_the_follow_up_form(world, be, db):
    client = be("clinician_x")
    status_post(client, world, "baru", "diperiksa")
    response = status_post(client, world, "diperiksa", "selesai")
    assert response.headers["Location"].endswith("/tindak-lanjut")
    assert referral_store.referral_by_number(db, world.referral_a["number"])["status"] == (
        "diperiksa"
    )


# --- follow-up --------------------------------------------------------------------------------

GOOD = {
    "dari": "baru",
    "sistolik": "150",
    "diastolik": "95",
    "gula_darah": "180",
    "gula_jenis": "sewaktu",
    "berat_kg": "72,5",
    "lingkar_perut_cm": "92",
    "temuan_lain": "Edema tidak ada",
    "diagnosis": ["I10"],
    "diagnosis_lain": "e78.5",
    "tindakan": ["edukasi", "prolanis"],
    "kelayakan": "layak_dengan_catatan",
    "catatan": "Kontrol tekanan darah tiap minggu",
    "catatan_kpu": "Tidak bertugas malam",
    "aksi": "selesai",
}


def followup_url(world):
    return f"/rujukan/{world.referral_a['number']}/tindak-lanjut"


def test_a_follow_up_closes_the_referral_through_diperiksa(world, be, db):
    client = be("clinician_x")
    response = client.post(followup_url(world), data=GOOD)
    assert response.status_code == 302, response.text
    referral = referral_store.referral_by_number(db, world.referral_a["number"])
    assert referral["status"] == "selesai"
    assert referral["fitness"] == "layak_dengan_catatan"
    moves = [(e["from_status"], e["to_status"]) for e in referral_store.events(db, referral["id"])]
    assert moves[-2:] == [("baru", "diperiksa"), ("diperiksa", "selesai")]
    data = followups.latest(db, referral["id"])["data"]
    assert data["diagnosis"] == ["I10", "E78.5"]
    assert data["berat_kg"] == 72.5
    page = client.get(f"/rujukan/{world.referral_a['number']}").text
    assert "I10 · Hipertensi esensial (primer)" in page
    assert "Hipertensi derajat 1" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sistolik", "abc", "Tulis angka saja, misalnya 130."),
        ("sistolik", "400", "Isi antara 60 dan 300 mmHg."),
        ("diastolik", "", "Isi tekanan sistolik dan diastolik, keduanya."),
        ("gula_jenis", "", "Pilih sewaktu atau puasa."),
        ("diagnosis_lain", "hipertensi", "Kode ICD-10 tidak dikenali: HIPERTENSI."),
        ("kelayakan", "", "Pilih kelayakan bertugas sebelum menyelesaikan rujukan."),
        ("catatan_kpu", "", "Tulis catatan tugas untuk KPU"),
        ("berat_kg", "7O", "Tulis angka saja, misalnya 62."),
    ],
)
def test_a_bad_value_is_explained_next_to_its_field_and_nothing_typed_is_lost(
    world, be, db, field, value, message
):
    client = be("clinician_x")
    response = client.post(followup_url(world), data={**GOOD, field: value})
    assert response.status_code == 422
    page = response.text
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error, page
    assert message in error.group(1)
    assert 'value="Edema tidak ada"' in page or "Edema tidak ada</textarea>" in page
    for name in ("sistolik", "lingkar_perut_cm", "berat_kg"):
        if name != field:
            assert f'name="{name}" type="text" value="{GOOD[name]}"' in page
    assert re.search(
        r'<input checked id="diagnosis-\d" name="diagnosis" type="checkbox" value="I10"', page
    )
    assert referral_store.referral_by_number(db, world.referral_a["number"])["status"] == "baru"
    assert db["followup"].count == 0


def test_saving_without_closing_leaves_the_referral_examined(world, be, db):
    client = be("clinician_x")
    data = {**GOOD, "aksi": "simpan", "kelayakan": "", "catatan": ""}
    assert client.post(followup_url(world), data=data).status_code == 302
    referral = referral_store.referral_by_number(db, world.referral_a["number"])
    assert referral["status"] == "diperiksa"


def test_an_edit_after_completion_keeps_the_earlier_version(world, be, db):
    client = be("clinician_x")
    client.post(followup_url(world), data=GOOD)
    form = client.get(followup_url(world)).text
    assert 'value="150"' in form  # the stored findings, ready to correct
    edited = {**GOOD, "dari": "selesai", "sistolik": "145", "kelayakan": "layak", "catatan": ""}
    assert client.post(followup_url(world), data=edited).status_code == 302
    versions = followups.followups(db, world.referral_a["id"])
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[1]["data"]["sistolik"] == 150
    assert versions[0]["data"]["sistolik"] == 145
    page = client.get(f"/rujukan/{world.referral_a['number']}").text
    assert "Versi sebelumnya (1)" in page


def test_a_follow_up_from_a_stale_page_is_shown_again_not_saved(world, be, db):
    client = be("clinician_x")
    client.post(
        f"/rujukan/{world.referral_a['number']}/status", data={"dari": "baru", "ke": "dibatalkan"}
    )
    response = client.post(followup_url(world), data=GOOD)
    assert response.status_code == 302  # cancelled: no findings can be recorded
    assert db["followup"].count == 0
    client2 = be("clinician_x")
    assert "dibatalkan" in client2.get(response.headers["Location"]).text.lower()


def test_a_follow_up_posted_after_someone_moved_the_referral_keeps_the_values(world, be, db):
    client = be("clinician_x")
    client.post(
        f"/rujukan/{world.referral_a['number']}/status", data={"dari": "baru", "ke": "tidak_datang"}
    )
    response = client.post(followup_url(world), data=GOOD)  # form opened while still "baru"
    assert response.status_code == 422
    assert "sudah berubah sejak formulir dibuka" in response.text
    assert 'value="150"' in response.text
    assert db["followup"].count == 0


# --- KPU --------------------------------------------------------------------------------------


def test_kpu_list_shows_status_deadline_and_fitness_but_no_health_data(world, be, db):
    be("clinician_x").post(followup_url(world), data=GOOD)
    page = be("kpu").get("/kpu/rujukan/").text
    # The page's own content: the staff bar names the signed-in account ("Staf Uji 150").
    page = page[page.index("<main") :]
    assert "Siti Aminah" in page
    assert "Budi Santoso" in page
    assert "Layak dengan catatan" in page
    assert "Batas datang" in page
    for private in ("I10", "Hipertensi", "150", "Kontrol tekanan darah", "Edema"):
        assert private not in page
    status_page = be("kpu").get(f"/rujukan/{world.referral_a['number']}").text
    assert "Layak dengan catatan" in status_page
    for private in ("I10", "Kontrol tekanan darah", "Edema"):
        assert private not in status_page


def test_kpu_list_filters_by_status_and_kecamatan(world, be):
    client = be("kpu")
    assert "Siti Aminah" not in client.get("/kpu/rujukan/?status=selesai").text
    assert "Siti Aminah" in client.get("/kpu/rujukan/?kecamatan=337501").text


def test_a_referral_without_fktp_waits_for_kpu_to_assign_one(world, be, db):
    client = be("kpu")
    assert "FKTP belum ditentukan: 1 rujukan menunggu" in client.get("/kpu/rujukan/").text
    page = client.get("/kpu/rujukan/tanpa-fktp").text
    assert "Joko Tanpa Fktp" in page
    assert "Siti Aminah" not in page
    number = world.unassigned["number"]
    response = client.post(f"/kpu/rujukan/{number}/fktp", data={"fktp_code": world.fktp_y["code"]})
    assert response.status_code == 302
    assert referral_store.referral_by_number(db, number)["fktp_code"] == world.fktp_y["code"]
    assert audit_rows(db)[-1]["detail"] == f"fktp {world.fktp_y['code']}"
    assert "Joko Tanpa Fktp" in be("clinician_y").get("/fktp/").text


@pytest.mark.parametrize("code", ["", "BUKAN-FKTP"])
def test_assigning_an_unknown_fktp_changes_nothing(world, be, db, code):
    client = be("kpu")
    number = world.unassigned["number"]
    response = client.post(f"/kpu/rujukan/{number}/fktp", data={"fktp_code": code})
    assert "Pilih FKTP tujuan dari daftar." in client.get(response.headers["Location"]).text
    assert referral_store.referral_by_number(db, number)["fktp_code"] is None


def test_an_assigned_referral_is_not_reassigned_from_a_stale_page(world, be, db):
    client = be("kpu")
    number = world.referral_a["number"]
    response = client.post(f"/kpu/rujukan/{number}/fktp", data={"fktp_code": world.fktp_y["code"]})
    assert "sudah punya FKTP" in client.get(response.headers["Location"]).text
    assert referral_store.referral_by_number(db, number)["fktp_code"] == world.fktp_x["code"]


# --- officers see only their own --------------------------------------------------------------


def test_an_officer_sees_their_own_referral_only(world, be):
    page = be("officer_a").get("/skrining/hasil").text
    assert world.referral_a["number"] in page
    assert world.referral_b["number"] not in page
