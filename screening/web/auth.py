"""Staff sign-in: argon2 password hashes, session expiry, and the role check of every staff page."""

from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
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
from screening.store import staff as staff_store
from screening.web import sessions
from screening.web.database import get_db

ROLES = {
    "admin": _l("Admin"),
    "kpu": _l("Operator KPU"),
    "fktp": _l("Petugas FKTP"),
}

# The rule for new passwords (command line and admin page alike) is screening/passwords.py.
# Lower-case letters, digits and . _ - : what people read out and type on a phone.
USERNAME_PATTERN = r"[a-z0-9][a-z0-9._-]{2,63}"

_hashers: dict[tuple, tuple[PasswordHasher, str]] = {}


def _hasher() -> tuple[PasswordHasher, str]:
    """The argon2id hasher and a hash of no one's password, made with the same parameters.

    argon2-cffi's defaults (RFC 9106, low-memory profile) unless ARGON2_PARAMETERS overrides them;
    only the test suite does, because a real hash costs half a second of CPU on purpose. Verifying
    against the dummy hash when the username is unknown takes as long as a real check, so response
    time does not reveal which usernames exist."""
    parameters = (current_app.config.get("ARGON2_PARAMETERS") if has_app_context() else None) or {}
    key = tuple(sorted(parameters.items()))
    if key not in _hashers:
        hasher = PasswordHasher(**parameters)
        _hashers[key] = (hasher, hasher.hash("bukan-kata-sandi-siapa-pun"))
    return _hashers[key]


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def check_password(password_hash: str, password: str) -> bool:
    # The parameters a hash was made with are part of it: verifying needs none of ours.
    try:
        return _hasher()[0].verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(db, username: str, password: str) -> dict | None:
    """The staff member these credentials belong to, or None (unknown, wrong or disabled)."""
    staff = staff_store.staff_by_username(db, username.strip().lower())
    if staff is None:
        check_password(_hasher()[1], password)
        return None
    if not check_password(staff["password_hash"], password) or staff["disabled"]:
        return None
    return staff


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
