"""One public address (BASE_URL, `SKRINING_BASE_URL`) for every absolute link the app hands out,
whatever Host header a request carried."""

import shutil
import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook

from screening import store
from screening.areas import Area
from screening.printing import bulk as printing
from screening.printing import slips
from screening.store import migrations
from screening.web.app import create_app
from tests.factories import PASSWORD, officer_with_link

BASE_URL = "https://skrining.pekalongan.example"
EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


def sign_in_through_evil_host(client, make):
    # The session cookie belongs to the host it was set on: sign in through the same Host.
    staff = make.staff(role="kpu")
    response = client.post(
        "/staf/masuk", data={"username": staff["username"], "password": PASSWORD}, headers=EVIL
    )
    assert response.status_code == 302


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "ACCESS_KEY": "test-access-key",
            "DATABASE": str(tmp_path / "test.db"),
            "WTF_CSRF_ENABLED": False,
            "BASE_URL": BASE_URL + "/",
            "PDF_WORKERS": 1,
            "STAFF_TOTP": "optional",  # the KPU operator signs in with the password alone
        }
    )
    db = store.connect(app.config["DATABASE"])
    migrations.apply(db)
    db.close()
    return app


def test_link_export_uses_the_public_address_not_the_host_header(client, make, app):
    for _ in range(2):
        make.officer(tps=4)
    sign_in_through_evil_host(client, make)
    response = client.post(
        "/kpu/petugas/tautan.xlsx", data={"kelurahan": "3375011002"}, headers=EVIL
    )
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True))[1:]
    assert len(rows) == 2
    for row in rows:
        link, message = row[5], row[7]
        assert link.startswith(f"{BASE_URL}/s/")
        assert f"masuk di {BASE_URL}/masuk " in message
        assert "evil.example" not in "".join(str(cell) for cell in row)


def test_a_new_link_shown_to_kpu_uses_the_public_address(client, make, app):
    officer, _token, _code = officer_with_link(make, app)
    sign_in_through_evil_host(client, make)
    page = client.post(
        f"/kpu/petugas/{officer['id']}/tautan-baru", data={"konfirmasi": "ya"}, headers=EVIL
    )
    assert page.status_code == 200
    assert f"{BASE_URL}/s/" in page.text
    assert "evil.example" not in page.text


def test_cards_and_slips_point_to_the_public_address(app, make, db):
    officer_with_link(make, app)
    with app.test_request_context("/", headers=EVIL):
        groups = printing.card_groups(Area())
        assert groups[0]["cards"][0]["link"].startswith(f"{BASE_URL}/s/")
        assert printing.card_document(groups)["sign_in_url"] == f"{BASE_URL}/masuk"
        row = {
            "number": "RJ-00001",
            "created_at": "2029-01-02T08:00:00+07:00",
            "deadline": "2029-01-09",
            "urgency": "segera",
            "officer_name": "A",
            "nik": "1",
            "jkn_number": None,
            "role": "KPPS",
            "tps": 1,
            "kelurahan_name": "Medono",
            "kecamatan_name": "Pekalongan Barat",
            "fktp_code": None,
            "fktp_name": None,
            "fktp_address": None,
        }
        data = printing.slip_document([row])["slips"][0]
    assert data["url"] == f"{BASE_URL}/rujukan/RJ-00001"
    assert data["qr"] == slips.qr_data_uri(f"{BASE_URL}/rujukan/RJ-00001")


def test_demo_accounts_print_links_on_the_public_address(app, runner):
    for args in (["demo", "load"], ["demo", "accounts"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    assert f"{BASE_URL}/s/" in result.output
    assert "127.0.0.1" not in result.output


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_run_sets_the_public_address_from_host_and_port(tmp_path):
    def base_url(*args, env=None):
        # An argument list, never a shell string; make reads the project's Makefile.
        command = [
            "make",
            "--no-print-directory",
            "--eval",
            "print-base-url: ; @echo $$SKRINING_BASE_URL",
            "print-base-url",
            *args,
        ]
        return subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True, env=env
        ).stdout.strip()

    assert base_url("HOST=192.168.1.20", "PORT=5105", env={"PATH": "/usr/bin:/bin"}) == (
        "http://192.168.1.20:5105"
    )
    behind_a_proxy = {"PATH": "/usr/bin:/bin", "SKRINING_BASE_URL": "https://skrining.example.id"}
    assert base_url(env=behind_a_proxy) == "https://skrining.example.id"
