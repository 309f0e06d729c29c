"""The application factory: config, extensions, blueprints and commands, wired in one place."""

from pathlib import Path

from flask import Flask
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from screening.cli import register_commands
from screening.web import (
    auth,
    database,
    headers,
    i18n,
    instance,
    jinja,
    limits,
    logs,
    officer_session,
    params,
    sessions,
)
from screening.web.config import PROJECT_ROOT, load_config
from screening.web.views import BLUEPRINTS, errors

csrf = CSRFProtect()


def create_app(config: dict | None = None) -> Flask:
    """Build the app. Fast and free of side effects beyond the instance folder and the
    process's umask (files it creates are the service user's alone): slow work (migrations,
    demo data) lives in `flask` commands. `INSTANCE_PATH` in `config` moves the instance
    folder (tests; default: `instance/` in the project)."""
    app = Flask(
        "screening",
        instance_path=(config or {}).get("INSTANCE_PATH"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, config)
    trust_proxies(app)
    instance.make_private(Path(app.instance_path), app.config["DATABASE"])

    database.init_app(app)
    sessions.init_app(app)
    headers.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    limits.init_app(app)
    logs.install(app)
    jinja.init_app(app)
    params.init_app(app)
    app.before_request(auth.load_signed_in_staff)
    app.before_request(officer_session.load_signed_in_officer)

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    errors.init_app(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_HOPS proxies, take the client's address and scheme from the headers the
    nearest of them set (X-Forwarded-For, X-Forwarded-Proto), counted from the right: a client
    can prepend whatever it likes, but not what the proxy appends. Without a proxy the headers
    are ignored, or anyone could pick the address the sign-in limit counts on. X-Forwarded-Host
    stays untrusted: no link is built from a request's host (BASE_URL)."""
    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0)
