"""Officers' personal links and access codes: derived, hashed, revocable, rate-limited."""

import logging

import pytest

from screening.officers import access
from screening.store import access as access_store
from screening.web.logs import RedactFilter, redact
from screening.web.officer_session import token_hash_for

KEY = b"k" * 32


def test_link_token_is_stable_for_a_version_and_changes_with_it():
    token = access.link_token(KEY, 7, 1)
    assert access.looks_like_token(token)
    assert token == access.link_token(KEY, 7, 1)
    assert token != access.link_token(KEY, 7, 2)
    assert token != access.link_token(KEY, 8, 1)
    assert token != access.link_token(b"x" * 32, 7, 1)


def test_access_code_uses_only_unambiguous_characters():
    codes = {access.access_code(KEY, officer_id, 1) for officer_id in range(2000)}
    assert len(codes) > 1990  # collisions are rare
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(access.CODE_ALPHABET)
        assert not set(code) & set("0O1IL2Z5S8B6G")


@pytest.mark.parametrize("typed", ["{c}", "{l}", " {c3}-{r3} ", "{c3} {r3}"])
def test_access_code_is_accepted_as_people_type_it(typed):
    code = access.access_code(KEY, 5, 1)
    text = typed.format(c=code, l=code.lower(), c3=code[:3], r3=code[3:])
    assert access.code_matches(KEY, 5, 1, text)
    assert not access.code_matches(KEY, 5, 2, text)


def test_the_database_holds_only_a_hash_of_the_token(app, db, make):
    officer = make.officer()
    officer_id = db["officer"].rows_where("nik = ?", [officer["nik"]]).__next__()["id"]
    with app.test_request_context():
        access_store.issue_missing(
            db, [officer_id], token_hash_for, now="2026-11-23T00:00:00+00:00"
        )
        token = access.link_token(app.config["ACCESS_KEY"].encode(), officer_id, 1)
    row = access_store.access_for_officer(db, officer_id)
    assert row["token_hash"] == access.token_hash(token)
    assert token not in str(list(db["officer_access"].rows))


def test_redaction_removes_tokens_and_niks_from_log_lines():
    line = "GET /s/AbCdEfGhIjKlMnOpQrStUv HTTP/1.1 nik=3375015403850001"
    assert redact(line) == "GET /s/[token] HTTP/1.1 nik=[NIK]"
    record = logging.LogRecord(
        "werkzeug", logging.INFO, "", 0, "%s", ("GET /s/AbCdEfGhIjKlMnOpQrStUv",), None
    )
    RedactFilter().filter(record)
    assert record.getMessage() == "GET /s/[token]"
