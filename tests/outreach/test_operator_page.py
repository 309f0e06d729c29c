"""The operator's click-to-chat page and the officer's "stop" page."""

import contextlib
import re
from html import unescape
from urllib.parse import unquote

from screening.outreach import delivery, templates
from screening.web.database import get_db
from screening.web.officer_session import personal_link
from tests.acting import act_as
from tests.factories import Factories

from .sending import link_for, officer_id, queue, status, wib

BUTTON = ">Tandai terkirim</button>"


def _ready(app, db, make, n=1, **fields):
    """`n` officers, each with one click-to-chat message released (ready)."""
    ids = []
    for _ in range(n):
        officer = officer_id(make, **fields)
        ids.append((officer, queue(db, officer)))
    # The app's own link issuing, as the worker's task does it.
    delivery.release(db, wib("2029-01-10 09:00"), app.config, link_for=personal_link)
    return ids


def _main(html: str) -> str:
    """The page's own content (the footer's general disclaimer is not the page's)."""
    return html.split('<main id="isi"', 1)[1].split("</main>", 1)[0]


def test_the_page_lists_ready_messages_with_a_filled_in_whatsapp_link(app, db, make, client):
    ((officer, _message),) = _ready(app, db, make, phone="0812-3456-7890", tps=4)
    act_as(client, "staff", make.staff(role="kpu")["id"])
    page = client.get("/kpu/pesan/?kelurahan=3375011002")
    assert page.status_code == 200
    html = page.text
    name = db.execute("SELECT name FROM officer WHERE id = ?", [officer]).fetchone()[0]
    assert name in html
    assert "TPS 004" in html
    (href,) = re.findall(r'href="(https://wa\.me/[^"]+)" target="_blank"', html)
    href = unescape(href)
    assert href.startswith("https://wa.me/6281234567890?text=")
    text = unquote(href.split("text=", 1)[1])
    assert text.startswith(f"Yth. {name}, mohon isi skrining")
    # The officer's personal link, issued at release, built again by the page.
    assert re.search(r"http://127\.0\.0\.1:5000/s/\S+", text)
    assert BUTTON in html


def test_marking_sent_records_who_and_audits_it(app, db, make, client):
    ((officer, message),) = _ready(app, db, make)
    staff = make.staff(role="kpu")
    act_as(client, "staff", staff["id"])
    response = client.post(f"/kpu/pesan/{message}/terkirim", data={"kelurahan": "3375011002"})
    assert response.status_code == 302
    assert "kelurahan=3375011002" in response.headers["Location"]
    row = status(db, message)
    assert (row["status"], row["sent_by"]) == ("terkirim", staff["id"])
    assert row["sent_at"]
    log = db.execute(
        "SELECT staff_id, subject, detail FROM audit_log WHERE action = 'send' AND staff_id = ?",
        [staff["id"]],
    ).fetchone()
    assert tuple(log) == (
        staff["id"],
        f"officer:{officer}",
        f"message:{message} undangan terkirim (klik)",
    )
    # Gone from the list.
    assert BUTTON not in client.get("/kpu/pesan/").text


def test_marking_sent_twice_changes_nothing_the_second_time(app, db, make, client):
    ((_officer, message),) = _ready(app, db, make)
    act_as(client, "staff", make.staff(role="kpu")["id"])
    client.post(f"/kpu/pesan/{message}/terkirim")
    first = status(db, message)
    page = client.post(f"/kpu/pesan/{message}/terkirim", follow_redirects=True)
    assert "sudah tidak menunggu" in page.text
    assert status(db, message) == first


def test_marking_sent_needs_the_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        db = get_db()
        make = Factories(db)
        ((_officer, message),) = _ready(app, db, make)
        staff = make.staff(role="kpu")
    client = app.test_client()
    act_as(client, "staff", staff["id"])
    refused = client.post(f"/kpu/pesan/{message}/terkirim")
    assert refused.status_code == 400
    page = client.get("/kpu/pesan/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    accepted = client.post(f"/kpu/pesan/{message}/terkirim", data={"csrf_token": token})
    assert accepted.status_code == 302
    with app.app_context():
        assert status(get_db(), message)["status"] == "terkirim"


def test_the_operator_records_an_opt_out_the_officer_asked_for(app, db, make, client):
    ((officer, message),) = _ready(app, db, make)
    act_as(client, "staff", make.staff(role="kpu")["id"])
    response = client.post(f"/kpu/pesan/petugas/{officer}/berhenti")
    assert response.status_code == 302
    assert db.execute("SELECT opted_out_at FROM officer WHERE id = ?", [officer]).fetchone()[0]
    assert status(db, message)["status"] == "batal"
    later = queue(db, officer, template="pengingat_skrining", due="2029-01-11")
    delivery.release(db, wib("2029-01-12 09:00"), app.config, link_for=link_for)
    assert status(db, later)["status"] == "batal"
    assert (
        db.execute(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'change' AND subject = ?",
            [f"officer:{officer}"],
        ).fetchone()[0]
        == 1
    )


def test_numbers_to_correct_and_the_counts_are_shown(app, db, make, client):
    _ready(app, db, make)
    bad = officer_id(make, phone="0285 421234")
    queue(db, bad)
    delivery.release(db, wib("2029-01-10 10:00"), app.config, link_for=link_for)
    act_as(client, "staff", make.staff(role="kpu")["id"])
    html = client.get("/kpu/pesan/").text
    assert "Nomor yang perlu diperbaiki" in html
    assert "0285 421234" in html
    assert delivery.INVALID_NUMBER in html
    counts = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html)
    assert dict(counts) == {
        "Siap dikirim": "1",
        "Terkirim": "0",
        "Gagal": "1",
        "Berhenti menerima": "0",
    }


def test_the_list_is_paged(app, db, make, client):
    _ready(app, db, make, n=23)
    act_as(client, "staff", make.staff(role="kpu")["id"])
    first = client.get("/kpu/pesan/").text
    assert first.count(BUTTON) == 20
    assert "23 pesan siap dikirim" in first
    second = client.get("/kpu/pesan/?halaman=2").text
    assert second.count(BUTTON) == 3


def test_the_page_holds_no_health_words(app, db, make, client):
    # Every template's text is checked in test_templates; here the page around them.
    _ready(app, db, make, n=2)
    queue(db, officer_id(make, phone="0285 421234"))
    delivery.release(db, wib("2029-01-10 10:00"), app.config, link_for=personal_link)
    act_as(client, "staff", make.staff(role="kpu")["id"])
    html = client.get("/kpu/pesan/").text
    assert "wa.me" in html
    assert templates.health_words(unescape(unquote(_main(html)))) == []


def test_an_officer_stops_messages_on_their_own_page(app, db, make, client):
    officer = officer_id(make)
    message = queue(db, officer)
    act_as(client, "officer", officer)
    page = client.get("/skrining/pesan")
    assert "Berhenti menerima pesan" in page.text
    response = client.post("/skrining/pesan")
    assert response.status_code == 302
    assert db.execute("SELECT opted_out_at FROM officer WHERE id = ?", [officer]).fetchone()[0]
    assert status(db, message)["status"] == "batal"
    assert "sudah berhenti menerima pesan" in client.get("/skrining/pesan").text


def test_an_officer_who_stopped_may_ask_for_messages_again(app, db, make, client):
    officer = officer_id(make)
    message = queue(db, officer)
    act_as(client, "officer", officer)
    client.post("/skrining/pesan")
    assert "Terima pesan lagi" in client.get("/skrining/pesan").text
    assert client.post("/skrining/pesan", data={"pilihan": "terima"}).status_code == 302
    assert (
        db.execute("SELECT opted_out_at FROM officer WHERE id = ?", [officer]).fetchone()[0] is None
    )
    # What was cancelled stays cancelled; the planner queues what falls due from now on.
    assert status(db, message)["status"] == "batal"
    assert "Berhenti menerima pesan" in client.get("/skrining/pesan").text


def test_a_broken_messages_file_shows_the_list_without_texts(make_app, tmp_path):
    broken = tmp_path / "messages.yaml"
    broken.write_text("templates:\n  undangan:\n    id: Anda berisiko {link}\n", encoding="utf-8")
    app = make_app(MESSAGES_FILE=str(broken))
    with app.app_context():
        db = get_db()
        make = Factories(db)
        officer = officer_id(make)
        queue(db, officer)
        # The worker refuses the file too: nothing leaves.
        with contextlib.suppress(templates.TemplateError):
            delivery.release(db, wib("2029-01-10 09:00"), app.config, link_for=personal_link)
        assert status(db, 1)["status"] == "antri"
        db.execute("UPDATE message SET status = 'siap'")
        db.conn.commit()
        staff = make.staff(role="kpu")
    client = app.test_client()
    act_as(client, "staff", staff["id"])
    page = client.get("/kpu/pesan/")
    assert page.status_code == 200
    assert "Berkas pesan sedang bermasalah" in page.text
    assert "wa.me" not in page.text


def test_the_result_page_leads_to_the_stop_page(make, client):
    from screening.demo.screenings import HEALTHY

    officer, _response, _referral = make.screened_officer(HEALTHY)
    act_as(client, "officer", officer["id"])
    assert 'href="/skrining/pesan"' in client.get("/skrining/hasil").text
