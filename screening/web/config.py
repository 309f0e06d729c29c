"""Configuration: defaults, then the instance folder, then environment variables.

Environment variables win so that production is configured without files (12-factor), while a
developer's `make run` needs nothing: the secret key is generated once into the instance folder.
"""

import os
import secrets
from datetime import date, timedelta
from pathlib import Path

from screening.outreach.schedule import SCREENING_DEADLINE_DAYS_BEFORE_POLLING

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DEFAULTS = {
    "DATABASE": None,  # filled in with <instance>/screening.db
    "QUESTIONNAIRE_DIR": str(PROJECT_ROOT / "questionnaires"),
    # New screenings start on the highest version of this questionnaire unless a version is pinned.
    "QUESTIONNAIRE_ID": "skrining-petugas-pemilu",
    "QUESTIONNAIRE_VERSION": None,
    # The polling day fixes every officer's age (KPU counts age on polling day) and so the NIK
    # century; Pemilu 2029 is expected on 14 February 2029, configurable for a Pilkada.
    "POLLING_DAY": "2029-02-14",
    # The day every officer should have screened by, for the progress chart of the coverage page
    # (ISO date, WIB). None: two weeks before polling day, time enough for an at-risk officer to
    # reach the FKTP before duty.
    "SCREENING_DEADLINE": None,
    "SERVICE_OPERATOR": "Dinas Kesehatan dan KPU Kota Pekalongan",
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
    "LANGUAGES": ("id", "en"),
    "STAFF_SESSION_LIFETIME": timedelta(hours=8),
    # Staff second factor (authenticator app): "required" for every role, or "optional" for kpu
    # and fktp (admins always need it). Only a demo may run with "optional".
    "STAFF_TOTP": "required",
    # Guesses at the six-digit code after a correct password, per account: a million codes,
    # three valid at a time, so 20 an hour gives a guesser about 0.15% a day.
    "STAFF_CODE_LIMIT": "5 per minute;20 per hour",
    "PERMANENT_SESSION_LIFETIME": timedelta(days=30),
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # An officer may leave a form open for hours on a bad connection; the CSRF token is tied to
    # the session, so it needs no time limit of its own.
    "WTF_CSRF_TIME_LIMIT": None,
    # Flask-WTF's Referer check over HTTPS would refuse every form: `Referrer-Policy: no-referrer`
    # (screening/headers.py) means browsers send no Referer. The token and a Fetch Metadata check
    # remain.
    "WTF_CSRF_SSL_STRICT": False,
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    # How long screening answers are kept after polling day before they are deleted (UU PDP:
    # keep no longer than the purpose needs; the follow-up at the FKTP ends well within a year).
    "RETENTION_MONTHS": 12,
    "SERVICE_CONTACT": "Dinas Kesehatan Kota Pekalongan, Jl. Mataram No. 1, Pekalongan",
    # Officer sign-in per client address, counted apart for wrong personal links and for NIK and
    # access code attempts; a valid link is never counted (see views/officer.py).
    "OFFICER_SIGN_IN_LIMIT": "10 per minute;60 per hour",
    # NIK-and-code attempts per NIK, from any address: the six-character code (about 27 bits)
    # is protected by this limit, not by its length.
    "OFFICER_NIK_LIMIT": "10 per hour",
    # Failed staff sign-ins per client address; each account also locks with back-off
    # (screening/web/lockout.py).
    "STAFF_SIGN_IN_LIMIT": "10 per minute;60 per hour",
    # None: a SQLite file beside the database (ratelimit.db), shared by every gunicorn worker.
    "RATELIMIT_STORAGE_URI": None,
    "RATELIMIT_HEADERS_ENABLED": True,
    # The address printed slips and access cards point to (QR codes): printed paper outlives a
    # request, so it cannot come from the request's host.
    "BASE_URL": "http://127.0.0.1:5000",
    # How many proxies in front of the app set X-Forwarded-For and X-Forwarded-Proto (nginx as
    # docs/deploy sets it up: 1). 0 trusts no such header: the connecting address is the client.
    # The Host header is never trusted (BASE_URL is the public address).
    "PROXY_HOPS": 0,
    # Bulk printing: worker processes (None: one per core) and slips or cards per document. A
    # worker holds about 1.2 MB per slip of its document on top of ~100 MB (WeasyPrint, Pango):
    # 20 keeps a city's print (command and two workers) well under 400 MB.
    "PDF_WORKERS": None,
    "PDF_CHUNK": 20,
    # argon2id parameters for staff passwords (PasswordHasher keywords); None: argon2-cffi's
    # defaults. Only the test suite sets cheaper ones.
    "ARGON2_PARAMETERS": None,
    # Below this many slips or cards, no pool: its start (2 s or more: Python, WeasyPrint, the
    # fonts in each worker) outweighs what a second core saves at ~0.06 s a slip. Measured on two
    # cores: 15 slips 0.9 s in one process, 4.4-6.8 s with the pool; even at ~60; 179 slips
    # 10.7 s against 8.7 s (docs/benchmarks.md).
    "PDF_POOL_MIN": 100,
    # The job queue (screening/tasks.py): None is Huey's SQLite storage in <instance>/jobs.db;
    # `redis://host:6379/0` is Redis, for a large deployment. QUEUE_IMMEDIATE (tests only) runs a
    # task where it is queued.
    "QUEUE_URL": None,
    "QUEUE_IMMEDIATE": False,
    # Print jobs' state and PDFs (None: <instance>/print-jobs); with Redis and workers on other
    # machines, a folder every web server and worker shares.
    "PRINT_JOBS_DIR": None,
    # A chase list of more officers than this is made by the job worker (a progress page, then
    # the download), not in the request: a kecamatan's 13,000 take seconds of links and XLSX.
    "EXPORT_INLINE_MAX": 1000,
    # The reminder schedule (screening/outreach/schedule.py); None: reminders.yaml in
    # QUESTIONNAIRE_DIR.
    "REMINDERS_FILE": None,
    # Messages to officers (screening/outreach). The templates file (None: messages.yaml in
    # QUESTIONNAIRE_DIR); no message is released in the quiet hours (WIB, "start-end", may wrap
    # midnight); the language messages are written in.
    "MESSAGES_FILE": None,
    "QUIET_HOURS": "21:00-07:00",
    "MESSAGE_LANGUAGE": "id",
    # The gateway sender (WhatsApp Business Platform or an SMS gateway): off unless a URL is set.
    # Then new messages go through it; otherwise they wait for an operator's click-to-chat.
    # GATEWAY_TEMPLATES maps our template ids to the provider's approved template names
    # ("undangan=skrining_undangan_v1,rujukan_baru=rujukan_v2"); unmapped ids are sent by id.
    "GATEWAY_URL": None,
    "GATEWAY_TOKEN": None,
    "GATEWAY_TEMPLATES": None,
    "GATEWAY_TIMEOUT": 10.0,
    # Attempts before a message is failed (5xx, time-outs, lost connections; a 4xx is final at
    # once), the first retry's delay in seconds (doubling each time), and at most this many sends
    # a second (0: no limit) — providers refuse bursts.
    "GATEWAY_MAX_ATTEMPTS": 5,
    "GATEWAY_BACKOFF_SECONDS": 60,
    "GATEWAY_RATE_PER_SECOND": 10.0,
}

# Environment variables read on start, with the type they are parsed to.
ENVIRONMENT = {
    "SECRET_KEY": str,
    "ACCESS_KEY": str,
    "DATABASE": str,
    "QUESTIONNAIRE_DIR": str,
    "QUESTIONNAIRE_ID": str,
    "QUESTIONNAIRE_VERSION": int,
    "POLLING_DAY": str,
    "SCREENING_DEADLINE": str,
    "SERVICE_OPERATOR": str,
    "SERVICE_CONTACT": str,
    "RATELIMIT_STORAGE_URI": str,
    "SESSION_COOKIE_SECURE": lambda v: v.lower() in {"1", "true", "yes"},
    "STAFF_TOTP": lambda v: v.strip().lower(),
    "BASE_URL": str,
    "PROXY_HOPS": int,
    "PDF_WORKERS": int,
    "PDF_CHUNK": int,
    "PDF_POOL_MIN": int,
    "QUEUE_URL": str,
    "PRINT_JOBS_DIR": str,
    "EXPORT_INLINE_MAX": int,
    "REMINDERS_FILE": str,
    "MESSAGES_FILE": str,
    "QUIET_HOURS": str,
    "MESSAGE_LANGUAGE": str,
    "GATEWAY_URL": str,
    "GATEWAY_TOKEN": str,
    "GATEWAY_TEMPLATES": str,
    "GATEWAY_TIMEOUT": float,
    "GATEWAY_MAX_ATTEMPTS": int,
    "GATEWAY_BACKOFF_SECONDS": int,
    "GATEWAY_RATE_PER_SECOND": float,
}
ENV_PREFIX = "SKRINING_"


def load_config(app, overrides=None):
    """Fill `app.config` from defaults, the instance folder and SKRINING_* environment variables."""
    app.config.from_mapping(DEFAULTS)
    instance = Path(app.instance_path)
    app.config["DATABASE"] = str(instance / "screening.db")
    for name, parse in ENVIRONMENT.items():
        value = os.environ.get(ENV_PREFIX + name)
        if value:
            app.config[name] = parse(value)
    if overrides:
        app.config.from_mapping(overrides)
    if not app.config.get("SCREENING_DEADLINE"):
        app.config["SCREENING_DEADLINE"] = default_screening_deadline(app.config["POLLING_DAY"])
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        # Beside the database (the instance folder unless SKRINING_DATABASE moves it): every
        # worker opens the same file, and each test's database gets counts of its own.
        counts = Path(app.config["DATABASE"]).resolve().parent / "ratelimit.db"
        app.config["RATELIMIT_STORAGE_URI"] = f"sqlite://{counts}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)
    if not app.config.get("ACCESS_KEY"):
        # Separate from SECRET_KEY so that rotating the session key keeps officers' links working.
        app.config["ACCESS_KEY"] = instance_secret_key(instance, "access_key")


def default_screening_deadline(polling_day: str) -> str | None:
    """Two weeks before polling day; None when the polling day is not a date (the chart then
    says the target date is not set, rather than the app refusing to start)."""
    try:
        before = timedelta(days=SCREENING_DEADLINE_DAYS_BEFORE_POLLING)
        return (date.fromisoformat(polling_day) - before).isoformat()
    except (TypeError, ValueError):
        return None


def instance_secret_key(instance: Path, name: str = "secret_key") -> str:
    """Read the secret key kept in the instance folder, creating it on first use.

    Generated rather than defaulted so no two installations share a key and none is in git.
    """
    path = instance / name
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two workers starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_text().strip()
