"""Languages: Bahasa Indonesia first, English complete; dates and numbers per locale; WIB times."""

from datetime import date, datetime

from flask import current_app, has_request_context, request, session
from flask_babel import Babel, format_date, format_datetime, format_decimal, gettext

from screening.clock import WIB, wib_date
from screening.messages import Message, decimal_pattern, render
from screening.referrals import visits
from screening.web.config import PROJECT_ROOT

babel = Babel()


def select_locale() -> str:
    """The user's explicit choice (remembered in the session), then the browser, then `id`."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # flask commands speak the source language
        return languages[0]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def init_app(app):
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PROJECT_ROOT / "translations"))
    babel.init_app(app, locale_selector=select_locale)


def long_date(value) -> str:
    """`17 Agustus 2026` in Indonesian, `17 August 2026` in English. A stored moment (UTC) is
    shown as the day it was in Indonesia: 23.30 UTC is already the next day in WIB."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = wib_date(value) if len(value) > 10 else date.fromisoformat(value)
    elif isinstance(value, datetime):
        value = value.astimezone(WIB).date()
    return format_date(value, "d MMMM y")


def date_time(value) -> str:
    """A moment shown in WIB, whatever zone it was stored in."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return format_datetime(value, "d MMMM y, HH.mm") + " WIB"


def visit_time(value) -> str:
    """A scheduled visit (stored as the clinic's WIB wall clock, "2029-02-20T09:00"):
    `Selasa, 20 Februari 2029, 09.00 WIB`. Never shifted: it is already local time."""
    moment = visits.visit_moment(value)
    if moment is None:
        return ""
    return format_date(moment.date(), "EEEE, d MMMM y") + f", {moment:%H.%M} WIB"


def number(value, digits: int = 1) -> str:
    """`1.234,5` in Indonesian, `1,234.5` in English."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0." + "#" * digits if digits else "#,##0")


def t(message) -> str:
    """Translate a structured domain message (msgid and params, nested) or a plain msgid, with
    numbers formatted for the reader's locale."""
    if isinstance(message, Message):
        return render(message, gettext=gettext, number=_number_param)
    return gettext(message)


def _number_param(value, places: int | None = None) -> str:
    if places is None:
        return format_decimal(value)
    return format_decimal(value, format=decimal_pattern(places))
