"""`flask slips print …` and `flask cards print …`: referral slips or access cards for an area as
one PDF, with a progress bar."""

from pathlib import Path

import click
from flask_babel import gettext as _

from screening.areas import AreaError, resolve
from screening.cli.errors import CommandError, Group
from screening.clock import now_iso
from screening.printing import bulk as printing
from screening.store import audit as audit_store
from screening.web.database import get_db
from screening.web.i18n import t

slips_cli = Group("slips", help="Surat rujukan (A5) petugas yang dirujuk, sebagai satu PDF.")
cards_cli = Group("cards", help="Kartu akses petugas (A4, per TPS, dengan garis potong).")


def _area_options(command):
    for option in (
        click.option("--tps", help="Nomor TPS (bersama --kelurahan)."),
        click.option("--kelurahan", help="Kode atau nama kelurahan."),
        click.option("--kecamatan", help="Kode atau nama kecamatan."),
    ):
        command = option(command)
    return click.option(
        "--out",
        required=True,
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="File PDF yang ditulis.",
    )(command)


def _print(kind: str, kecamatan, kelurahan, tps, out: Path) -> None:
    db = get_db()
    try:
        area = resolve(db, kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    except AreaError as problem:
        raise CommandError(t(problem.message)) from None
    print_area = printing.print_slips if kind == printing.SLIPS else printing.print_cards
    with click.progressbar(length=1, label=t(area.label())) as bar:

        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        count = print_area(area, out, progress)
    audit_store.record(
        db,
        at=now_iso(),
        staff_id=None,
        role="cli",
        action="export",
        subject=kind,
        detail=f"PDF {t(area.label())}: {count}",
    )
    if not count:
        raise CommandError(_("Tidak ada yang dicetak untuk %(area)s.", area=t(area.label())))
    click.echo(f"{count} → {out}")


@slips_cli.command("print")
@_area_options
def print_slips(kecamatan, kelurahan, tps, out):
    """Cetak surat rujukan semua petugas yang dirujuk di wilayah itu (tanpa filter: seluruh
    kota), urut per wilayah dan TPS."""
    _print(printing.SLIPS, kecamatan, kelurahan, tps, out)


@cards_cli.command("print")
@_area_options
def print_cards(kecamatan, kelurahan, tps, out):
    """Cetak kartu akses (tautan pribadi dan kode akses) semua petugas di wilayah itu."""
    _print(printing.CARDS, kecamatan, kelurahan, tps, out)
