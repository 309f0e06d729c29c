from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class OfficerSignInForm(FlaskForm):
    nik = StringField(
        _l("NIK (16 angka pada KTP)"),
        validators=[DataRequired(_l("Isi NIK Anda.")), Length(max=40)],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"},
    )
    code = StringField(
        _l("Kode akses"),
        description=_l("6 huruf/angka dari KPU, misalnya K7M4PX."),
        validators=[DataRequired(_l("Isi kode akses dari KPU.")), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
