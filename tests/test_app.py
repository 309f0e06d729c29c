"""The app factory, configuration, the base page and the language switch."""

import re

import pytest

from screening.web.app import create_app
from screening.web.config import instance_secret_key


def test_factory_uses_the_config_it_is_given(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "x.db"), "SECRET_KEY": "k"})
    assert app.testing
    assert app.config["DATABASE"] == str(tmp_path / "x.db")


def test_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path):
    key = instance_secret_key(tmp_path)
    assert len(key) == 64
    assert instance_secret_key(tmp_path) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("SKRINING_POLLING_DAY", "2029-11-27")
    monkeypatch.setenv("SKRINING_DATABASE", str(tmp_path / "env.db"))
    app = create_app({"SECRET_KEY": "k"})
    assert app.config["POLLING_DAY"] == "2029-11-27"
    assert app.config["DATABASE"] == str(tmp_path / "env.db")


def test_home_page_is_in_indonesian_by_default(client):
    page = client.get("/").text
    assert '<html lang="id">' in page
    assert "Skrining riwayat kesehatan untuk petugas pemilu" in page
    assert "tidak memengaruhi pengangkatan" in page


def test_browser_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="en">' in page
    assert "Health history screening for election officers" in page


def test_unsupported_browser_language_falls_back_to_indonesian(client):
    page = client.get("/", headers={"Accept-Language": "fr-FR"}).text
    assert '<html lang="id">' in page


def test_explicit_language_choice_is_remembered_over_the_browser(client):
    response = client.get("/bahasa/en?next=/staf/masuk")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staf/masuk"
    page = client.get("/", headers={"Accept-Language": "id"}).text
    assert '<html lang="en">' in page
    client.get("/bahasa/id")
    assert '<html lang="id">' in client.get("/", headers={"Accept-Language": "en"}).text


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/bahasa/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_base_page_has_landmarks_skip_link_and_no_external_requests(client):
    page = client.get("/").text
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in page
    assert 'href="#isi"' in page
    assert 'id="isi"' in page
    assert 'name="viewport"' in page
    # No CDN, no web fonts, no analytics: every src/href is local or a fragment.
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not re.match(r"(https?:)?//", url), url


def test_footer_says_who_runs_the_service(client):
    assert (
        "Layanan ini dijalankan oleh Dinas Kesehatan dan KPU Kota Pekalongan"
        in client.get("/").text
    )


def test_unknown_page_gets_a_plain_indonesian_404(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
