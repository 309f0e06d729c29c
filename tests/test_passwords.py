"""The rule for new staff passwords (screening/passwords.py), in the CLI and on the admin pages."""

import time

import pytest

from screening import passwords
from screening.demo import DEMO_PASSWORD
from screening.store import staff as staff_store

COMMON = "termasuk yang paling sering dipakai atau pernah bocor"
GUESSABLE = "mudah ditebak"
PUBLISHED = "sudah diumumkan"
HAS_USERNAME = "tidak boleh memuat nama pengguna"
TOO_LONG = "Kata sandi paling panjang 128 karakter; yang diisi 257 karakter."


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567890", COMMON),
        ("qwertyuiop", COMMON),
        ("password123", COMMON),
        ("P@ssw0rd123", GUESSABLE),
        ("indonesia123", GUESSABLE),
        ("skrining2029!", GUESSABLE),
        (DEMO_PASSWORD, PUBLISHED),
        (DEMO_PASSWORD.upper(), PUBLISHED),
        ("budi.santoso", HAS_USERNAME),
        ("Budi.Santoso-kuda-terbang-7", HAS_USERNAME),
        ("pendek", "Kata sandi minimal 10 karakter; yang diisi 6 karakter."),
        ("x" * 257, TOO_LONG),
        (("kuda-terbang-" * 20)[:257], TOO_LONG),
    ],
)
def test_weak_or_unfit_passwords_are_refused_with_the_reason(password, message):
    with pytest.raises(passwords.PasswordRefused) as refused:
        passwords.check_new_password(password, username="budi.santoso", full_name="Budi Santoso")
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "password",
    [
        "kucing-merah-sepeda-awan",
        "sandi-yang-panjang-1",
        "Jalan Mataram pagi hujan!",
        "x7#Qm!pL2vR9@tZ",
    ],
)
def test_hard_to_guess_passwords_pass(password):
    passwords.check_new_password(password, username="budi.santoso", full_name="Budi Santoso")


def test_the_longest_password_is_checked_quickly():
    keyboard_run = "".join(chr(33 + i % 90) for i in range(passwords.MAX_LENGTH))
    started = time.perf_counter()
    with pytest.raises(passwords.PasswordRefused):
        passwords.check_new_password(keyboard_run, username="budi")
    assert time.perf_counter() - started < 2


# --- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("rina", "1234567890", COMMON),
        ("rina", DEMO_PASSWORD, PUBLISHED),
        ("rina", "rina-dan-kuda-terbang", HAS_USERNAME),
        ("rina", "y" * 257, TOO_LONG),
    ],
)
def test_cli_refuses_a_new_account_with_a_bad_password(runner, db, username, password, message):
    result = runner.invoke(
        args=["users", "create", username, "--role", "kpu", "--password", password]
    )
    assert result.exit_code != 0
    assert message in result.output
    assert staff_store.staff_by_username(db, username) is None


def test_cli_refuses_a_password_reset_that_breaks_the_rule(runner, make):
    staff = make.staff()
    for password, message in [
        ("1234567890", COMMON),
        (f"{staff['username']}-kuda-terbang", HAS_USERNAME),
        (DEMO_PASSWORD, PUBLISHED),
    ]:
        result = runner.invoke(
            args=["users", "reset-password", staff["username"], "--password", password]
        )
        assert result.exit_code != 0
        assert message in result.output


# --- the admin's pages ------------------------------------------------------------------------

NEW = {
    "username": "rina",
    "full_name": "Rina Wati",
    "role": "kpu",
    "fktp_code": "",
}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567890", COMMON),
        (DEMO_PASSWORD, PUBLISHED),
        ("rina-dan-kuda-terbang", HAS_USERNAME),
        ("z" * 257, TOO_LONG),
    ],
)
def test_admin_page_refuses_a_new_account_with_a_bad_password(
    client, sign_in, db, password, message
):
    sign_in("admin")
    data = {**NEW, "password": password, "password_again": password}
    response = client.post("/admin/staf/baru", data=data)
    assert response.status_code == 422
    assert 'id="password-error"' in response.text
    assert message in response.text
    assert staff_store.staff_by_username(db, "rina") is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567890", COMMON),
        (DEMO_PASSWORD, PUBLISHED),
        ("{username}-kuda-terbang", HAS_USERNAME),
        ("z" * 257, TOO_LONG),
    ],
)
def test_admin_page_refuses_a_password_reset_that_breaks_the_rule(
    client, sign_in, make, password, message
):
    sign_in("admin")
    staff = make.staff()
    password = password.format(username=staff["username"])
    response = client.post(
        f"/admin/staf/{staff['id']}/kata-sandi",
        data={"password": password, "password_again": password},
    )
    assert response.status_code == 422
    assert message in response.text


def test_demo_accounts_keep_the_published_password(runner, db, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    response = client.post("/staf/masuk", data={"username": "kpu", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert DEMO_PASSWORD in runner.invoke(args=["demo", "accounts"]).output
