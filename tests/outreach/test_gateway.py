"""The gateway sender against a fake gateway on loopback: success, refusal, retries, pacing."""

import time

import pytest

from bench.fake_gateway import FakeGateway
from screening.outreach import delivery, gateway
from screening.store import outbox

from .sending import link_for, officer_id, queue, status, wib


def _sender(url, **settings):
    defaults = {"timeout": 2.0, "max_attempts": 3, "backoff_seconds": 60, "rate_per_second": 0}
    return gateway.Sender(gateway.GatewaySettings(url=url, **{**defaults, **settings}))


def _release(app, db, at, sender):
    return delivery.release(db, wib(at), app.config, link_for=link_for, sender=sender)


@pytest.fixture
def fake():
    with FakeGateway() as server:
        yield server


def test_a_sent_message_is_marked_sent_with_the_provider_template(app, db, make, fake):
    message = queue(db, officer_id(make, phone="0812-3456-7890"), channel="gateway")
    sender = _sender(fake.url, token="rahasia", templates={"undangan": "skrining_undangan_v1"})
    assert _release(app, db, "2029-01-10 09:00", sender).sent == 1
    row = status(db, message)
    assert row["status"] == "terkirim"
    assert row["attempts"] == 1
    (posted,) = fake.received
    assert posted["to"] == "6281234567890"
    assert posted["template"] == "skrining_undangan_v1"
    assert posted["reference"] == f"message-{message}"
    assert "https://skrining.example/t/" in posted["text"]
    assert fake.headers[0]["Authorization"] == "Bearer rahasia"
    (log,) = db.query("SELECT detail FROM audit_log WHERE action = 'send'")
    assert log["detail"].startswith(f"message:{message} undangan terkirim")


def test_a_4xx_fails_the_message_without_a_retry(app, db, make, fake):
    fake.replies = [400]
    message = queue(db, officer_id(make), channel="gateway")
    assert _release(app, db, "2029-01-10 09:00", _sender(fake.url)).failed == 1
    row = status(db, message)
    assert row["status"] == "gagal"
    assert "HTTP 400" in row["error"]
    # Later passes do not send it again.
    _release(app, db, "2029-01-11 09:00", _sender(fake.url))
    assert len(fake.received) == 1


def test_a_5xx_is_retried_with_back_off_then_sent(app, db, make, fake):
    fake.replies = [503, 502]
    message = queue(db, officer_id(make), channel="gateway")
    sender = _sender(fake.url, backoff_seconds=60)
    assert _release(app, db, "2029-01-10 09:00", sender).retried == 1
    first = status(db, message)
    assert (first["status"], first["attempts"]) == ("antri", 1)
    assert first["next_attempt_at"] == "2029-01-10T02:01:00+00:00"  # 09:01 WIB: 60 s later
    # Not before its retry time.
    assert _release(app, db, "2029-01-10 09:00:30", sender).retried == 0
    assert len(fake.received) == 1
    assert _release(app, db, "2029-01-10 09:01", sender).retried == 1
    assert status(db, message)["next_attempt_at"] == "2029-01-10T02:03:00+00:00"  # then 120 s
    assert _release(app, db, "2029-01-10 09:03", sender).sent == 1
    row = status(db, message)
    assert (row["status"], row["attempts"]) == ("terkirim", 3)


def test_retries_stop_after_the_last_attempt(app, db, make, fake):
    fake.default = 500
    message = queue(db, officer_id(make), channel="gateway")
    sender = _sender(fake.url, max_attempts=2, backoff_seconds=0)
    _release(app, db, "2029-01-10 09:00", sender)
    _release(app, db, "2029-01-10 09:01", sender)
    row = status(db, message)
    assert (row["status"], row["attempts"]) == ("gagal", 2)
    _release(app, db, "2029-01-10 09:02", sender)
    assert len(fake.received) == 2


def test_a_time_out_is_retried(app, db, make, fake):
    fake.replies = ["slow"]
    fake.slow_seconds = 1.0
    message = queue(db, officer_id(make), channel="gateway")
    sender = _sender(fake.url, timeout=0.2, backoff_seconds=0)
    assert _release(app, db, "2029-01-10 09:00", sender).retried == 1
    assert "waktu habis" in status(db, message)["error"]
    assert _release(app, db, "2029-01-10 09:01", sender).sent == 1


def test_a_refused_connection_is_retried(app, db, make):
    with FakeGateway() as closed:
        url = closed.url
    message = queue(db, officer_id(make), channel="gateway")
    assert _release(app, db, "2029-01-10 09:00", _sender(url)).retried == 1
    assert "koneksi gagal" in status(db, message)["error"]


def test_the_rate_limit_spaces_the_sends(fake):
    sender = _sender(fake.url, rate_per_second=20)
    start = time.monotonic()
    for n in range(11):
        outcome = sender.send(
            number="6281234567890", template="undangan", language="id", text="x", reference=str(n)
        )
        assert outcome.kind == gateway.SENT
    elapsed = time.monotonic() - start
    # 11 sends at 20 a second take at least 10 intervals of 50 ms; the gateway saw them spread
    # over about that long too (less the first request's own trip).
    assert elapsed >= 0.5
    assert fake.times[-1] - fake.times[0] >= 0.4


def test_without_a_rate_limit_the_sends_are_not_spaced(fake):
    sender = _sender(fake.url, rate_per_second=0)
    start = time.monotonic()
    for n in range(11):
        sender.send(number="628123456789", template="x", language="id", text="x", reference=str(n))
    assert time.monotonic() - start < 0.5


def test_gateway_settings_come_from_the_config():
    assert gateway.settings_from({"GATEWAY_URL": ""}) is None
    settings = gateway.settings_from(
        {"GATEWAY_URL": "http://127.0.0.1:1/x", "GATEWAY_TEMPLATES": "undangan=u_v1, ,x="}
    )
    assert settings.templates == {"undangan": "u_v1"}


def test_the_default_channel_is_click_to_chat_unless_a_gateway_is_set(make_app):
    from screening.web import outbox

    assert outbox.default_channel(make_app()) == "wa_klik"
    assert outbox.default_channel(make_app(GATEWAY_URL="http://127.0.0.1:1/x")) == "gateway"


class _SecondPassMidSend:
    """A sender that, while its first message is on its way, lets another pass run: a second
    worker (or one started while this pass ran, which cleared its lock) that had read the same
    queued rows before this pass claimed them."""

    def __init__(self, real, second_pass):
        self.real, self.second_pass, self.settings = real, second_pass, real.settings

    def send(self, **message):
        second, self.second_pass = self.second_pass, None
        if second:
            second()
        return self.real.send(**message)


def test_two_passes_that_read_the_same_message_send_it_once(app, db, make, fake, monkeypatch):
    message = queue(db, officer_id(make), channel="gateway")
    at = "2029-01-10 09:00"
    sender = _sender(fake.url)
    read_early = outbox.releasable(db, delivery._iso(wib(at)), after=("", 0), limit=500)
    seconds = []

    def second_pass():
        reads = iter([read_early, []])
        with monkeypatch.context() as patched:
            patched.setattr(delivery.outbox, "releasable", lambda *a, **k: next(reads))
            seconds.append(_release(app, db, at, sender))

    first = _release(app, db, at, _SecondPassMidSend(sender, second_pass))
    assert first.sent == 1
    assert (seconds[0].sent, seconds[0].waiting) == (0, 1)  # found it taken, left it
    assert len(fake.received) == 1
    assert status(db, message)["status"] == "terkirim"
    assert status(db, message)["attempts"] == 1


def test_a_message_held_by_a_worker_that_died_goes_once_the_claim_lapses(app, db, make, fake):
    message = queue(db, officer_id(make), channel="gateway")
    claimed_at = wib("2029-01-10 09:00")
    until = delivery._iso(claimed_at + delivery.SEND_CLAIM)
    # The dead worker's claim: counted and held, never marked.
    assert outbox.claim_for_sending(db, message, attempts_read=0, until=until)
    assert _release(app, db, "2029-01-10 09:05", _sender(fake.url)).sent == 0
    assert fake.received == []
    assert _release(app, db, "2029-01-10 09:11", _sender(fake.url)).sent == 1
    assert status(db, message)["attempts"] == 2
    assert len(fake.received) == 1
