"""The officer's result page tells where their referral stands: the FKTP with its address and a
number to call, the deadline, the visit the FKTP booked (Indonesian date, WIB), that they were
examined and the fitness for duty; and that no FKTP is assigned yet when none is."""

import re

import pytest

from screening.clock import now_iso
from screening.demo.screenings import HEALTHY
from screening.referrals import operations
from screening.store import followups
from screening.store import referrals as referral_store
from tests.factories import officer_with_link

# Chest pain for more than 20 minutes: a red flag (`darurat`).
RED_FLAG = {**HEALTHY, "keluhan_sekarang": ["nyeri_dada_lama"]}
# Told of hypertension and on medication: a referral within 7 days.
WITHIN_A_WEEK = {**HEALTHY, "dx_hipertensi": "ya", "obat_hipertensi": "ya"}


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.fixture
def officer_page(app, make):
    """An officer referred within 7 days to Puskesmas Medono, signed in with their link."""
    fktp = make.fktp(
        name="Puskesmas Medono", address="Jl. Urip Sumoharjo No. 8", phone="(0285) 423518"
    )
    officer, token, _code = officer_with_link(make, app, fktp_code=fktp["code"])
    make.submit_screening(officer, WITHIN_A_WEEK, polling_day="2029-02-14")
    client = app.test_client()
    client.get(f"/s/{token}")
    clinician = make.staff(role="fktp", fktp_code=fktp["code"])

    class Page:
        @staticmethod
        def referral():
            return referral_store.referral_for_officer(make.db, officer["id"])

        @staticmethod
        def html():
            response = client.get("/skrining/hasil")
            assert response.status_code == 200
            return response.text

        @classmethod
        def text(cls):
            return visible_text(cls.html())

        @classmethod
        def schedule(cls, visit_at):
            referral = cls.referral()
            operations.schedule_visit(
                make.db,
                referral,
                visit_at=visit_at,
                expected=referral["status"],
                by=clinician["id"],
                at=now_iso(),
            )

        @classmethod
        def examine(cls, *, fitness=None, complete=False):
            referral = cls.referral()
            data = {"sistolik": 150, "diastolik": 95}
            if fitness:
                data["kelayakan"] = fitness
            path = ["diperiksa", "selesai"] if complete else ["diperiksa"]
            followups.record(
                make.db,
                referral["id"],
                data=data,
                expected_status=referral["status"],
                path=path,
                staff_id=clinician["id"],
                now=now_iso(),
            )

    return Page


def test_a_new_referral_shows_the_fktp_its_phone_and_the_deadline(officer_page):
    html, text = officer_page.html(), officer_page.text()
    assert "Puskesmas Medono" in text
    assert "Jl. Urip Sumoharjo No. 8" in text
    assert 'href="tel:0285423518"' in html
    assert "Telepon FKTP: (0285) 423518" in text
    deadline = officer_page.referral()["deadline"]
    assert re.search(r"Batas datang: \d{1,2} \w+ \d{4}", text), deadline
    assert "FKTP belum ditentukan" not in text


def test_a_booked_visit_shows_its_day_and_time_in_wib(officer_page):
    officer_page.schedule("2099-03-02T09:30")
    text = officer_page.text()
    assert "Jadwal pemeriksaan Anda di Puskesmas Medono:" in text
    assert "Senin, 2 Maret 2099, 09.30 WIB" in text
    assert "telepon FKTP untuk mengganti jadwal" in text
    assert "Batas datang:" in text


def test_a_moved_visit_shows_the_new_time_only(officer_page):
    officer_page.schedule("2099-03-02T09:30")
    officer_page.schedule("2099-03-04T13:00")
    text = officer_page.text()
    assert "Rabu, 4 Maret 2099, 13.00 WIB" in text
    assert "2 Maret 2099" not in text


def test_an_examined_officer_reads_sudah_diperiksa_and_no_visit(officer_page):
    officer_page.schedule("2099-03-02T09:30")
    officer_page.examine()
    text = officer_page.text()
    assert "Anda sudah diperiksa di Puskesmas Medono" in text
    assert "09.30 WIB" not in text
    assert "Batas datang:" not in text


@pytest.mark.parametrize(
    ("fitness", "label"),
    [
        ("layak", "Layak bertugas"),
        ("layak_dengan_catatan", "Layak dengan catatan"),
        ("tidak_layak_sementara", "Tidak layak sementara"),
    ],
)
def test_the_fitness_outcome_is_shown_to_the_officer(officer_page, fitness, label):
    officer_page.examine(fitness=fitness, complete=True)
    text = officer_page.text()
    assert "Anda sudah diperiksa di Puskesmas Medono" in text
    assert f"Kelayakan bertugas: {label}" in text


def test_a_no_show_asks_to_come_and_shows_no_old_time(officer_page, make):
    officer_page.schedule("2099-03-02T09:30")
    referral = officer_page.referral()
    operations.change_status(
        make.db, referral, expected="dijadwalkan", to="tidak_datang", by=1, at=now_iso()
    )
    text = officer_page.text()
    assert "Puskesmas Medono mencatat Anda belum datang" in text
    assert "09.30 WIB" not in text
    assert "Telepon FKTP: (0285) 423518" in text


def test_an_fktp_without_a_phone_shows_no_call_button(app, make):
    fktp = make.fktp(name="Puskesmas Tanpa Telepon")
    officer, token, _code = officer_with_link(make, app, fktp_code=fktp["code"])
    make.submit_screening(officer, WITHIN_A_WEEK, polling_day="2029-02-14")
    client = app.test_client()
    client.get(f"/s/{token}")
    html = client.get("/skrining/hasil").text
    assert "Puskesmas Tanpa Telepon" in html
    assert 'href="tel:0' not in html


def test_without_an_fktp_the_page_says_none_is_assigned_yet(app, make):
    officer, token, _code = officer_with_link(make, app)
    make.submit_screening(officer, WITHIN_A_WEEK, polling_day="2029-02-14")
    client = app.test_client()
    client.get(f"/s/{token}")
    text = visible_text(client.get("/skrining/hasil").text)
    assert "FKTP belum ditentukan." in text


def test_the_call_to_go_to_igd_ends_once_the_officer_was_examined(app, make):
    fktp = make.fktp(name="Puskesmas Kramatsari")
    officer, token, _code = officer_with_link(make, app, fktp_code=fktp["code"])
    make.submit_screening(officer, RED_FLAG, polling_day="2029-02-14")
    client = app.test_client()
    client.get(f"/s/{token}")
    assert "Telepon 119" in visible_text(client.get("/skrining/hasil").text)
    referral = referral_store.referral_for_officer(make.db, officer["id"])
    clinician = make.staff(role="fktp", fktp_code=fktp["code"])
    followups.record(
        make.db,
        referral["id"],
        data={"sistolik": 130, "diastolik": 85},
        expected_status=referral["status"],
        path=["diperiksa"],
        staff_id=clinician["id"],
        now=now_iso(),
    )
    text = visible_text(client.get("/skrining/hasil").text)
    assert "Anda sudah diperiksa di Puskesmas Kramatsari" in text
    assert "Telepon 119" not in text
    assert "PENTING" not in text
