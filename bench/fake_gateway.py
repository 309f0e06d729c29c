"""A fake messaging gateway on loopback, for the gateway sender's tests and bench: it answers
each POST with the next scripted reply (an HTTP status, or "slow" to sleep past the client's
time-out) and records what it received and when."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGateway:
    def __init__(self, replies=(), *, default=200, slow_seconds=0.5):
        self.replies = list(replies)
        self.default = default
        self.slow_seconds = slow_seconds
        self.received: list[dict] = []
        self.times: list[float] = []
        self.headers: list[dict] = []
        self._lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with gateway._lock:
                    gateway.times.append(time.monotonic())
                    gateway.received.append(json.loads(body))
                    gateway.headers.append(dict(self.headers))
                    reply = gateway.replies.pop(0) if gateway.replies else gateway.default
                if reply == "slow":
                    time.sleep(gateway.slow_seconds)
                    reply = 200
                self.send_response(reply)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
