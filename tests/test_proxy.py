"""SKRINING_PROXY_HOPS: the client's address and scheme come from the proxy, never from the client.

Behind nginx every request connects from 127.0.0.1, so the sign-in limit would count the whole
city as one client; without a proxy, trusting X-Forwarded-For would let anyone pick the address
the limit counts on. The setting says how many proxies to trust; the Host header is never trusted.
"""

from flask import request


def who(app):
    """A route showing what the app takes the client to be (added to this test's app only)."""

    @app.get("/_siapa")
    def siapa():
        return {"address": request.remote_addr, "scheme": request.scheme, "host": request.host}

    return app.test_client()


FORWARDED = {
    "X-Forwarded-For": "203.0.113.9, 198.51.100.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
}


def test_without_a_proxy_forwarded_headers_are_ignored(make_app):
    client = who(make_app())
    seen = client.get("/_siapa", headers=FORWARDED, environ_base={"REMOTE_ADDR": "192.0.2.5"}).json
    assert seen == {"address": "192.0.2.5", "scheme": "http", "host": "localhost"}


def test_behind_one_proxy_the_address_it_appended_is_the_client(make_app):
    client = who(make_app(PROXY_HOPS=1))
    seen = client.get("/_siapa", headers=FORWARDED, environ_base={"REMOTE_ADDR": "127.0.0.1"}).json
    # The rightmost address is the one nginx saw; what the client prepended is not believed.
    assert seen["address"] == "198.51.100.7"
    assert seen["scheme"] == "https"


def test_the_forwarded_host_is_never_trusted(make_app):
    client = who(make_app(PROXY_HOPS=2))
    seen = client.get("/_siapa", headers=FORWARDED, environ_base={"REMOTE_ADDR": "127.0.0.1"}).json
    assert seen["address"] == "203.0.113.9"
    assert seen["host"] == "localhost"


def test_proxy_hops_comes_from_the_environment_and_defaults_to_none(make_app, monkeypatch):
    assert make_app().config["PROXY_HOPS"] == 0
    monkeypatch.setenv("SKRINING_PROXY_HOPS", "1")
    client = who(make_app())
    seen = client.get("/_siapa", headers=FORWARDED, environ_base={"REMOTE_ADDR": "127.0.0.1"}).json
    assert seen["address"] == "198.51.100.7"
