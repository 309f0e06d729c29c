"""Staff sign-in lockout: a password cannot be guessed, and a clinician cannot be locked out.

Every username typed, known or not (the lock must not tell which exist), has a count of failed
attempts in the database, shared by every worker. After 5 in a row the username is locked for
1 minute; each further failure locks it again for twice as long, up to 15 minutes. Attempts
during a lock are refused without checking the password and without being counted, so a lock
always ends on time; a successful sign-in, or a day without failures, starts the count again.
A guesser gets 5 passwords, then about one every 15 minutes.

Anyone can still keep a username locked by failing once every 15 minutes. So that this cannot
keep a clinician from their work, a browser that signed in to an account before carries a device
cookie (OWASP: "Slow down online guessing attacks with device cookies"): its attempts on that
account are counted apart from everyone else's, so only its own failures lock it. The cookie holds
a random device id and keyed hashes of the accounts, signed; no username, nothing personal.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from screening.clock import now_utc
from screening.store import staff_lockout as store
from screening.web.limits import hashed_key

THRESHOLD = 5
FIRST_LOCK_SECONDS = 60
LONGEST_LOCK_SECONDS = 15 * 60
DOUBLINGS = 4  # 60 << 4 = 960: past the longest lock, which caps it at 900
FORGET_AFTER_SECONDS = 24 * 60 * 60

DEVICE_COOKIE = "perangkat_staf"
DEVICE_LIFETIME = timedelta(days=180)
DEVICE_ACCOUNTS = 5  # a shared computer at the Puskesmas: the last few accounts signed in
_SALT = "staff-sign-in-device"


@dataclass(frozen=True)
class Attempt:
    account: str  # keyed hash of the username
    key: str  # the count this attempt is on: the account's, or this device's for the account
    device: str | None  # the device id, when the browser has a device cookie
    allowed: bool
    locked_until: float

    def wait_minutes(self) -> int:
        """Whole minutes until the lock ends (at least 1)."""
        seconds = self.locked_until - now_utc().timestamp()
        return max(1, -(-int(seconds) // 60))

    @property
    def locked(self) -> bool:
        return self.locked_until > now_utc().timestamp()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _device(cookie: str | None) -> dict:
    """The device cookie's content; an empty one when missing, expired or forged."""
    if cookie:
        try:
            data = _serializer().loads(cookie, max_age=DEVICE_LIFETIME.total_seconds())
        except BadSignature:
            data = None
        if isinstance(data, dict) and isinstance(data.get("d"), str):
            accounts = data.get("a")
            return {"d": data["d"], "a": accounts if isinstance(accounts, list) else []}
    return {"d": None, "a": []}


def begin(db, username: str, device_cookie: str | None) -> Attempt:
    """Count a sign-in attempt before its password is checked; `allowed` is False when the
    username (or this device's count for it) is locked: then check nothing."""
    account = hashed_key("staf", username.strip().lower())
    device = _device(device_cookie)
    trusted = device["d"] is not None and account in device["a"]
    key = f"perangkat:{device['d']}:{account}" if trusted else account
    now = now_utc().timestamp()
    counted = store.count_attempt(
        db,
        key,
        now=now,
        threshold=THRESHOLD,
        first_lock=FIRST_LOCK_SECONDS,
        doublings=DOUBLINGS,
        longest_lock=LONGEST_LOCK_SECONDS,
        forget_before=now - FORGET_AFTER_SECONDS,
    )
    if counted is None:
        return Attempt(account, key, device["d"], False, store.locked_until(db, key))
    return Attempt(account, key, device["d"], True, counted[1])


def succeeded(db, attempt: Attempt, device_cookie: str | None) -> str:
    """Forget the account's failures; return the device cookie to set, now trusted for it."""
    now = now_utc().timestamp()
    device = _device(device_cookie)
    device_id = device["d"] or secrets.token_urlsafe(16)
    store.clear(
        db,
        [attempt.account, f"perangkat:{device_id}:{attempt.account}"],
        forget_before=now - FORGET_AFTER_SECONDS,
    )
    accounts = [attempt.account, *(a for a in device["a"] if a != attempt.account)]
    return _serializer().dumps({"d": device_id, "a": accounts[:DEVICE_ACCOUNTS]})


def set_device_cookie(response, value: str) -> None:
    config = current_app.config
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        path=url_for("staff.sign_in"),  # sent with the sign-in form only
        secure=config.get("SESSION_COOKIE_SECURE", False),
        httponly=True,
        samesite="Lax",
    )
