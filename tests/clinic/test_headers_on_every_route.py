"""Every response of every route carries the security headers, and none but the stylesheet and
fonts may be kept by a browser or proxy: redirects, errors, pages, PDFs and spreadsheets alike.

The routes come from `app.url_map` through the access matrix's table, so a new route is checked
the day it is added. Each is requested by someone allowed to use it (the response that holds
data) and by an anonymous visitor (the redirect or 404 they get)."""

import pytest

from screening.web.headers import CONTENT_SECURITY_POLICY, HSTS
from tests.clinic.conftest import become
from tests.clinic.test_access_matrix import ACCESS, EVERYONE, WHO, _routes
from tests.factories import officer_with_link

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def check_headers(response, path: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, response.status_code, name)
    if path.startswith("/static/"):
        assert "no-store" not in response.headers.get("Cache-Control", "")
    else:
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP in this app


def requester(allowed) -> str:
    """Someone who gets the real response: the first of WHO allowed, else anonymous."""
    if allowed == EVERYONE:
        return "anonymous"
    return next((who for who in WHO if who in allowed), "anonymous")


@pytest.mark.parametrize(("endpoint", "method"), _routes())
def test_every_response_of_every_route_carries_the_security_headers(
    endpoint, method, world, app, client, make
):
    template, allowed = ACCESS[(endpoint, method)]
    token = officer_with_link(make, app)[1] if "{token}" in template else ""
    path = template.format(
        referral=world.referral_a["number"],
        unassigned=world.unassigned["number"],
        staff_id=world.staff["kpu"]["id"],
        officer_id=world.officer_a["id"],
        token=token,
    )
    for who in dict.fromkeys([requester(allowed), "anonymous"]):
        become(client, world, who)
        response = client.open(path, method=method, data={})
        response.close()
        check_headers(response, path)


def test_documents_errors_and_redirects_carry_the_headers_too(world, be):
    """The kinds of response the table above must have met, asked for one by one."""
    seen = {}
    client = be("kpu")
    for label, method, path, expected in (
        ("xlsx", "POST", "/kpu/petugas/tautan.xlsx?kecamatan=337501", "spreadsheetml"),
        ("pdf", "GET", f"/kpu/rujukan/{world.referral_a['number']}/surat.pdf", "application/pdf"),
        ("404", "GET", "/tidak-ada-halaman-ini", "text/html"),
        ("405", "GET", "/staf/keluar", "text/html"),
        ("static", "GET", "/static/app.css", "text/css"),
    ):
        response = client.open(path, method=method, data={"kecamatan": "337501"})
        response.close()
        assert expected in response.content_type, (label, response.status_code)
        check_headers(response, path)
        seen[label] = response.status_code
    client = be("anonymous")
    redirect = client.get("/fktp/")
    check_headers(redirect, "/fktp/")
    seen["redirect"] = redirect.status_code
    assert seen == {
        "xlsx": 200,
        "pdf": 200,
        "404": 404,
        "405": 405,
        "static": 200,
        "redirect": 302,
    }


@pytest.mark.parametrize("secure", [True, False])
def test_hsts_is_sent_exactly_when_cookies_are_https_only(make_app, secure):
    client = make_app(SESSION_COOKIE_SECURE=secure).test_client()
    for path in ("/", "/static/app.css", "/tidak-ada"):
        response = client.get(path, base_url="https://localhost")
        response.close()
        assert response.headers.get("Strict-Transport-Security") == (HSTS if secure else None)


def test_a_server_error_page_carries_the_headers(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/rusak")
    def broken():
        raise RuntimeError("rusak")

    response = app.test_client().get("/rusak")
    assert response.status_code == 500
    check_headers(response, "/rusak")
