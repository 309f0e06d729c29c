"""A second factor for staff: six-digit codes from an authenticator app (TOTP, RFC 6238) and
one-time recovery codes for a lost phone.

The TOTP secret is not stored. The database keeps a random seed per enrolment, and the secret is
an HMAC of the staff id and that seed under SECRET_KEY, as officers' links are derived under
ACCESS_KEY (screening/access.py): a copy of the database alone gives no working code. Changing
SECRET_KEY therefore un-enrols every authenticator, unless the old key stays in
SECRET_KEY_FALLBACKS (every key given is tried), or an admin resets each account.

Recovery codes are 60 random bits each, stored as a salted SHA-256: that many bits need no slow
hash, and checking a typed code against ten argon2 hashes would cost seconds per sign-in.

Plain Python: the views and the `flask users` commands pass in the database, keys and time.
"""

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
from sqlite_utils import Database

from screening.clock import now_utc
from screening.store import second_factor as store
from screening.store import sessions as session_store
from screening.store import write_transaction

DIGITS = 6
INTERVAL = 30  # seconds a code lasts
# A code of the step before or after is accepted too: a phone clock a little off, or a code
# typed just as it changed.
WINDOW = 1
# The name the authenticator app shows above the code.
ISSUER = "Skrining Petugas Pemilu"
RECOVERY_CODE_COUNT = 10
# Crockford's base 32: no i, l, o or u to mistake when copying from paper; 12 characters are
# 60 bits, shown as three groups of four.
RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RECOVERY_CODE_LENGTH = 12
TOTP = "totp"
RECOVERY = "recovery"
REQUIRED, OPTIONAL = "required", "optional"


def required(role: str, setting: str) -> bool:
    """Whether a role must have a second factor: admins always; the others unless the
    STAFF_TOTP setting is exactly "optional" (any other value is taken as required)."""
    return role == "admin" or setting != OPTIONAL


# --- codes --------------------------------------------------------------------------------------


def new_seed() -> str:
    return secrets.token_hex(16)


def derive_secret(key: str | bytes, staff_id: int, seed: str) -> str:
    """The authenticator's secret for one enrolment: 160 bits (RFC 4226's size), in base 32."""
    key = key.encode() if isinstance(key, str) else key
    mac = hmac.new(key, f"totp:{staff_id}:{seed}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac[:20]).decode()


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// address the QR code holds."""
    return _totp(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret as people type it into an app by hand: groups of four."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)


def _digits(typed: str | None) -> str | None:
    """Six digits typed with any spaces ("123 456"), or None."""
    digits = re.sub(r"\s", "", typed or "")
    return digits if re.fullmatch(rf"[0-9]{{{DIGITS}}}", digits) else None


def matching_step(secret: str, typed: str | None, at: datetime) -> int | None:
    """The time step whose code `typed` is, within WINDOW steps of `at`; None if none."""
    digits = _digits(typed)
    if digits is None:
        return None
    totp = _totp(secret)
    now = totp.timecode(at)
    for step in range(now - WINDOW, now + WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step).encode(), digits.encode()):
            return step
    return None


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4)))
    return codes


def normalise_recovery_code(typed: str | None) -> str | None:
    """What was typed as stored: lower case, no spaces or dashes, Crockford's look-alikes read
    as the digits they resemble; None unless it is a whole code."""
    text = re.sub(r"[\s\-]", "", (typed or "").lower())
    text = text.translate(str.maketrans("oil", "011"))
    if len(text) != RECOVERY_CODE_LENGTH or set(text) - set(RECOVERY_ALPHABET):
        return None
    return text


def hash_recovery_code(code: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}:{normalise_recovery_code(code)}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def recovery_code_matches(stored: str, typed: str | None) -> bool:
    code = normalise_recovery_code(typed)
    _scheme, salt, digest = stored.split("$")
    if code is None:
        return False
    wanted = hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()
    return hmac.compare_digest(wanted.encode(), digest.encode())


# --- operations -----------------------------------------------------------------------------


def is_enrolled(db: Database, staff_id: int) -> bool:
    row = store.totp_row(db, staff_id)
    return row is not None and row["confirmed_at"] is not None


def enrolment_due(db: Database, staff: dict, setting: str) -> bool:
    """Whether this staff member must enrol before opening any staff page."""
    return required(staff["role"], setting) and not is_enrolled(db, staff["id"])


def enrolment_secret(db: Database, staff_id: int, key: str | bytes, now: str) -> str:
    """The secret to show for enrolment. The same one until it is confirmed, so reloading the
    page after scanning its QR code does not change what the app holds."""
    seed = store.start_enrolment(db, staff_id, seed=new_seed(), now=now)
    return derive_secret(key, staff_id, seed)


def confirm_enrolment(
    db: Database, staff_id: int, key: str | bytes, typed: str | None, at: datetime
) -> list[str] | None:
    """Finish an enrolment with the first code the app shows; returns the recovery codes to show
    once, or None (a wrong code, or no enrolment waiting)."""
    row = store.totp_row(db, staff_id)
    if row is None or row["confirmed_at"] is not None:
        return None
    step = matching_step(derive_secret(key, staff_id, row["seed"]), typed, at)
    if step is None:
        return None
    codes = new_recovery_codes()
    confirmed = store.confirm_enrolment(
        db,
        staff_id,
        seed=row["seed"],
        step=step,
        code_hashes=[hash_recovery_code(code) for code in codes],
        now=at.isoformat(timespec="seconds"),
    )
    return codes if confirmed else None


def check(
    db: Database,
    staff_id: int,
    keys: list[str | bytes],
    typed: str | None,
    at: datetime,
    *,
    recovery: bool = True,
) -> str | None:
    """Check the second step of a sign-in: TOTP for a current six-digit code that no sign-in
    used before, RECOVERY for an unspent recovery code (spent by this), None otherwise.
    `recovery=False` accepts the app's code only."""
    row = store.totp_row(db, staff_id)
    if row is None or row["confirmed_at"] is None:
        return None
    if _digits(typed) is not None:
        for key in keys:
            step = matching_step(derive_secret(key, staff_id, row["seed"]), typed, at)
            if step is not None:
                return TOTP if store.use_step(db, staff_id, step) else None
        return None
    if not recovery or normalise_recovery_code(typed) is None:
        return None
    for code in store.unused_recovery_codes(db, staff_id):
        if recovery_code_matches(code["code_hash"], typed):
            spent = store.use_recovery_code(db, code["id"], at.isoformat(timespec="seconds"))
            return RECOVERY if spent else None
    return None


def remaining_recovery_codes(db: Database, staff_id: int) -> int:
    return len(store.unused_recovery_codes(db, staff_id))


def renew_recovery_codes(db: Database, staff_id: int, now: str) -> list[str]:
    """Replace every recovery code (spent or not) with ten new ones; returns them to show once."""
    codes = new_recovery_codes()
    store.replace_recovery_codes(db, staff_id, [hash_recovery_code(c) for c in codes], now)
    return codes


def reset(db: Database, staff_id: int) -> bool:
    """Forget the authenticator and recovery codes (a lost phone): the account enrols again at
    its next sign-in if its role requires a second factor. Every open session of the account
    ends with it, in the same transaction: a session opened with the lost phone must not outlive
    the reset. False when there was no authenticator."""
    with write_transaction(db):
        had_one = store.reset(db, staff_id)
        session_store.end_for_person(
            db, "staff", staff_id, now=now_utc().isoformat(timespec="seconds"), reason="totp reset"
        )
    return had_one
