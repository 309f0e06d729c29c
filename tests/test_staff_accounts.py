"""Creating staff accounts: one set of checks for the admin page and `flask users create`,
tested here without a client."""

import pytest

from screening import staff as staff_accounts
from screening.messages import MessageError
from screening.passwords import PasswordRefused
from screening.store import staff as staff_store

GOOD = "kuda-laut-berenang-pelan"


def cheap(password: str) -> str:
    return staff_accounts.hash_password(
        password, {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    )


def create(db, **fields):
    account = {
        "username": "Budi.Santoso ",
        "full_name": "Budi Santoso",
        "role": "kpu",
        "fktp_code": None,
        "password": GOOD,
        "now": "2029-01-10T01:00:00+00:00",
        "hash_with": cheap,
        **fields,
    }
    return staff_accounts.create_account(db, **account)


def test_an_account_is_created_with_a_clean_username_and_a_hash(db):
    staff_id = create(db)
    staff = staff_store.staff_by_id(db, staff_id)
    assert staff["username"] == "budi.santoso"
    assert staff_accounts.check_password(staff["password_hash"], GOOD)


@pytest.mark.parametrize(
    ("fields", "msgid_part"),
    [
        ({"role": "root"}, "tidak dikenal"),
        ({"role": "fktp", "fktp_code": None}, "perlu kode FKTP"),
        ({"role": "fktp", "fktp_code": "00000000"}, "perlu kode FKTP"),
        ({"role": "kpu", "fktp_code": "0138U020"}, "Hanya akun dengan peran fktp"),
    ],
)
def test_an_account_that_cannot_be_made_says_why(db, fields, msgid_part):
    with pytest.raises(staff_accounts.AccountRefused) as refused:
        create(db, **fields)
    assert msgid_part in refused.value.message.msgid


def test_a_taken_username_is_refused_whatever_its_case(db):
    create(db)
    with pytest.raises(staff_accounts.AccountRefused):
        create(db, username="BUDI.SANTOSO")


def test_the_password_rule_applies_to_every_new_account(db):
    with pytest.raises(PasswordRefused) as refused:
        create(db, password="1234567890")
    assert isinstance(refused.value, MessageError)


def test_an_unknown_username_takes_a_check_as_long_as_a_real_one(db):
    assert staff_accounts.authenticate(db, "tidak.ada", GOOD, {"time_cost": 1}) is None
