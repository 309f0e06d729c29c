"""The officer's result page gives one clear instruction: one danger box, one referral that says
where to go and by when (or what happened there), the right words for their JKN status."""

import re

import pytest

from screening.clock import now_iso
from screening.demo.screenings import HEALTHY
from screening.questionnaire import Result
from screening.questionnaire.danger import danger_signs
from screening.store import followups, regions
from screening.store import referrals as referral_store
from screening.web import library
from tests.factories import officer_with_link

# Measured 190/115 with stroke signs, long chest pain and breathlessness: every red flag fires.
EVERY_RED_FLAG = {
    **HEALTHY,
    "td_tahu": "ya",
    "td_sistolik": "190",
    "td_diastolik": "115",
    "keluhan_sekarang": ["sesak_berat", "bicara_pelo", "nyeri_dada_lama"],
}
# 182/104 without complaints: examined the same day, no emergency.
SAME_DAY = {**HEALTHY, "td_tahu": "ya", "td_sistolik": "182", "td_diastolik": "104"}
# Told of hypertension and on medication: a referral within 7 days.
WITHIN_A_WEEK = {**HEALTHY, "dx_hipertensi": "ya", "obat_hipertensi": "ya"}


@pytest.fixture
def result_page(app, make):
    """Submit `answers` for a new officer (roster fields overridable) and return the text of
    their result page, with the officer and the referral on the function."""

    def result_page(answers, **fields):
        officer, token, _code = officer_with_link(make, app, **fields)
        make.submit_screening(officer, answers, polling_day="2029-02-14")
        client = app.test_client()
        client.get(f"/s/{token}")
        response = client.get("/skrining/hasil")
        assert response.status_code == 200
        result_page.officer = officer
        result_page.referral = referral_store.referral_for_officer(make.db, officer["id"])
        result_page.client = client
        return response.text

    return result_page


def visible_text(page: str) -> str:
    """The page's words as read, without tags and with spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


# --- one instruction for the danger signs -------------------------------------------------------


def test_every_red_flag_gives_one_box_one_instruction_and_one_call_button(make, result_page):
    fktp = make.fktp()
    page = result_page(EVERY_RED_FLAG, fktp_code=fktp["code"])
    text = visible_text(page)
    assert page.count('class="urgent"') == 1
    assert page.count('href="tel:119"') == 1
    assert text.count("Segera ke IGD rumah sakit terdekat") == 1
    # The less urgent "today" instruction would compete with the emergency one.
    assert "Periksakan diri ke Puskesmas, klinik, atau IGD hari ini" not in text


def test_every_sign_that_fired_is_listed_under_the_one_instruction(make, result_page):
    fktp = make.fktp()
    page = result_page(EVERY_RED_FLAG, fktp_code=fktp["code"])
    box = re.search(r'<section class="urgent".*?</section>', page, flags=re.S).group(0)
    for title in (
        "Tanda stroke (SeGeRa Ke RS)",
        "Nyeri dada lebih dari 20 menit atau saat istirahat",
        "Tekanan darah 180/110 atau lebih disertai keluhan berat",
        "Sesak napas berat atau tiba-tiba bingung",
    ):
        assert title in box
    # "180/110 atau lebih" says nothing that "180/110 … disertai keluhan berat" does not.
    assert box.count("Tekanan darah 180/110 atau lebih") == 1


def test_after_a_red_flag_the_referral_says_what_to_do_next_without_a_deadline(make, result_page):
    fktp = make.fktp(name="Puskesmas Medono")
    text = visible_text(result_page(EVERY_RED_FLAG, fktp_code=fktp["code"]))
    referral = result_page.referral
    assert referral["urgency"] == "darurat"
    assert "paling lambat" not in text
    assert "Datang ke FKTP" not in text
    assert "Sesudah tanda bahaya ini ditangani, bawa hasil skrining ini ke FKTP Anda" in text
    assert "Puskesmas Medono" in text
    assert referral["number"] in text


def test_a_same_day_red_flag_keeps_one_instruction_and_still_offers_119(make, result_page):
    fktp = make.fktp()
    page = result_page(SAME_DAY, fktp_code=fktp["code"])
    text = visible_text(page)
    assert page.count('class="urgent"') == 1
    assert text.count("Periksakan diri ke Puskesmas, klinik, atau IGD hari ini") == 1
    assert page.count('href="tel:119"') == 1
    assert "paling lambat" not in text


CONTEXT = {"polling_day": "2029-02-14", "sex": "L", "birth_date": "1985-03-14"}


def scored(q, answers) -> Result:
    parsed, errors = q.parse_answers(answers, context=CONTEXT, confirmed=set(answers))
    assert not errors
    # Read back as the page reads a stored result.
    return Result.from_dict(q.score(parsed, context=CONTEXT).to_dict())


def test_the_most_urgent_instruction_wins_and_contained_signs_are_dropped(app):
    with app.app_context():
        q = library.live()
        emergency = danger_signs(scored(q, EVERY_RED_FLAG), q.referral.urgencies)
    assert emergency.urgency == "darurat"
    assert emergency.instruction.msgid.startswith("Segera ke IGD")
    assert [sign.id for sign in emergency.signs] == [
        "tanda_stroke",
        "nyeri_dada_akut",
        "krisis_hipertensi",
        "sesak_atau_bingung",
    ]


def test_no_red_flag_means_no_emergency(app):
    with app.app_context():
        q = library.live()
        assert danger_signs(scored(q, HEALTHY), q.referral.urgencies) is None


# --- urgency, deadline, what to bring, the disclaimer: each said once -------------------------


def test_urgency_and_deadline_read_as_one_sentence(make, result_page):
    fktp = make.fktp()
    text = visible_text(result_page(WITHIN_A_WEEK, fktp_code=fktp["code"]))
    assert re.search(
        r"Rujukan segera: datang ke FKTP Anda dalam 7 hari, paling lambat \d{1,2} \w+ \d{4}\.", text
    )
    assert "Rujukan ke FKTP: Segera" not in text
    assert text.count("7 hari") == 1


def test_what_to_bring_is_one_list(make, result_page):
    fktp = make.fktp()
    text = visible_text(result_page(WITHIN_A_WEEK, fktp_code=fktp["code"]))
    assert text.count("Bawa") == 1
    assert "Bawa: KTP, kartu JKN" in text


@pytest.mark.parametrize(
    "answers", [HEALTHY, WITHIN_A_WEEK, EVERY_RED_FLAG], ids=["sehat", "7-hari", "tanda-bahaya"]
)
def test_the_disclaimer_is_said_once_right_under_the_verdict(make, result_page, answers):
    fktp = make.fktp()
    page = result_page(answers, fktp_code=fktp["code"])
    text = visible_text(page)
    assert text.count("bukan diagnosis") == 1
    assert text.count("tidak memengaruhi pengangkatan") == 1
    verdict_and_next = re.search(r'class="overall.*?</div>\s*<p[^>]*>(.*?)</p>', page, re.S)
    assert "bukan diagnosis" in verdict_and_next.group(1)


# --- JKN status ---------------------------------------------------------------------------------


def test_active_jkn_keeps_the_coverage_sentence_and_the_card_to_bring(make, result_page):
    fktp = make.fktp()
    text = visible_text(result_page(WITHIN_A_WEEK, fktp_code=fktp["code"], jkn_status="aktif"))
    assert "Pemeriksaan ini ditanggung JKN" in text
    assert "kartu JKN" in text


@pytest.mark.parametrize("status", ["tidak_aktif", "belum_terdaftar"])
def test_jkn_not_active_promises_no_coverage_and_gives_steps_and_contacts(
    make, result_page, status
):
    fktp = make.fktp()
    page = result_page(WITHIN_A_WEEK, fktp_code=fktp["code"], jkn_status=status)
    text = visible_text(page)
    assert "ditanggung JKN." not in text.replace("tidak ditanggung JKN", "")
    assert "kartu JKN" not in text
    assert "tidak ditanggung JKN" in text
    for contact in ("PPS", "PPK", "PBPU Pemda", "UHC", "165", "0811-8165-165"):
        assert contact in text
    assert 'href="tel:165"' in page
    assert 'href="https://wa.me/628118165165"' in page
    assert text.count("Bawa") == 1
    assert "Bawa: KTP dan" in text


def test_inactive_jkn_is_told_how_to_reactivate(make, result_page):
    fktp = make.fktp()
    text = visible_text(
        result_page(WITHIN_A_WEEK, fktp_code=fktp["code"], jkn_status="tidak_aktif")
    )
    assert "tunggakan iuran" in text
    assert "Dinas Sosial" in text


def test_unregistered_jkn_is_told_that_kpu_arranges_registration(make, result_page):
    fktp = make.fktp()
    text = visible_text(
        result_page(WITHIN_A_WEEK, fktp_code=fktp["code"], jkn_status="belum_terdaftar")
    )
    assert "KPU dan Pemerintah Daerah" in text
    assert "pemberi kerja" in text


def test_unknown_jkn_status_promises_no_coverage(make, result_page):
    fktp = make.fktp()
    text = visible_text(result_page(WITHIN_A_WEEK, fktp_code=fktp["code"], jkn_status=None))
    assert "Pemeriksaan ini ditanggung JKN" not in text
    assert "Mobile JKN" in text


# --- no FKTP on the roster ----------------------------------------------------------------------


def test_without_an_fktp_the_officer_is_sent_to_a_puskesmas_of_their_kecamatan(make, result_page):
    near = make.fktp(name="Puskesmas Medono", address="Jl. Urip Sumoharjo No. 8")
    other_near = make.fktp(name="Puskesmas Bendan", address="Jl. Sriwijaya No. 40")
    regions.upsert_kecamatan(make.db, [{"code": "337502", "name": "Pekalongan Timur"}])
    far = make.fktp(name="Puskesmas Klego", kecamatan_code="337502", kelurahan_code=None)
    page = result_page(WITHIN_A_WEEK)
    text = visible_text(page)
    number = result_page.referral["number"]
    assert result_page.referral["fktp_code"] is None
    # Kept on one line: "RJ-" and "00004" split over two are misread at the counter.
    assert f'<strong class="nowrap">{number}</strong>' in page
    assert text.count("Anda belum tercatat di FKTP mana pun") == 1
    assert (
        f"Datang ke Puskesmas di kecamatan Anda (Pekalongan Barat) dan tunjukkan nomor rujukan "
        f"{number} atau KTP Anda; petugas Puskesmas akan mengambil rujukan Anda." in text
    )
    for fktp in (near, other_near):
        assert fktp["name"] in text
        assert fktp["address"] in text
    assert far["name"] not in text
    # One path: no "your registered FKTP", no vague "nearest Puskesmas".
    assert "FKTP tempat Anda terdaftar" not in text
    assert "terdekat" not in text
    assert "KPU akan menentukan" not in text


def test_without_an_fktp_after_a_red_flag_the_kecamatan_puskesmas_is_the_next_step(
    make, result_page
):
    make.fktp(name="Puskesmas Medono")
    text = visible_text(result_page(EVERY_RED_FLAG))
    assert "Sesudah tanda bahaya ini ditangani" in text
    assert "Anda belum tercatat di FKTP mana pun" in text
    assert "Puskesmas Medono" in text
    assert "paling lambat" not in text


# --- the referral's state after the FKTP acts --------------------------------------------------


def _walk(make, referral, path, *, fitness=None, note=None):
    clinician = make.staff(role="fktp", fktp_code=referral["fktp_code"])
    if fitness:
        data = {"sistolik": 150, "diastolik": 95, "kelayakan": fitness}
        if note:
            data["catatan"] = note
        followups.record(
            make.db,
            referral["id"],
            data=data,
            expected_status=referral["status"],
            path=path,
            staff_id=clinician["id"],
            now=now_iso(),
        )
        return
    status = referral["status"]
    for to in path:
        referral_store.change_status(
            make.db, referral["id"], expected=status, to=to, staff_id=clinician["id"], now=now_iso()
        )
        status = to


@pytest.fixture
def referred(app, make):
    """An officer referred within 7 days to Puskesmas Medono, and a way to reload their page."""
    fktp = make.fktp(name="Puskesmas Medono", address="Jl. Urip Sumoharjo No. 8")
    officer, token, _code = officer_with_link(make, app, fktp_code=fktp["code"])
    make.submit_screening(officer, WITHIN_A_WEEK, polling_day="2029-02-14")
    client = app.test_client()
    client.get(f"/s/{token}")

    class Referred:
        referral = referral_store.referral_for_officer(make.db, officer["id"])

        @staticmethod
        def text():
            return visible_text(client.get("/skrining/hasil").text)

    return Referred


@pytest.mark.parametrize(
    ("fitness", "label"),
    [
        ("layak", "Layak bertugas"),
        ("layak_dengan_catatan", "Layak dengan catatan"),
        ("tidak_layak_sementara", "Tidak layak sementara"),
    ],
)
def test_a_completed_referral_shows_the_fktp_the_examination_and_fitness_for_duty(
    make, referred, fitness, label
):
    assert "7 hari" in referred.text()
    _walk(make, referred.referral, ["diperiksa", "selesai"], fitness=fitness, note="catatan uji")
    text = referred.text()
    assert "Rujukan selesai" in text
    assert "Anda sudah diperiksa di Puskesmas Medono" in text
    assert "Jl. Urip Sumoharjo No. 8" in text
    assert f"Kelayakan bertugas: {label}" in text
    for gone in ("7 hari", "paling lambat", "Bawa", "Unduh surat rujukan"):
        assert gone not in text
    # The clinician's note is for the FKTP: the page shows the outcome, not the note.
    assert "catatan uji" not in text


def test_an_examined_referral_says_so_and_asks_no_visit(make, referred):
    _walk(make, referred.referral, ["diperiksa"])
    text = referred.text()
    assert "Anda sudah diperiksa di Puskesmas Medono" in text
    assert "paling lambat" not in text
    assert "Bawa" not in text


def test_a_scheduled_referral_asks_the_officer_to_keep_the_appointment(make, referred):
    _walk(make, referred.referral, ["dijadwalkan"])
    text = referred.text()
    assert "Puskesmas Medono sudah menjadwalkan pemeriksaan Anda" in text
    assert "paling lambat" not in text
    assert "Bawa:" in text


def test_a_missed_referral_asks_the_officer_to_come_as_soon_as_possible(make, referred):
    _walk(make, referred.referral, ["tidak_datang"])
    text = referred.text()
    assert "Puskesmas Medono mencatat Anda belum datang" in text
    assert "paling lambat" not in text


def test_a_cancelled_referral_says_so(make, referred):
    _walk(make, referred.referral, ["dibatalkan"])
    text = referred.text()
    assert "Rujukan ini dibatalkan oleh Puskesmas Medono" in text
    assert "paling lambat" not in text
    assert "Bawa" not in text


def test_a_referral_past_its_deadline_asks_to_come_as_soon_as_possible(make, referred):
    make.db.execute(
        "UPDATE referral SET deadline = '2020-01-01' WHERE id = ?", [referred.referral["id"]]
    )
    text = referred.text()
    assert "Batas waktu 1 Januari 2020 sudah lewat: datang secepatnya ke FKTP Anda." in text


def test_the_examination_date_is_the_day_in_indonesia(make, referred):
    clinician = make.staff(role="fktp", fktp_code=referred.referral["fktp_code"])
    followups.record(
        make.db,
        referred.referral["id"],
        data={"sistolik": 150, "diastolik": 95, "kelayakan": "layak"},
        expected_status="baru",
        path=["diperiksa", "selesai"],
        staff_id=clinician["id"],
        now="2026-03-01T20:00:00+00:00",  # 03.00 WIB on 2 March
    )
    assert "Anda sudah diperiksa di Puskesmas Medono pada 2 Maret 2026." in referred.text()
