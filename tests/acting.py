"""Acting as someone in a test without going through a sign-in page.

A live session is opened for them on the server (screening/sessions.py) and its id put in the
test client's cookie, which is all a real sign-in leaves there. The sign-ins themselves are proven
in test_auth and test_officer_sign_in.
"""

from screening.store import access as access_store
from screening.web import sessions
from screening.web.database import get_db


def act_as(client, kind: str | None, person_id: int | None = None, *, keep: bool = False):
    """Make `client` be staff member or officer `person_id` (`kind` "staff" or "officer"), or
    nobody (`kind` None). With `keep`, what the session held (an upload, a search) stays."""
    app = client.application
    with client.session_transaction() as session:
        kept = {k: v for k, v in session.items() if k not in sessions.COOKIE_KEYS} if keep else {}
        lang = session.get("lang")
        session.clear()  # ends the session the client had, as a new sign-in does
        if lang:
            session["lang"] = lang
        if kind is None:
            if kept:
                session.update(kept)
            return client
        with app.app_context():
            db = get_db()
            version = access_store.access_version(db, person_id) if kind == "officer" else None
            session[sessions.SID] = sessions.open_for(
                db,
                kind,
                person_id,
                access_version=version,
                data=app.session_interface.serializer.dumps(kept),
            )
    return client
