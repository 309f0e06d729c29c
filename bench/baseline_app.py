"""The load benchmark's yardstick: a bare Flask endpoint that does one SQLite insert.

Served by gunicorn with the app's own gunicorn.conf.py and opened with the app's own connection
settings (screening.store.connect: WAL, synchronous NORMAL, busy timeout), so that the ratio
measures what the officer's submission adds, not a different server or database setup.
"""

import os

from flask import Flask, g

from screening import store

app = Flask(__name__)
DATABASE = os.environ.get("BENCH_BASELINE_DATABASE", "")


@app.teardown_appcontext
def close(exception=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.post("/tulis")
def write():
    g.db = store.connect(DATABASE)
    with g.db.conn:
        g.db.execute("INSERT INTO hit (at) VALUES (datetime('now'))")
    return "", 204
