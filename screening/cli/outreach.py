"""`flask --app app outreach …`: the messages to officers."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask_babel import gettext as _

from screening.cli.errors import CommandError, Group
from screening.clock import now_iso
from screening.outreach import delivery, schedule
from screening.outreach import templates as message_templates
from screening.outreach.quiet import QuietHoursError, parse_quiet_hours
from screening.web import outbox
from screening.web.database import get_db

outreach_cli = Group("outreach", help="Pesan untuk petugas: berkas pesan dan jadwal pengingat.")


@outreach_cli.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
def check_command(path: Path | None) -> None:
    """Periksa berkas pesan (bawaan: MESSAGES_FILE, atau messages.yaml di QUESTIONNAIRE_DIR):
    setiap pesan ada dalam bahasa id dan en, hanya memakai isian yang dikenal, dan tidak
    menyebut data kesehatan; juga jam tenang (QUIET_HOURS). Keluar dengan kode bukan nol dan
    pesan berkas:baris bila salah."""
    quiet = current_app.config.get("QUIET_HOURS")
    try:
        parse_quiet_hours(quiet)
    except QuietHoursError:
        raise CommandError(
            f"SKRINING_QUIET_HOURS {quiet!r} tidak sah: tulis seperti 21:00-07:00."
        ) from None
    path = path or delivery.messages_file(current_app.config)
    if not path.is_file():
        raise CommandError(f"Berkas pesan {path} tidak ada.")
    try:
        loaded = message_templates.load(path)
    except message_templates.TemplateError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise CommandError(f"{len(error.problems)} kesalahan di {path}.") from None
    click.echo(f"{path}: {len(loaded.texts)} pesan, semuanya benar.")


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


@outreach_cli.command("send")
def send_command():
    """Lepas pesan yang sudah waktunya: ke halaman klik-untuk-chat operator, atau lewat gateway
    bila dipasang. Jam tenang, satu pesan per petugas per hari dan permintaan berhenti
    dihormati. Worker menjalankannya sendiri setiap menit; perintah ini untuk server tanpa
    worker (cron) dan untuk memeriksa."""
    done = outbox.run(current_app._get_current_object())
    if done.quiet:
        click.echo(_("Jam tenang: tidak ada pesan yang dilepas sekarang."))
        return
    click.echo(
        _(
            "Selesai: %(ready)s siap di halaman pesan, %(sent)s terkirim lewat gateway, "
            "%(retried)s dicoba lagi nanti, %(failed)s gagal, %(cancelled)s dibatalkan, "
            "%(waiting)s menunggu besok.",
            ready=done.ready,
            sent=done.sent,
            retried=done.retried,
            failed=done.failed,
            cancelled=done.cancelled,
            waiting=done.waiting,
        )
    )
