"""The KPU roster upload: the file, and the import button's CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from screening.roster.uploads import EXTENSIONS


class RosterUploadForm(FlaskForm):
    file = FileField(
        _l("Berkas daftar petugas"),
        validators=[
            FileRequired(_l("Pilih berkas daftar petugas.")),
            FileAllowed(EXTENSIONS, _l("Pilih berkas CSV atau Excel (.xlsx).")),
        ],
        render_kw={"accept": ".csv,.xlsx,text/csv"},
    )


class ConfirmForm(FlaskForm):
    """No fields: the CSRF token of the import button."""


class StatusUploadForm(FlaskForm):
    """A file of statuses brought back, and which status it holds."""

    kind = RadioField(
        _l("Status apa yang ada di berkas ini?"),
        choices=[
            SelectChoice("jkn", _l("Status JKN (dari BPJS Kesehatan atau Pemda)")),
            SelectChoice("bpjstk", _l("Status BPJS Ketenagakerjaan (dari BPJAMSOSTEK)")),
        ],
        validators=[InputRequired(_l("Pilih jenis status."))],
    )
    file = FileField(
        _l("Berkas status"),
        validators=[
            FileRequired(_l("Pilih berkas status.")),
            FileAllowed(EXTENSIONS, _l("Pilih berkas CSV atau Excel (.xlsx).")),
        ],
        render_kw={"accept": ".csv,.xlsx,text/csv"},
    )
