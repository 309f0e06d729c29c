"""The click-to-chat outbox for area operators (/kpu/pesan/) and an officer's "stop" page.

The operator's page lists the messages ready today per kelurahan and TPS, each with a `wa.me`
link that opens WhatsApp with the text filled in, and a button to mark it sent. The text is
rendered here from the template and the officer's current data, never stored. No health data:
the templates are checked for it, and the page shows names, places, numbers and statuses only.
"""

from urllib.parse import quote

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from screening.clock import now_iso
from screening.contact import whatsapp_number
from screening.officers import access
from screening.outreach import delivery
from screening.outreach import templates as message_templates
from screening.store import officers as officer_store
from screening.store import outbox, regions
from screening.web import audit, auth, lists, params
from screening.web.database import get_db
from screening.web.officer_session import access_key, officer_required
from screening.web.public_url import public_url

bp = Blueprint("outbox", __name__, url_prefix="/kpu/pesan")
officer_bp = Blueprint("officer_messages", __name__, url_prefix="/skrining/pesan")

OPERATOR_ROLES = ("kpu", "admin", "ppk", "pps")
# What each message is about, as the operator's page names it (no condition, no level).
MESSAGE_LABELS = {
    "undangan": _l("Undangan skrining"),
    "pengingat_skrining": _l("Pengingat skrining"),
    "rujukan_baru": _l("Tempat dan batas waktu pemeriksaan"),
    "tanda_bahaya": _l("Perlu datang hari ini"),
    "pengingat_rujukan": _l("Pengingat pemeriksaan"),
    "rujukan_terlambat": _l("Batas waktu pemeriksaan lewat"),
    "kunjungan_dijadwalkan": _l("Jadwal kunjungan"),
    "pengingat_kunjungan": _l("Pengingat kunjungan besok"),
}
# Each row carries a link and a form: a short page stays light on a phone.
PAGE_SIZE = 20
# What an operator records when an officer asked, by phone or in person, to receive nothing.
OPTED_OUT_BY_OPERATOR = "petugas meminta berhenti (dicatat operator)"
OPTED_OUT_BY_OFFICER = "petugas meminta berhenti (di halaman petugas)"


def _query(area: dict) -> dict:
    return {name: value for name, value in area.items() if value}


def _link(row: dict) -> str | None:
    if row["access_version"] is None or row["revoked_at"]:
        return None
    token = access.link_token(access_key(), row["officer_id"], row["access_version"])
    return public_url("officer.open_link", token=token)


def _chat(row: dict, texts) -> dict:
    """The row with its WhatsApp number and the `wa.me` link carrying the rendered text."""
    number = whatsapp_number(row["phone"])
    config = current_app.config
    lang = config.get("MESSAGE_LANGUAGE") or "id"
    values = delivery.message_values(row, lang=lang, link=_link(row), settings=config)
    try:
        text = texts.render(row["template"], lang, values) if texts else None
    except (KeyError, message_templates.RenderError):
        text = None
    whatsapp = f"https://wa.me/{number}?text={quote(text)}" if number and text else None
    return {**row, "number": number, "text": text, "whatsapp": whatsapp}


def _in_scope(row: dict) -> bool:
    """Whether a message's officer lies in the area this staff member may act on (the area
    filter with nothing asked narrows to the staff member's own area, if they have one)."""
    scope = lists.area({})
    return all(
        not scope.get(name) or row.get(column) == scope[name]
        for name, column in (("kecamatan", "kecamatan_code"), ("kelurahan", "kelurahan_code"))
    )


@bp.get("/")
@auth.staff_required(*OPERATOR_ROLES)
def index():
    db = get_db()
    area = lists.area()
    page = lists.current_page(PAGE_SIZE)
    rows, total = outbox.ready_page(db, **area, limit=page.size, offset=page.offset)
    try:
        texts = delivery.load_templates(current_app.config)
    except (OSError, message_templates.TemplateError):
        # A health office's edit broke the file: the worker sends nothing either (it fails the
        # same check); the list still shows who is waiting, without texts.
        current_app.logger.exception("messages file cannot be used")
        flash(
            _("Berkas pesan sedang bermasalah: pesan belum dapat disusun. Hubungi admin."), "error"
        )
        texts = None
    messages = [_chat(row, texts) for row in rows]
    problems = outbox.contact_problems(db, **area)
    where = area["kelurahan"] or area["kecamatan"] or "kota"
    audit.record("view", "messages:ready", f"{len(messages)} pesan, {len(problems)} nomor; {where}")
    return render_template(
        "kpu/messages.html",
        messages=messages,
        problems=problems,
        counts=outbox.counts(db, **area),
        message_labels=MESSAGE_LABELS,
        area=area,
        query=_query(area),
        kecamatan=regions.all_kecamatan(db),
        kelurahan=regions.all_kelurahan(db),
        **page.pager(total),
    )


def _back(source) -> str:
    area = lists.area(source)
    # Back at the list, not the top of the page: the operator works down it on a phone.
    return url_for("outbox.index", **_query(area), halaman=params.page(source), _anchor="siap")


@bp.post("/<int:message_id>/terkirim")
@auth.staff_required(*OPERATOR_ROLES)
def mark_sent(message_id):
    db = get_db()
    message = outbox.message_by_id(db, message_id)
    if message is None:
        # Gone since the page was drawn (a purge): say so, keep the operator on the list.
        flash(_("Pesan ini sudah tidak ada."), "error")
        return redirect(_back(request.form))
    if not _in_scope(message):
        abort(404)
    if outbox.mark_sent_by_hand(db, message_id, staff_id=g.staff["id"], now=now_iso()):
        audit.record(
            "send",
            f"officer:{message['officer_id']}",
            f"message:{message_id} {message['template']} terkirim (klik)",
        )
        flash(_("Pesan untuk %(name)s ditandai terkirim.", name=message["officer_name"]), "success")
    else:
        flash(
            _("Pesan untuk %(name)s sudah tidak menunggu.", name=message["officer_name"]), "error"
        )
    return redirect(_back(request.form))


@bp.post("/petugas/<int:officer_id>/berhenti")
@auth.staff_required(*OPERATOR_ROLES)
def opt_out(officer_id):
    """The officer asked the operator (by phone, in person) to receive no more messages."""
    db = get_db()
    officer = officer_store.officer_by_id(db, officer_id)
    if officer is None or not _in_scope(officer):
        abort(404)
    cancelled = outbox.opt_out(db, officer_id, now=now_iso(), reason=OPTED_OUT_BY_OPERATOR)
    audit.record("change", f"officer:{officer_id}", f"berhenti menerima pesan; {cancelled} batal")
    flash(_("%(name)s tidak akan dikirimi pesan lagi.", name=officer["name"]), "success")
    return redirect(_back(request.form))


@officer_bp.route("", methods=["GET", "POST"])
@officer_required
def officer_stop():
    """The officer's own "stop sending me messages", and "send them again"."""
    if request.method == "POST":
        if lists.choice("pilihan", {"terima"}, request.form):
            outbox.opt_in(get_db(), g.officer["id"])
            flash(_("Anda akan dikirimi pengingat lagi."), "success")
        else:
            outbox.opt_out(get_db(), g.officer["id"], now=now_iso(), reason=OPTED_OUT_BY_OFFICER)
            flash(_("Anda tidak akan dikirimi pesan lagi."), "success")
        return redirect(url_for("officer_messages.officer_stop"))
    return render_template("officer/messages.html")
