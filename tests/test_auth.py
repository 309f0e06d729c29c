"""Staff sign-in, roles, session expiry and sign-out."""

from datetime import datetime, timedelta

import pytest
from flask import Blueprint

from screening import auth
from screening.store import staff as staff_store
from tests.factories import PASSWORD


@pytest.fixture
def app(app):
    """The test app plus one page per role, to prove the decorator on real routes."""
    bp = Blueprint("probe", __name__)

    @bp.get("/probe/kpu")
    @auth.staff_required("kpu", "admin")
    def kpu_only():
        return "kpu page"

    @bp.get("/probe/any")
    @auth.staff_required()
    def any_staff():
        return "staff page"

    app.register_blueprint(bp)
    return app


def test_passwords_are_stored_as_argon2_hashes(make):
    staff = make.staff()
    assert staff["password_hash"].startswith("$argon2id$")
    assert auth.check_password(staff["password_hash"], PASSWORD)
    assert not auth.check_password(staff["password_hash"], "salah")


def test_correct_credentials_sign_in_and_reach_the_staff_home(client, make):
    staff = make.staff(role="kpu")
    response = client.post(
        "/staf/masuk", data={"username": staff["username"], "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/staf/"
    page = client.get("/staf/").text
    assert staff["full_name"] in page
    assert "Operator KPU" in page


@pytest.mark.parametrize(
    ("username", "password"),
    [("staf-tidak-ada", PASSWORD), (None, "salah-sandi-nya"), (None, "")],
    ids=["unknown user", "wrong password", "empty password"],
)
def test_bad_credentials_are_refused_with_a_plain_message(client, make, username, password):
    staff = make.staff()
    response = client.post(
        "/staf/masuk", data={"username": username or staff["username"], "password": password}
    )
    assert response.status_code == 422
    assert "Masuk staf" in response.text
    assert ("salah" in response.text) or ("Isi kata sandi" in response.text)
    assert client.get("/staf/").status_code == 302


def test_disabled_account_cannot_sign_in(client, make, db):
    staff = make.staff()
    staff_store.set_disabled(db, staff["id"], True)
    response = client.post(
        "/staf/masuk", data={"username": staff["username"], "password": PASSWORD}
    )
    assert response.status_code == 422


def test_disabling_an_account_ends_its_open_session(client, sign_in, db):
    staff = sign_in("kpu")
    assert client.get("/staf/").status_code == 200
    staff_store.set_disabled(db, staff["id"], True)
    assert client.get("/staf/").status_code == 302


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, make):
    response = client.get("/probe/any")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staf/masuk?next=/probe/any"
    staff = make.staff()
    response = client.post(
        "/staf/masuk?next=/probe/any", data={"username": staff["username"], "password": PASSWORD}
    )
    assert response.headers["Location"] == "/probe/any"


def test_a_role_without_permission_gets_403(client, sign_in):
    sign_in("fktp")
    assert client.get("/probe/kpu").status_code == 403
    assert client.get("/probe/any").status_code == 200


@pytest.mark.parametrize("role", ["kpu", "admin"])
def test_allowed_roles_pass(client, sign_in, role):
    sign_in(role)
    assert client.get("/probe/kpu").text == "kpu page"


def test_staff_session_expires_after_its_lifetime(app, client, sign_in):
    sign_in("kpu")
    lifetime = app.config["STAFF_SESSION_LIFETIME"]
    with client.session_transaction() as session:
        signed_in_at = datetime.fromisoformat(session["staff_signed_in_at"])
        session["staff_signed_in_at"] = (signed_in_at - lifetime - timedelta(minutes=1)).isoformat()
    response = client.get("/staf/")
    assert response.status_code == 302
    assert "Sesi Anda sudah berakhir" in client.get("/staf/masuk").text


def test_sign_out_ends_the_session_but_keeps_the_language(client, sign_in):
    client.get("/bahasa/en")
    sign_in("kpu")
    client.get("/bahasa/en")
    response = client.post("/staf/keluar")
    assert response.status_code == 302
    assert client.get("/staf/").status_code == 302
    assert '<html lang="en">' in client.get("/").text


def test_decorator_rejects_unknown_roles_at_import_time():
    with pytest.raises(ValueError, match="unknown roles"):
        auth.staff_required("superuser")


def test_staff_pages_name_the_signed_in_person_and_their_role_once(client, sign_in):
    """Not "Anda masuk sebagai Operator KPU Kota (demo) (Operator KPU).": name and role, once."""
    sign_in("kpu", full_name="Dewi Anggraini")
    page = client.get("/staf/").text
    assert page.count("Dewi Anggraini") == 1
    assert page.count("Operator KPU") == 1
    assert ") (" not in page


def test_demo_account_names_do_not_repeat_their_role():
    from screening.auth import ROLES
    from screening.cli.demo import demo_staff
    from screening.demo.city import load_city

    for account in demo_staff(load_city()):
        assert str(ROLES[account["role"]]).lower() not in account["full_name"].lower()
