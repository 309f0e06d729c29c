"""The clinician's findings as plain Python: the follow-up form's values checked, ICD-10 codes,
the classes a measurement is shown with (no Flask)."""

import pytest

from screening.referrals import findings


@pytest.mark.parametrize(
    ("typed", "valid", "invalid"),
    [
        ("E11, i10", ["E11", "I10"], []),
        ("E11.9; I25.10", ["E11.9", "I25.10"], []),
        ("E1 I10 hipertensi", ["I10"], ["E1", "HIPERTENSI"]),
        ("", [], []),
    ],
)
def test_icd10_codes_are_checked_for_form(typed, valid, invalid):
    assert findings.parse_icd10(typed) == (valid, invalid)


@pytest.mark.parametrize(
    ("raw", "field", "msgid"),
    [
        ({"sistolik": "12o", "diastolik": "80"}, "sistolik", "Tulis angka saja"),
        ({"sistolik": "310", "diastolik": "80"}, "sistolik", "Isi antara"),
        ({"sistolik": "80", "diastolik": "90"}, "sistolik", "lebih besar dari diastolik"),
        ({"sistolik": "140"}, "diastolik", "keduanya"),
        ({"gula_darah": "150"}, "gula_jenis", "sewaktu atau puasa"),
        ({"gula_darah": "150", "gula_jenis": "acak"}, "gula_jenis", "Pilih jenis"),
        ({"diagnosis": ["Z99"]}, "diagnosis", "dari daftar"),
        ({"tindakan": ["operasi"]}, "tindakan", "dari daftar"),
        ({"kelayakan": "mungkin"}, "kelayakan", "Pilih salah satu"),
        ({"kelayakan": "layak_dengan_catatan"}, "catatan_kpu", "Tulis catatan tugas untuk KPU"),
        ({"catatan_kpu": "x" * 201}, "catatan_kpu", "Terlalu panjang"),
        ({"temuan_lain": "x" * 2001}, "temuan_lain", "Terlalu panjang"),
        ({}, "sistolik", "Isi setidaknya satu"),
    ],
)
def test_follow_up_values_are_checked_with_a_message_per_field(raw, field, msgid):
    _data, errors = findings.parse_followup(raw)
    assert field in errors
    assert msgid in errors[field].msgid


def test_closing_needs_a_fitness_for_duty():
    _data, errors = findings.parse_followup({"sistolik": "130", "diastolik": "80"}, complete=True)
    assert "kelayakan" in errors


def test_good_follow_up_values_become_plain_data():
    data, errors = findings.parse_followup(
        {
            "sistolik": "150",
            "diastolik": "95",
            "gula_darah": "126",
            "gula_jenis": "puasa",
            "berat_kg": "70,5",
            "diagnosis": ["I10"],
            "diagnosis_lain": "e11.9, I10",
            "tindakan": ["prolanis", "edukasi"],
            "kelayakan": "layak",
        },
        complete=True,
    )
    assert errors == {}
    assert data == {
        "sistolik": 150,
        "diastolik": 95,
        "gula_darah": 126,
        "gula_jenis": "puasa",
        "berat_kg": 70.5,
        "diagnosis": ["I10", "E11.9"],
        "tindakan": ["edukasi", "prolanis"],
        "kelayakan": "layak",
    }


@pytest.mark.parametrize(
    ("systolic", "diastolic", "label"),
    [
        (118, 78, "Optimal"),
        (125, 70, "Normal"),
        (135, 80, "Normal tinggi"),
        (150, 85, "Hipertensi derajat 1"),
        (120, 105, "Hipertensi derajat 2"),
        (185, 90, "Hipertensi derajat 3"),
    ],
)
def test_blood_pressure_classes_follow_clinical_md(systolic, diastolic, label):
    assert findings.blood_pressure_class(systolic, diastolic) == label


@pytest.mark.parametrize(
    ("value", "kind", "starts"),
    [
        (126, "puasa", "Diabetes"),
        (110, "puasa", "Prediabetes"),
        (95, "puasa", "Normal"),
        (200, "sewaktu", "Diabetes"),
        (150, "sewaktu", "Prediabetes"),
        (120, "sewaktu", "GDS 100–139"),
        (90, "sewaktu", "Normal"),
    ],
)
def test_glucose_classes_follow_clinical_md(value, kind, starts):
    assert findings.glucose_class(value, kind).startswith(starts)
