"""The one set of Jinja globals and filters, all registered here: words for stored codes and
answers, dates and numbers in the reader's language, the labels of referral statuses and of the
clinician's findings."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from screening import contact
from screening.messages import Message
from screening.questionnaire.types import UNKNOWN
from screening.referrals import findings, lifecycle
from screening.web import auth
from screening.web.i18n import date_time, long_date, number, t, visit_time

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


# --- referrals and the clinician's findings ---------------------------------------------------


def status_label(status: str) -> str:
    return t(lifecycle.STATUS_LABELS.get(status, status))


def urgency_label(urgency: str) -> str:
    return t(lifecycle.URGENCY_LABELS.get(urgency, urgency))


def fitness_label(fitness: str | None) -> str:
    return t(findings.FITNESS[fitness]) if fitness in findings.FITNESS else ""


def action_label(action: str) -> str:
    return t(findings.ACTIONS.get(action, action))


def icd10_label(code: str) -> str:
    name = findings.USUAL_ICD10.get(code.split(".")[0])
    return f"{code} · {t(name)}" if name else code


def measurement_label(name: str) -> str:
    return t(findings.MEASUREMENT_LABELS.get(name, name))


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        level_label=level_label,
        jkn_label=jkn_label,
        answer_text=answer_text,
        service_operator=app.config["SERVICE_OPERATOR"],
        roles=auth.ROLES,
        get_locale=get_locale,
        t=t,
        status_label=status_label,
        urgency_label=urgency_label,
        fitness_label=fitness_label,
        action_label=action_label,
        icd10_label=icd10_label,
        bp_class=findings.blood_pressure_class,
        glucose_class=findings.glucose_class,
        dial_number=contact.dial_number,
    )
    app.jinja_env.filters.update(
        tanggal=long_date,
        waktu=date_time,
        kunjungan=visit_time,
        angka=number,
        measurement_label=measurement_label,
    )
