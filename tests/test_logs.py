"""Every log line is one line, and no NIK or personal-link token reaches a log, not even inside an
exception's text: in the app's log and in gunicorn's access log as gunicorn.conf.py sets it up."""

import logging
import os
import runpy
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import request
from gunicorn.config import Config

from screening.web import logs
from tests import apps

ROOT = Path(__file__).resolve().parent.parent
NIK = "3375011403850001"
TOKEN = "AbCdEfGhIjKlMnOpQrStUv"
FORGED = '127.0.0.1 "GET /admin/staf" 200 512 0.001s'


def test_control_characters_are_escaped_and_niks_redacted_in_a_message():
    assert logs.clean(f"a\nb\r\x00\x1b[31m\u2028 {NIK} /s/{TOKEN}") == (
        "a\\nb\\r\\x00\\x1b[31m\\u2028 [NIK] /s/[token]"
    )


def test_an_escape_next_to_a_nik_does_not_hide_it():
    assert NIK not in logs.clean(f"\x01{NIK}\x02")


def test_a_message_with_a_line_feed_stays_one_line_in_the_app_log(app, caplog):
    with caplog.at_level(logging.INFO):
        app.logger.info("roster %s", f"petugas.csv\n{FORGED}\x00")
        logging.getLogger("screening.printing.jobs").warning("job %s", f"x\n{FORGED}")
    assert len(caplog.records) == 2
    for line in caplog.text.splitlines():
        assert not line.startswith(FORGED)
    assert "petugas.csv\\n127.0.0.1" in caplog.text
    assert "\\x00" in caplog.text


def test_an_exception_text_has_its_nik_redacted_and_its_line_feeds_escaped(app, caplog):
    with caplog.at_level(logging.ERROR):
        try:
            try:
                raise KeyError(f"NIK {NIK}")
            except KeyError as error:
                raise ValueError(f"NIK {NIK} tidak cocok\n{FORGED}") from error
        except ValueError:
            app.logger.exception("impor gagal")
    text = caplog.text
    assert NIK not in text
    assert "NIK [NIK] tidak cocok\\n127.0.0.1" in text
    assert not any(line.startswith(FORGED) for line in text.splitlines())
    assert "Traceback (most recent call last):" in text.splitlines()  # frames keep their lines
    assert "KeyError: 'NIK [NIK]'" in text


def test_a_server_error_logs_no_nik_and_no_forged_line(make_app, caplog):
    app = make_app(TESTING=False)

    @app.get("/rusak")
    def broken():
        raise RuntimeError(f"petugas {NIK} {request.args['q']}")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/rusak", query_string={"q": f"x\n{FORGED}"})
    assert response.status_code == 500
    assert NIK not in caplog.text
    assert not any(line.startswith(FORGED) for line in caplog.text.splitlines())


def _gunicorn_config(access_log: Path) -> Config:
    """gunicorn's settings as gunicorn.conf.py gives them, the access log into a file."""
    cfg = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in cfg.settings:
            cfg.set(name, value)
    cfg.set("accesslog", str(access_log))
    return cfg


def test_gunicorn_access_log_escapes_a_forged_line_and_redacts_the_token(tmp_path):
    log_file = tmp_path / "access.log"
    cfg = _gunicorn_config(log_file)
    logger = cfg.logger_class(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.9",
        "PATH_INFO": f"/s/{TOKEN}\n{FORGED}\x00",
    }
    response = SimpleNamespace(status="404 NOT FOUND", sent=12, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0.01))
    for handler in logger.access_log.handlers:
        handler.flush()
    lines = log_file.read_text().splitlines()
    assert len(lines) == 1
    assert TOKEN not in lines[0]
    assert lines[0].startswith('10.0.0.9 "GET /s/[token]\\n127.0.0.1 \\"GET')
    assert "\\x00" in lines[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path, migrated_db):
    """gunicorn as the README starts it (gunicorn.conf.py), on a fresh database and free port."""
    database = tmp_path / "screening.db"
    apps.copy_database(migrated_db, database)
    port = _free_port()
    log_file = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "SKRINING_DATABASE": str(database),
        "SKRINING_SECRET_KEY": "s" * 32,
        "SKRINING_ACCESS_KEY": "a" * 32,
    }
    # One worker; no control socket (its default path is one per user, not one per run).
    command = [sys.executable, "-m", "gunicorn", "app:app", "-b", f"127.0.0.1:{port}"]
    command += ["-w", "1", "--no-control-socket"]
    with log_file.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 -- an argument list, never a shell string
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, log_file
    finally:
        server.terminate()
        server.wait(timeout=30)


def _raw_request(port: int, request_line: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    return reply


def test_a_request_line_with_an_encoded_line_feed_or_a_nul_writes_one_access_log_line(gunicorn):
    port, log_file = gunicorn
    forged = FORGED.replace(" ", "%20").replace('"', "%22").encode()
    _raw_request(port, b"GET /s/" + TOKEN.encode() + b"%0A" + forged + b" HTTP/1.1")
    _raw_request(port, b"GET /masuk%00" + forged + b" HTTP/1.1")
    _raw_request(port, b"GET /bantuan\x00" + forged + b" HTTP/1.1")
    time.sleep(0.5)
    log = log_file.read_text(errors="replace")
    assert TOKEN not in log
    assert "\x00" not in log
    assert not any(line.startswith(FORGED) for line in log.splitlines()), log
    assert '"GET /s/[token]\\n127.0.0.1 \\"GET /admin/staf\\" 200' in log
    assert '"GET /masuk\\x00127.0.0.1' in log


def test_the_development_server_keeps_its_colours_and_loses_the_token(app, caplog):
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('\x1b[33m"GET /s/%s HTTP/1.1" 404 -\x1b[0m', TOKEN)
    assert caplog.records[0].getMessage() == '\x1b[33m"GET /s/[token] HTTP/1.1" 404 -\x1b[0m'
