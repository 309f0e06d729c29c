"""KPU's officer pages: who has screened, and the personal links to send out."""

from io import BytesIO

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _

from screening import values
from screening.clock import now_iso, today_wib
from screening.nik import NikError, normalise_nik
from screening.officers import access, links
from screening.store import access as access_store
from screening.store import coverage as coverage_store
from screening.store import officers as officer_store
from screening.web import audit, auth, lists
from screening.web.database import get_db
from screening.web.i18n import t
from screening.web.officer_session import access_key, link_writing, token_hash_for, with_links
from screening.web.public_url import public_url
from screening.web.views.confirm import ask_first, confirmation_page, confirmed

bp = Blueprint("officers", __name__, url_prefix="/kpu/petugas")

PAGE_SIZE = 25
SEARCH_KEY = "officers_search"  # session key: the name searched for (never a NIK)
# The coverage filters (each lists the officers of one count of the coverage page) and their
# allowed values; `?tps=tanpa` lists the officers with no TPS (the page's "TPS belum diisi").
FILTERS = {
    "status": coverage_store.STATUS_FILTERS,
    "jkn": coverage_store.JKN_FILTERS,
    "bpjs_tk": coverage_store.BPJS_TK_FILTERS,
}
WITHOUT_TPS = "tanpa"
WITHOUT_TPS_BOX = "tanpa_tps"  # the form's checkbox for it (its TPS field takes numbers only)
# In the address after a name search: the name itself stays in the session. A link without it
# (from the coverage page, a bookmark) lists exactly its filter, never narrowed by a name typed
# earlier.
SEARCHED = "dicari"


@bp.route("/", methods=["GET", "POST"])
@auth.staff_required("kpu", "admin", "ppk", "pps")
def index():
    if request.method == "POST":
        search = values.text(request.form.get("cari"), max_length=64) or ""
        # Narrowed to an area operator's own area, a NIK search included.
        area = lists.area(request.form)
        if area["tps"] is None and lists.choice(WITHOUT_TPS_BOX, {"1"}, request.form):
            area["tps"] = WITHOUT_TPS
        filters = {
            name: lists.choice(name, allowed, request.form) for name, allowed in FILTERS.items()
        }
        nik, search_error = _nik_in(search)
        if nik or search_error:
            # A NIK is answered at once and kept nowhere: not in the address, not in the
            # session (a cookie). One officer at most: there is nothing to page through.
            session.pop(SEARCH_KEY, None)
            response = _render_list(
                area, filters, search, nik=nik, search_error=search_error, page=1
            )
            response.headers["Cache-Control"] = "no-store"
            return response
        # A name is kept in the session (out of the address and the access log) for paging.
        session[SEARCH_KEY] = search
        return redirect(
            url_for("officers.index", **_query(area, filters), **({SEARCHED: 1} if search else {}))
        )
    area = lists.area()
    if area["tps"] is None and lists.choice("tps", {WITHOUT_TPS}):
        area["tps"] = WITHOUT_TPS
    filters = {name: lists.choice(name, allowed) for name, allowed in FILTERS.items()}
    searched = (lists.choice(SEARCHED, {"1"}) and session.get(SEARCH_KEY)) or ""
    return _render_list(area, filters, searched, page=lists.current_page(PAGE_SIZE).number)


def _query(area: dict, filters: dict) -> dict:
    """The list's address arguments for an area and filters (the empty ones left out)."""
    return {key: value for key, value in {**area, **filters}.items() if value}


def _render_list(area: dict, filters: dict, search: str, *, page: int, nik=None, search_error=None):
    db = get_db()
    scope = lists.scope()
    listed, total = [], 0
    if not search_error:
        # A NIK is looked for in the staff member's whole area (the whole city for KPU Kota),
        # whatever area or filter is chosen.
        within = area
        if nik is not None:
            within = {
                "kecamatan": scope.kecamatan if scope else None,
                "kelurahan": scope.kelurahan if scope else None,
            }
        listed, total = access_store.officer_list_page(
            db,
            kecamatan=within["kecamatan"],
            kelurahan=within["kelurahan"],
            tps=None if area["tps"] == WITHOUT_TPS else area["tps"],
            without_tps=area["tps"] == WITHOUT_TPS,
            **filters,
            today=today_wib().isoformat(),
            name=None if nik else search,
            nik=nik,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    pager_args = _query(area, filters) | ({SEARCHED: 1} if search and not nik else {})
    page_html = render_template(
        "kpu/officers.html",
        area=area,
        filters=filters,
        search=search,
        search_error=search_error,
        by_nik=nik is not None,
        kecamatan=lists.kecamatan_choices(),
        kelurahan=lists.kelurahan_choices(),
        officers=listed,
        total=total,
        # An area operator's searches stay in their area, and the page says so.
        area_label=t(scope.label()) if scope else None,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        first=(page - 1) * PAGE_SIZE + 1,
        pager_args=pager_args,
    )
    return make_response(page_html, 422 if search_error else 200)


def _nik_in(search: str) -> tuple[str | None, str | None]:
    """A search made only of digits is a NIK: (the NIK, None), or (None, why it is not one)."""
    if not search or not search.replace(" ", "").replace(".", "").replace("-", "").isdigit():
        return None, None
    try:
        return normalise_nik(search), None
    except NikError as error:
        return None, _(error.msgid, **error.params)


@bp.post("/tautan.xlsx")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def export_links():
    """The area's links as a spreadsheet. A POST (the page's button), not a link: officers
    without a link are given one here, and a GET must change nothing (a prefetch, a crawler or
    a link in another site would otherwise issue links)."""
    db = get_db()
    area = lists.area(request.form)
    if not (area["kecamatan"] or area["kelurahan"]):
        abort(400)
    listed = with_links(db, lambda: access_store.officers_in_area(db, **area))
    rows = links.link_rows(listed, **link_writing())
    name = "tautan-petugas-" + (area["kelurahan"] or area["kecamatan"])
    if area["tps"]:
        name += f"-tps{area['tps']:03d}"
    audit.record("export", "officer_links", f"{name}: {len(rows)} petugas")
    return send_file(
        BytesIO(links.links_workbook(rows)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name + ".xlsx",
    )


def _officer_or_404(officer_id: int) -> dict:
    """The officer, if they are in the staff member's area; else 404 (never 403: an id must
    not reveal that another area's officer exists)."""
    officer = officer_store.officer_by_id(get_db(), officer_id)
    if officer is None or not lists.in_scope(officer):
        abort(404)
    return officer


def _back_to_list(officer: dict) -> str:
    return url_for("officers.index", kelurahan=officer["kelurahan_code"], tps=officer["tps"] or "")


def _officer_facts(officer: dict) -> list[tuple[str, str]]:
    place = officer.get("kelurahan_name") or officer["kecamatan_name"]
    if officer["tps"]:
        place = _("TPS %(tps)s, %(place)s", tps=str(officer["tps"]).zfill(3), place=place)
    return [(_("Petugas"), f"{officer['name']} ({officer['role']})"), (_("Tempat tugas"), place)]


def _live_link(officer_id: int) -> bool:
    return access_store.access_version(get_db(), officer_id) is not None


@bp.route("/<int:officer_id>/tautan-baru", methods=["GET", "POST"])
@auth.staff_required("kpu", "admin", "ppk", "pps")
def reissue_link(officer_id):
    officer = _officer_or_404(officer_id)
    here = url_for("officers.reissue_link", officer_id=officer_id)
    # A first link loses nothing; replacing a live one kills the card already handed out.
    needs_confirmation = _live_link(officer_id)
    if request.method == "GET":
        return confirmation_page(
            title=_("Buat tautan baru untuk %(name)s?", name=officer["name"]),
            facts=_officer_facts(officer),
            consequences=[
                _(
                    "Tautan pribadi dan kode akses yang sekarang berhenti berlaku, juga yang ada "
                    "di kartu akses yang sudah dicetak dan di pesan WhatsApp yang sudah dikirim."
                ),
                _("Anda harus memberikan tautan atau kartu baru kepada petugas ini."),
                _("Jawaban skrining yang sudah tersimpan tidak terhapus."),
            ]
            if needs_confirmation
            else [_("Petugas ini belum punya tautan yang berlaku; tidak ada yang hilang.")],
            button=_("Ya, buat tautan baru"),
            action=here,
            back=_back_to_list(officer),
        )
    if needs_confirmation and not confirmed():
        return ask_first(here)
    db = get_db()
    version = access_store.reissue(db, officer_id, token_hash_for, now=now_iso())
    audit.record("change", f"officer:{officer_id}", f"tautan baru, versi {version}")
    key = access_key()
    link = public_url("officer.open_link", token=access.link_token(key, officer_id, version))
    return render_template(
        "kpu/new_link.html",
        officer=officer,
        link=link,
        code=access.access_code(key, officer_id, version),
        back=_back_to_list(officer),
    )


@bp.route("/<int:officer_id>/cabut", methods=["GET", "POST"])
@auth.staff_required("kpu", "admin", "ppk", "pps")
def revoke_link(officer_id):
    officer = _officer_or_404(officer_id)
    here = url_for("officers.revoke_link", officer_id=officer_id)
    if request.method == "GET":
        return confirmation_page(
            title=_("Cabut tautan %(name)s?", name=officer["name"]),
            facts=_officer_facts(officer),
            consequences=[
                _(
                    "Tautan pribadi dan kode akses petugas ini berhenti berlaku sekarang, juga "
                    "yang ada di kartu akses yang sudah dicetak."
                ),
                _(
                    "Petugas tidak dapat membuka skrining sampai Anda membuat tautan baru dan "
                    "memberikannya."
                ),
                _("Jawaban skrining yang sudah tersimpan tidak terhapus."),
            ],
            button=_("Ya, cabut tautan"),
            action=here,
            back=_back_to_list(officer),
        )
    if not confirmed():
        return ask_first(here)
    access_store.revoke(get_db(), officer_id, now=now_iso())
    audit.record("change", f"officer:{officer_id}", "tautan dicabut")
    flash(_("Tautan dan kode akses %(name)s sudah dicabut.", name=officer["name"]), "info")
    return redirect(_back_to_list(officer))
