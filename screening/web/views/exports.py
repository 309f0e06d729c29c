"""KPU's downloads of the lists people act on: who to chase, who to register (JKN, BPJAMSOSTEK)
and where each referral stands. Each for an area, dated (WIB), audit-logged, no health data."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from screening import action_lists
from screening.clock import today_wib
from screening.store import action_lists as list_store
from screening.web import auth, lists
from screening.web.database import get_db
from screening.web.downloads import send_spreadsheet
from screening.web.officer_session import link_writing, with_links

bp = Blueprint("exports", __name__, url_prefix="/kpu/ekspor")

KIND = "<any(csv, xlsx):kind>"


@bp.get("/")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def index():
    area = lists.area(request.args)
    return render_template(
        "kpu/exports.html",
        area=area,
        query={k: v for k, v in area.items() if v},
        kecamatan=lists.kecamatan_choices(),
        kelurahan=lists.kelurahan_choices(),
    )


@bp.post(f"/belum-skrining.{KIND}")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def unscreened(kind):
    """The chase list. A POST (the page's button), not a link: officers without a personal link
    are given one here, and a GET must change nothing (a prefetch or a crawler would issue
    links)."""
    db = get_db()
    area = lists.area(request.form)
    if not (area["kecamatan"] or area["kelurahan"]):
        # Issuing links for a whole city at once is not a chase list anyone can work through.
        flash(_("Pilih kecamatan atau kelurahan dulu untuk daftar petugas yang belum skrining."))
        return redirect(url_for("exports.index", **{k: v for k, v in area.items() if v}))
    listed = with_links(db, lambda: list_store.unscreened_officers(db, **area))
    sheet = action_lists.chase_sheet(listed, **link_writing())
    return _send(sheet, "belum-skrining", "officers:unscreened", area, kind, "petugas")


@bp.get(f"/jkn.{KIND}")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def without_jkn(kind):
    area = lists.area(request.args)
    sheet = action_lists.jkn_sheet(list_store.officers_without_jkn(get_db(), **area))
    return _send(sheet, "jkn-belum-aktif", "officers:jkn", area, kind, "petugas")


@bp.get(f"/bpjs-ketenagakerjaan.{KIND}")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def without_bpjs_tk(kind):
    area = lists.area(request.args)
    sheet = action_lists.bpjs_tk_sheet(list_store.officers_without_bpjs_tk(get_db(), **area))
    return _send(sheet, "bpjs-ketenagakerjaan-belum", "officers:bpjs_tk", area, kind, "petugas")


@bp.get(f"/rujukan.{KIND}")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def referrals(kind):
    area = lists.area(request.args)
    today = today_wib()
    sheet = action_lists.referral_sheet(list_store.referrals_in_area(get_db(), **area), today)
    return _send(sheet, "rujukan", "referrals:kpu", area, kind, "rujukan")


def _send(sheet, stem: str, subject: str, area: dict, kind: str, noun: str):
    name = action_lists.file_name(stem, area, today_wib(), kind)
    return send_spreadsheet(
        sheet.write(kind),
        name=name,
        kind=kind,
        subject=subject,
        detail=f"{name}: {len(sheet.rows)} {noun}",
    )
