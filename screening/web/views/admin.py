"""The admin's pages: staff accounts (create, disable, enable, reset password) and the audit log.

Every change here is itself written to the audit log; passwords never are.
"""

from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from screening import second_factor, values
from screening import staff as staff_accounts
from screening.clock import WIB, now_iso
from screening.messages import MessageError
from screening.store import audit as audit_store
from screening.store import regions
from screening.store import second_factor as second_factor_store
from screening.store import staff as staff_store
from screening.web import audit, auth, lists
from screening.web.database import get_db
from screening.web.forms.staff import NewStaffForm, PasswordResetForm
from screening.web.i18n import t
from screening.web.views.confirm import ask_first, confirmation_page, confirmed

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_ACTIONS = {
    "view": _l("Lihat"),
    "change": _l("Ubah"),
    "export": _l("Ekspor"),
    "send": _l("Kirim pesan"),
}


def _staff_or_404(staff_id: int) -> dict:
    staff = staff_store.staff_by_id(get_db(), staff_id)
    if staff is None:
        abort(404)
    return staff


# --- staff accounts ---------------------------------------------------------------------------


@bp.get("/staf")
@auth.staff_required("admin")
def staff_list():
    db = get_db()
    return render_template(
        "admin/staff.html",
        accounts=staff_store.all_staff(db),
        enrolled=second_factor_store.enrolled_staff_ids(db),
    )


@bp.route("/staf/baru", methods=["GET", "POST"])
@auth.staff_required("admin")
def new_staff():
    db = get_db()
    form = NewStaffForm(
        regions.all_fktps(db),
        kecamatan=regions.all_kecamatan(db),
        kelurahan=regions.all_kelurahan(db),
    )
    if form.validate_on_submit():
        try:
            staff_id = staff_accounts.create_account(
                db,
                username=form.username.data,
                full_name=form.full_name.data,
                role=form.role.data,
                fktp_code=form.fktp_code.data or None,
                area_code=form.area_code.data or None,
                password=form.password.data,
                now=now_iso(),
                hash_with=auth.hash_password,
            )
        except MessageError as refused:
            form.username.errors.append(t(refused.message))
        else:
            audit.record(
                "change",
                f"staff:{staff_id}",
                f"akun dibuat: {form.username.data}, peran {form.role.data}"
                + (f", fktp {form.fktp_code.data}" if form.fktp_code.data else "")
                + (f", wilayah {form.area_code.data}" if form.area_code.data else ""),
            )
            flash(_("Akun %(username)s dibuat.", username=form.username.data), "success")
            return redirect(url_for("admin.staff_list"))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/staff_new.html", form=form), status


@bp.route("/staf/<int:staff_id>/nonaktifkan", methods=["GET", "POST"])
@auth.staff_required("admin")
def disable_staff(staff_id):
    db = get_db()
    staff = _staff_or_404(staff_id)
    if staff["disabled"]:
        return redirect(url_for("admin.staff_list"))
    if staff["id"] == g.staff["id"]:
        flash(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), "error")
        return redirect(url_for("admin.staff_list"))
    if staff["role"] == "admin" and staff_store.count_active_admins(db) <= 1:
        flash(_("Akun admin terakhir yang aktif tidak dapat dinonaktifkan."), "error")
        return redirect(url_for("admin.staff_list"))
    here = url_for("admin.disable_staff", staff_id=staff_id)
    if request.method == "GET":
        facts = [(_("Akun"), staff["username"]), (_("Peran"), str(auth.ROLES[staff["role"]]))]
        if staff["full_name"]:
            facts.insert(0, (_("Nama"), staff["full_name"]))
        return confirmation_page(
            title=_("Nonaktifkan akun %(username)s?", username=staff["username"]),
            facts=facts,
            consequences=[
                _("Pemilik akun ini tidak dapat masuk lagi; sesi yang sedang terbuka berakhir."),
                _("Riwayat dan log audit akun ini tetap tersimpan."),
                _("Anda dapat mengaktifkannya lagi dari daftar akun staf."),
            ],
            button=_("Ya, nonaktifkan"),
            action=here,
            back=url_for("admin.staff_list"),
        )
    if not confirmed():
        return ask_first(here)
    staff_store.set_disabled(db, staff_id, True)
    audit.record("change", f"staff:{staff_id}", f"akun dinonaktifkan: {staff['username']}")
    flash(_("Akun %(username)s dinonaktifkan.", username=staff["username"]), "success")
    return redirect(url_for("admin.staff_list"))


@bp.post("/staf/<int:staff_id>/aktifkan")
@auth.staff_required("admin")
def enable_staff(staff_id):
    staff = _staff_or_404(staff_id)
    if staff["disabled"]:
        staff_store.set_disabled(get_db(), staff_id, False)
        audit.record("change", f"staff:{staff_id}", f"akun diaktifkan: {staff['username']}")
        flash(_("Akun %(username)s diaktifkan lagi.", username=staff["username"]), "success")
    return redirect(url_for("admin.staff_list"))


@bp.route("/staf/<int:staff_id>/kata-sandi", methods=["GET", "POST"])
@auth.staff_required("admin")
def reset_password(staff_id):
    staff = _staff_or_404(staff_id)
    form = PasswordResetForm(staff["username"], staff["full_name"])
    if form.validate_on_submit():
        staff_store.set_password_hash(get_db(), staff_id, auth.hash_password(form.password.data))
        audit.record("change", f"staff:{staff_id}", f"kata sandi diganti: {staff['username']}")
        flash(_("Kata sandi %(username)s sudah diganti.", username=staff["username"]), "success")
        return redirect(url_for("admin.staff_list"))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/password.html", form=form, account=staff), status


@bp.post("/staf/<int:staff_id>/verifikasi-dua-langkah/atur-ulang")
@auth.staff_required("admin")
def reset_second_factor(staff_id):
    """A lost phone: the account signs in with its password alone once more, then sets up an
    app again (at once when its role requires one)."""
    staff = _staff_or_404(staff_id)
    if second_factor.reset(get_db(), staff_id):
        detail = f"verifikasi dua langkah diatur ulang: {staff['username']}"
        audit.record("change", f"staff:{staff_id}", detail)
        flash(
            _(
                "Verifikasi dua langkah %(username)s diatur ulang. Saat masuk berikutnya, "
                "dia memasang aplikasi autentikator lagi.",
                username=staff["username"],
            ),
            "success",
        )
    return redirect(url_for("admin.staff_list"))


# --- the audit log ----------------------------------------------------------------------------


def _utc_start_of(day: date) -> str:
    """The stored times are UTC; the admin picks days in WIB."""
    start = datetime(day.year, day.month, day.day, tzinfo=WIB)
    return start.astimezone(UTC).isoformat(timespec="seconds")


@bp.get("/audit")
@auth.staff_required("admin")
def audit_log():
    db = get_db()
    accounts = staff_store.all_staff(db)
    staff_id = values.positive_int(request.args.get("staf"))
    action = lists.choice("aksi", AUDIT_ACTIONS)
    subject = values.text(request.args.get("subjek"), max_length=64)
    since, until = values.day(request.args.get("dari")), values.day(request.args.get("sampai"))
    page = lists.current_page()
    rows, total = audit_store.search(
        db,
        limit=page.size,
        offset=page.offset,
        staff_id=staff_id,
        action=action,
        subject=subject,
        since=_utc_start_of(since) if since else None,
        until=_utc_start_of(until + timedelta(days=1)) if until else None,
    )
    audit.record("view", "audit_log", f"halaman {page.number}")
    filters = {
        "staf": staff_id,
        "aksi": action,
        "subjek": subject,
        "dari": since.isoformat() if since else None,
        "sampai": until.isoformat() if until else None,
    }
    return render_template(
        "admin/audit.html",
        rows=rows,
        **page.pager(total),
        accounts=accounts,
        actions=AUDIT_ACTIONS,
        filters=filters,
    )
