"""Staff sign-in, sessions and the role check of every staff page; accounts and password hashes
are the domain's (`screening.staff`)."""

from functools import wraps

from flask import (
    abort,
    current_app,
    flash,
    g,
    has_app_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l

from screening import second_factor
from screening import staff as staff_accounts
from screening.store import staff as staff_store
from screening.web import sessions
from screening.web.database import get_db

# The domain's role names, as lazy strings: translated when a page or a form shows them.
ROLES = {role: _l(name) for role, name in staff_accounts.ROLES.items()}


def _argon2_parameters() -> dict | None:
    """ARGON2_PARAMETERS from the config (only the test suite lowers the cost)."""
    return current_app.config.get("ARGON2_PARAMETERS") if has_app_context() else None


def hash_password(password: str) -> str:
    return staff_accounts.hash_password(password, _argon2_parameters())


def check_password(password_hash: str, password: str) -> bool:
    return staff_accounts.check_password(password_hash, password, _argon2_parameters())


def authenticate(db, username: str, password: str) -> dict | None:
    """The staff member these credentials belong to, or None (unknown, wrong or disabled)."""
    return staff_accounts.authenticate(db, username, password, _argon2_parameters())


def sign_in(staff: dict) -> None:
    """Start a new staff session on this browser (see screening/sessions.py)."""
    sessions.begin("staff", staff["id"])
    session.permanent = False


def sign_out() -> None:
    """End every session of the signed-in staff member, on every device."""
    sessions.end_everywhere("signed out")


def load_signed_in_staff() -> None:
    """Put the signed-in staff member on `g.staff`. Expiry (STAFF_SESSION_LIFETIME from sign-in)
    and revocation are the session's own (screening/sessions.py); a session that ended since the
    last request gets a notice."""
    g.staff = None
    if sessions.ended_kind() == "staff":
        flash(_l("Sesi Anda sudah berakhir. Silakan masuk lagi."), "info")
    record = sessions.current("staff")
    if record is None:
        return
    staff = staff_store.staff_by_id(get_db(), record["person_id"])
    if staff is None or staff["disabled"]:
        # Disabling ends the account's sessions; this covers an account changed by hand.
        sessions.end_here("disabled")
        return
    g.staff = staff


def staff_required(*roles: str):
    """Allow a view only to signed-in staff with one of `roles` (any staff role when none given)."""
    unknown = set(roles) - ROLES.keys()
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if g.get("staff") is None:
                return redirect(url_for("staff.sign_in", next=request.full_path.rstrip("?")))
            if roles and g.staff["role"] not in roles:
                abort(403)
            if second_factor.enrolment_due(get_db(), g.staff, current_app.config["STAFF_TOTP"]):
                # Reset by an admin, or required since this session began: no page until the
                # account has its authenticator again.
                return redirect(url_for("second_factor.enrol"))
            return view(*args, **kwargs)

        wrapped.staff_roles = roles or tuple(ROLES)
        return wrapped

    return decorator
