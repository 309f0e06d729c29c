"""Staff sign-in, roles, session expiry and sign-out."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from flask import Blueprint

from screening.store import sessions as session_store
from screening.store import staff as staff_store
from screening.web import auth
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


def test_passwords_get_argon2s_default_cost_unless_the_config_lowers_it(app, make_app):
    default = PasswordHasher()
    with make_app(ARGON2_PARAMETERS=None).app_context():  # what production runs
        hashed = auth.hash_password(PASSWORD)
    assert f"$m={default.memory_cost},t={default.time_cost},p={default.parallelism}$" in hashed
    with app.app_context():  # the suite's cheap parameters, set in tests/apps.py only
        hashed = auth.hash_password(PASSWORD)
    assert "$m=8,t=1,p=1$" in hashed
    assert auth.check_password(hashed, PASSWORD)


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


def test_staff_session_expires_after_its_lifetime(app, client, sign_in, db):
    staff = sign_in("kpu")
    lifetime = app.config["STAFF_SESSION_LIFETIME"]
    (record,) = session_store.live_sessions(db, "staff", staff["id"])
    started = datetime.fromisoformat(record["created_at"]) - lifetime - timedelta(minutes=1)
    db["session_record"].update(record["id"], {"created_at": started.isoformat()})
    response = client.get("/staf/")
    assert response.status_code == 302
    assert "Sesi Anda sudah berakhir" in client.get("/staf/masuk").text
    assert session_store.live_sessions(db, "staff", staff["id"]) == []


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


# --- sign-in limits and lockout ---------------------------------------------------------------

LOCKED = "Terlalu banyak percobaan masuk yang gagal"


class Clock:
    """The lockout's clock, moved by hand."""

    def __init__(self):
        self.now = datetime(2029, 2, 1, 8, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    from screening.web import lockout

    clock = Clock()
    monkeypatch.setattr(lockout, "now_utc", clock)
    return clock


WRONG = "salah-sandi-nya"


def _try(client, username, password=WRONG, address="10.1.0.1"):
    return client.post(
        "/staf/masuk",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _guesses(client, username, count, *, first_address=0):
    """`count` wrong passwords, each from an address of its own (past the per-address limit)."""
    return [
        _try(client, username, address=f"10.2.{n // 250}.{n % 250}").status_code
        for n in range(first_address, first_address + count)
    ]


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, make, clock):
    staff = make.staff()
    assert _guesses(client, staff["username"], 5) == [422, 422, 422, 422, 429]
    response = _try(client, staff["username"], PASSWORD, address="10.3.0.1")
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "Tunggu 1 menit" in response.text
    assert response.headers["Retry-After"] in ("59", "60")
    clock.advance(seconds=61)
    assert _try(client, staff["username"], PASSWORD, address="10.3.0.1").status_code == 302


def test_each_further_failure_doubles_the_lock_up_to_fifteen_minutes(client, make, clock):
    staff = make.staff()
    _guesses(client, staff["username"], 5)
    waits = []
    for n in range(8):
        clock.advance(minutes=16)  # past any lock
        response = _try(client, staff["username"], address=f"10.4.0.{n}")
        waits.append(int(re.search(r"Tunggu (\d+) menit", response.text)[1]))
        assert 0 <= waits[-1] * 60 - int(response.headers["Retry-After"]) <= 1
    assert waits == [2, 4, 8, 15, 15, 15, 15, 15]


def test_attempts_during_a_lock_are_refused_unchecked_and_do_not_extend_it(client, make, clock):
    staff = make.staff()
    _guesses(client, staff["username"], 5)
    assert set(_guesses(client, staff["username"], 40, first_address=100)) == {429}
    clock.advance(seconds=61)
    assert _try(client, staff["username"], PASSWORD, address="10.3.0.1").status_code == 302


def test_a_successful_sign_in_starts_the_count_again(client, make, clock):
    staff = make.staff()
    _guesses(client, staff["username"], 4)
    assert _try(app_client(client), staff["username"], PASSWORD).status_code == 302
    assert _guesses(client, staff["username"], 5, first_address=50) == [422] * 4 + [429]


def test_a_day_without_failures_starts_the_count_again(client, make, clock):
    staff = make.staff()
    _guesses(client, staff["username"], 4)
    clock.advance(hours=25)
    assert _guesses(client, staff["username"], 5, first_address=50) == [422] * 4 + [429]


def app_client(client):
    """A second browser on the same app."""
    return client.application.test_client()


def test_the_lock_does_not_tell_whether_a_username_exists(client, make, clock):
    staff = make.staff()
    seen = {}
    for username in (staff["username"], "tidak.ada.orangnya"):
        pages = [_try(client, username, address=f"10.5.0.{n}") for n in range(7)]
        seen[username] = [(p.status_code, p.text.replace(username, "NAMA")) for p in pages]
    assert [status for status, _page in seen["tidak.ada.orangnya"]] == [422] * 4 + [429] * 3
    assert seen[staff["username"]] == seen["tidak.ada.orangnya"]


def test_someone_elses_guesses_never_lock_a_browser_that_signed_in_before(client, make, clock):
    clinician = make.staff(role="fktp")
    assert _try(client, clinician["username"], PASSWORD).status_code == 302
    client.post("/staf/keluar")
    attacker = app_client(client)
    for n in range(30):
        clock.advance(minutes=1)
        _try(attacker, clinician["username"], address=f"10.6.0.{n}")
    assert _try(attacker, clinician["username"], PASSWORD, address="10.6.1.1").status_code == 429
    # The clinician's browser, even from the attacker's address: its own count.
    assert _try(client, clinician["username"], PASSWORD, address="10.6.0.1").status_code == 302


def test_a_trusted_browser_is_locked_by_its_own_failures(client, make, clock):
    clinician = make.staff(role="fktp")
    _try(client, clinician["username"], PASSWORD)
    client.post("/staf/keluar")
    assert _guesses(client, clinician["username"], 5) == [422, 422, 422, 422, 429]
    assert _try(client, clinician["username"], PASSWORD, address="10.7.0.1").status_code == 429
    # Another browser is not locked by this one's failures.
    assert _try(app_client(client), clinician["username"], PASSWORD).status_code == 302


def test_the_device_cookie_holds_nothing_personal_and_stays_on_the_sign_in_form(client, make):
    staff = make.staff(username="budi.santoso", full_name="Budi Santoso")
    response = _try(client, staff["username"], PASSWORD)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "perangkat_staf" in c)
    assert "budi" not in cookie.lower()
    assert "Path=/staf/masuk" in cookie
    assert "HttpOnly" in cookie


def test_a_forged_device_cookie_is_counted_with_everyone_else(client, make, clock):
    staff = make.staff()
    client.set_cookie("perangkat_staf", "palsu.palsu.palsu", path="/staf/masuk")
    assert _guesses(client, staff["username"], 5)[-1] == 429
    assert _try(app_client(client), staff["username"], PASSWORD).status_code == 429


def test_failures_lock_across_every_worker(app, client, make, clock):
    from tests import apps

    staff = make.staff()
    other_worker = apps.build_app(app.config["DATABASE"])  # the same database, its own app
    try:
        assert _guesses(client, staff["username"], 3) == [422] * 3
        other = other_worker.test_client()
        assert _guesses(other, staff["username"], 2, first_address=3) == [422, 429]
        assert _try(client, staff["username"], PASSWORD).status_code == 429
    finally:
        apps.close(other_worker)


def test_the_lockout_keeps_no_username(client, make, db, clock):
    staff = make.staff()
    _guesses(client, staff["username"], 2)
    _try(client, "kata-sandi-salah-ketik")
    keys = " ".join(row["key"] for row in db["staff_sign_in_lockout"].rows)
    assert staff["username"] not in keys
    assert "kata-sandi" not in keys


def test_failed_sign_ins_are_limited_per_address_successful_ones_are_not(client, make):
    staff = make.staff()
    for _ in range(12):
        assert _try(app_client(client), staff["username"], PASSWORD).status_code == 302
    statuses = [_try(client, f"orang{n}").status_code for n in range(11)]
    assert statuses == [422] * 10 + [429], statuses
    assert _try(client, staff["username"], PASSWORD).status_code == 429
    assert _try(client, staff["username"], PASSWORD, address="10.9.0.1").status_code == 302


def test_staff_pages_name_the_signed_in_person_and_their_role_once(client, sign_in):
    """Not "Anda masuk sebagai Operator KPU Kota (demo) (Operator KPU).": name and role, once."""
    sign_in("kpu", full_name="Dewi Anggraini")
    page = client.get("/staf/").text
    assert page.count("Dewi Anggraini") == 1
    assert page.count("Operator KPU") == 1
    assert ") (" not in page


def test_demo_account_names_do_not_repeat_their_role():
    from screening.demo.city import load_city
    from screening.demo.operations import demo_staff
    from screening.web.auth import ROLES

    for account in demo_staff(load_city()):
        assert str(ROLES[account["role"]]).lower() not in account["full_name"].lower()
