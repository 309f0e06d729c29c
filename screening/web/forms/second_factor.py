"""The second step of staff sign-in, and enrolling an authenticator app."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

# A recovery code is 14 characters with its dashes; room for spaces typed between groups.
_CODE_MAX = 32


def _code_field(label, *, recovery_allowed: bool):
    return StringField(
        label,
        validators=[DataRequired(_l("Isi kode.")), Length(max=_CODE_MAX)],
        filters=[lambda v: v.strip() if v else v],
        render_kw={
            # A recovery code has letters: the numeric keypad only when digits are all it takes.
            "inputmode": "text" if recovery_allowed else "numeric",
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
        },
    )


class CodeForm(FlaskForm):
    """The code from the app, or one recovery code, after a correct password."""

    code = _code_field(_l("Kode verifikasi"), recovery_allowed=True)


class EnrolForm(FlaskForm):
    """The app's first code confirms that it holds the secret. Someone already signed in types
    the password too: a borrowed or stolen session must not tie the account to another phone."""

    code = _code_field(_l("Kode 6 angka dari aplikasi"), recovery_allowed=False)
    password = PasswordField(
        _l("Kata sandi Anda"),
        validators=[Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class RenewCodesForm(FlaskForm):
    """New recovery codes replace the old ones: only with a current code from the app."""

    code = _code_field(_l("Kode 6 angka dari aplikasi"), recovery_allowed=False)
