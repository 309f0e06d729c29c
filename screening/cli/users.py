import click
from flask_babel import gettext as _

from screening import passwords, second_factor
from screening import staff as staff_accounts
from screening.cli.errors import CommandError, Group
from screening.clock import now_iso
from screening.messages import MessageError
from screening.store import audit as audit_store
from screening.store import staff as staff_store
from screening.web import auth
from screening.web.database import get_db
from screening.web.i18n import t

users_cli = Group("users", help="Akun staf: admin, operator KPU, petugas FKTP.")


def _password_option():
    return click.option(
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help=(
            f"{passwords.MIN_LENGTH} to {passwords.MAX_LENGTH} characters, hard to guess (common "
            "and breached passwords are refused), without the username; asked for when not given."
        ),
    )


def _check_password(password: str, username: str, full_name: str | None = None) -> None:
    try:
        passwords.check_new_password(password, username=username, full_name=full_name)
    except passwords.PasswordRefused as refused:
        raise CommandError(_(refused.msgid, **refused.params)) from None


def _existing(username: str) -> dict:
    staff = staff_store.staff_by_username(get_db(), username.lower())
    if staff is None:
        raise CommandError(_("Akun %(username)s tidak ada.", username=username))
    return staff


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(sorted(staff_accounts.ROLES)), required=True)
@click.option("--fktp", "fktp_code", help="FKTP code; required for role fktp, refused for others.")
@click.option(
    "--area",
    "area_code",
    help="Area code: a kecamatan (6 digits) for role ppk, a kelurahan (10 digits) for role pps; "
    "refused for others.",
)
@click.option("--name", "full_name", help="Full name shown on screens.")
@_password_option()
def create(username, role, fktp_code, area_code, full_name, password):
    """Create a staff account."""
    username = username.strip().lower()
    try:
        staff_accounts.create_account(
            get_db(),
            username=username,
            full_name=full_name,
            role=role,
            fktp_code=fktp_code,
            area_code=area_code,
            password=password,
            now=now_iso(),
            hash_with=auth.hash_password,
        )
    except MessageError as refused:
        raise CommandError(t(refused.message)) from None
    click.echo(f"created {role} account {username}")


@users_cli.command("disable")
@click.argument("username")
def disable(username):
    """Disable an account: every open session of it ends at once."""
    staff_store.set_disabled(get_db(), _existing(username)["id"], True)
    click.echo(f"disabled {username}")


@users_cli.command("reset-password")
@click.argument("username")
@_password_option()
def reset_password(username, password):
    """Set a new password: every open session of the account ends (a disabled account stays
    disabled)."""
    staff = _existing(username)
    _check_password(password, staff["username"], staff["full_name"])
    staff_store.set_password_hash(get_db(), staff["id"], auth.hash_password(password))
    click.echo(f"password reset for {username}")


@users_cli.command("reset-totp")
@click.argument("username")
def reset_totp(username):
    """Forget the account's authenticator app and recovery codes (a lost phone): it signs in
    with its password and sets up an app again. The last admin's way back in."""
    db = get_db()
    staff = _existing(username)
    if not second_factor.reset(db, staff["id"]):
        raise CommandError(
            _("Akun %(username)s belum memasang verifikasi dua langkah.", username=username)
        )
    audit_store.record(
        db,
        at=now_iso(),
        staff_id=None,
        role="cli",
        action="change",
        subject=f"staff:{staff['id']}",
        detail=f"verifikasi dua langkah diatur ulang: {staff['username']}",
    )
    click.echo(f"second factor reset for {staff['username']}")
