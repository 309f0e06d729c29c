"""Sessions can be ended: a cookie copied to another browser stops working when its owner signs
out, when an admin resets the password or disables the account, and an officer's when the officer
signs out; the cookie itself holds nothing but a random session id and the language."""

import re
from datetime import datetime, timedelta

import pytest

from screening.officers import access
from screening.store import sessions as session_store
from screening.web import sessions
from screening.web.database import get_db
from tests.factories import PASSWORD, officer_with_link, sign_in_staff

NEW_PASSWORD = {"password": "kata-sandi-baru-1", "password_again": "kata-sandi-baru-1"}
CONFIRM = {"konfirmasi": "ya"}  # the confirmation step an irreversible action asks for


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def copy_of(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie_of(client))
    return other


def cookie_contents(app, client) -> dict:
    """What the session cookie holds, decoded as Flask decodes it."""
    return app.session_interface.get_signing_serializer(app).loads(cookie_of(client))


def signed_in_staff(app, make, role="kpu"):
    staff = make.staff(role=role)
    client = app.test_client()
    sign_in_staff(client, make, staff)
    return staff, client


def is_signed_in_staff(client) -> bool:
    return client.get("/staf/").status_code == 200


def is_signed_in_officer(client) -> bool:
    return client.get("/skrining/persetujuan").status_code == 200


def test_a_copied_staff_cookie_stops_working_when_its_owner_signs_out(app, make):
    _staff, client = signed_in_staff(app, make)
    thief = copy_of(app, client)
    assert is_signed_in_staff(thief)
    client.post("/staf/keluar")
    assert not is_signed_in_staff(thief)
    assert not is_signed_in_staff(client)


def test_signing_out_ends_the_staff_members_sessions_on_every_device(app, make, db):
    staff, phone = signed_in_staff(app, make)
    laptop = app.test_client()
    laptop.post("/staf/masuk", data={"username": staff["username"], "password": PASSWORD})
    assert is_signed_in_staff(laptop)
    phone.post("/staf/keluar")
    assert not is_signed_in_staff(laptop)
    assert session_store.live_sessions(db, "staff", staff["id"]) == []


def test_an_admin_password_reset_ends_every_session_of_the_account(app, make, db):
    kpu, kpu_client = signed_in_staff(app, make, "kpu")
    copied = copy_of(app, kpu_client)
    _admin, admin_client = signed_in_staff(app, make, "admin")
    response = admin_client.post(f"/admin/staf/{kpu['id']}/kata-sandi", data=NEW_PASSWORD)
    assert response.status_code == 302
    assert not is_signed_in_staff(kpu_client)
    assert not is_signed_in_staff(copied)
    assert "Sesi Anda sudah berakhir" in kpu_client.get("/staf/masuk").text
    assert is_signed_in_staff(admin_client)  # the admin's own session is another person's
    signed_in = kpu_client.post(
        "/staf/masuk", data={"username": kpu["username"], "password": NEW_PASSWORD["password"]}
    )
    assert signed_in.status_code == 302
    assert is_signed_in_staff(kpu_client)


def test_an_admin_disabling_an_account_ends_every_session_of_it(app, make, db):
    kpu, kpu_client = signed_in_staff(app, make, "kpu")
    copied = copy_of(app, kpu_client)
    _admin, admin_client = signed_in_staff(app, make, "admin")
    assert (
        admin_client.post(f"/admin/staf/{kpu['id']}/nonaktifkan", data=CONFIRM).status_code == 302
    )
    assert session_store.live_sessions(db, "staff", kpu["id"]) == []
    assert not is_signed_in_staff(kpu_client)
    assert not is_signed_in_staff(copied)
    # Enabling the account again does not bring the old sessions back.
    admin_client.post(f"/admin/staf/{kpu['id']}/aktifkan")
    assert not is_signed_in_staff(copied)


@pytest.mark.parametrize(
    "command",
    [["users", "disable"], ["users", "reset-password", "--password", "kata-sandi-baru-1"]],
    ids=["disable", "reset-password"],
)
def test_the_users_commands_end_every_session_of_the_account(app, make, runner, command):
    kpu, client = signed_in_staff(app, make, "kpu")
    copied = copy_of(app, client)
    result = runner.invoke(args=[*command, kpu["username"]])
    assert result.exit_code == 0, result.output
    assert not is_signed_in_staff(client)
    assert not is_signed_in_staff(copied)


def test_a_copied_officer_cookie_stops_working_when_the_officer_signs_out(app, make):
    _officer, token, _code = officer_with_link(make, app)
    phone = app.test_client()
    assert phone.get(f"/s/{token}").status_code == 302
    copied = copy_of(app, phone)
    assert is_signed_in_officer(copied)
    phone.post("/keluar")
    assert not is_signed_in_officer(copied)
    assert not is_signed_in_officer(phone)
    assert copied.get("/skrining/persetujuan").headers["Location"] == "/masuk"


def test_an_officer_signed_in_by_nik_and_code_is_signed_out_everywhere_too(app, make, db):
    officer, token, code = officer_with_link(make, app)
    by_link, by_code = app.test_client(), app.test_client()
    by_link.get(f"/s/{token}")
    by_code.post("/masuk", data={"nik": officer["nik"], "code": code})
    assert is_signed_in_officer(by_link)
    assert is_signed_in_officer(by_code)
    by_code.post("/keluar")
    assert not is_signed_in_officer(by_link)
    assert session_store.live_sessions(db, "officer", officer["id"]) == []


def test_a_new_link_ends_sessions_opened_with_the_old_one_and_the_new_link_works(app, make):
    officer, token, _code = officer_with_link(make, app)
    phone = app.test_client()
    phone.get(f"/s/{token}")
    assert is_signed_in_officer(phone)
    _kpu, kpu_client = signed_in_staff(app, make, "kpu")
    page = kpu_client.post(f"/kpu/petugas/{officer['id']}/tautan-baru", data=CONFIRM)
    assert page.status_code == 200
    new_token = access.link_token(app.config["ACCESS_KEY"].encode(), officer["id"], 2)
    assert f"/s/{new_token}" in page.text
    assert not is_signed_in_officer(phone)
    assert phone.get(f"/s/{token}").status_code == 404  # the old link is dead
    assert phone.get(f"/s/{new_token}").status_code == 302
    assert is_signed_in_officer(phone)


def test_an_officer_session_slides_thirty_days_past_its_last_request(app, make, db):
    officer, token, _code = officer_with_link(make, app)
    phone = app.test_client()
    phone.get(f"/s/{token}")
    (record,) = session_store.live_sessions(db, "officer", officer["id"])
    lifetime = app.permanent_session_lifetime
    quiet = datetime.fromisoformat(record["last_seen_at"]) - lifetime + timedelta(hours=1)
    db["session_record"].update(record["id"], {"last_seen_at": quiet.isoformat()})
    assert is_signed_in_officer(phone)  # 29 days and 23 hours: still in, and the clock restarts
    (record,) = session_store.live_sessions(db, "officer", officer["id"])
    assert datetime.fromisoformat(record["last_seen_at"]) > quiet + timedelta(days=29)
    gone = datetime.fromisoformat(record["last_seen_at"]) - lifetime - timedelta(minutes=1)
    db["session_record"].update(record["id"], {"last_seen_at": gone.isoformat()})
    assert not is_signed_in_officer(phone)


def test_signing_in_gives_a_new_session_id_and_ends_the_one_before(app, make, db):
    """A session id planted before sign-in (fixation) never becomes a signed-in session."""
    staff, client = signed_in_staff(app, make)
    planted = cookie_of(client)
    client.post("/staf/masuk", data={"username": staff["username"], "password": PASSWORD})
    assert cookie_of(client) != planted
    assert len(session_store.live_sessions(db, "staff", staff["id"])) == 1
    stale = app.test_client()
    stale.set_cookie("session", planted)
    assert not is_signed_in_staff(stale)


def test_a_signed_in_cookie_holds_only_the_session_id_language_and_lifetime(app, make):
    _officer, token, _code = officer_with_link(make, app, name="Rahmat Hidayat")
    phone = app.test_client()
    phone.get("/bahasa/en")
    phone.get(f"/s/{token}")
    phone.post("/skrining/persetujuan", data={"keputusan": "setuju"})
    held = cookie_contents(app, phone)
    assert set(held) <= sessions.COOKIE_KEYS
    assert held["lang"] == "en"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", held["sid"])


def test_a_flash_naming_an_officer_stays_on_the_server(app, make):
    officer, _token, _code = officer_with_link(make, app, name="Rahmat Hidayat")
    _kpu, client = signed_in_staff(app, make, "kpu")
    response = client.post(f"/kpu/petugas/{officer['id']}/cabut", data=CONFIRM)
    assert response.status_code == 302
    assert set(cookie_contents(app, client)) <= sessions.COOKIE_KEYS
    assert "Rahmat Hidayat" in client.get(response.headers["Location"]).text


def test_ending_a_session_forgets_what_it_kept(app, make, db):
    staff, client = signed_in_staff(app, make, "fktp")
    client.post("/fktp/", data={"q": "3375011234567890"})
    (record,) = session_store.live_sessions(db, "staff", staff["id"])
    assert "3375011234567890" in record["data"]
    client.post("/staf/keluar")
    ended = session_store.by_id_hash(db, record["id_hash"])
    assert ended["ended_at"] is not None
    assert ended["data"] == "{}"


def test_sessions_whose_time_is_up_are_wiped_on_a_later_sign_in(app, make, db):
    staff, _client = signed_in_staff(app, make, "fktp")
    _client.post("/fktp/", data={"q": "3375011234567890"})
    (record,) = session_store.live_sessions(db, "staff", staff["id"])
    long_ago = (datetime.fromisoformat(record["created_at"]) - timedelta(days=1)).isoformat()
    db["session_record"].update(record["id"], {"created_at": long_ago})
    app.extensions.pop("sessions_swept_at", None)
    signed_in_staff(app, make, "kpu")
    swept = session_store.by_id_hash(db, record["id_hash"])
    assert swept["end_reason"] == "expired"
    assert swept["data"] == "{}"


def test_a_form_posted_over_https_without_a_referer_is_accepted(make_app):
    """`Referrer-Policy: no-referrer` means browsers send no Referer; Flask-WTF's strict HTTPS
    check would refuse every form. The CSRF token is still checked."""
    app = make_app(WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=True)
    with app.app_context():
        from tests.factories import Factories

        staff = Factories(get_db()).staff(role="kpu")
    client = app.test_client()
    page = client.get("/staf/masuk", base_url="https://localhost")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    form = {"username": staff["username"], "password": PASSWORD}
    refused = client.post("/staf/masuk", data=form, base_url="https://localhost")
    assert refused.status_code == 400  # no token
    response = client.post(
        "/staf/masuk", data={**form, "csrf_token": token.group(1)}, base_url="https://localhost"
    )
    assert response.status_code == 302, response.text[:300]


def test_a_form_posted_from_another_site_is_refused(client, make):
    staff = make.staff(role="kpu")
    form = {"username": staff["username"], "password": PASSWORD}
    refused = client.post("/staf/masuk", data=form, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403
    accepted = client.post("/staf/masuk", data=form, headers={"Sec-Fetch-Site": "same-origin"})
    assert accepted.status_code == 302
