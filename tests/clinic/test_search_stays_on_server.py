"""The clinician's worklist search (often a NIK) is kept with the session on the server, never in
the cookie: a cookie is copied with the browser profile, sits in backups, and is readable to
anyone who holds it (Flask's cookie is signed, not encrypted)."""

import json

from screening.web import sessions


def cookie_contents(client) -> dict:
    app = client.application
    value = client.get_cookie("session").value
    return app.session_interface.get_signing_serializer(app).loads(value)


def test_a_nik_searched_for_on_the_worklist_is_not_in_the_cookie(world, be):
    client = be("clinician_x")
    nik = world.officer_a["nik"]
    response = client.post("/fktp/", data={"q": nik})
    assert response.status_code == 302
    assert nik not in response.headers["Location"]
    held = cookie_contents(client)
    assert set(held) <= sessions.COOKIE_KEYS
    assert nik not in json.dumps(held)
    # The search still holds, kept on the server: the page shows it and finds Siti.
    page = client.get("/fktp/").text
    assert "Siti Aminah" in page
    assert f'value="{nik}"' in page


def test_the_search_goes_with_the_session_when_the_clinician_signs_out(world, be):
    client = be("clinician_x")
    client.post("/fktp/", data={"q": world.officer_a["nik"]})
    client.post("/staf/keluar")
    client = be("clinician_x")
    assert world.officer_a["nik"] not in client.get("/fktp/").text
