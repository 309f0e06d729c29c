"""The clinician's follow-up form and the small referral forms (status, FKTP assignment).

Validation is the domain's (`screening.referrals.findings.parse_followup`): the fields here
render and carry the raw values, and the view puts the domain's messages on them, so nothing
typed is lost.
"""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from screening.referrals import findings


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _number(label, unit, mode="numeric"):
    # type=text with inputmode: a numeric keyboard on phones, and a decimal comma is accepted.
    return StringField(
        label, description=unit, render_kw={"inputmode": mode, "autocomplete": "off"}
    )


def _labelled(choices: dict) -> list[tuple[str, object]]:
    return [SelectChoice(key, _l(label)) for key, label in choices.items()]


class FollowupForm(FlaskForm):
    # The status the form was shown in: a save from a stale page is shown again, not applied.
    dari = HiddenField()
    sistolik = _number(_l("Tekanan darah sistolik"), "mmHg")
    diastolik = _number(_l("Tekanan darah diastolik"), "mmHg")
    gula_darah = _number(_l("Gula darah"), "mg/dL")
    gula_jenis = RadioField(
        _l("Jenis pemeriksaan gula darah"),
        choices=_labelled(findings.GLUCOSE_KINDS),
        validate_choice=False,
    )
    berat_kg = _number(_l("Berat badan"), "kg", mode="decimal")
    lingkar_perut_cm = _number(_l("Lingkar perut"), "cm", mode="decimal")
    temuan_lain = TextAreaField(_l("Temuan lain"), render_kw={"rows": 3})
    alasan_tidak_diukur = TextAreaField(
        _l("Alasan bila pengukuran yang diminta tidak dilakukan"), render_kw={"rows": 2}
    )
    diagnosis = CheckboxesField(
        _l("Diagnosis (ICD-10)"),
        validate_choice=False,
    )
    diagnosis_lain = StringField(
        _l("Kode ICD-10 lain"),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    tindakan = CheckboxesField(
        _l("Tindakan"), choices=_labelled(findings.ACTIONS), validate_choice=False
    )
    kelayakan = RadioField(
        _l("Kelayakan bertugas"), choices=_labelled(findings.FITNESS), validate_choice=False
    )
    catatan = TextAreaField(_l("Catatan klinis"), render_kw={"rows": 3})
    # Apart from the clinical note on purpose: the form says KPU reads this one.
    catatan_kpu = TextAreaField(
        _l("Catatan tugas untuk KPU"),
        render_kw={"rows": 2, "maxlength": findings.DUTY_NOTE_LIMIT},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The code stays as typed in every language; its name is translated.
        self.diagnosis.choices = [
            SelectChoice(code, f"{code} · {gettext(name)}")
            for code, name in findings.USUAL_ICD10.items()
        ]

    def raw(self) -> dict:
        """The submitted values as the domain reads them."""
        return {name: self[name].data for name in findings.FIELDS}

    def fill(self, data: dict) -> None:
        """Show stored findings (the latest version) for editing."""
        for name in findings.FIELDS:
            if name in data and name not in ("diagnosis", "diagnosis_lain"):
                value = data[name]
                self[name].data = value if isinstance(value, list) else str(value)
        codes = data.get("diagnosis", [])
        self.diagnosis.data = [c for c in codes if c in findings.USUAL_ICD10]
        self.diagnosis_lain.data = ", ".join(c for c in codes if c not in findings.USUAL_ICD10)


class StatusForm(FlaskForm):
    dari = HiddenField()
    ke = HiddenField()  # the pressed button's value
    catatan = StringField(
        _l("Catatan (boleh dikosongkan)"),
        validators=[Optional(), Length(max=200, message=_l("Paling banyak 200 huruf."))],
    )


class AssignFktpForm(FlaskForm):
    """KPU addresses a referral that has no FKTP; the choices are the registered FKTPs."""

    fktp_code = SelectField(_l("FKTP tujuan"), validators=[DataRequired(_l("Pilih FKTP tujuan."))])

    def __init__(self, fktps: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fktp_code.choices = [
            SelectChoice("", _l("— pilih FKTP —")),
            *(SelectChoice(f["code"], f["name"]) for f in fktps),
        ]


class ScheduleForm(FlaskForm):
    """The visit the FKTP books: a date and a time. Plain text fields rendered as the browser's
    date and time pickers; where a browser shows a text box instead, `visits.typed_day` also
    reads 21-02-2029 and `values.clock_time` 09.30. The view puts the domain's messages on
    the fields, so what was typed stays."""

    dari = HiddenField()  # the status the page was shown in
    tanggal = StringField(
        _l("Tanggal"), render_kw={"type": "date", "autocomplete": "off", "maxlength": 10}
    )
    jam = StringField(
        _l("Jam (WIB)"),
        render_kw={"type": "time", "autocomplete": "off", "maxlength": 8, "step": 60},
    )
