import click
from flask import current_app

from screening import store
from screening.cli.errors import Group
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
