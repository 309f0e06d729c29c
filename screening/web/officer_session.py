"""An officer's signed-in session, opened by the personal link or by NIK and access code.

The session (screening/sessions.py) remembers the access version it was opened with: when KPU
issues a new link (because the old one leaked) or takes it back, sessions opened with the old one
end on their next request. Signing out ends every session of the officer.
"""

from collections.abc import Callable
from functools import wraps

from flask import current_app, g, redirect, session, url_for

from screening.clock import now_iso
from screening.officers import access
from screening.store import access as access_store
from screening.store import officers as officer_store
from screening.web import sessions
from screening.web.database import get_db
from screening.web.public_url import public_url


def access_key() -> bytes:
    return current_app.config["ACCESS_KEY"].encode()


def token_hash_for(officer_id: int, version: int) -> str:
    return access.token_hash(access.link_token(access_key(), officer_id, version))


def with_links(db, read: Callable[[], list[dict]]) -> list[dict]:
    """The officers `read()` gives, after every one of them without a personal link has been
    given one: links are issued on first export, and exporting again gives the same links."""
    listed = read()
    if access_store.issue_missing(db, [o["id"] for o in listed], token_hash_for, now=now_iso()):
        listed = read()
    return listed


def link_writing() -> dict:
    """What `officers.links` needs to write an officer's link, code and message: the key and the
    public addresses (BASE_URL, never the request's host)."""
    return {
        "key": access_key(),
        "link_for": lambda token: public_url("officer.open_link", token=token),
        "sign_in_url": public_url("officer.sign_in"),
    }


def personal_link(db, officer_id: int) -> str | None:
    """The officer's personal link for a message, issued the way the chase list issues it (a
    first link when there is none; the same link again after that); None when KPU took the
    officer's access back."""
    access_store.issue_missing(db, [officer_id], token_hash_for, now=now_iso())
    version = access_store.access_version(db, officer_id)
    if version is None:
        return None
    token = access.link_token(access_key(), officer_id, version)
    return public_url("officer.open_link", token=token)


def sign_in_officer(officer: dict) -> None:
    sessions.begin("officer", officer["id"], access_version=officer["access_version"])
    # An officer may fill the form over several days on the same phone.
    session.permanent = True


def sign_out_officer() -> None:
    """End every session of the signed-in officer, on every phone."""
    sessions.end_everywhere("signed out")


def load_signed_in_officer() -> None:
    g.officer = None
    record = sessions.current("officer")
    if record is None:
        return
    db = get_db()
    if access_store.access_version(db, record["person_id"]) != record["access_version"]:
        sessions.end_here("access changed")
        return
    g.officer = officer_store.officer_by_id(db, record["person_id"])


def officer_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("officer") is None:
            return redirect(url_for("officer.sign_in"))
        return view(*args, **kwargs)

    return wrapped
