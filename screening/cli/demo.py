"""Demo data: Kota Pekalongan with a synthetic roster, its FKTPs and one staff account per role."""

from datetime import date

import click
from flask import current_app

from screening.cli.errors import Group
from screening.clock import now_iso
from screening.demo import DEMO_PASSWORD, operations
from screening.demo import followups as demo_followups
from screening.demo.city import load_city
from screening.demo.operations import DEMO_LINKS
from screening.demo.screenings import SHARE_DECLINED
from screening.officers import access
from screening.store import access as access_store
from screening.store import officers
from screening.web import auth, library
from screening.web.database import get_db
from screening.web.officer_session import access_key, token_hash_for

demo_cli = Group("demo", help="Data demo Kota Pekalongan (fiktif, bukan orang sungguhan).")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the roster already has officers.")
def load(if_empty):
    """Build (or bring back) the demo city; running it twice leaves the same data."""
    db = get_db()
    if if_empty and officers.count_officers(db):
        click.echo("roster already loaded; demo data left as it is")
        return
    polling_day = date.fromisoformat(current_app.config["POLLING_DAY"])
    loaded = operations.load(
        db, polling_day=polling_day, at=now_iso(), hash_password=auth.hash_password
    )
    city = loaded["city"]
    click.echo(
        f"Kota Pekalongan: {len(city.kecamatan)} kecamatan, {len(city.kelurahan)} kelurahan, "
        f"{len(city.fktp)} FKTP; roster {loaded['roster']} petugas "
        f"({loaded['new']} baru, {loaded['updated']} diperbarui, {loaded['unchanged']} tetap); "
        f"{loaded['staff_created']} akun staf baru"
    )


@demo_cli.command("accounts")
@click.option("--base", help="Server address for links (default: BASE_URL, SKRINING_BASE_URL).")
def accounts(base):
    """Print the demo staff accounts and a few officers' links to try."""
    base = (base or current_app.config["BASE_URL"]).rstrip("/")
    city = load_city()
    click.echo(f"Akun demo (kata sandi semua: {DEMO_PASSWORD}):")
    shown_kinds = set()
    for account in operations.demo_staff(city):
        label = auth.ROLES[account["role"]]
        if account["role"] == "fktp":
            # One of each kind: the Puskesmas are many, the klinik and the dokter praktik few.
            fktp = city.fktp_by_code(account["fktp_code"])
            if fktp.kind in shown_kinds:
                continue
            shown_kinds.add(fktp.kind)
            label = f"{label}, {fktp.name}"
        click.echo(f"  {account['username']:<22} {label}")
    click.echo(
        "  (satu akun fktp.<nama> untuk tiap FKTP: Puskesmas, klinik pratama, dokter praktik)"
    )
    click.echo("  (admin memasang aplikasi autentikator saat pertama kali masuk)")
    db = get_db()
    sample = officers.demo_sample(db, DEMO_LINKS)
    if not sample:
        return
    access_store.issue_missing(db, [o["id"] for o in sample], token_hash_for, now=now_iso())
    key = access_key()
    click.echo("Tautan petugas untuk dicoba (atau masuk di /masuk dengan NIK dan kode):")
    for officer in sample:
        version = access_store.access_version(db, officer["id"])
        token = access.link_token(key, officer["id"], version)
        code = access.access_code(key, officer["id"], version)
        click.echo(f"  {officer['name']:<26} {base}/s/{token}  NIK {officer['nik']}  kode {code}")


@demo_cli.command("screenings")
@click.option(
    "--share",
    default=0.0583,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of officers who answer at risk (BPJS 2024: 5.83%).",
)
@click.option(
    "--coverage",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of officers who respond (screen, or decline); the rest have not started.",
)
@click.option(
    "--declined",
    default=SHARE_DECLINED,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of the responding officers who decline the screening instead.",
)
@click.option(
    "--everyone",
    is_flag=True,
    help="Screen the officers `demo accounts` prints too (benchmarks: the whole city).",
)
@click.option("--seed", default=2029, show_default=True, help="Random seed (same seed, same data).")
@click.option(
    "--days",
    default=21,
    show_default=True,
    type=click.IntRange(0, 365),
    help="Spread the screenings over this many past days (0: all now), for the progress chart.",
)
def screenings(share, coverage, declined, everyone, seed, days):
    """Submit synthetic screenings (with referrals) for demo officers who have none yet; a few
    (`--declined`) decline the screening on the consent page instead.

    Only officers of `demo load`'s synthetic roster: never one added through a roster import.
    The officers `demo accounts` prints are left unscreened, so their links open a fresh form.
    Running it twice changes nothing."""
    counts = operations.screen(
        get_db(),
        library.live(),
        polling_day=current_app.config["POLLING_DAY"],
        at=now_iso(),
        share_at_risk=share,
        coverage=coverage,
        seed=seed,
        everyone=everyone,
        spread_days=days,
        share_declined=declined,
    )
    click.echo(
        f"{counts['submitted']} skrining dikirim, {counts['referred']} dirujuk, "
        f"{counts['declined']} menolak, "
        f"{counts['skipped']} petugas sudah punya skrining atau menolak, "
        f"{counts['not_screened']} belum skrining"
    )


@demo_cli.command("followups")
@click.option("--seed", default=2029, show_default=True, help="Random seed (same seed, same data).")
def followups(seed):
    """Record synthetic FKTP work on demo referrals still `baru`: visits booked, officers examined
    (with findings and fitness for duty), officers who did not come; the rest stay `baru`.

    Each through the clinic's own operations, by the FKTP's demo account (`fktp.<name>`), at a
    moment after the referral was made. Only demo officers' referrals; referrals whose FKTP has
    no demo account (or with no FKTP) are left alone. Running it twice changes nothing."""
    db = get_db()
    counts = demo_followups.record_followups(
        db, fktp_staff=operations.demo_fktp_staff(db, load_city()), now=now_iso(), seed=seed
    )
    click.echo(
        f"{counts['examined']} diperiksa ({counts['completed']} selesai), "
        f"{counts['scheduled']} dijadwalkan, {counts['no_show']} tidak datang, "
        f"{counts['left_new']} tetap baru; {counts['no_staff']} tanpa akun FKTP demo, "
        f"{counts['untouched']} sudah ditindaklanjuti"
    )
