"""`flask --app app retention purge`: health data is deleted when its time is up."""

from datetime import date

import click
from flask import current_app
from flask_babel import gettext as _

from screening.cli.errors import CommandError, Group
from screening.clock import today_wib
from screening.printing import jobs as print_jobs
from screening.retention import print_job_files, purge_all, purge_date
from screening.store import retention
from screening.web.database import get_db

retention_cli = Group("retention", help="Masa simpan data kesehatan (UU 27/2022).")


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge(dry_run):
    """Delete all screening answers, results, referrals and follow-ups once RETENTION_MONTHS
    after polling day have passed, and every print job's files; then rebuild the database file
    so no deleted row stays in it or in its write-ahead log. Refuses before that day."""
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
    print_jobs_dir = print_jobs.jobs_dir(current_app)
    if dry_run:
        click.echo(f"Akan dihapus: {summary}.")
        click.echo(
            _(
                "Berkas cetak yang akan dihapus: %(count)s.",
                count=print_job_files(print_jobs_dir),
            )
        )
        return
    done = purge_all(db, print_jobs_dir)
    click.echo(f"Dihapus: {summary}.")
    click.echo(_("Berkas cetak yang dihapus: %(count)s.", count=done["print_job_files"]))
    if done["compacted"]:
        click.echo(
            _("Berkas basis data sudah dipadatkan: data yang dihapus tidak tersisa di dalamnya.")
        )
    else:
        click.echo(
            _(
                "Basis data sudah dipadatkan, tetapi log WAL belum bisa dikosongkan karena ada "
                "koneksi lain yang sedang membaca. Jalankan perintah ini lagi saat layanan sepi."
            )
        )
