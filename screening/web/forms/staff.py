"""Staff forms: sign-in, and the admin's account forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from screening.web import auth


class SignInForm(FlaskForm):
    username = StringField(
        _l("Nama pengguna"),
        validators=[DataRequired(_l("Isi nama pengguna.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Isi kata sandi.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


def _password_field(label):
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Isi kata sandi.")),
            Length(
                min=auth.MIN_PASSWORD_LENGTH,
                max=256,
                message=_l(
                    "Kata sandi paling sedikit %(min)s huruf.", min=auth.MIN_PASSWORD_LENGTH
                ),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def _confirmation():
    return PasswordField(
        _l("Ulangi kata sandi"),
        validators=[EqualTo("password", _l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )


class NewStaffForm(FlaskForm):
    """An account made by the admin. The FKTP choices come in as an argument (no database here);
    whether the username is free is the view's question."""

    username = StringField(
        _l("Nama pengguna"),
        validators=[
            DataRequired(_l("Isi nama pengguna.")),
            Regexp(
                auth.USERNAME_PATTERN + "$",
                message=_l(
                    "Pakai 3–64 huruf kecil, angka, titik, garis bawah atau tanda hubung, "
                    "tanpa spasi."
                ),
            ),
        ],
        filters=[lambda v: v.strip().lower() if v else v],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    full_name = StringField(
        _l("Nama lengkap"),
        validators=[DataRequired(_l("Isi nama lengkap.")), Length(max=100)],
        filters=[lambda v: v.strip() if v else v],
    )
    role = SelectField(
        _l("Peran"),
        choices=[SelectChoice("", _l("— pilih peran —"))],
        validators=[DataRequired(_l("Pilih peran."))],
    )
    fktp_code = SelectField(_l("FKTP (untuk petugas FKTP)"), validate_choice=True)
    password = _password_field(_l("Kata sandi awal"))
    password_again = _confirmation()

    def __init__(self, fktps: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [
            SelectChoice("", _l("— pilih peran —")),
            *(SelectChoice(role, label) for role, label in auth.ROLES.items()),
        ]
        self.fktp_code.choices = [
            SelectChoice("", _l("— tidak ada —")),
            *(SelectChoice(f["code"], f"{f['name']} ({f['code']})") for f in fktps),
        ]

    def validate_fktp_code(self, field):
        if self.role.data == "fktp" and not field.data:
            raise ValidationError(_l("Petugas FKTP harus terhubung ke satu FKTP."))
        if self.role.data in ("admin", "kpu") and field.data:
            raise ValidationError(_l("Hanya petugas FKTP yang terhubung ke FKTP."))


class PasswordResetForm(FlaskForm):
    password = _password_field(_l("Kata sandi baru"))
    password_again = _confirmation()
