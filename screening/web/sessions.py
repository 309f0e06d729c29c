"""Sessions that can be ended: every sign-in is a row on the server, the cookie only names it.

A signed-in person's cookie holds a random session id, the language choice and Flask's
"permanent" flag, nothing else; the row (`session_record`, hash of the id only) says whose session
it is, since when, and keeps what the session remembers (the clinician's search, often a NIK; a
waiting roster upload; flash messages, which may name an officer). Ending the row ends the session
wherever its cookie was copied to: sign-out, a password reset and disabling an account end every
session of that person at once, staff or officer.

Why rows rather than a per-person counter ("session epoch") in the cookie, which would also end
every session at once: the searches need server-side storage keyed by a session anyway, so the
table exists either way; with rows, one copied cookie can be ended without signing the person out
everywhere else (a sign-in on the same browser replaces the old session: no fixation), expired
sessions leave nothing behind (their kept data is wiped), and admins could later be shown who is
signed in where. The cost is one indexed read per signed-in request, which the staff and officer
checks already paid, and a write at most every `TOUCH_EVERY` for the officers' sliding lifetime.

Visitors who are not signed in keep Flask's signed cookie (language, CSRF token, a notice such
as "Anda sudah keluar"): nothing personal, and no row for every bot that opens the sign-in page.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Flask, current_app, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from screening.clock import now_utc
from screening.store import sessions as session_store
from screening.web.database import get_db

KINDS = ("staff", "officer")
SID = "sid"
# Everything a signed-in person's cookie holds. The language outlives sign-out.
COOKIE_KEYS = frozenset({SID, "lang", "_permanent"})
# An officer's session lives PERMANENT_SESSION_LIFETIME after its last request: the row's
# `last_seen_at` is brought forward at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=5)
# Ended sessions are kept this long (who was signed in when), without what they kept.
KEEP_ENDED = timedelta(days=30)
SWEEP_EVERY = timedelta(minutes=10)


def id_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class RecordedSession(SecureCookieSession):
    #: The live session_record this request runs in (None: not signed in).
    record: dict | None = None
    #: The cookie named a session that has ended since ("staff" or "officer"), for the notice.
    ended_kind: str | None = None


class RecordedSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie for visitors; for a signed-in person, the cookie carries only
    COOKIE_KEYS and the rest of the session lives in their session_record."""

    session_class = RecordedSession

    def open_session(self, app: Flask, request) -> RecordedSession | None:
        cookie = super().open_session(app, request)
        token = cookie.get(SID) if cookie is not None else None
        # The stylesheet and fonts need no session: no database read for them.
        if not isinstance(token, str) or request.path.startswith(app.static_url_path + "/"):
            return cookie
        db = get_db()
        now = now_utc()
        record = session_store.by_id_hash(db, id_hash(token))
        if record is not None and record["ended_at"] is None and _expired(app, record, now):
            session_store.end(db, record["id"], now=_iso(now), reason="expired")
            record["ended_at"] = _iso(now)
        if record is None or record["ended_at"] is not None:
            ended = self.session_class({k: v for k, v in cookie.items() if k != SID})
            ended.ended_kind = record["kind"] if record else None
            ended.modified = True  # the cookie loses the dead id
            return ended
        if now - datetime.fromisoformat(record["last_seen_at"]) > TOUCH_EVERY:
            session_store.touch(db, record["id"], _iso(now))
        kept = self.serializer.loads(record["data"])
        opened = self.session_class({**kept, **{k: cookie[k] for k in COOKIE_KEYS if k in cookie}})
        opened.record = record
        return opened

    def save_session(self, app: Flask, session: RecordedSession, response) -> None:
        record = getattr(session, "record", None)
        if record is None:
            self._set_cookie(app, session, response, dict(session))
            return
        db = get_db()
        token = session.get(SID)
        if not isinstance(token, str) or id_hash(token) != record["id_hash"]:
            # The session was cleared without signing out: the sign-in goes with it.
            session_store.end(db, record["id"], now=_iso(now_utc()), reason="cleared")
            self._set_cookie(app, session, response, dict(session))
            return
        # Compared as stored rather than trusting `modified`: a list in the session (the
        # flashes) can change in place.
        kept = self.serializer.dumps({k: v for k, v in session.items() if k not in COOKIE_KEYS})
        if kept != record["data"]:
            session_store.save_data(db, record["id"], kept)
            record["data"] = kept
        cookie = {k: session[k] for k in COOKIE_KEYS if k in session}
        self._set_cookie(app, session, response, cookie)

    def _set_cookie(self, app: Flask, session, response, cookie: dict) -> None:
        """Flask's own save_session, writing `cookie` instead of the whole session."""
        name = self.get_cookie_name(app)
        options = {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "partitioned": self.get_cookie_partitioned(app),
            "samesite": self.get_cookie_samesite(app),
            "httponly": self.get_cookie_httponly(app),
        }
        if session.accessed:
            response.vary.add("Cookie")
        if not cookie:
            if session.modified:
                response.delete_cookie(name, **options)
                response.vary.add("Cookie")
            return
        if not self.should_set_cookie(app, session):
            return
        value = self.get_signing_serializer(app).dumps(cookie)
        response.set_cookie(name, value, expires=self.get_expiration_time(app, session), **options)
        response.vary.add("Cookie")


def init_app(app: Flask) -> None:
    app.session_interface = RecordedSessionInterface()


# --- signing in and out -------------------------------------------------------------------------


def begin(kind: str, person_id: int, *, access_version: int | None = None) -> None:
    """Sign `person_id` in on this browser with a new session id. A session this browser had
    before ends: a session id set by someone else (fixation) never becomes a signed-in one."""
    if kind not in KINDS:
        raise ValueError(f"unknown session kind: {kind}")
    db = get_db()
    now = now_utc()
    here = _here()
    if here.record is not None:
        session_store.end(db, here.record["id"], now=_iso(now), reason="replaced")
    _forget(here)
    _sweep(db, now)
    token = secrets.token_urlsafe(32)
    here.record = session_store.create(
        db,
        id_hash=id_hash(token),
        kind=kind,
        person_id=person_id,
        access_version=access_version,
        data="{}",
        now=_iso(now),
    )
    here[SID] = token


def open_for(db, kind: str, person_id: int, *, access_version=None, data: str = "{}") -> str:
    """A new live session for `person_id`, outside any request; returns the id for the cookie
    (`{"sid": id}`). For tools and tests that act as someone without signing in."""
    token = secrets.token_urlsafe(32)
    session_store.create(
        db,
        id_hash=id_hash(token),
        kind=kind,
        person_id=person_id,
        access_version=access_version,
        data=data,
        now=_iso(now_utc()),
    )
    return token


def current(kind: str) -> dict | None:
    """This request's live session if it is a `kind` session (staff or officer), else None."""
    record = getattr(_here(), "record", None)
    return record if record is not None and record["kind"] == kind else None


def ended_kind() -> str | None:
    """ "staff" or "officer" when this request came with a session that has ended since."""
    return getattr(_here(), "ended_kind", None)


def end_here(reason: str) -> None:
    """End this browser's session only (its link was replaced, its account is gone)."""
    here = _here()
    if here.record is not None:
        session_store.end(get_db(), here.record["id"], now=_iso(now_utc()), reason=reason)
    _forget(here)


def end_everywhere(reason: str) -> None:
    """Sign out: end every session of the person signed in here, on every device, and forget
    this browser's session (the language stays)."""
    here = _here()
    if here.record is not None:
        end_all(get_db(), here.record["kind"], here.record["person_id"], reason=reason)
    _forget(here)


def end_all(db, kind: str, person_id: int, *, reason: str) -> int:
    """End every open session of one person; return how many there were."""
    return session_store.end_for_person(db, kind, person_id, now=_iso(now_utc()), reason=reason)


# --- helpers ------------------------------------------------------------------------------------


def _here() -> RecordedSession:
    return session._get_current_object()


def _forget(here: RecordedSession) -> None:
    lang = here.get("lang")
    here.clear()
    here.record = None
    if lang:
        here["lang"] = lang


def _expired(app: Flask, record: dict, now: datetime) -> bool:
    if record["kind"] == "staff":
        started = datetime.fromisoformat(record["created_at"])
        return now - started > app.config["STAFF_SESSION_LIFETIME"]
    return now - datetime.fromisoformat(record["last_seen_at"]) > app.permanent_session_lifetime


def _sweep(db, now: datetime) -> None:
    """At most every SWEEP_EVERY per process, on a sign-in: end the sessions whose time is up
    that no request came back to end, and delete long-ended ones."""
    last = current_app.extensions.get("sessions_swept_at")
    if last is not None and now - last < SWEEP_EVERY:
        return
    current_app.extensions["sessions_swept_at"] = now
    session_store.sweep(
        db,
        now=_iso(now),
        staff_started_before=_iso(now - current_app.config["STAFF_SESSION_LIFETIME"]),
        officer_seen_before=_iso(now - current_app.permanent_session_lifetime),
        ended_before=_iso(now - KEEP_ENDED),
    )


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
