"""Staff sign-in, sign-out and the staff home page."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from screening import areas
from screening.clock import today_wib
from screening.store import coverage as coverage_store
from screening.web import auth, lists, lockout
from screening.web.database import get_db
from screening.web.forms.staff import SignInForm
from screening.web.i18n import t
from screening.web.limits import limiter
from screening.web.params import safe_next
from screening.web.views import second_factor

bp = Blueprint("staff", __name__, url_prefix="/staf")


def _sign_in_limit():
    return current_app.config["STAFF_SIGN_IN_LIMIT"]


def _failed(response) -> bool:
    return response.status_code != 302


# Per address, failed attempts only: a KPU office behind one address signs in every morning.
# Each account's own lock is screening/web/lockout.py.
@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_failed)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        db = get_db()
        device = request.cookies.get(lockout.DEVICE_COOKIE)
        attempt = lockout.begin(db, form.username.data, device)
        staff = (
            auth.authenticate(db, form.username.data, form.password.data)
            if attempt.allowed
            else None
        )
        if staff is not None:
            # The password was right; an authenticator code may still be due.
            second_step = second_factor.begin(staff, safe_next(request.args.get("next")))
            if second_step is not None:
                return second_step
            auth.sign_in(staff)
            response = redirect(safe_next(request.args.get("next")) or landing_page(staff))
            lockout.set_device_cookie(response, lockout.succeeded(db, attempt, device))
            return response
        if attempt.locked:
            # The same words for every username, known or not.
            form.password.errors.append(
                _(
                    "Terlalu banyak percobaan masuk yang gagal dengan nama pengguna ini. "
                    "Tunggu %(minutes)s menit, lalu coba lagi.",
                    minutes=attempt.wait_minutes(),
                )
            )
            page = render_template("staff/sign_in.html", form=form)
            return page, 429, {"Retry-After": str(attempt.wait_minutes() * 60)}
        form.password.errors.append(
            _("Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.")
        )
    return render_template("staff/sign_in.html", form=form), 200 if not form.errors else 422


@bp.post("/keluar")
def sign_out():
    auth.sign_out()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("staff.sign_in"))


def landing_page(staff: dict) -> str:
    """Where a role's work starts: a clinician's is the worklist, the others' the staff home."""
    return url_for("clinic.worklist") if staff["role"] == "fktp" else url_for("staff.home")


@bp.get("/")
@auth.staff_required()
def home():
    if g.staff["role"] == "fktp":
        # The home has nothing for a clinician beyond the link to the worklist.
        return redirect(landing_page(g.staff))
    city = area = None
    if g.staff["role"] in ("admin", "kpu"):
        # The city's counts, each a link to its officers; per area on the coverage page.
        city = coverage_store.city_summary(get_db(), today=today_wib().isoformat())
    elif g.staff["role"] in areas.AREA_ROLES:
        # Their own area's name on the page; its counts are one tap away, on the coverage page.
        area = lists.scope()
    return render_template(
        "staff/home.html",
        city=city,
        count_filters=coverage_store.COUNT_FILTERS,
        area=area,
        area_label=t(area.label()) if area else None,
    )
