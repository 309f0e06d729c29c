"""Printed documents: one referral slip (KPU, the referral's FKTP, or the officer their own), and
bulk slips and access cards for an area, printed by the job worker with a progress page.

Who gets which slip (UU 27/2022: each role sees what its work needs):
- KPU and admin, one slip or in bulk: who, where to go, by when, how urgently, what the FKTP is
  asked to measure, the QR code to the referral page. No condition, level, reason or answer.
- The officer, their own slip from their result page: with their findings (they are theirs).
- The referral's own FKTP: with the findings too; its clinicians see them on the referral page
  anyway, and the paper stays in the clinic's records.
"""

from io import BytesIO

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from screening import tasks
from screening.areas import AreaError, OutsideArea, resolve, within
from screening.printing import bulk as printing
from screening.printing import jobs as print_jobs
from screening.printing.pdf import render_pdf
from screening.store import printing as print_store
from screening.store import referrals as referral_store
from screening.web import audit, auth, job_pages, lists
from screening.web.access import referral_or_404
from screening.web.database import get_db
from screening.web.i18n import t
from screening.web.officer_session import officer_required

bp = Blueprint("slips", __name__)

KINDS = {printing.SLIPS: "surat-rujukan", printing.CARDS: "kartu-akses"}


def _pdf(data: bytes, name: str):
    return send_file(
        BytesIO(data), mimetype="application/pdf", as_attachment=False, download_name=name
    )


def _slip_pdf(number: str, *, full: bool):
    db = get_db()
    row = print_store.full_slip_row(db, number) if full else print_store.slip_row(db, number)
    if row is None:
        abort(404)
    if full:
        data = printing.full_slip_pdf(row)
    else:
        data = render_pdf(printing.SLIP_TEMPLATE, **printing.slip_document([row]))
    return _pdf(data, f"surat-rujukan-{row['number']}.pdf")


@bp.get("/kpu/rujukan/<number>/surat.pdf")
@auth.staff_required("kpu", "admin", "fktp")
def referral_letter(number):
    # A clinician prints only their own FKTP's referrals; to anyone else a number reveals nothing.
    referral = referral_or_404(number)
    clinician = g.staff["role"] == "fktp"
    audit.record(
        "export",
        f"referral:{referral['number']}",
        "surat rujukan lengkap (PDF)" if clinician else "surat rujukan (PDF)",
    )
    return _slip_pdf(referral["number"], full=clinician)


@bp.get("/skrining/hasil/surat.pdf")
@officer_required
def officer_letter():
    referral = referral_store.referral_for_officer(get_db(), g.officer["id"])
    if referral is None:
        abort(404)
    return _slip_pdf(referral["number"], full=True)


# --- bulk printing ------------------------------------------------------------------------------


@bp.route("/kpu/cetak/", methods=["GET", "POST"])
@auth.staff_required("kpu", "admin", "ppk", "pps")
def print_area():
    db = get_db()
    error = None
    form = request.form if request.method == "POST" else request.args
    if request.method == "POST":
        kind = form.get("jenis")
        if kind not in KINDS:
            abort(400)
        try:
            area = resolve(
                db,
                kecamatan=form.get("kecamatan"),
                kelurahan=form.get("kelurahan"),
                tps=form.get("tps"),
            )
        except AreaError as problem:
            error = t(problem.message)
        else:
            try:
                # An area operator prints for their own area only; another area is not found.
                area = within(lists.scope(), area)
            except OutsideArea:
                abort(404)
            app = current_app._get_current_object()
            # One job at a time per person (a second tap would print twice); other people's jobs
            # wait their turn in the queue, and a job whose worker died blocks no one.
            busy = job_pages.busy_elsewhere()
            if busy:
                return busy
            label = t(area.label())
            job = print_jobs.start(
                app,
                tasks.get(app),
                kind=kind,
                area=area,
                staff_id=g.staff["id"],
                label=label,
                filename=f"{KINDS[kind]}-{area.slug()}.pdf",
            )
            audit.record("export", kind, f"PDF {label}")
            return redirect(url_for("slips.print_job", job_id=job["id"]))
    return render_template(
        "kpu/print.html",
        kinds=KINDS,
        chosen=form,
        error=error,
        kecamatan=lists.kecamatan_choices(),
        kelurahan=lists.kelurahan_choices(),
        area_label=t(lists.scope().label()) if lists.scope() else None,
    ), (422 if error else 200)


@bp.get("/kpu/cetak/<job_id>")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def print_job(job_id):
    return job_pages.page(job_pages.own(job_id, print_jobs.PRINTS))


@bp.get("/kpu/cetak/<job_id>/unduh")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def download(job_id):
    job = job_pages.own(job_id, print_jobs.PRINTS)
    return job_pages.download(job, subject=job["kind"], detail=f"unduh PDF {job['label']}")
