"""Body measurements take one decimal, with a comma or a point; measured blood pressure stays
whole; a refused number comes back as typed, with a plain Indonesian error."""

import pytest

from screening.store import responses
from tests.factories import officer_with_link


@pytest.fixture
def officer_client(app, make):
    officer, token, _code = officer_with_link(make, app)
    client = app.test_client()
    client.get(f"/s/{token}")
    assert client.post("/skrining/persetujuan", data={"keputusan": "setuju"}).status_code == 302
    client.officer = officer
    return client


def test_weight_height_and_waist_take_a_decimal_comma_or_point(officer_client, db):
    data = {"berat_kg": "72,5", "tinggi_cm": "165.5", "lingkar_perut_cm": "93,5", "aksi": "lanjut"}
    response = officer_client.post("/skrining/langkah/1", data=data)
    assert response.status_code == 302, response.text
    answers = responses.response_for_officer(db, officer_client.officer["id"])["answers"]
    assert answers["berat_kg"] == 72.5
    assert answers["tinggi_cm"] == 165.5
    assert answers["lingkar_perut_cm"] == 93.5


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("93,55", "Tulis paling banyak 1 angka di belakang koma, misalnya 102,5."),
        ("93 cm", "Tulis angka saja, misalnya 102,5."),
        ("9.3.5", "Tulis angka saja, misalnya 102,5."),
    ],
)
def test_a_refused_waist_comes_back_as_typed_with_its_error(officer_client, typed, error):
    data = {"berat_kg": "72,5", "tinggi_cm": "165", "lingkar_perut_cm": typed, "aksi": "lanjut"}
    response = officer_client.post("/skrining/langkah/1", data=data)
    assert response.status_code == 422
    assert error in response.text
    assert f'name="lingkar_perut_cm" type="text" value="{typed}"' in response.text
    assert 'name="berat_kg" type="text" value="72,5"' in response.text
