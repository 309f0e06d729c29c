"""docs/deploy/skrining.service: gunicorn comes back when killed, as its own locked-down user."""

import re
import shutil
import subprocess

import pytest

from screening.web.config import PROJECT_ROOT
from tests.deploy import nginx_conf

UNIT = PROJECT_ROOT / "docs" / "deploy" / "skrining.service"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


def service_settings() -> dict[str, list[str]]:
    """Every `Key=value` of the [Service] section; a key may be given more than once."""
    settings: dict[str, list[str]] = {}
    section = None
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]":
            key, _, value = line.partition("=")
            settings.setdefault(key, []).append(value)
    return settings


def one(settings, key) -> str:
    (value,) = settings[key]
    return value


def test_a_killed_master_is_started_again():
    settings = service_settings()
    assert one(settings, "Restart") == "always"
    assert "StartLimitIntervalSec=0" in UNIT.read_text()


def test_it_runs_as_its_own_user_and_creates_private_files():
    settings = service_settings()
    assert one(settings, "User") not in {"root", "nobody", ""}
    assert one(settings, "UMask") == "0077"
    assert one(settings, "NoNewPrivileges") == "yes"
    assert one(settings, "ProtectSystem") == "strict"
    assert one(settings, "CapabilityBoundingSet") == ""


def test_only_the_instance_folder_is_writable_and_it_is_the_apps_own():
    settings = service_settings()
    # Flask's instance folder of a checkout run from its own directory: <checkout>/instance.
    assert settings["ReadWritePaths"] == [one(settings, "WorkingDirectory") + "/instance"]


def test_gunicorn_listens_where_the_nginx_site_sends_requests():
    settings = service_settings()
    assert one(settings, "ExecStart").endswith("/gunicorn app:app")
    gunicorn_conf: dict = {}
    exec((PROJECT_ROOT / "gunicorn.conf.py").read_text(), gunicorn_conf)  # noqa: S102 -- our file
    site = nginx_conf.parse((PROJECT_ROOT / "docs" / "deploy" / "nginx-skrining.conf").read_text())
    (upstream,) = [d for d in site if d.name == "upstream"]
    assert upstream.value("server") == gunicorn_conf["bind"]


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_unit_and_rates_it_well_hardened(tmp_path):
    # Verifying checks that the programs exist: point them at one that does.
    text = re.sub(r"/srv/skrining/app/\.venv/bin/\w+", "/bin/true", UNIT.read_text())
    unit = tmp_path / "skrining.service"
    unit.write_text(text)
    verified = subprocess.run(  # noqa: S603 -- an argument list, no shell
        [SYSTEMD_ANALYZE, "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert verified.returncode == 0, verified.stderr
    assert "Unknown" not in verified.stderr, verified.stderr
    security = subprocess.run(  # noqa: S603 -- an argument list, no shell
        [SYSTEMD_ANALYZE, "security", "--offline=yes", str(unit)],
        capture_output=True,
        text=True,
        check=False,
    )
    level = re.search(r"Overall exposure level for \S+: ([\d.]+)", security.stdout)
    if level is None:  # a systemd without offline security analysis (before 250)
        pytest.skip(security.stderr.strip() or "no exposure level")
    # systemd's scale: 0 (locked down) to 10 (unprotected); below 2 reads "OK".
    assert float(level.group(1)) < 2, security.stdout
