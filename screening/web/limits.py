"""Rate limits on officer sign-in: a personal link or a NIK-and-code pair cannot be guessed."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# In-memory storage counts per worker process; set SKRINING_RATELIMIT_STORAGE_URI (e.g. a Redis
# URL) to share the count across gunicorn workers.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app):
    # The limiter object is shared by every app in the process and takes a missing
    # RATELIMIT_ENABLED from whichever app was set up before: each app states its own.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
