"""KPU's downloads of the lists people act on: who to chase, who to register (JKN, BPJAMSOSTEK)
and where each referral stands (screening/web/list_files.py). Each for an area, dated (WIB),
audit-logged, no health data.

Every download is a POST (the page's buttons): a large list (more than EXPORT_INLINE_MAX rows: a
kecamatan's chase list is some 13,000 officers, seconds of links and XlsxWriter) is made by the
job worker, like bulk prints, and the POST queues it; its page offers the file when it is ready. A
small one is written in the response."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from screening import action_lists, tasks
from screening.areas import AreaError, resolve
from screening.clock import today_wib
from screening.printing import jobs
from screening.web import audit, auth, job_pages, list_files, lists
from screening.web.database import get_db
from screening.web.downloads import send_spreadsheet
from screening.web.i18n import t

bp = Blueprint("exports", __name__, url_prefix="/kpu/ekspor")

KIND = "<any(csv, xlsx):kind>"
LIST_JOBS = tuple(list_files.KINDS)  # the jobs whose pages are under /kpu/ekspor/


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
        inline_max=current_app.config["EXPORT_INLINE_MAX"],
    )


@bp.post(f"/belum-skrining.{KIND}")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def unscreened(kind):
    """The chase list. A POST, as every list: officers without a personal link are given one
    here, and a GET must change nothing (a prefetch or a crawler would issue links)."""
    area = lists.area(request.form)
    if not (area["kecamatan"] or area["kelurahan"]):
        # Issuing links for a whole city at once is not a chase list anyone can work through.
        flash(_("Pilih kecamatan atau kelurahan dulu untuk daftar petugas yang belum skrining."))
        return redirect(url_for("exports.index", **{k: v for k, v in area.items() if v}))
    return _download("belum-skrining", kind, area)


@bp.post(f"/jkn.{KIND}")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def without_jkn(kind):
    return _download("jkn-belum-aktif", kind, lists.area(request.form))


@bp.post(f"/bpjs-ketenagakerjaan.{KIND}")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def without_bpjs_tk(kind):
    return _download("bpjs-ketenagakerjaan-belum", kind, lists.area(request.form))


@bp.post(f"/rujukan.{KIND}")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def referrals(kind):
    return _download("rujukan", kind, lists.area(request.form))


def _download(stem: str, kind: str, area: dict):
    """The list `stem` of `area` as a file in the response, or, when it is large, as a job."""
    list_file = list_files.LISTS[stem]
    db = get_db()
    count = list_file.count(db, area)
    if count > current_app.config["EXPORT_INLINE_MAX"]:
        queued = _prepare_in_background(list_file, kind, area, count)
        if queued:
            return queued
    records = list_file.read(db, area)
    name = action_lists.file_name(list_file.stem, area, today_wib(), kind)
    return send_spreadsheet(
        list_file.sheet(records).write(kind),
        name=name,
        kind=kind,
        subject=list_file.subject,
        detail=f"{name}: {len(records)} {list_file.noun}",
    )


def _prepare_in_background(list_file: list_files.ListFile, kind: str, area: dict, count: int):
    """Queue the list of `area` as a job and redirect to its page; None when the area has no
    name to show (the list is then written here, as a small one is)."""
    busy = job_pages.busy_elsewhere()
    if busy:
        return busy
    try:
        place = resolve(get_db(), **area)
    except AreaError:
        return None  # e.g. a TPS past the kelurahan's count that still has officers
    name = action_lists.file_name(list_file.stem, area, today_wib(), kind)
    app = current_app._get_current_object()
    job = jobs.start(
        app,
        tasks.get(app),
        kind=list_file.kind(kind),
        area=place,
        staff_id=g.staff["id"],
        label=t(place.label()),
        filename=name,
    )
    audit.record("export", list_file.subject, f"siapkan {name}: {count} {list_file.noun}")
    return redirect(url_for("exports.job", job_id=job["id"]))


@bp.get("/berkas/<job_id>")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def job(job_id):
    job = job_pages.own(job_id, LIST_JOBS)
    list_file, _fmt = list_files.KINDS[job["kind"]]
    # Back to the downloads of the same area (a job of an older version has none: the city).
    area = {k: v for k, v in (job.get("area") or {}).items() if v}
    return job_pages.page(
        job, referrals=list_file.noun == "rujukan", back=url_for("exports.index", **area)
    )


@bp.get("/berkas/<job_id>/unduh")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def job_download(job_id):
    job = job_pages.own(job_id, LIST_JOBS)
    list_file, _fmt = list_files.KINDS[job["kind"]]
    detail = f"unduh {job['filename']}: {job['count']} {list_file.noun}"
    return job_pages.download(job, subject=list_file.subject, detail=detail)
