"""docs/deploy's nginx site, run by Debian's nginx in front of gunicorn, on loopback ports.

The site file is the one README tells people to copy. The test runs that file itself, TLS and
all, with only what must differ on a test machine rewritten: the listen addresses (loopback, free
ports, no IPv6), the certificate paths (a self-signed certificate made here) and the upstream's
port. Behind it, gunicorn serves the app with 2 workers and SKRINING_PROXY_HOPS=1, as the
production section of the README says. Clients connect from different loopback addresses
(127.0.0.2, 127.0.0.3, …), which is what nginx sees as their address.
"""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from screening.web.config import DEFAULTS, PROJECT_ROOT
from tests import apps
from tests.deploy import nginx_conf

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (`make test` installs it)"
)

SITE = PROJECT_ROOT / "docs" / "deploy" / "nginx-skrining.conf"
SERVER_NAME = "skrining.example.go.id"
JUNK_TOKEN = "A" * 22  # looks like a personal-link token, belongs to nobody


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listens on {port}:\n{log.read_text()}")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for SERVER_NAME, standing in for the real one."""
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(  # noqa: S603 -- an argument list, no shell
        [
            shutil.which("openssl") or "/usr/bin/openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={SERVER_NAME}",
            "-addext",
            f"subjectAltName=DNS:{SERVER_NAME}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_conf_around(site: str, prefix: Path) -> str:
    """The main nginx.conf Debian would have, pointed at `prefix` for every file nginx writes."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / name).mkdir(exist_ok=True)
    # Run as root (CI), nginx would switch its workers to `nobody`, who cannot enter pytest's
    # private temporary folder where the request bodies are buffered.
    user = "user root root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{site}
}}
"""


def with_test_files(site: list, cert: Path, key: Path, logs: Path) -> list:
    """The site with the test certificate, and its logs in `logs` (no root paths)."""
    replaced = set()
    for directive in nginx_conf.walk(site):
        if directive.name == "ssl_certificate":
            directive.args = [str(cert)]
        elif directive.name == "ssl_certificate_key":
            directive.args = [str(key)]
        elif directive.name in ("access_log", "error_log"):
            directive.args = [str(logs / Path(directive.args[0]).name), *directive.args[1:]]
        else:
            continue
        replaced.add(directive.name)
    assert replaced == {"ssl_certificate", "ssl_certificate_key", "access_log", "error_log"}
    return site


def on_test_ports(site: list, *, http_port: int, https_port: int, app_port: int) -> list:
    """The same site on 127.0.0.1's free ports, without IPv6 (a test machine may lack it)."""

    def rewrite(block: list) -> list:
        kept = []
        for d in block:
            if d.name == "listen":
                if d.args[0].startswith("["):
                    continue
                port = {"80": http_port, "443": https_port}[d.args[0]]
                d.args = [f"127.0.0.1:{port}", *d.args[1:]]
            if d.name == "server" and d.block is None:  # an upstream's server
                assert d.args == ["127.0.0.1:8000"], d.args
                d.args = [f"127.0.0.1:{app_port}"]
            if d.block is not None:
                d.block = rewrite(d.block)
            kept.append(d)
        return kept

    return rewrite(site)


def shipped_site() -> list:
    return nginx_conf.parse(SITE.read_text())


def main_server(site: list) -> nginx_conf.Directive:
    (server,) = [
        d
        for d in site
        if d.name == "server" and d.value("server_name") == SERVER_NAME
        if "ssl" in " ".join(a for listen in d.find("listen") for a in listen.args)
    ]
    return server


class Peer(http.client.HTTPSConnection):
    """An HTTPS client connecting from a chosen loopback address, naming SERVER_NAME (SNI and
    Host) as a phone would, and trusting only the test certificate."""

    def __init__(self, port: int, source: str, tls: ssl.SSLContext, timeout: float = 15):
        super().__init__(
            SERVER_NAME, port, context=tls, source_address=(source, 0), timeout=timeout
        )
        self.tls, self.target = tls, ("127.0.0.1", port)

    def connect(self):
        raw = socket.create_connection(self.target, self.timeout, self.source_address)
        self.sock = self.tls.wrap_socket(raw, server_hostname=SERVER_NAME)

    def fetch(self, method: str, path: str, headers=None, body=None):
        self.request(method, path, body=body, headers=headers or {})
        response = self.getresponse()
        return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, migrated_db):
    """gunicorn (2 workers, PROXY_HOPS=1) and nginx with the shipped site, both on loopback."""
    folder = tmp_path_factory.mktemp("deploy")
    database = folder / "screening.db"
    apps.copy_database(migrated_db, database)
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    gunicorn_log = folder / "gunicorn.log"
    env = {
        **os.environ,
        "SKRINING_DATABASE": str(database),
        "SKRINING_SECRET_KEY": "deploy-test-secret",
        "SKRINING_ACCESS_KEY": "deploy-test-access-key",
        "SKRINING_PROXY_HOPS": "1",
        "SKRINING_SESSION_COOKIE_SECURE": "1",
        "SKRINING_BASE_URL": f"https://{SERVER_NAME}",
    }
    with gunicorn_log.open("w") as log:  # the child keeps its own copy of the descriptor
        gunicorn = subprocess.Popen(  # noqa: S603 -- an argument list, no shell
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{app_port}",
                "--workers",
                "2",
                "app:app",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    nginx = None
    try:
        wait_for_port(app_port, gunicorn, gunicorn_log)
        cert, key = make_certificate(folder)
        site = on_test_ports(
            with_test_files(shipped_site(), cert, key, folder),
            http_port=http_port,
            https_port=https_port,
            app_port=app_port,
        )
        conf = folder / "nginx.conf"
        conf.write_text(nginx_conf_around(nginx_conf.dump(site, "    "), folder))
        nginx_log = folder / "nginx.out"
        with nginx_log.open("w") as log:
            nginx = subprocess.Popen(  # noqa: S603 -- an argument list, no shell
                [NGINX, "-p", str(folder), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for_port(https_port, nginx, nginx_log)
        tls = ssl.create_default_context(cafile=str(cert))
        # Each worker loads the questionnaires on its first request: warm both up.
        for _ in range(4):
            with closing(Peer(https_port, "127.0.0.9", tls)) as conn:
                conn.fetch("GET", "/masuk")
        yield {
            "https": https_port,
            "http": http_port,
            "app": app_port,
            "tls": tls,
            "folder": folder,
        }
    finally:
        for process in (nginx, gunicorn):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


def peer(stack, source: str) -> Peer:
    return Peer(stack["https"], source, stack["tls"])


def fetch(stack, source: str, method: str, path: str, headers=None):
    """One request through nginx from `source`, on its own connection."""
    with closing(peer(stack, source)) as conn:
        return conn.fetch(method, path, headers)


def test_the_shipped_site_passes_nginx_t(tmp_path):
    cert, key = make_certificate(tmp_path)
    site = with_test_files(shipped_site(), cert, key, tmp_path)
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf_around(nginx_conf.dump(site, "    "), tmp_path))
    result = subprocess.run(  # noqa: S603 -- an argument list, no shell
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr, result.stderr


def test_the_site_buffers_requests_and_responses_and_sets_forwarded_headers_itself():
    location = main_server(shipped_site()).find("location")[0]
    assert location.args == ["/"]
    assert location.value("proxy_request_buffering") == "on"
    assert location.value("proxy_buffering") == "on"
    headers = {d.args[0]: " ".join(d.args[1:]) for d in location.find("proxy_set_header")}
    # Set from what nginx saw; $proxy_add_x_forwarded_for would keep what the client wrote.
    assert headers["X-Forwarded-For"] == "$remote_addr"
    assert headers["X-Forwarded-Proto"] == "$scheme"
    for untrusted in ("X-Forwarded-Host", "Forwarded", "X-Real-IP"):
        assert headers[untrusted] == '""'


def test_the_body_limit_matches_the_app_upload_limit():
    size = main_server(shipped_site()).value("client_max_body_size")
    number, unit = int(size[:-1]), size[-1].lower()
    assert number * {"k": 1024, "m": 1024 * 1024}[unit] == DEFAULTS["MAX_CONTENT_LENGTH"]
    for timeout in ("client_body_timeout", "client_header_timeout", "send_timeout"):
        assert main_server(shipped_site()).value(timeout)


def test_the_sign_in_limit_counts_the_real_client_not_its_forwarded_header(stack):
    """A client that writes a new X-Forwarded-For on every guess is still one client, and the
    guesses of one client do not lock out another behind the same proxy."""
    statuses = []
    # The limit is 10 a minute per client. Until six answers in a row are 429, so that every
    # worker has refused this client even where each worker keeps its own count.
    with closing(peer(stack, "127.0.0.2")) as guesser:
        for n in range(40):
            status, _headers, _body = guesser.fetch(
                "GET", f"/s/{JUNK_TOKEN}", headers={"X-Forwarded-For": f"198.51.100.{n}"}
            )
            statuses.append(status)
            if statuses[-6:] == [429] * 6:
                break
    assert statuses[-6:] == [429] * 6, statuses
    assert set(statuses) == {404, 429}

    other = [fetch(stack, "127.0.0.3", "GET", f"/s/{JUNK_TOKEN}")[0] for _ in range(5)]
    assert other == [404] * 5


def test_the_access_log_keeps_no_token_and_no_nik(stack):
    nik = "3375015403850005"
    fetch(stack, "127.0.0.7", "GET", f"/s/{JUNK_TOKEN}-log")
    fetch(stack, "127.0.0.7", "GET", f"/{nik}?cari={nik}")
    fetch(stack, "127.0.0.7", "GET", "/masuk%0A127.0.0.1%20[forged]%20%22GET%20/admin%22%20200")
    time.sleep(0.2)  # nginx writes its log line after the response
    log = (stack["folder"] / "skrining.access.log").read_text()
    lines = [line for line in log.splitlines() if line.startswith("127.0.0.7 ")]
    assert len(lines) == 3, log
    assert JUNK_TOKEN not in log
    assert nik not in log
    assert '"GET /s/[token]"' in lines[0]
    assert '"GET [path with a NIK]"' in lines[1]
    assert not any(line.startswith("127.0.0.1 [forged]") for line in log.splitlines())


APP_HEADERS_IGNORED = {
    # Per hop or per connection, or set by the server that answers: not the app's.
    "date",
    "server",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
}


def vary(headers) -> set[str]:
    return {v.strip() for value in headers.get_all("Vary") or [] for v in value.split(",")}


def test_headers_the_app_sets_arrive_through_nginx(stack):
    def direct():
        with closing(http.client.HTTPConnection("127.0.0.1", stack["app"], timeout=15)) as conn:
            conn.request("GET", "/masuk", headers={"Host": SERVER_NAME})
            response = conn.getresponse()
            response.read()
            return response.status, response.headers

    (status_a, first), (_, second) = direct(), direct()
    status, through, _body = fetch(stack, "127.0.0.4", "GET", "/masuk")
    assert status == status_a == 200
    names = {name.lower() for name in first} - APP_HEADERS_IGNORED
    assert names <= {name.lower() for name in through}
    # Values that do not change between two requests must arrive unchanged.
    for name in names:
        if first.get_all(name) == second.get_all(name) and name != "vary":
            assert through.get_all(name) == first.get_all(name), name
    # nginx adds its own Vary (Accept-Encoding, for gzip) beside the app's.
    assert vary(first) <= vary(through)
    assert through["Server"] == "nginx"  # no version for scanners


def test_a_slow_client_does_not_hold_the_workers(stack):
    """Phones that send a request body slowly (or never finish it) are kept by nginx: with only
    two sync workers behind it, three such clients would otherwise leave nobody to serve."""
    stalled = []
    try:
        for n in range(4):
            raw = socket.create_connection(
                ("127.0.0.1", stack["https"]), timeout=10, source_address=(f"127.0.0.{20 + n}", 0)
            )
            sock = stack["tls"].wrap_socket(raw, server_hostname=SERVER_NAME)
            sock.sendall(
                f"POST /masuk HTTP/1.1\r\nHost: {SERVER_NAME}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 1000\r\n\r\nnik=3375".encode()
            )
            stalled.append(sock)
        time.sleep(0.5)
        started = time.monotonic()
        status, _headers, _body = fetch(stack, "127.0.0.5", "GET", "/masuk")
        assert status == 200
        assert time.monotonic() - started < 3
    finally:
        for sock in stalled:
            sock.close()


def test_an_upload_over_the_limit_is_refused_before_it_is_read(stack):
    with closing(peer(stack, "127.0.0.6")) as conn:
        refused(conn)


def refused(conn):
    conn.putrequest("POST", "/kpu/petugas/impor")
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(DEFAULTS["MAX_CONTENT_LENGTH"] + 1))
    conn.endheaders()  # and not one byte of the body
    response = conn.getresponse()
    assert response.status == 413
    assert "Berkas terlalu besar" in response.read().decode()


def plain_http(stack, host: str):
    conn = http.client.HTTPConnection("127.0.0.1", stack["http"], timeout=15)
    with closing(conn):
        conn.request("GET", f"/s/{JUNK_TOKEN}", headers={"Host": host})
        response = conn.getresponse()
        response.read()
        return response


def test_plain_http_is_sent_to_https_at_the_public_name(stack):
    response = plain_http(stack, SERVER_NAME)
    assert response.status == 301
    assert response.headers["Location"] == f"https://{SERVER_NAME}/s/{JUNK_TOKEN}"


def test_an_unknown_host_never_reaches_the_app(stack):
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        plain_http(stack, "evil.example")
