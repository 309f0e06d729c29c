"""Gateway sender throughput against a fake gateway on loopback, rate limit off and on.

Measures `screening.outreach.gateway.Sender.send` alone (JSON, an HTTP POST on 127.0.0.1, the
answer): the ceiling the sender puts on a city's morning batch, and that the configured rate
limit holds (the paced run must take at least (n - 1) / rate seconds).
"""

import time

from bench.fake_gateway import FakeGateway
from screening.outreach import gateway

MESSAGES = 500
PACED_MESSAGES = 101
RATE = 50.0
TEXT = (
    "Yth. Petugas Uji, Anda diminta memeriksakan diri ke Puskesmas Medono (Jl. Uji 1) paling "
    "lambat Senin, 5 Maret 2029. Buka tautan Anda: https://skrining.example.id/s/abcdefghijkl"
)


def _run(url: str, n: int, rate: float) -> dict:
    sender = gateway.Sender(gateway.GatewaySettings(url=url, timeout=5.0, rate_per_second=rate))
    start = time.perf_counter()
    sent = 0
    for i in range(n):
        outcome = sender.send(
            number="6281234567890",
            template="rujukan_baru",
            language="id",
            text=TEXT,
            reference=f"message-{i}",
        )
        sent += outcome.kind == gateway.SENT
    seconds = time.perf_counter() - start
    return {
        "messages": n,
        "sent": sent,
        "seconds": round(seconds, 3),
        "messages_per_second": round(n / seconds, 1),
    }


def run() -> dict:
    with FakeGateway() as fake:
        unlimited = _run(fake.url, MESSAGES, 0)
        paced = _run(fake.url, PACED_MESSAGES, RATE)
    paced["rate_limit_per_second"] = RATE
    paced["at_least_seconds"] = round((PACED_MESSAGES - 1) / RATE, 3)
    paced["limit_held"] = paced["seconds"] >= paced["at_least_seconds"]
    return {"rate_limit_off": unlimited, "rate_limit_on": paced}
