"""The app's side of the outbox: the gateway sender of this process and the release pass the
worker runs every minute (screening/tasks.py `send_messages`)."""

from flask import current_app

from screening.clock import now_utc
from screening.outreach import delivery, gateway
from screening.web.database import get_db
from screening.web.officer_session import personal_link


def sender(app=None) -> gateway.Sender | None:
    """The process's gateway sender (one, so its pacing holds across passes); None when no
    gateway is configured."""
    app = app or current_app
    if "gateway_sender" not in app.extensions:
        settings = gateway.settings_from(app.config)
        app.extensions["gateway_sender"] = gateway.Sender(settings) if settings else None
    return app.extensions["gateway_sender"]


def default_channel(app=None) -> str:
    """The channel new messages go by: the gateway when one is configured, else click-to-chat."""
    return gateway.default_channel((app or current_app).config)


def run(app, now=None) -> delivery.Released:
    """One release pass over the outbox, in an app context."""
    return delivery.release(
        get_db(), now or now_utc(), app.config, link_for=personal_link, sender=sender(app)
    )
