"""Sign-in limits hold for the whole server, not per gunicorn worker: the counts live in a SQLite
file beside the database (screening/web/ratelimit_storage.py) unless RATELIMIT_STORAGE_URI says
otherwise."""

import os
import socket
import stat
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from screening.web.ratelimit_storage import SQLiteStorage
from tests import apps

ROOT = Path(__file__).resolve().parent.parent
JUNK_LINK = "/s/" + "A" * 22


def test_counts_live_in_a_private_file_beside_the_database_by_default(app, client):
    database = Path(app.config["DATABASE"])
    counts = database.parent / "ratelimit.db"
    assert app.config["RATELIMIT_STORAGE_URI"] == f"sqlite://{counts}"
    assert not counts.exists()  # the app factory opens nothing
    assert client.get(JUNK_LINK).status_code == 404
    assert stat.S_IMODE(counts.stat().st_mode) == 0o600


def test_a_storage_uri_still_chooses_another_store(make_app):
    app = make_app(RATELIMIT_STORAGE_URI="memory://")
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    client = app.test_client()
    assert [client.get(JUNK_LINK).status_code for _ in range(11)][-1] == 429
    assert not (Path(app.config["DATABASE"]).parent / "ratelimit.db").exists()


def _hits(uri: str, attempts: int) -> int:
    """In a process of its own: how many of `attempts` the limit of 10 a minute let through."""
    limiter = FixedWindowRateLimiter(storage_from_string(uri))
    ten = RateLimitItemPerMinute(10)
    return sum(limiter.hit(ten, "one-client") for _ in range(attempts))


def test_processes_hammering_one_count_let_exactly_the_limit_through(tmp_path):
    uri = f"sqlite://{tmp_path / 'ratelimit.db'}"
    assert isinstance(storage_from_string(uri), SQLiteStorage)
    with ProcessPoolExecutor(max_workers=4) as pool:
        allowed = list(pool.map(_hits, [uri] * 4, [40] * 4))
    assert sum(allowed) == 10, allowed


def test_an_expired_window_starts_again(tmp_path):
    storage = storage_from_string(f"sqlite://{tmp_path / 'ratelimit.db'}")
    assert storage.incr("k", expiry=1) == 1
    assert storage.incr("k", expiry=1) == 2
    assert storage.get("k") == 2
    time.sleep(1.1)
    assert storage.get("k") == 0
    assert storage.incr("k", expiry=1) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """The app served as the README says (gunicorn.conf.py: 2 sync workers) on a free loopback
    port, with an access log that names the worker (pid) behind each status."""

    def __init__(self, folder: Path, storage_uri: str | None = None):
        self.folder = folder
        self.port = _free_port()
        self.storage_uri = storage_uri

    def __enter__(self):
        database = self.folder / "screening.db"
        apps.migrated_database(database)
        env = {
            **os.environ,
            "SKRINING_DATABASE": str(database),
            "SKRINING_SECRET_KEY": "workers-test-secret",
            "SKRINING_ACCESS_KEY": "workers-test-access-key",
        }
        if self.storage_uri:
            env["SKRINING_RATELIMIT_STORAGE_URI"] = self.storage_uri
        self.access_log = self.folder / "access.log"
        self.error_log = self.folder / "error.log"
        with self.access_log.open("w") as out, self.error_log.open("w") as err:
            self.process = subprocess.Popen(  # noqa: S603 -- an argument list, no shell
                [
                    *(sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")),
                    *("--bind", f"127.0.0.1:{self.port}", "--access-logformat", "%(p)s %(s)s"),
                    "app:app",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=err,
            )
        self._wait_for_workers()
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def _wait_for_workers(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.error_log.read_text())
            if self.error_log.read_text().count("Booting worker") >= 2:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                except OSError:
                    pass
                else:
                    time.sleep(1)  # both workers import the app before they accept
                    return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start: " + self.error_log.read_text())

    def get(self, path: str, client: str = "127.0.0.1") -> int:
        # A connection per request: the sync workers take turns accepting them.
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(client, 0))
        try:
            conn.request("GET", path)
            return conn.getresponse().status
        finally:
            conn.close()

    def hold_a_worker(self, path: str) -> socket.socket:
        """Send all of a request but its last line: the sync worker that accepts it waits for
        the rest and serves nothing else, so every other request goes to the other worker."""
        held = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        held.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        time.sleep(0.5)  # accepted by a worker before the next request arrives
        return held

    @staticmethod
    def release(held: socket.socket) -> int:
        held.sendall(b"Connection: close\r\n\r\n")
        status = int(held.recv(4096).split()[1])
        held.close()
        return status

    def served(self) -> list[tuple[str, int]]:
        """(worker pid, status) of every request, in the order they were answered."""
        time.sleep(0.5)  # a worker writes its access log line after the response has gone
        lines = self.access_log.read_text().splitlines()
        return [(pid, int(status)) for pid, status in (line.split() for line in lines if line)]


def worker_figures(folder: Path, storage_uri: str | None = None) -> dict:
    """Junk links from one client, first to one worker, then to the other; then 40 at once from
    another client.

    Worker A is held by an unfinished request while 10 junk links go to worker B; then B is
    held and A gets the unfinished one and 9 more. One count for the server: A refuses all 10.
    Counted per worker: A lets 10 more through (the limit doubles). Then 40 at once."""
    with Gunicorn(folder, storage_uri) as server:
        held_a = server.hold_a_worker(JUNK_LINK)
        to_b = [server.get(JUNK_LINK) for _ in range(10)]
        held_b = server.hold_a_worker(JUNK_LINK)
        to_a = [server.release(held_a)] + [server.get(JUNK_LINK) for _ in range(9)]
        pinned = server.served()
        server.release(held_b)
        # Another client (all of 127.0.0.0/8 is loopback) sends 40 at once.
        with ThreadPoolExecutor(max_workers=8) as pool:
            burst = list(pool.map(lambda _: server.get(JUNK_LINK, "127.0.0.2"), range(40)))
    return {
        "to_b": Counter(to_b),
        "to_a": Counter(to_a),
        "workers": Counter(pid for pid, _status in pinned),
        "burst": Counter(burst),
    }


def test_gunicorn_with_two_workers_counts_one_limit_for_the_server(tmp_path):
    figures = worker_figures(tmp_path)
    print(f"\ngunicorn, 2 workers, default storage: {figures}")
    assert sorted(figures["workers"].values()) == [10, 10], figures  # one worker each
    assert figures["to_b"] == Counter({404: 10})
    assert figures["to_a"] == Counter({429: 10})
    assert figures["burst"] == Counter({404: 10, 429: 30})


if __name__ == "__main__":  # `python -m tests.test_rate_limit_workers [memory://]`: the figures
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        uri = sys.argv[1] if len(sys.argv) > 1 else None
        print(uri or "default storage", worker_figures(Path(folder), uri))
