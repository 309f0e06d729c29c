"""Skrining kesehatan petugas pemilu: the application factory."""

from pathlib import Path

from flask import Flask
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from screening import auth, i18n, limits, logs, officer_session, params, presenters, store
from screening.config import PROJECT_ROOT, load_config

csrf = CSRFProtect()


def create_app(config: dict | None = None) -> Flask:
    """Build the app. Fast and free of side effects beyond the instance folder: slow work
    (migrations, demo data) lives in `flask` commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    trust_proxies(app)

    store.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    limits.init_app(app)
    logs.install(app)
    presenters.init_app(app)
    params.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.before_request(auth.load_signed_in_staff)
    app.before_request(officer_session.load_signed_in_officer)

    from screening.views import (
        admin,
        clinic,
        errors,
        kpu_referrals,
        officer,
        officers,
        public,
        roster,
        screening,
        staff,
    )

    for blueprint in (public.bp, staff.bp, officer.bp, screening.bp, officers.bp, roster.bp):
        app.register_blueprint(blueprint)
    for blueprint in (clinic.bp, clinic.referrals_bp, kpu_referrals.bp, admin.bp):
        app.register_blueprint(blueprint)
    from screening.views import slips

    app.register_blueprint(slips.bp)
    errors.init_app(app)

    from screening.cli import register_commands

    register_commands(app)

    @app.context_processor
    def inject_globals():
        return {"service_operator": app.config["SERVICE_OPERATOR"], "roles": auth.ROLES}

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
