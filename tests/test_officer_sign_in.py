"""How an officer gets in: personal link, NIK and access code; how KPU revokes and reissues."""

import logging

import pytest

from screening.officers import access
from tests.factories import officer_with_link


def test_personal_link_signs_in_and_drops_the_token_from_the_address(client, make, app):
    officer, token, _code = officer_with_link(make, app)
    response = client.get(f"/s/{token}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/skrining/"
    assert token not in response.headers["Location"]
    consent = client.get("/skrining/persetujuan")
    assert officer["name"] in consent.text


@pytest.mark.parametrize("token", ["x", "A" * 22, "tautan-lama-yang-salah"])
def test_unknown_or_malformed_link_says_so_plainly(client, token):
    response = client.get(f"/s/{token}")
    assert response.status_code == 404
    assert "Tautan tidak berlaku" in response.text


def test_nik_and_access_code_sign_in(client, make, app):
    officer, _token, code = officer_with_link(make, app)
    spaced = " ".join(officer["nik"][i : i + 4] for i in range(0, 16, 4))
    response = client.post("/masuk", data={"nik": spaced, "code": code.lower()})
    assert response.status_code == 302
    assert response.headers["Location"] == "/skrining/"


@pytest.mark.parametrize(
    ("nik", "code", "message"),
    [
        ("12345", "AAAAAA", "NIK harus 16 angka; yang diisi 5 angka."),
        ("", "AAAAAA", "Isi NIK Anda."),
        (None, "WRONG1", "NIK atau kode akses tidak cocok"),
        (None, "", "Isi kode akses dari KPU."),
    ],
)
def test_bad_nik_or_code_is_refused_in_plain_indonesian(client, make, app, nik, code, message):
    officer, _token, _code = officer_with_link(make, app)
    response = client.post(
        "/masuk", data={"nik": officer["nik"] if nik is None else nik, "code": code}
    )
    assert response.status_code == 422
    assert message in response.text
    assert client.get("/skrining/").status_code == 302


def test_sign_in_attempts_are_rate_limited(client, make, app):
    officer, _token, _code = officer_with_link(make, app)
    statuses = [
        client.post("/masuk", data={"nik": officer["nik"], "code": "XXXXXX"}).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [422] * 10, statuses
    assert statuses[-1] == 429
    assert "Terlalu banyak percobaan" in client.post("/masuk", data={"nik": "1", "code": "x"}).text


JUNK_LINK = "/s/" + "A" * 22  # shaped like a token, belongs to no one


def _from(address):
    return {"REMOTE_ADDR": address}


def test_junk_links_never_lock_an_officer_out_of_their_live_link(client, make, app):
    _officer, token, _code = officer_with_link(make, app)
    statuses = [client.get(JUNK_LINK).status_code for _ in range(22)]
    assert statuses[:10] == [404] * 10, statuses
    assert set(statuses[10:]) == {429}
    # The same address (a carrier's NAT, or everyone behind the proxy) with a live link.
    assert client.get(f"/s/{token}").status_code == 302
    assert app.test_client().get(f"/s/{token}").status_code == 302


def test_junk_links_leave_the_nik_and_code_attempts_of_the_address_untouched(client, make, app):
    officer, _token, code = officer_with_link(make, app)
    for _ in range(22):
        client.get(JUNK_LINK)
    assert client.get(JUNK_LINK).status_code == 429
    response = client.post("/masuk", data={"nik": officer["nik"], "code": code})
    assert response.status_code == 302


def test_code_guesses_at_one_nik_are_stopped_whatever_the_address(client, make, app):
    officer, _token, code = officer_with_link(make, app)
    other, _other_token, other_code = officer_with_link(make, app)
    spaced = " ".join(officer["nik"][i : i + 4] for i in range(0, 16, 4))
    guesses = [
        client.post(
            "/masuk",
            data={"nik": spaced if n % 2 else officer["nik"], "code": "XXXXXX"},
            environ_base=_from(f"10.0.0.{n}"),
        ).status_code
        for n in range(11)
    ]
    assert guesses == [422] * 10 + [429], guesses
    fresh = _from("10.0.1.1")
    assert (
        client.post(
            "/masuk", data={"nik": officer["nik"], "code": code}, environ_base=fresh
        ).status_code
        == 429
    )
    # Another officer's NIK, from an address that guessed: its own budget.
    response = client.post(
        "/masuk", data={"nik": other["nik"], "code": other_code}, environ_base=_from("10.0.0.3")
    )
    assert response.status_code == 302


def test_typing_errors_in_the_nik_use_up_no_officers_attempts(client, make, app):
    officer, _token, code = officer_with_link(make, app)
    for n in range(10):
        client.post(
            "/masuk",
            data={"nik": officer["nik"][:15], "code": "XXXXXX"},
            environ_base=_from(f"10.0.2.{n}"),
        )
    response = client.post(
        "/masuk", data={"nik": officer["nik"], "code": code}, environ_base=_from("10.0.3.1")
    )
    assert response.status_code == 302


def test_the_attempt_counts_hold_no_nik(client, make, app):
    import hashlib
    import sqlite3
    from pathlib import Path

    officer, _token, _code = officer_with_link(make, app)
    client.post("/masuk", data={"nik": officer["nik"], "code": "XXXXXX"})
    counts = Path(app.config["DATABASE"]).parent / "ratelimit.db"
    with sqlite3.connect(counts) as conn:
        keys = " ".join(key for (key,) in conn.execute("SELECT key FROM window_count"))
    assert "nik:" in keys
    assert officer["nik"] not in keys
    assert hashlib.sha256(officer["nik"].encode()).hexdigest()[:32] not in keys


def test_reissued_link_replaces_the_old_one_and_ends_its_sessions(client, make, app, sign_in):
    officer, token, _code = officer_with_link(make, app)
    officer_client = app.test_client()
    officer_client.get(f"/s/{token}")
    assert officer_client.get("/skrining/persetujuan").status_code == 200
    sign_in("kpu")
    page = client.post(f"/kpu/petugas/{officer['id']}/tautan-baru", data={"konfirmasi": "ya"})
    assert page.status_code == 200
    new_token = access.link_token(app.config["ACCESS_KEY"].encode(), officer["id"], 2)
    assert new_token in page.text
    assert officer_client.get("/skrining/persetujuan").status_code == 302
    assert app.test_client().get(f"/s/{token}").status_code == 404
    assert app.test_client().get(f"/s/{new_token}").status_code == 302


def test_revoked_link_and_code_stop_working(client, make, app, sign_in):
    officer, token, code = officer_with_link(make, app)
    sign_in("kpu")
    client.post(f"/kpu/petugas/{officer['id']}/cabut", data={"konfirmasi": "ya"})
    other = app.test_client()
    assert other.get(f"/s/{token}").status_code == 404
    assert other.post("/masuk", data={"nik": officer["nik"], "code": code}).status_code == 422


@pytest.mark.parametrize("role", ["fktp", None])
def test_only_kpu_and_admin_manage_links(client, make, app, sign_in, role):
    officer, _token, _code = officer_with_link(make, app)
    if role:
        sign_in(role)
    response = client.post(f"/kpu/petugas/{officer['id']}/tautan-baru", data={"konfirmasi": "ya"})
    assert response.status_code == (403 if role else 302)


def test_link_export_gives_every_officer_of_a_tps_a_whatsapp_message(client, make, app, sign_in):
    from io import BytesIO

    from openpyxl import load_workbook

    for _ in range(3):
        make.officer(tps=4)
    make.officer(tps=5)
    sign_in("kpu")
    area = {"kelurahan": "3375011002", "tps": "4"}
    response = client.post("/kpu/petugas/tautan.xlsx", data=area)
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Nama"
    assert len(rows) == 4
    for row in rows[1:]:
        assert row[3] == 4
        assert "/s/" in row[5]
        assert row[8].startswith("https://wa.me/62")
    again = client.post("/kpu/petugas/tautan.xlsx", data=area)
    assert list(load_workbook(BytesIO(again.data)).active.iter_rows(values_only=True)) == rows


def test_no_token_or_nik_reaches_the_logs(client, make, app, caplog):
    officer, token, code = officer_with_link(make, app)
    with caplog.at_level(logging.DEBUG):
        client.get(f"/s/{token}")
        client.post("/masuk", data={"nik": officer["nik"], "code": code})
        logging.getLogger("werkzeug").info('"GET /s/%s HTTP/1.1" 302 -', token)
    text = caplog.text
    assert token not in text
    assert officer["nik"] not in text
