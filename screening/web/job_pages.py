"""The pages of a background job (screening/printing/jobs.py), whatever its file: its progress page
and its download, for the staff member who started it only, and the one-at-a-time rule.

Print jobs are shown under /kpu/cetak/, lists under /kpu/ekspor/berkas/: each page shows its own
kinds only, so a job's address always reads as what it is."""

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from screening.printing import jobs
from screening.web.downloads import send_download


def url(job: dict) -> str:
    """The progress page of `job`."""
    if job["kind"] in jobs.PRINTS:
        return url_for("slips.print_job", job_id=job["id"])
    return url_for("exports.job", job_id=job["id"])


def busy_elsewhere():
    """A redirect to the staff member's unfinished job, if they have one, with a notice; else
    None. One job at a time per person: a second tap would make the file twice."""
    busy = jobs.unfinished(current_app, g.staff["id"])
    if busy is None:
        return None
    if busy["kind"] in jobs.PRINTS:
        flash(_("Masih ada pencetakan yang berjalan. Tunggu sampai selesai."), "info")
    else:
        flash(_("Masih ada daftar yang sedang disiapkan. Tunggu sampai selesai."), "info")
    return redirect(url(busy))


def own(job_id: str, kinds) -> dict:
    """The signed-in staff member's job of one of `kinds`; 404 for anyone else's or none."""
    job = jobs.state(current_app, job_id)
    if job is None or job["staff_id"] != g.staff["id"] or job.get("kind") not in kinds:
        abort(404)
    return job


def page(job: dict, **context):
    """The job's progress page; `context` adds what its kind's wording needs."""
    maker = jobs.MAKERS[job["kind"]]
    return render_template(
        "kpu/job.html",
        **context,
        job=job,
        printing=job["kind"] in jobs.PRINTS,
        extension=maker.extension,
        queued=jobs.QUEUED,
        running=jobs.RUNNING,
        done=jobs.DONE,
    )


def download(job: dict, *, subject: str, detail: str):
    """The finished job's file as an attachment, audit-logged; 404 until it is there."""
    path = jobs.output_path(current_app, job["id"], job["kind"])
    if job["status"] != jobs.DONE or not path.is_file():
        abort(404)
    return send_download(
        path,
        name=job["filename"],
        mimetype=jobs.MAKERS[job["kind"]].mimetype,
        subject=subject,
        detail=detail,
    )
