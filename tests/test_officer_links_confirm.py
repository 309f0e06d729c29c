"""Replacing or revoking an officer's personal link kills the card already printed: KPU confirms
first, on a page that works without JavaScript, and a POST without the confirmation does nothing."""

from screening.officers import access
from screening.store import access as access_store
from tests.factories import officer_with_link


def test_the_list_opens_a_confirmation_page_for_new_link_and_revoke(client, make, app, sign_in):
    officer, _token, _code = officer_with_link(make, app)
    sign_in("kpu")
    page = client.get("/kpu/petugas/?kelurahan=3375011002").text
    assert f'href="/kpu/petugas/{officer["id"]}/tautan-baru"' in page
    assert f'href="/kpu/petugas/{officer["id"]}/cabut"' in page


def test_new_link_confirmation_says_the_printed_card_stops_working(client, make, app, sign_in):
    officer, token, _code = officer_with_link(make, app)
    sign_in("kpu")
    page = client.get(f"/kpu/petugas/{officer['id']}/tautan-baru")
    assert page.status_code == 200
    assert officer["name"] in page.text
    assert "kartu akses yang sudah dicetak" in page.text
    assert 'name="konfirmasi" value="ya"' in page.text
    assert 'href="/kpu/petugas/?kelurahan=3375011002' in page.text  # the way back
    assert app.test_client().get(f"/s/{token}").status_code == 302  # nothing changed yet


def test_new_link_without_confirmation_keeps_the_old_link(client, make, app, db, sign_in):
    officer, token, _code = officer_with_link(make, app)
    sign_in("kpu")
    response = client.post(f"/kpu/petugas/{officer['id']}/tautan-baru")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/kpu/petugas/{officer['id']}/tautan-baru"
    assert access_store.access_version(db, officer["id"]) == 1
    assert app.test_client().get(f"/s/{token}").status_code == 302


def test_a_first_link_needs_no_confirmation(client, make, db, app, sign_in):
    """Nothing printed can be lost when the officer has no live link yet."""
    row = make.officer()
    officer_id = next(db["officer"].rows_where("nik = ?", [row["nik"]]))["id"]
    sign_in("kpu")
    page = client.post(f"/kpu/petugas/{officer_id}/tautan-baru")
    assert page.status_code == 200
    token = access.link_token(app.config["ACCESS_KEY"].encode(), officer_id, 1)
    assert token in page.text


def test_revoke_confirmation_then_revoke(client, make, app, db, sign_in):
    officer, token, _code = officer_with_link(make, app)
    sign_in("kpu")
    page = client.get(f"/kpu/petugas/{officer['id']}/cabut")
    assert page.status_code == 200
    assert officer["name"] in page.text
    assert "kartu akses yang sudah dicetak" in page.text

    refused = client.post(f"/kpu/petugas/{officer['id']}/cabut")
    assert refused.status_code == 303
    assert refused.headers["Location"] == f"/kpu/petugas/{officer['id']}/cabut"
    assert app.test_client().get(f"/s/{token}").status_code == 302

    done = client.post(f"/kpu/petugas/{officer['id']}/cabut", data={"konfirmasi": "ya"})
    assert done.status_code == 302
    assert access_store.access_version(db, officer["id"]) is None
    assert app.test_client().get(f"/s/{token}").status_code == 404


def test_confirmation_pages_of_an_unknown_officer_are_404(client, sign_in):
    sign_in("kpu")
    assert client.get("/kpu/petugas/999999/tautan-baru").status_code == 404
    assert client.get("/kpu/petugas/999999/cabut").status_code == 404
