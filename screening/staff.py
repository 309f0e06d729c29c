"""Staff accounts: roles, usernames, password hashes, and creating an account.

Plain Python: the admin page and `flask users create` both create accounts here, so the same
checks (a free username, an FKTP for a clinician and only for a clinician, a known kecamatan
for a PPK and kelurahan for a PPS and for no one else, the password rule)
hold whichever way an account is made. Signing in, sessions and the role check of a page are the
web side's (`screening.web.auth`).
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from screening import areas, passwords
from screening.messages import N_, MessageError
from screening.store import regions
from screening.store import staff as staff_store

# Role codes and their names, translated where they are shown.
ROLES = {
    "admin": N_("Admin"),
    "kpu": N_("Operator KPU"),
    "fktp": N_("Petugas FKTP"),
    # Operators of one area, for the chase at kecamatan (PPK) and kelurahan (PPS) level: counts,
    # lists and exports of their own area only (staff.area_code).
    "ppk": N_("Operator kecamatan (PPK)"),
    "pps": N_("Operator kelurahan (PPS)"),
    # The city health office: follow-up per FKTP, counts only.
    "dinkes": N_("Dinas Kesehatan"),
}
# Lower-case letters, digits and . _ - : what people read out and type on a phone.
USERNAME_PATTERN = r"[a-z0-9][a-z0-9._-]{2,63}"

_hashers: dict[tuple, tuple[PasswordHasher, str]] = {}


class AccountRefused(MessageError):
    """An account that cannot be made as asked; `message` says why, in Indonesian."""


def _hasher(parameters: dict | None) -> tuple[PasswordHasher, str]:
    """The argon2id hasher for `parameters` and a hash of no one's password made with them.

    argon2-cffi's defaults (RFC 9106, low-memory profile) unless `parameters` override them; only
    the test suite does, because a real hash costs half a second of CPU on purpose. Verifying
    against the dummy hash when the username is unknown takes as long as a real check, so response
    time does not reveal which usernames exist."""
    key = tuple(sorted((parameters or {}).items()))
    if key not in _hashers:
        hasher = PasswordHasher(**(parameters or {}))
        _hashers[key] = (hasher, hasher.hash("bukan-kata-sandi-siapa-pun"))
    return _hashers[key]


def hash_password(password: str, parameters: dict | None = None) -> str:
    return _hasher(parameters)[0].hash(password)


def check_password(password_hash: str, password: str, parameters: dict | None = None) -> bool:
    # The parameters a hash was made with are part of it: verifying needs none of ours.
    try:
        return _hasher(parameters)[0].verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(db, username: str, password: str, parameters: dict | None = None) -> dict | None:
    """The staff member these credentials belong to, or None (unknown, wrong or disabled)."""
    staff = staff_store.staff_by_username(db, username.strip().lower())
    if staff is None:
        check_password(_hasher(parameters)[1], password, parameters)
        return None
    if not check_password(staff["password_hash"], password, parameters) or staff["disabled"]:
        return None
    return staff


def create_account(
    db,
    *,
    username: str,
    full_name: str | None,
    role: str,
    fktp_code: str | None,
    password: str,
    now: str,
    area_code: str | None = None,
    hash_with=hash_password,
) -> int:
    """Check and create a staff account; its id. Raises AccountRefused or
    passwords.PasswordRefused (both MessageError) with the reason. `hash_with` hashes the
    password (the app passes its own, with the configured cost)."""
    username = username.strip().lower()
    if role not in ROLES:
        raise AccountRefused(N_("Peran %(role)s tidak dikenal."), role=role)
    passwords.check_new_password(password, username=username, full_name=full_name)
    if staff_store.staff_by_username(db, username) is not None:
        raise AccountRefused(N_("Nama pengguna %(username)s sudah dipakai."), username=username)
    if role == "fktp":
        if not fktp_code or regions.fktp_by_code(db, fktp_code) is None:
            raise AccountRefused(N_("Akun FKTP perlu kode FKTP yang terdaftar."))
    elif fktp_code:
        raise AccountRefused(N_("Hanya akun dengan peran fktp yang memakai kode FKTP."))
    area_code = (area_code or "").strip() or None
    if role == "ppk":
        if areas.area_for_code(db, role, area_code) is None:
            raise AccountRefused(N_("Akun PPK perlu kode kecamatan yang terdaftar (6 angka)."))
    elif role == "pps":
        if areas.area_for_code(db, role, area_code) is None:
            raise AccountRefused(N_("Akun PPS perlu kode kelurahan yang terdaftar (10 angka)."))
    elif area_code:
        raise AccountRefused(N_("Hanya akun PPK dan PPS yang memakai wilayah."))
    return staff_store.create_staff(
        db,
        username=username,
        full_name=full_name or username,
        password_hash=hash_with(password),
        role=role,
        fktp_code=fktp_code if role == "fktp" else None,
        area_code=area_code,
        now=now,
    )
