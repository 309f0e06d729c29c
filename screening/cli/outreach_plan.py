"""`flask --app app outreach plan`: queue the messages the reminder schedule says are due.

Its own module beside `outreach check` (screening/cli/outreach.py once merged): the command is
added to the `outreach` group there; until then this module carries the group.
"""

import click
from flask import current_app
from flask_babel import gettext as _

from screening.cli.errors import CommandError, Group
from screening.clock import now_iso
from screening.outreach import schedule
from screening.web.database import get_db

outreach_cli = Group("outreach", help="Pesan untuk petugas: jadwal pengingat.")


@outreach_cli.command("plan")
@click.option("--dry-run", is_flag=True, help="Hanya hitung; tidak ada pesan yang diantrekan.")
def plan_command(dry_run):
    """Antrekan pesan yang sudah waktunya menurut jadwal pengingat (reminders.yaml) dan batalkan
    pesan antre yang tidak diperlukan lagi. Aman dijalankan berulang: pesan yang sama tidak
    pernah diantrekan dua kali. Worker menjalankannya sendiri setiap 15 menit."""
    try:
        report = schedule.plan(
            get_db(), now=now_iso(), settings=current_app.config, dry_run=dry_run
        )
    except schedule.ScheduleError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise CommandError(_("Jadwal pengingat salah: tidak ada pesan yang diantrekan.")) from None
    for rule, count in report.queued.items():
        cancelled = report.cancelled.get(rule, 0)
        click.echo(
            _(
                "%(rule)s: %(queued)s diantrekan, %(cancelled)s dibatalkan",
                rule=rule,
                queued=count,
                cancelled=cancelled,
            )
        )
    if dry_run:
        click.echo(
            _(
                "Uji coba: %(queued)s pesan akan diantrekan, %(cancelled)s dibatalkan; tidak ada "
                "yang disimpan.",
                queued=report.total_queued,
                cancelled=report.total_cancelled,
            )
        )
    else:
        click.echo(
            _(
                "Selesai: %(queued)s pesan diantrekan, %(cancelled)s dibatalkan.",
                queued=report.total_queued,
                cancelled=report.total_cancelled,
            )
        )
