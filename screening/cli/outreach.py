"""`flask --app app outreach …`: the messages to officers."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from screening.cli.errors import CommandError, Group
from screening.outreach import delivery
from screening.outreach import templates as message_templates

outreach_cli = Group("outreach", help="Pesan untuk petugas: periksa berkas pesan.")


@outreach_cli.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
def check_command(path: Path | None) -> None:
    """Periksa berkas pesan (bawaan: MESSAGES_FILE, atau messages.yaml di QUESTIONNAIRE_DIR):
    setiap pesan ada dalam bahasa id dan en, hanya memakai isian yang dikenal, dan tidak
    menyebut data kesehatan; juga jam tenang (QUIET_HOURS). Keluar dengan kode bukan nol dan
    pesan berkas:baris bila salah."""
    quiet = current_app.config.get("QUIET_HOURS")
    try:
        delivery.parse_quiet_hours(quiet)
    except delivery.QuietHoursError:
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
