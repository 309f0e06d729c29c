"""Rate limits on sign-in: a personal link, a NIK-and-code pair or a staff password cannot be
guessed, and one client's guesses cannot use up another's attempts.

The counts live in RATELIMIT_STORAGE_URI: by default a SQLite file beside the database that every
gunicorn worker shares (screening/web/ratelimit_storage.py), so a limit of 10 is 10 for the whole
server, not 10 per worker; `redis://…` for a deployment on several machines; `memory://` counts
per process (tests only).
"""

import hashlib
import hmac

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from screening.web import ratelimit_storage  # noqa: F401 -- registers the sqlite:// scheme

# Route limits are counted per endpoint, so the link (/s/…), the NIK-and-code form and the
# staff form each have their own bucket per address.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def hashed_key(purpose: str, value: str) -> str:
    """A limiter key for personal data (a NIK, a username): an HMAC under the app's secret key.

    A bare SHA-256 of a NIK is no protection (16 digits with a known structure are quickly
    tried), and the counts file must hold no NIK."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{purpose}:{digest[:32]}"


def init_app(app):
    # The limiter object is shared by every app in the process and takes a missing
    # RATELIMIT_ENABLED from whichever app was set up before: each app states its own.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
