"""PDF documents: one function renders a template with plain data through WeasyPrint.

Slips and cards carry health and access data, so WeasyPrint never fetches anything on its own: the
fetcher below serves the app's static folder (fonts, the print stylesheet) and data: URLs (QR
codes) and refuses everything else — file: URLs, other hosts, any network access at all, and so
any redirect. Works wherever an app context exists: a request, a `flask` command, a background
thread or a worker process.
"""

import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse
from werkzeug.security import safe_join

# Slips and cards are read at the FKTP and handed to officers: always in the source language,
# whatever language the KPU operator's browser reads.
PDF_LOCALE = "id"

_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


class RefusedURL(ValueError):
    """A document asked for something that is not one of the app's own static files."""


class StaticFetcher(URLFetcher):
    """Serve `<static_base><path>` from `static_folder`, and data: URLs; refuse the rest."""

    def __init__(self, static_base: str, static_folder: str):
        # No protocol is allowed through the parent's openers except data: (decoded by urllib),
        # so even a bug below could not reach a file or the network.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.static_base = static_base
        self.static_folder = static_folder

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(self.static_base):
            raise RefusedURL(f"only the app's static files can be fetched, not {url!r}")
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            raise RefusedURL(f"static URLs take no query: {url!r}")
        relative = unquote(url[len(self.static_base) :])
        path = safe_join(self.static_folder, relative)
        if path is None or not Path(path).is_file():
            raise RefusedURL(f"no such static file: {relative!r}")
        body = _read(path)
        content_type = _TYPES.get(Path(path).suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


@cache
def _read(path: str) -> bytes:
    # Fonts are read for every document of a bulk print: keep the few static files in memory.
    return Path(path).read_bytes()


def static_base() -> str:
    """The address documents resolve relative URLs against: `<BASE_URL>/static/`."""
    return current_app.config["BASE_URL"].rstrip("/") + "/static/"


def fetcher() -> StaticFetcher:
    return StaticFetcher(static_base(), current_app.static_folder)


def render_html(template: str, **data) -> str:
    with force_locale(PDF_LOCALE):
        return render_template(template, static_base=static_base(), **data)


_fonts = threading.local()


def font_config() -> FontConfiguration:
    """One font configuration per thread, kept: a new one loads every system font again
    (Fontconfig) and copies our @font-face files again, for each of thousands of documents."""
    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint on our own HTML, with the locked-down fetcher."""
    document = HTML(string=html, base_url=static_base(), url_fetcher=fetcher())
    return document.write_pdf(font_config=font_config())


def render_document(template: str, **data):
    """The laid-out document (a WeasyPrint Document: its `pages`, then `write_pdf()`), for a
    caller that must check the layout before writing it."""
    html = render_html(template, **data)
    document = HTML(string=html, base_url=static_base(), url_fetcher=fetcher())
    return document.render(font_config=font_config())


def render_pdf(template: str, **data) -> bytes:
    """Render `template` with plain `data` (no database access from templates) to PDF bytes."""
    return html_to_pdf(render_html(template, **data))
