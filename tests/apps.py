"""The one way the suite builds the app, and the prepared databases tests start from.

Every test app comes from `build_app` (through the `app` / `make_app` fixtures, or directly for
the browser tests' live app and the access matrix's shared one), so settings the suite needs are
set in one place. Work that gives the same result for every test is done once per session:

- the schema: migrations run once into a template file that each test gets a copy of;
- questionnaires: each folder parsed once (see `_share_questionnaires`);
- templates: compiled once and shared (a fresh app would compile each one it renders again);
- URL builders: compiled once per rule and shared (see `_share_url_builders`);
- staff password hashes: argon2 with cheap parameters (ARGON2_PARAMETERS), set only here.
"""

import functools
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import jinja2
from flask import Flask
from werkzeug.routing import Rule

from screening import store
from screening.store import migrations
from screening.web import library
from screening.web.app import create_app

# The smallest argon2id work argon2-cffi accepts: hashing is still argon2id, only cheap.
ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "ACCESS_KEY": "test-access-key",
    "WTF_CSRF_ENABLED": False,
    "ARGON2_PARAMETERS": ARGON2,
    # KPU and FKTP accounts sign in with the password alone, as in `make run`'s demo; admins
    # still need their code (the factory gives them an app). tests/test_second_factor.py
    # proves "required".
    "STAFF_TOTP": "optional",
    # A queued task runs at once where it is queued: no worker process per test. The real queue
    # and worker are proven in tests/pdf/test_worker.py.
    "QUEUE_IMMEDIATE": True,
}


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the session, keyed by file and source checksum.

    Every test app is built by the same factory with the same Jinja settings, so code compiled
    for one is valid for all."""

    def __init__(self):
        self._code = {}

    def load_bytecode(self, bucket):
        bucket.code = self._code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket):
        self._code[(bucket.key, bucket.checksum)] = bucket.code


def _share_url_builders() -> None:
    """Werkzeug compiles two small Python functions per URL rule of every app (what url_for
    calls): two thirds of the time it takes to build an app, and the suite builds one per test.
    A builder depends only on the rule's text, its parsed parts and its defaults (the rule itself
    is passed in when it is called), so the one compiled for a rule serves that rule in every
    app. tests/test_apps.py proves they are the functions Werkzeug would compile."""
    compile_builder = Rule._compile_builder
    builders: dict = {}

    @functools.wraps(compile_builder)
    def shared_builder(self, append_unknown=True):
        key = (
            self.rule,
            tuple(self._trace),
            repr(sorted((self.defaults or {}).items())),
            append_unknown,
        )
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = shared_builder


def _share_questionnaires() -> None:
    """Every test app parses the questionnaire folder on first use (about 0.1 s): parse each
    folder once per content (its files' names and bytes) and give each app its own dict of the
    same, never-changed Questionnaire objects. An app still reads whatever folder its config
    names, when it first needs it."""
    load_all = library.load_all
    parsed: dict = {}

    @functools.wraps(load_all)
    def shared_load_all(folder, **options):
        if not Path(folder).is_dir():
            return load_all(folder, **options)
        files = [(p.name, hashlib.sha256(p.read_bytes()).digest()) for p in _files(folder)]
        key = (str(Path(folder).resolve()), tuple(sorted(files)), repr(sorted(options.items())))
        if key not in parsed:
            parsed[key] = load_all(folder, **options)
        return dict(parsed[key])

    library.load_all = shared_load_all


def _files(folder) -> list[Path]:
    return [path for path in Path(folder).iterdir() if path.is_file()]


_share_url_builders()
_share_questionnaires()
_templates = _CompiledTemplates()


def build_app(database: str | Path, **overrides) -> Flask:
    """The app on `database` (already migrated) with the suite's settings and `overrides`."""
    app = create_app({**TEST_CONFIG, "DATABASE": str(database), **overrides})
    app.jinja_env.bytecode_cache = _templates
    return app


def close(app: Flask) -> None:
    """Close the idle connection an app keeps to its database (store.keep_open)."""
    keeper = app.extensions.pop("sqlite_keeper", None)
    if keeper is not None:
        keeper.close()


def migrated_database(path: Path) -> Path:
    """A new database at `path` with every migration applied (the session's template)."""
    db = store.connect(str(path))
    migrations.apply(db)
    db.close()
    return path


def copy_database(source: str | Path, target: str | Path) -> None:
    """Make `target` hold what `source` holds, through SQLite's backup API.

    Unlike a file copy it reads a consistent state even when `source` is open with changes still
    in its write-ahead log, and it may write into a database other connections have open."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
