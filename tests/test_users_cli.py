"""`flask --app app users create|disable|reset-password`."""

import pytest

from screening.store import staff as staff_store
from screening.web import auth

GOOD = "sandi-yang-panjang-1"


def test_create_makes_an_account_that_can_sign_in(runner, db, client):
    result = runner.invoke(
        args=["users", "create", "Rina", "--role", "kpu", "--name", "Rina Wati", "--password", GOOD]
    )
    assert result.exit_code == 0, result.output
    staff = staff_store.staff_by_username(db, "rina")
    assert staff["role"] == "kpu"
    assert staff["full_name"] == "Rina Wati"
    response = client.post("/staf/masuk", data={"username": "rina", "password": GOOD})
    assert response.status_code == 302


def test_create_prompts_for_the_password_twice_without_echo(runner, db):
    result = runner.invoke(
        args=["users", "create", "budi", "--role", "admin"], input=f"{GOOD}\n{GOOD}\n"
    )
    assert result.exit_code == 0, result.output
    assert GOOD not in result.output
    assert auth.check_password(staff_store.staff_by_username(db, "budi")["password_hash"], GOOD)


def test_fktp_account_needs_a_registered_fktp(runner, make):
    fktp = make.fktp()
    missing = runner.invoke(args=["users", "create", "dr1", "--role", "fktp", "--password", GOOD])
    assert missing.exit_code != 0
    assert "kode FKTP" in missing.output
    unknown = runner.invoke(
        args=["users", "create", "dr1", "--role", "fktp", "--fktp", "XXXX", "--password", GOOD]
    )
    assert unknown.exit_code != 0
    ok = runner.invoke(
        args=[
            "users",
            "create",
            "dr1",
            "--role",
            "fktp",
            "--fktp",
            fktp["code"],
            "--password",
            GOOD,
        ]
    )
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "create", "x", "--role", "kpu", "--password", "pendek"], "minimal 10"),
        (["users", "create", "x", "--role", "root", "--password", GOOD], "root"),
        (
            ["users", "create", "x", "--role", "kpu", "--fktp", "1", "--password", GOOD],
            "peran fktp yang memakai kode FKTP",
        ),
        (["users", "disable", "tidak-ada"], "tidak ada"),
    ],
)
def test_bad_commands_fail_with_a_message(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output


def test_duplicate_username_is_refused(runner):
    runner.invoke(args=["users", "create", "sama", "--role", "kpu", "--password", GOOD])
    result = runner.invoke(args=["users", "create", "SAMA", "--role", "kpu", "--password", GOOD])
    assert result.exit_code != 0
    assert "sudah dipakai" in result.output


def test_disable_and_reset_password(runner, db, client):
    runner.invoke(args=["users", "create", "sari", "--role", "kpu", "--password", GOOD])
    new = "sandi-baru-sekali-2"
    assert runner.invoke(args=["users", "reset-password", "sari", "--password", new]).exit_code == 0
    assert (
        client.post("/staf/masuk", data={"username": "sari", "password": GOOD}).status_code == 422
    )
    assert client.post("/staf/masuk", data={"username": "sari", "password": new}).status_code == 302
    assert runner.invoke(args=["users", "disable", "sari"]).exit_code == 0
    assert staff_store.staff_by_username(db, "sari")["disabled"] == 1


def test_every_command_has_help(app):
    groups = [app.cli.commands[name] for name in ("db", "demo", "users")]
    for group in groups:
        assert group.help
        for command in group.commands.values():
            assert command.help, f"{group.name} {command.name} has no help"
