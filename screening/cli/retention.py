"""`flask --app app retention purge`: health data is deleted when its time is up."""

from datetime import date

import click
from flask import current_app

from screening.cli.errors import CommandError, Group
from screening.clock import today_wib
from screening.retention import purge_date
from screening.store import retention
from screening.web.database import get_db

retention_cli = Group("retention", help="Masa simpan data kesehatan (UU 27/2022).")


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge(dry_run):
    """Delete all screening answers, results, referrals and follow-ups once RETENTION_MONTHS
    after polling day have passed. Refuses before that day."""
    polling_day = date.fromisoformat(current_app.config["POLLING_DAY"])
    months = current_app.config["RETENTION_MONTHS"]
    due = purge_date(polling_day, months)
    db = get_db()
    counts = retention.health_data_counts(db)
    summary = ", ".join(f"{table} {count}" for table, count in counts.items())
    if today_wib() < due:
        raise CommandError(
            f"Data kesehatan disimpan sampai {due.isoformat()} ({months} bulan setelah hari "
            f"pemungutan suara {polling_day.isoformat()}); belum boleh dihapus. "
            f"Tersimpan: {summary}."
        )
    if dry_run:
        click.echo(f"Akan dihapus: {summary}.")
        return
    retention.purge_health_data(db)
    click.echo(f"Dihapus: {summary}.")
