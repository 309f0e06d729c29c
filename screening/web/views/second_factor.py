"""The second step of staff sign-in (a code from an authenticator app, or a recovery code),
enrolling an app, and the staff member's own "Keamanan akun" page.

Between the password and the code a browser is only half signed in: the session holds the
account's id and when the password was right, nothing else, and no staff page opens for it
(`auth.staff_required` sees nobody signed in). Only this module's pages read that marker.
"""

from datetime import timedelta

import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from markupsafe import Markup

from screening import clock
from screening import second_factor as factor
from screening.store import audit as audit_store
from screening.store import staff as staff_store
from screening.web import auth
from screening.web.database import get_db
from screening.web.forms.second_factor import CodeForm, EnrolForm, RenewCodesForm
from screening.web.limits import limiter
from screening.web.params import safe_next

bp = Blueprint("second_factor", __name__, url_prefix="/staf")

PENDING = "staff_second_step"
# Long enough to install an authenticator app on a slow connection; then the password again.
PENDING_LIFETIME = timedelta(minutes=15)
# Fewer left than this and the sign-in says to make new ones.
FEW_RECOVERY_CODES = 3


def begin(staff: dict, next_page: str | None):
    """After a correct password: the redirect to the second step (the code, or enrolment when
    the role requires an app and none is set up), or None when the password is all it takes."""
    db = get_db()
    enrolled = factor.is_enrolled(db, staff["id"])
    if not enrolled and not factor.required(staff["role"], current_app.config["STAFF_TOTP"]):
        return None
    auth.sign_out()  # whoever was signed in on this browser before is not any more
    session[PENDING] = {"id": staff["id"], "at": int(clock.now_utc().timestamp())}
    return redirect(
        url_for("second_factor.code" if enrolled else "second_factor.enrol", next=next_page)
    )


def _pending_staff() -> dict | None:
    """The account whose password was just right, while its second step is still open."""
    marker = session.get(PENDING)
    staff_id = marker.get("id") if isinstance(marker, dict) else None
    started = marker.get("at") if isinstance(marker, dict) else None
    if not isinstance(staff_id, int) or not isinstance(started, int):
        return None
    if clock.now_utc().timestamp() - started > PENDING_LIFETIME.total_seconds():
        return None
    staff = staff_store.staff_by_id(get_db(), staff_id)
    if staff is None or staff["disabled"]:
        return None
    return staff


def _per_account() -> str:
    """Guesses at the code count per account (the one whose password was right), so a guesser
    gains nothing from more addresses; signed-in pages count per address."""
    marker = session.get(PENDING)
    if isinstance(marker, dict) and isinstance(marker.get("id"), int):
        return f"second-step:{marker['id']}"
    return get_remote_address()


def _code_limit() -> str:
    return current_app.config["STAFF_CODE_LIMIT"]


def _next_page() -> str | None:
    return safe_next(request.args.get("next"))


def _start_again():
    """No second step open: back to the password (a signed-in staff member to the home)."""
    if g.get("staff") is not None:
        return redirect(url_for("staff.home"))
    if session.pop(PENDING, None) is not None:
        flash(_("Waktu untuk memasukkan kode sudah habis. Silakan masuk lagi."), "info")
    return redirect(url_for("staff.sign_in", next=_next_page()))


def _keys() -> list:
    """SECRET_KEY, then the keys it replaced: an app enrolled before a key change still works."""
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]


def _landing() -> str:
    """Where the sign-in was headed; the staff home sends each role on to its own start."""
    return _next_page() or url_for("staff.home")


def _audit(staff: dict, detail: str) -> None:
    """Changes to an account's second factor go into the audit log, with the account as actor
    (it may not be signed in yet while it enrols)."""
    audit_store.record(
        get_db(),
        at=clock.now_iso(),
        staff_id=staff["id"],
        role=staff["role"],
        action="change",
        subject=f"staff:{staff['id']}",
        detail=detail,
        address=request.remote_addr,
    )


def _not_stored(html: str, status: int = 200):
    """Recovery codes are shown once: no browser or proxy may keep a copy of the page."""
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/masuk/kode", methods=["GET", "POST"])
@limiter.limit(_code_limit, key_func=_per_account, methods=["POST"])
def code():
    staff = _pending_staff()
    if staff is None:
        return _start_again()
    db = get_db()
    if not factor.is_enrolled(db, staff["id"]):
        # Reset by an admin while this page was open.
        return redirect(url_for("second_factor.enrol", next=_next_page()))
    form = CodeForm()
    if form.validate_on_submit():
        used = factor.check(db, staff["id"], _keys(), form.code.data, clock.now_utc())
        if used is not None:
            auth.sign_in(staff)
            if used == factor.RECOVERY:
                left = factor.remaining_recovery_codes(db, staff["id"])
                _audit(staff, f"kode pemulihan dipakai untuk masuk, sisa {left}")
                flash(_("Kode pemulihan itu sudah terpakai dan tidak berlaku lagi."), "info")
                if left < FEW_RECOVERY_CODES:
                    flash(
                        _(
                            "Kode pemulihan Anda tinggal %(count)s. Buat yang baru di halaman "
                            "Keamanan akun.",
                            count=left,
                        ),
                        "info",
                    )
            return redirect(_landing())
        form.code.errors.append(
            _(
                "Kode salah atau sudah dipakai. Tunggu kode berikutnya muncul di aplikasi, "
                "lalu coba lagi."
            )
        )
    status = 422 if form.errors else 200
    return render_template("staff/second_step.html", form=form), status


@bp.route("/verifikasi-dua-langkah", methods=["GET", "POST"])
@limiter.limit(_code_limit, key_func=_per_account, methods=["POST"])
def enrol():
    """Set up an authenticator app: after the password when the role requires one, or from the
    Keamanan akun page (then the password is asked again, here)."""
    staff, signed_in = g.get("staff"), g.get("staff") is not None
    if not signed_in:
        staff = _pending_staff()
        if staff is None:
            return _start_again()
    db = get_db()
    if factor.is_enrolled(db, staff["id"]):
        return redirect(
            url_for("second_factor.security")
            if signed_in
            else url_for("second_factor.code", next=_next_page())
        )
    key = current_app.config["SECRET_KEY"]
    form = EnrolForm()
    if form.validate_on_submit():
        if signed_in and not auth.check_password(staff["password_hash"], form.password.data or ""):
            form.password.errors.append(_("Kata sandi salah."))
        else:
            codes = factor.confirm_enrolment(db, staff["id"], key, form.code.data, clock.now_utc())
            if codes is not None:
                if not signed_in:
                    auth.sign_in(staff)
                    g.staff = staff  # the page below already shows who is signed in
                _audit(staff, "verifikasi dua langkah dipasang")
                html = render_template(
                    "staff/recovery_codes.html", codes=codes, then=_landing(), first=True
                )
                return _not_stored(html)
            form.code.errors.append(
                _("Kode tidak cocok. Periksa bahwa aplikasi menampilkan akun ini, lalu coba lagi.")
            )
    secret = factor.enrolment_secret(db, staff["id"], key, clock.now_iso())
    qr = segno.make(factor.provisioning_uri(secret, staff["username"]), error="m")
    svg = qr.svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        light="#fff",
        title=_("Kode QR untuk aplikasi autentikator"),
    )
    # segno escapes the title; role="img" makes screen readers announce it as one picture.
    svg = Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704
    status = 422 if form.errors else 200
    html = render_template(
        "staff/enrol.html",
        form=form,
        qr=svg,
        secret=factor.grouped(secret),
        ask_password=signed_in,
        required=factor.required(staff["role"], current_app.config["STAFF_TOTP"]),
    )
    # The page shows the secret in text.
    return _not_stored(html, status)


@bp.get("/keamanan")
@auth.staff_required()
def security():
    return _security_page(RenewCodesForm())


def _security_page(form, status=200):
    db = get_db()
    enrolled = factor.is_enrolled(db, g.staff["id"])
    return render_template(
        "staff/security.html",
        enrolled=enrolled,
        remaining=factor.remaining_recovery_codes(db, g.staff["id"]) if enrolled else 0,
        required=factor.required(g.staff["role"], current_app.config["STAFF_TOTP"]),
        form=form,
    ), status


@bp.post("/keamanan/kode-pemulihan")
@auth.staff_required()
@limiter.limit(_code_limit, key_func=_per_account)
def renew_codes():
    """New recovery codes, with a current code from the app (a borrowed session cannot)."""
    db = get_db()
    form = RenewCodesForm()
    if not factor.is_enrolled(db, g.staff["id"]):
        return redirect(url_for("second_factor.security"))
    if form.validate_on_submit():
        used = factor.check(
            db, g.staff["id"], _keys(), form.code.data, clock.now_utc(), recovery=False
        )
        if used == factor.TOTP:
            codes = factor.renew_recovery_codes(db, g.staff["id"], clock.now_iso())
            _audit(g.staff, "kode pemulihan dibuat ulang")
            html = render_template(
                "staff/recovery_codes.html",
                codes=codes,
                then=url_for("second_factor.security"),
                first=False,
            )
            return _not_stored(html)
        form.code.errors.append(
            _("Kode salah atau sudah dipakai. Tunggu kode berikutnya muncul di aplikasi.")
        )
    return _security_page(form, 422)
