"""The one set of Jinja globals and filters: words for stored codes and answers, in the reader's
language."""

from flask_babel import lazy_gettext as _l

from screening.messages import Message
from screening.questionnaire.types import UNKNOWN
from screening.web import auth
from screening.web.i18n import number, t

LEVELS = {
    "rendah": _l("risiko rendah"),
    "sedang": _l("risiko sedang"),
    "tinggi": _l("risiko tinggi"),
}
JKN = {
    "aktif": _l("aktif"),
    "tidak_aktif": _l("tidak aktif"),
    "belum_terdaftar": _l("belum terdaftar"),
}


def level_label(level: str) -> str:
    return str(LEVELS.get(level, level))


def jkn_label(status: str | None) -> str:
    return str(JKN.get(status, _l("tidak diketahui")))


def answer_text(item, value) -> str:
    """A stored answer as the officer would read it back."""
    if value is None:
        return str(_l("(belum dijawab)"))
    if value == UNKNOWN:
        return str(_l("Tidak tahu"))
    described = item.type.describe(value)
    if isinstance(described, Message):
        return t(described)
    if isinstance(described, list):
        return ", ".join(t(d) if isinstance(d, Message) else str(d) for d in described)
    if isinstance(described, int | float):
        return number(described)
    return str(described)


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        level_label=level_label,
        jkn_label=jkn_label,
        answer_text=answer_text,
        service_operator=app.config["SERVICE_OPERATOR"],
        roles=auth.ROLES,
    )
