"""KPU's officer list: paged, searchable by name (and by NIK without it entering an address),
with real buttons for the link actions and a proper TPS box."""

import re

from tests.factories import officer_with_link

MEDONO = "3375011002"


def _officers(make, count, **fields):
    return [make.officer(**fields) for _ in range(count)]


def _names(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="officer-name">([^<]+)</th>', page)


def _searched(client, form: dict) -> str:
    """The list a posted search leads to."""
    response = client.post("/kpu/petugas/", data=form)
    assert response.status_code == 302
    return client.get(response.headers["Location"]).text


def test_a_kelurahan_is_paged_with_the_shared_pager(client, make, sign_in):
    _officers(make, 30)
    sign_in("kpu")
    first = client.get(f"/kpu/petugas/?kelurahan={MEDONO}").text
    assert len(_names(first)) == 25
    assert "Petugas 1–25 dari 30" in first
    assert f"/kpu/petugas/?halaman=2&amp;kelurahan={MEDONO}" in first
    second = client.get(f"/kpu/petugas/?kelurahan={MEDONO}&halaman=2").text
    assert len(_names(second)) == 5
    assert set(_names(first)).isdisjoint(_names(second))


def test_name_search_is_posted_kept_out_of_the_address_and_finds_part_of_a_name(
    client, make, sign_in
):
    _officers(make, 3)
    make.officer(name="Bambang Sutrisno")
    sign_in("kpu")
    response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "tps": "", "cari": "sutris"})
    assert response.status_code == 302
    assert "sutris" not in response.headers["Location"].lower()
    page = client.get(response.headers["Location"]).text
    assert _names(page) == ["Bambang Sutrisno"]
    assert "1 petugas" in page


def test_name_search_without_a_kelurahan_covers_the_whole_city(client, make, sign_in):
    make.officer(name="Bambang Sutrisno")
    sign_in("kpu")
    page = _searched(client, {"cari": "bambang"})
    assert _names(page) == ["Bambang Sutrisno"]
    assert "Medono" in page  # the kelurahan is shown when the list spans the city


def test_a_search_treats_percent_and_underscore_as_letters(client, make, sign_in):
    _officers(make, 3)
    sign_in("kpu")
    assert _names(_searched(client, {"cari": "%"})) == []


def test_nik_search_is_answered_at_once_and_the_nik_is_kept_in_no_address_or_cookie(
    client, make, sign_in
):
    _officers(make, 2)
    wanted = make.officer(name="Dewi Lestari")
    sign_in("kpu")
    spaced = " ".join(wanted["nik"][i : i + 4] for i in range(0, 16, 4))
    response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "cari": spaced})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert _names(response.text) == ["Dewi Lestari"]
    assert "Dicari menurut NIK" in response.text
    for link in re.findall(r'(?:href|action)="([^"]+)"', response.text):
        assert wanted["nik"] not in link.replace(" ", "").replace("+", "")
    with client.session_transaction() as session:
        assert wanted["nik"] not in str(dict(session)).replace(" ", "")
    # Nothing of it stays: the next visit lists the kelurahan again.
    assert len(_names(client.get(f"/kpu/petugas/?kelurahan={MEDONO}").text)) == 3


def test_a_nik_of_the_wrong_length_is_explained_not_searched(client, make, sign_in):
    _officers(make, 2)
    sign_in("kpu")
    response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "cari": "33750141"})
    assert response.status_code == 422
    assert "NIK harus 16 angka" in response.text
    assert 'value="33750141"' in response.text  # what was typed stays in the box
    assert _names(response.text) == []


def test_clearing_the_search_shows_the_whole_kelurahan_again(client, make, sign_in):
    _officers(make, 3)
    sign_in("kpu")
    assert _names(_searched(client, {"kelurahan": MEDONO, "cari": "tidak ada orangnya"})) == []
    assert len(_names(_searched(client, {"kelurahan": MEDONO, "cari": ""}))) == 3


def test_link_actions_are_buttons_and_the_tps_box_is_a_real_number_field(
    client, make, app, sign_in
):
    officer_with_link(make, app)
    make.officer()  # no link yet
    sign_in("kpu")
    page = client.get(f"/kpu/petugas/?kelurahan={MEDONO}").text
    assert 'class="link-button"' not in page.split("<main")[1]
    assert re.search(r'<a class="button secondary" href="/kpu/petugas/\d+/tautan-baru">', page)
    assert re.search(
        r'<a class="button secondary danger-outline" href="/kpu/petugas/\d+/cabut">', page
    )
    assert re.search(r'<button class="button secondary" type="submit">Buat tautan', page)
    tps = re.search(r"<input id=\"tps\"[^>]*>", page).group(0)
    assert 'type="text"' in tps
    assert 'inputmode="numeric"' in tps


def test_staff_list_pages_use_the_desk_width_and_officer_pages_do_not(client, make, sign_in):
    _officers(make, 1)
    assert 'class="page-wide"' not in client.get("/masuk").text
    sign_in("admin")
    for path in (
        f"/kpu/petugas/?kelurahan={MEDONO}",
        "/admin/staf",
        "/admin/audit",
        "/kpu/rujukan/",
    ):
        assert 'class="page-wide"' in client.get(path).text, path


def test_hostile_searches_get_an_answer_not_a_500(client, make, sign_in):
    _officers(make, 1)
    sign_in("kpu")
    for text in ("²", "٣٣٧٥", "\x00", "a" * 10_000, "'; DROP TABLE officer; --", "\r\n"):
        response = client.post("/kpu/petugas/", data={"kelurahan": MEDONO, "cari": text})
        assert response.status_code < 500, text
        assert client.get(f"/kpu/petugas/?kelurahan={MEDONO}").status_code == 200, text
