from pathlib import Path

import click
from flask import current_app
from flask_babel import gettext as _

from screening import backup as backups
from screening import store
from screening.cli.errors import CommandError, Group
from screening.clock import now_utc
from screening.store import backup as backup_store
from screening.store import migrations

db_cli = Group("db", help="Skema basis data (SQLite).")


@db_cli.command("upgrade")
def upgrade():
    """Apply the pending schema migrations (safe to run at every start)."""
    applied = migrations.apply(store.connect(current_app.config["DATABASE"]))
    if applied:
        for name in applied:
            click.echo(f"applied {name}")
    else:
        click.echo("database is up to date")


@db_cli.command("status")
def status():
    """List the migrations not yet applied."""
    pending = migrations.pending(store.connect(current_app.config["DATABASE"]))
    click.echo("\n".join(pending) if pending else "database is up to date")


def _existing_database() -> str:
    # store.connect would create an empty database where none is: a backup of nothing, or a
    # check that passes on the wrong file.
    path = current_app.config["DATABASE"]
    if not Path(path).is_file():
        raise CommandError(_("Basis data %(path)s tidak ada.", path=path))
    return path


@db_cli.command("backup")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    help="Afterwards keep only the newest N backups in DEST; older ones are deleted.",
)
def backup(dest, keep):
    """Back up the database while the app keeps running, with the keys it needs to be useful.

    Makes DEST/skrining-<UTC time>/ (0700) holding screening.db (a consistent copy through
    SQLite's backup API), secret_key and access_key (SECRET_KEY and ACCESS_KEY: without the
    access key no printed link or access code works) and manifest.json, every file 0600. DEST is
    created (0700) when missing. Restore: see the README."""
    db = store.connect(_existing_database())
    try:
        keys = {
            "secret_key": current_app.config["SECRET_KEY"],
            "access_key": current_app.config["ACCESS_KEY"],
        }
        try:
            folder = backups.make_backup(db, dest, keys=keys, now=now_utc())
        except backups.BackupError as error:
            raise CommandError(
                _("Salinan basis data rusak, cadangan dibatalkan: %(problems)s", problems=error)
            ) from error
        except OSError as error:
            raise CommandError(
                _(
                    "Cadangan tidak dapat ditulis ke %(dest)s: %(reason)s",
                    dest=dest,
                    reason=error.strerror or error,
                )
            ) from error
    finally:
        db.close()
    click.echo(_("Cadangan dibuat: %(folder)s", folder=folder))
    if keep:
        for old in backups.rotate(dest, keep):
            click.echo(_("Cadangan lama dihapus: %(folder)s", folder=old))


@db_cli.command("check")
def check():
    """Check the database before trusting it (after a restore): pages and indexes sound, every
    foreign key resolves, no migration pending, and ACCESS_KEY is the key its personal links were
    issued with. Exits non-zero when anything is wrong."""
    db = store.connect(_existing_database())
    try:
        found = backup_store.problems(db)
        pending = migrations.pending(db)
        key_matches = backups.access_key_matches(db, current_app.config["ACCESS_KEY"])
    finally:
        db.close()
    for problem in found:
        click.echo(_("Basis data rusak: %(problem)s", problem=problem), err=True)
    if pending:
        click.echo(
            _(
                "Migrasi belum dijalankan: %(names)s (jalankan: flask --app app db upgrade)",
                names=", ".join(pending),
            ),
            err=True,
        )
    if key_matches is False:
        click.echo(
            _(
                "ACCESS_KEY tidak cocok dengan basis data ini: tautan pribadi dan kode akses yang "
                "sudah dicetak tidak akan berfungsi. Pulihkan berkas access_key dari cadangan yang "
                "sama."
            ),
            err=True,
        )
    if found or pending or key_matches is False:
        raise CommandError(_("Pemeriksaan gagal."))
    click.echo(
        _("Basis data utuh, tidak ada migrasi tertunda, ACCESS_KEY cocok.")
        if key_matches
        else _("Basis data utuh, tidak ada migrasi tertunda (belum ada tautan untuk diperiksa).")
    )
