"""`flask --app app roster import FILE [--dry-run]`: the officer roster from KPU's own export;
`roster statuses FILE --kind jkn|bpjstk`: statuses BPJS or BPJAMSOSTEK send back."""

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask_babel import gettext as _

from screening.cli.errors import CommandError, Group
from screening.clock import now_iso
from screening.roster import RosterFileError, operations, statuses
from screening.roster.export import rejected_rows_csv
from screening.web.database import get_db
from screening.web.i18n import t

roster_cli = Group("roster", help="Daftar petugas dari KPU: impor berkas CSV atau XLSX.")


@roster_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and count only; write nothing to the roster.")
def import_roster(file: Path, dry_run: bool):
    """Import officers from FILE (CSV or XLSX), matched by NIK; their screenings stay untouched.

    Rejected rows are listed by row number and written next to FILE as <name>-ditolak.csv.
    A bad value in a secondary column (phone, JKN, FKTP, BPJS Ketenagakerjaan) keeps the
    officer with that field empty and is listed as a warning with its row number.
    """
    db = get_db()
    polling_day = date.fromisoformat(current_app.config["POLLING_DAY"])
    try:
        check = operations.check_file(db, file.read_bytes(), file.name, polling_day=polling_day)
    except RosterFileError as error:
        raise CommandError(t(error.message)) from None

    for note in check.notes:
        click.echo(t(note))
    counts = operations.import_roster(db, check, at=now_iso(), dry_run=dry_run)
    click.echo(
        _(
            "Baru: %(new)s, diperbarui: %(updated)s, tetap: %(unchanged)s, ditolak: %(rejected)s.",
            **counts,
        )
    )
    for row in check.rejected:
        reasons = " ".join(t(reason) for reason in row.reasons)
        click.echo(_("baris %(row)s: %(reasons)s", row=row.number, reasons=reasons))
    if check.warnings:
        click.echo(
            _(
                "Peringatan: %(count)s. Petugas di baris ini tetap diimpor; kolom yang "
                "bermasalah dikosongkan.",
                count=len(check.warnings),
            )
        )
    for warning in check.warnings:
        click.echo(_("baris %(row)s: %(reasons)s", row=warning.number, reasons=t(warning.message)))
    if check.rejected:
        target = file.with_name(f"{file.stem}-ditolak.csv")
        target.write_bytes(rejected_rows_csv(check, translate=t))
        click.echo(
            _(
                "Baris yang ditolak disimpan di %(path)s: perbaiki, lalu impor lagi.",
                path=str(target),
            )
        )
    if dry_run:
        click.echo(_("Uji coba: belum ada yang disimpan ke daftar petugas."))


@roster_cli.command("statuses")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(sorted(statuses.KINDS)),
    required=True,
    help="jkn: JKN statuses from BPJS Kesehatan or the Pemda; bpjstk: BPJS Ketenagakerjaan.",
)
@click.option("--dry-run", is_flag=True, help="Check and count only; write nothing.")
def import_statuses(file: Path, kind: str, dry_run: bool):
    """Update officers' JKN or BPJS Ketenagakerjaan status from FILE (CSV or XLSX: NIK + status).

    Only that status changes, for officers matched by NIK; rows with an unknown NIK or an
    unreadable status are listed by row number and left out, the good rows are imported.
    """
    db = get_db()
    try:
        check = statuses.check_file(db, file.read_bytes(), file.name, statuses.KINDS[kind])
    except RosterFileError as error:
        raise CommandError(t(error.message)) from None
    for note in check.notes:
        click.echo(t(note))
    counts = statuses.import_statuses(db, check, at=now_iso(), dry_run=dry_run)
    click.echo(
        _(
            "Diperbarui: %(updated)s, tetap: %(unchanged)s, NIK tidak dikenal: %(unknown)s, "
            "ditolak: %(bad)s.",
            **counts,
        )
    )
    for row in check.problems:
        reasons = " ".join(t(reason) for reason in row.reasons)
        click.echo(_("baris %(row)s: %(reasons)s", row=row.number, reasons=reasons))
    if dry_run:
        click.echo(_("Uji coba: belum ada status yang disimpan."))
