"""`flask --app app worker`: the process that runs background jobs (bulk printing, clean-up)."""

import logging
import os

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from screening import tasks
from screening.cli.errors import CommandError
from screening.web.logs import RedactFilter


@click.command("worker")
@click.option(
    "--workers",
    type=click.IntRange(1, 8),
    default=1,
    show_default=True,
    help="Jobs run at once (each big print also uses SKRINING_PDF_WORKERS processes).",
)
@with_appcontext
def worker_command(workers):
    """Run the job queue's tasks until stopped: bulk printing from /kpu/cetak/ and the clean-up
    of old print jobs. Start it beside the web server (make run, or the systemd unit in
    docs/deploy/). Stop it with SIGTERM or Ctrl-C: a print cut short is marked failed and can
    simply be started again."""
    app = current_app._get_current_object()
    if app.config.get("QUEUE_IMMEDIATE"):
        raise CommandError(_("Antrean berjalan langsung (QUEUE_IMMEDIATE): tidak perlu worker."))
    try:
        tasks.get(app)
    except tasks.QueueUrlError as problem:
        raise CommandError(
            _(
                "Jenis SKRINING_QUEUE_URL %(scheme)s tidak dikenal: gunakan sqlite:///… atau "
                "redis://….",
                scheme=repr(problem.scheme),
            )
        ) from None
    # Everything the worker writes (print jobs, the queue) names officers: owner only.
    os.umask(0o077)
    _log_to_stderr()
    tasks.run_worker(app, workers=workers)


def _log_to_stderr() -> None:
    # The app's own logger already writes to stderr (Flask's handler); Huey's says when the
    # worker starts and which task runs.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactFilter())
    huey = logging.getLogger("huey")
    huey.setLevel(logging.INFO)
    huey.addHandler(handler)
    logging.getLogger("screening").setLevel(logging.INFO)
