"""Staff forms: sign-in, and the admin's account forms."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from screening import passwords
from screening import staff as staff_accounts
from screening.web import auth


class SignInForm(FlaskForm):
    username = StringField(
        _l("Nama pengguna"),
        validators=[DataRequired(_l("Isi nama pengguna.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[
            DataRequired(_l("Isi kata sandi.")),
            # Passwords set before the rule's maximum of 128 may be up to 256 long.
            Length(max=256, message=_l("Kata sandi paling panjang %(max)s karakter.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )


def _password_field(label):
    # Length, username and guessability: the one rule, checked by `validate_password`.
    return PasswordField(
        label,
        validators=[DataRequired(_l("Isi kata sandi."))],
        description=_l(
            "%(min)s sampai %(max)s karakter, tanpa nama pengguna. Kata sandi yang umum, pernah "
            "bocor atau mudah ditebak ditolak; beberapa kata acak mudah diingat dan sulit ditebak.",
            min=passwords.MIN_LENGTH,
            max=passwords.MAX_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )


def _refuse_bad_password(password: str, username: str, full_name: str | None) -> None:
    try:
        passwords.check_new_password(password, username=username, full_name=full_name)
    except passwords.PasswordRefused as refused:
        raise ValidationError(_(refused.msgid, **refused.params)) from None


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
                staff_accounts.USERNAME_PATTERN + "$",
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
    area_code = SelectField(
        _l("Wilayah (untuk operator PPK atau PPS)"), validate_choice=True, default=""
    )
    password = _password_field(_l("Kata sandi awal"))
    password_again = _confirmation()

    def __init__(
        self,
        fktps: list[dict],
        *args,
        kecamatan: list[dict] = (),
        kelurahan: list[dict] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.role.choices = [
            SelectChoice("", _l("— pilih peran —")),
            *(SelectChoice(role, label) for role, label in auth.ROLES.items()),
        ]
        self.fktp_code.choices = [
            SelectChoice("", _l("— tidak ada —")),
            *(SelectChoice(f["code"], f"{f['name']} ({f['code']})") for f in fktps),
        ]
        # One choice, grouped by level: a PPK takes a kecamatan, a PPS a kelurahan.
        kecamatan_names = {k["code"]: k["name"] for k in kecamatan}
        self._levels = {k["code"]: "ppk" for k in kecamatan} | {k["code"]: "pps" for k in kelurahan}
        self.area_code.choices = {
            "": [SelectChoice("", _l("— tidak ada —"))],
            _l("Kecamatan (untuk PPK)"): [
                SelectChoice(k["code"], f"{k['name']} ({k['code']})") for k in kecamatan
            ],
            _l("Kelurahan (untuk PPS)"): [
                SelectChoice(
                    k["code"],
                    f"{k['name']}, {kecamatan_names.get(k['kecamatan_code'], '')} ({k['code']})",
                )
                for k in kelurahan
            ],
        }

    def validate_password(self, field):
        _refuse_bad_password(field.data, self.username.data or "", self.full_name.data)

    def validate_fktp_code(self, field):
        if self.role.data == "fktp" and not field.data:
            raise ValidationError(_l("Petugas FKTP harus terhubung ke satu FKTP."))
        if self.role.data != "fktp" and field.data:
            raise ValidationError(_l("Hanya petugas FKTP yang terhubung ke FKTP."))

    def validate_area_code(self, field):
        level = self._levels.get(field.data)
        if self.role.data == "ppk" and level != "ppk":
            raise ValidationError(_l("Operator PPK harus terhubung ke satu kecamatan."))
        if self.role.data == "pps" and level != "pps":
            raise ValidationError(_l("Operator PPS harus terhubung ke satu kelurahan."))
        if self.role.data not in ("ppk", "pps") and field.data:
            raise ValidationError(_l("Hanya operator PPK dan PPS yang terhubung ke wilayah."))


class PasswordResetForm(FlaskForm):
    """A new password for the account `username` (the rule refuses one that contains it)."""

    password = _password_field(_l("Kata sandi baru"))
    password_again = _confirmation()

    def __init__(self, username: str, full_name: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = (username, full_name)

    def validate_password(self, field):
        _refuse_bad_password(field.data, *self.account)
