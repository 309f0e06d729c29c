"""KPU uploads the officer roster: upload, preview, import, and the rejected rows handed back;
and the statuses BPJS Kesehatan (or the Pemda) and BPJAMSOSTEK send back, the same way.

The uploaded file waits in `instance/uploads/` under a random name kept in the session (never in
a URL), is read again on import, and is deleted once imported and its rejected rows downloaded,
or after a day.
"""

from datetime import date
from io import BytesIO
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from screening.clock import now_iso
from screening.nik import mask_nik
from screening.roster import RosterCheck, RosterFileError, operations, read_roster, statuses
from screening.roster.export import rejected_rows_csv, rejected_rows_xlsx
from screening.roster.uploads import (
    delete_upload,
    save_upload,
    sweep_uploads,
    upload_path,
)
from screening.web import audit, auth
from screening.web.database import get_db
from screening.web.forms.roster import ConfirmForm, RosterUploadForm, StatusUploadForm
from screening.web.i18n import t

bp = Blueprint("roster", __name__, url_prefix="/kpu/roster")

UPLOAD = "roster_upload"  # session key: token, extension and name of the waiting file
RESULT = "roster_result"  # session key: the counts of the last import, for the done page
SHOWN_REJECTED = 200  # rows listed on the page; the download holds them all


def _folder() -> Path:
    configured = current_app.config.get("ROSTER_UPLOAD_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def _waiting_file() -> tuple[dict, Path] | tuple[None, None]:
    upload = session.get(UPLOAD)
    if not isinstance(upload, dict):
        return None, None
    path = upload_path(_folder(), upload.get("token"), upload.get("extension"))
    if path is None:
        session.pop(UPLOAD, None)
        return None, None
    return upload, path


def _forget_waiting_file() -> None:
    upload = session.pop(UPLOAD, None)
    if isinstance(upload, dict):
        delete_upload(_folder(), upload.get("token"), upload.get("extension"))


def _check(data: bytes, filename: str) -> RosterCheck:
    polling_day = date.fromisoformat(current_app.config["POLLING_DAY"])
    return operations.check_file(get_db(), data, filename, polling_day=polling_day)


def _check_waiting(upload: dict, path: Path):
    """The waiting file checked again: (check, None), or (None, the way back to the upload) when
    it no longer reads as a roster."""
    try:
        return _check(path.read_bytes(), upload["name"]), None
    except RosterFileError as error:  # the file changed kind since upload: start again
        _forget_waiting_file()
        return None, _start_again(t(error.message))


def _start_again(message: str):
    flash(message, "error")
    return redirect(url_for("roster.upload"))


@bp.route("/", methods=["GET", "POST"])
@auth.staff_required("kpu", "admin")
def upload():
    form = RosterUploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        filename = form.file.data.filename or ""
        try:
            # Reading (not yet checking every row) is enough to refuse a file that is no roster.
            read_roster(data, filename)
        except RosterFileError as error:
            form.file.errors.append(t(error.message))
        else:
            _forget_waiting_file()
            sweep_uploads(_folder())
            extension = filename.rsplit(".", 1)[-1].lower()
            session[UPLOAD] = {
                "token": save_upload(_folder(), data, extension),
                "extension": extension,
                "name": filename[-120:],
            }
            session.pop(RESULT, None)
            return redirect(url_for("roster.preview"))
    status = 422 if form.errors else 200
    return render_template("kpu/roster_upload.html", form=form), status


@bp.get("/pratinjau")
@auth.staff_required("kpu", "admin")
def preview():
    upload, path = _waiting_file()
    if upload is None:
        return _start_again(_("Belum ada berkas yang diunggah, atau berkasnya sudah dihapus."))
    if upload.get("imported"):
        return redirect(url_for("roster.done"))
    check, refused = _check_waiting(upload, path)
    if refused:
        return refused
    counts = operations.import_roster(get_db(), check, at=now_iso(), dry_run=True)
    return render_template(
        "kpu/roster_preview.html",
        filename=upload["name"],
        counts=counts,
        good=len(check.officers),
        rejected=_rejected_for_page(check),
        rejected_count=len(check.rejected),
        warnings=_warnings_for_page(check),
        warning_count=len(check.warnings),
        notes=[t(note) for note in check.notes],
        form=ConfirmForm(),
    )


@bp.post("/impor")
@auth.staff_required("kpu", "admin")
def run_import():
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _start_again(_("Halaman sudah kedaluwarsa. Unggah berkasnya lagi."))
    upload, path = _waiting_file()
    if upload is None:
        return _start_again(_("Belum ada berkas yang diunggah, atau berkasnya sudah dihapus."))
    if upload.get("imported"):  # the button pressed twice
        return redirect(url_for("roster.done"))
    check, refused = _check_waiting(upload, path)
    if refused:
        return refused
    counts = operations.import_roster(get_db(), check, at=now_iso())
    current_app.logger.info(
        "roster import by staff %s: %s new, %s updated, %s unchanged, %s rejected",
        g.staff["id"],
        counts["new"],
        counts["updated"],
        counts["unchanged"],
        counts["rejected"],
    )
    audit.record(
        "change",
        "roster",
        f"impor: {counts['new']} baru, {counts['updated']} diubah, {counts['rejected']} ditolak",
    )
    session[RESULT] = {**counts, "name": upload["name"]}
    if check.rejected:
        session[UPLOAD] = {**upload, "imported": True}  # kept for the rejected rows' download
    else:
        _forget_waiting_file()
    return redirect(url_for("roster.done"))


@bp.get("/selesai")
@auth.staff_required("kpu", "admin")
def done():
    result = session.get(RESULT)
    if not isinstance(result, dict):
        return redirect(url_for("roster.upload"))
    upload, _path = _waiting_file()
    return render_template(
        "kpu/roster_done.html",
        result=result,
        download=upload is not None and upload.get("imported"),
    )


@bp.get("/ditolak.<any(csv, xlsx):kind>")
@auth.staff_required("kpu", "admin")
def rejected_rows(kind):
    upload, path = _waiting_file()
    if upload is None:
        return _start_again(_("Berkas yang diunggah sudah dihapus. Unggah lagi bila perlu."))
    check, refused = _check_waiting(upload, path)
    if refused:
        return refused
    if kind == "xlsx":
        body = rejected_rows_xlsx(check, translate=t)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = rejected_rows_csv(check, translate=t)
        mimetype = "text/csv"
    if upload.get("imported"):
        _forget_waiting_file()  # imported and handed back: nothing left to keep it for
    stem = secure_filename(upload["name"].rsplit(".", 1)[0]) or "daftar-petugas"
    audit.record("export", "roster", f"baris ditolak ({kind}): {len(check.rejected)}")
    response = send_file(
        BytesIO(body),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"{stem}-ditolak.{kind}",
    )
    response.headers["Cache-Control"] = "no-store"  # it holds NIKs
    return response


def _rejected_for_page(check: RosterCheck) -> list[dict]:
    return [
        {"number": row.number, "name": row.name, "reasons": [t(r) for r in row.reasons]}
        for row in check.rejected[:SHOWN_REJECTED]
    ]


def _warnings_for_page(check: RosterCheck) -> list[dict]:
    return [
        {"number": w.number, "name": w.name, "message": t(w.message)}
        for w in check.warnings[:SHOWN_REJECTED]
    ]


# -- Statuses brought back: JKN from BPJS Kesehatan or the Pemda, BPJS TK from BPJAMSOSTEK --------

STATUS_UPLOAD = "status_upload"  # session key: token, extension, name and kind of the waiting file
STATUS_RESULT = "status_result"  # session key: the counts of the last status import


def _waiting_status_file() -> tuple[dict, Path, statuses.Kind] | tuple[None, None, None]:
    upload = session.get(STATUS_UPLOAD)
    if not isinstance(upload, dict) or upload.get("kind") not in statuses.KINDS:
        session.pop(STATUS_UPLOAD, None)
        return None, None, None
    path = upload_path(_folder(), upload.get("token"), upload.get("extension"))
    if path is None:
        session.pop(STATUS_UPLOAD, None)
        return None, None, None
    return upload, path, statuses.KINDS[upload["kind"]]


def _forget_waiting_status_file() -> None:
    upload = session.pop(STATUS_UPLOAD, None)
    if isinstance(upload, dict):
        delete_upload(_folder(), upload.get("token"), upload.get("extension"))


def _status_start_again(message: str):
    flash(message, "error")
    return redirect(url_for("roster.status_upload"))


def _check_waiting_statuses(upload: dict, path: Path, kind: statuses.Kind):
    try:
        return statuses.check_file(get_db(), path.read_bytes(), upload["name"], kind), None
    except RosterFileError as error:
        _forget_waiting_status_file()
        return None, _status_start_again(t(error.message))


@bp.route("/status/", methods=["GET", "POST"])
@auth.staff_required("kpu", "admin")
def status_upload():
    form = StatusUploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        filename = form.file.data.filename or ""
        kind = statuses.KINDS[form.kind.data]
        try:
            read_roster(data, filename, layout=statuses.layout(kind))
        except RosterFileError as error:
            form.file.errors.append(t(error.message))
        else:
            _forget_waiting_status_file()
            sweep_uploads(_folder())
            extension = filename.rsplit(".", 1)[-1].lower()
            session[STATUS_UPLOAD] = {
                "token": save_upload(_folder(), data, extension),
                "extension": extension,
                "name": filename[-120:],
                "kind": kind.name,
            }
            session.pop(STATUS_RESULT, None)
            return redirect(url_for("roster.status_preview"))
    status = 422 if form.errors else 200
    return render_template("kpu/status_upload.html", form=form), status


@bp.get("/status/pratinjau")
@auth.staff_required("kpu", "admin")
def status_preview():
    upload, path, kind = _waiting_status_file()
    if upload is None:
        return _status_start_again(
            _("Belum ada berkas yang diunggah, atau berkasnya sudah dihapus.")
        )
    check, refused = _check_waiting_statuses(upload, path, kind)
    if refused:
        return refused
    return render_template(
        "kpu/status_preview.html",
        filename=upload["name"],
        kind=kind.name,
        counts=statuses.import_statuses(get_db(), check, at=now_iso(), dry_run=True),
        good=len(check.statuses),
        problems=_problems_for_page(check),
        problem_count=len(check.problems),
        notes=[t(note) for note in check.notes],
        form=ConfirmForm(),
    )


@bp.post("/status/impor")
@auth.staff_required("kpu", "admin")
def status_import():
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _status_start_again(_("Halaman sudah kedaluwarsa. Unggah berkasnya lagi."))
    upload, path, kind = _waiting_status_file()
    if upload is None:
        if isinstance(session.get(STATUS_RESULT), dict):  # the button pressed twice
            return redirect(url_for("roster.status_done"))
        return _status_start_again(
            _("Belum ada berkas yang diunggah, atau berkasnya sudah dihapus.")
        )
    check, refused = _check_waiting_statuses(upload, path, kind)
    if refused:
        return refused
    counts = statuses.import_statuses(get_db(), check, at=now_iso())
    current_app.logger.info(
        "status import (%s) by staff %s: %s updated, %s unchanged, %s unknown, %s bad",
        kind.name,
        g.staff["id"],
        counts["updated"],
        counts["unchanged"],
        counts["unknown"],
        counts["bad"],
    )
    audit.record(
        "change",
        "roster",
        f"status {kind.name}: {counts['updated']} diubah, {counts['unknown']} NIK tidak dikenal, "
        f"{counts['bad']} ditolak",
    )
    _forget_waiting_status_file()  # nothing to hand back: the problem rows were on the preview
    session[STATUS_RESULT] = {**counts, "name": upload["name"], "kind": kind.name}
    return redirect(url_for("roster.status_done"))


@bp.get("/status/selesai")
@auth.staff_required("kpu", "admin")
def status_done():
    result = session.get(STATUS_RESULT)
    if not isinstance(result, dict):
        return redirect(url_for("roster.status_upload"))
    return render_template("kpu/status_done.html", result=result)


def _problems_for_page(check: statuses.StatusCheck) -> list[dict]:
    return [
        {
            "number": row.number,
            "nik": mask_nik(row.nik) if len(row.nik) == 16 and row.nik.isdigit() else row.nik,
            "reasons": [t(r) for r in row.reasons],
        }
        for row in check.problems[:SHOWN_REJECTED]
    ]
