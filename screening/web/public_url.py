"""The service's public address: the one source of every absolute link that leaves the app.

Printed slips and access cards, their QR codes and the personal links KPU sends out (spreadsheet,
WhatsApp) outlive the request that made them, and a request's Host header is whatever the client
sent (`Host: evil.example` would put an attacker's address on every card). So absolute links are
built on BASE_URL (`SKRINING_BASE_URL`; `make run` sets it from its HOST and PORT), never with
`url_for(..., _external=True)`.
"""

from flask import current_app


def base_url() -> str:
    """BASE_URL without its trailing slash (it may carry a path: `https://x.id/skrining`)."""
    return current_app.config["BASE_URL"].rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` on BASE_URL; works in a request, a command or a worker."""
    # An adapter bound to no host builds the path alone, whatever the current request says.
    return base_url() + current_app.url_map.bind("").build(endpoint, values)
