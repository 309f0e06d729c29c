"""KPU's downloads of the lists people act on: who to chase, who to register (JKN, BPJAMSOSTEK)
and where each referral stands. Each for an area, dated (WIB), audit-logged, no health data.

A large chase list (more than EXPORT_INLINE_MAX officers: a kecamatan's is some 13,000, seconds
of links and XlsxWriter) is made by the job worker, like bulk prints: the POST queues it and the
job's page offers the file when it is ready."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from screening import action_lists, chase_list, tasks
from screening.areas import AreaError, resolve
from screening.clock import today_wib
from screening.printing import jobs
from screening.store import action_lists as list_store
from screening.web import audit, auth, job_pages, lists
from screening.web.database import get_db
from screening.web.downloads import send_spreadsheet
from screening.web.i18n import t

bp = Blueprint("exports", __name__, url_prefix="/kpu/ekspor")

KIND = "<any(csv, xlsx):kind>"
CHASE, CHASE_SUBJECT = "belum-skrining", "officers:unscreened"
LIST_JOBS = tuple(chase_list.KINDS.values())  # the jobs whose pages are under /kpu/ekspor/


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
    count = list_store.count_unscreened(db, **area)
    if count > current_app.config["EXPORT_INLINE_MAX"]:
        queued = _prepare_in_background(kind, area, count)
        if queued:
            return queued
    return _send(chase_list.sheet(db, area), CHASE, CHASE_SUBJECT, area, kind, "petugas")


def _prepare_in_background(kind: str, area: dict, count: int):
    """Queue the chase list of `area` as a job and redirect to its page; None when the area has
    no name to show (the list is then written here, as for a small one)."""
    busy = job_pages.busy_elsewhere()
    if busy:
        return busy
    try:
        place = resolve(get_db(), **area)
    except AreaError:
        return None  # e.g. a TPS past the kelurahan's count that still has officers
    name = action_lists.file_name(CHASE, area, today_wib(), kind)
    app = current_app._get_current_object()
    job = jobs.start(
        app,
        tasks.get(app),
        kind=chase_list.KINDS[kind],
        area=place,
        staff_id=g.staff["id"],
        label=t(place.label()),
        filename=name,
    )
    audit.record("export", CHASE_SUBJECT, f"siapkan {name}: {count} petugas")
    return redirect(url_for("exports.job", job_id=job["id"]))


@bp.get("/berkas/<job_id>")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def job(job_id):
    return job_pages.page(job_pages.own(job_id, LIST_JOBS))


@bp.get("/berkas/<job_id>/unduh")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def job_download(job_id):
    job = job_pages.own(job_id, LIST_JOBS)
    detail = f"unduh {job['filename']}: {job['count']} petugas"
    return job_pages.download(job, subject=CHASE_SUBJECT, detail=detail)


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
