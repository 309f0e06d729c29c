"""A live app on 127.0.0.1 and Debian's Chromium driven by Playwright, at a phone's size.

One server and one browser per test session; each test gets a fresh browser context (its own
cookies), so a test is one person on one phone. CSRF stays on: the browser posts real forms.
"""

import os
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from screening.web.database import get_db
from tests import apps, factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 800}  # a common low-end Android screen
SERIOUS = {"serious", "critical"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test: `pytest -m "not browser"` skips them all.
    First, so that the marker is on before `-m` selects."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        """Keep the test output for failures, not one line per request."""


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, migrated_db):
    """The real app on a temporary database; use `with live_app.app_context():` to reach it."""
    folder = tmp_path_factory.mktemp("live")
    apps.copy_database(migrated_db, folder / "live.db")
    return apps.build_app(
        folder / "live.db",
        SECRET_KEY="browser-test-secret",
        ACCESS_KEY="browser-test-access-key",
        WTF_CSRF_ENABLED=True,
        ROSTER_UPLOAD_DIR=str(folder / "uploads"),  # not the checkout's instance folder
        # Every test signs in from 127.0.0.1; the real limit is proven in test_officer_sign_in.
        OFFICER_SIGN_IN_LIMIT="1000 per minute",
        # Print jobs run where they are queued (the suite's QUEUE_IMMEDIATE), in one process:
        # the worker pool is proven in tests/pdf/test_bulk.py, and starting one costs seconds.
        PDF_WORKERS=1,
    )


@pytest.fixture(scope="session")
def live_server(live_app):
    """Base URL (no trailing slash) of the app served from a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def live_make(live_app):
    """Factories bound to the live app's database: `live_make.staff(role="fktp")`."""
    with live_app.app_context():
        yield factories.Factories(get_db())


@pytest.fixture
def new_officer_link(live_app, live_server, live_make):
    """Make an officer with issued access: returns (officer, absolute link, NIK, access code)."""

    def new_officer_link(**fields):
        officer, token, code = factories.officer_with_link(live_make, live_app, **fields)
        return officer, f"{live_server}/s/{token}", officer["nik"], code

    return new_officer_link


@pytest.fixture
def screened_officer(live_app, live_make):
    """Make an officer who consented and submitted `answers` (raw form values, as posted);
    returns (officer, stored response). A referral follows when the answers call for one."""

    def screened_officer(answers: dict, **fields):
        officer, _token, _code = factories.officer_with_link(live_make, live_app, **fields)
        officer = {**officer, "access_version": 1}
        polling_day = live_app.config["POLLING_DAY"]
        return officer, live_make.submit_screening(officer, answers, polling_day=polling_day)

    return screened_officer


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Open a browser context at phone size in Indonesian; `java_script_enabled=False` for a
    phone without JavaScript. Contexts still open at the end of the test are closed."""
    opened = []

    def new_context(java_script_enabled=True, **options):
        context = browser.new_context(
            viewport=PHONE,
            locale="id-ID",
            java_script_enabled=java_script_enabled,
            **options,
        )
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield new_context
    for context in opened:
        context.close()


@pytest.fixture
def page(request, new_context):
    """A page in a fresh context. JavaScript is on unless the test parametrizes it off:
    `@pytest.mark.parametrize("page", [False], indirect=True)`."""
    context = new_context(java_script_enabled=getattr(request, "param", True))
    return context.new_page()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    """Folder for screenshots: $SCREENSHOT_DIR when set (to look at them), else a temp folder."""
    chosen = os.environ.get("SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def serious_violations():
    """Run axe-core on a page; return its serious and critical violations, one line each."""
    axe = Axe()

    def serious_violations(page) -> list[str]:
        results = axe.run(page).response
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results["violations"]
            if v["impact"] in SERIOUS
        ]

    return serious_violations
