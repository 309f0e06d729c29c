"""The load benchmark's yardstick: a bare Flask endpoint that does one SQLite insert.

Served by gunicorn with the app's own gunicorn.conf.py and opened with the app's own connection
settings (screening.store.connect: WAL, synchronous NORMAL, busy timeout, transactions that take
the write lock first), and, like the app, holding one idle connection per worker
(screening.store.keep_open) so that closing a request's connection never checkpoints the WAL.
The ratio then measures what the officer's submission adds, not a different server or database
setup.
"""

import os

from flask import Flask, current_app, g

from screening import store


def close(exception=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def write():
    # What store.get_db does for the app: the worker's idle connection, then the request's own.
    store.keep_open(current_app)
    g.db = store.connect(current_app.config["DATABASE"])
    with store.write_transaction(g.db):
        g.db.execute("INSERT INTO hit (at) VALUES (datetime('now'))")
    return "", 204


def create_app(database: str) -> Flask:
    app = Flask(__name__)
    app.config["DATABASE"] = database
    app.teardown_appcontext(close)
    app.post("/tulis")(write)
    return app


app = create_app(os.environ.get("BENCH_BASELINE_DATABASE", ""))
