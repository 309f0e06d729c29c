"""Security headers on every response, and no copy of a personal page in any cache.

Written by hand rather than with flask-talisman: it is these few lines, and the policy is one
string a reader can check against the pages (no inline script or style anywhere in templates/;
the PDFs' own stylesheet is read by WeasyPrint, not by a browser).
"""

from flask import Flask, abort, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # room for a QR code drawn in the page (segno's data: URI)
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # A personal link's token must never leave in a Referer, not even to this site's own pages.
    "Referrer-Policy": "no-referrer",
    # frame-ancestors for browsers too old to read it (cheap phones keep old WebViews).
    "X-Frame-Options": "DENY",
}
# ASVS 5.0 3.4.1 (level 2): at least a year, subdomains included. Only sent when the cookie is
# HTTPS-only, i.e. when the site is served over HTTPS.
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response):
    """Every response, errors and redirects and downloads included. Nothing but the stylesheet
    and fonts is stored by a browser or proxy: results, referrals, worklists, PDFs and exports
    hold personal data, and a page that holds none today may tomorrow."""
    for name, value in HEADERS.items():
        response.headers[name] = value
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers["Strict-Transport-Security"] = HSTS
    if not request.path.startswith(current_app.static_url_path + "/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
        response.headers.pop("Last-Modified", None)
        response.headers.pop("ETag", None)
    return response


def refuse_cross_site_posts():
    """A form posted from another site is refused (Fetch Metadata). The CSRF token still guards
    every form; this takes the place of Flask-WTF's Referer check over HTTPS, which
    `Referrer-Policy: no-referrer` leaves without a Referer to check. Browsers that do not send
    Sec-Fetch-Site (old ones) are let through to the token check."""
    if request.method == "POST" and request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)


def init_app(app: Flask) -> None:
    app.before_request(refuse_cross_site_posts)
    app.after_request(add_security_headers)
