"""Referrals as plain Python: statuses, deadlines, order, follow-up findings (no Flask)."""

from datetime import date

import pytest

from screening.referrals import lifecycle as r


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        ("baru", {"dijadwalkan", "diperiksa", "tidak_datang", "dibatalkan"}),
        ("dijadwalkan", {"diperiksa", "tidak_datang", "dibatalkan"}),
        ("diperiksa", {"selesai"}),
        ("tidak_datang", {"dijadwalkan", "diperiksa", "dibatalkan"}),
        ("selesai", set()),
        ("dibatalkan", set()),
    ],
)
def test_only_the_valid_moves_are_allowed(start, allowed):
    assert {s for s in r.STATUSES if r.can_move(start, s)} == allowed
    assert not r.can_move(start, "hilang")


@pytest.mark.parametrize(
    ("status", "complete", "path"),
    [
        ("baru", True, ["diperiksa", "selesai"]),
        ("baru", False, ["diperiksa"]),
        ("tidak_datang", True, ["diperiksa", "selesai"]),
        ("diperiksa", True, ["selesai"]),
        ("diperiksa", False, []),
        ("selesai", True, []),
    ],
)
def test_recording_findings_walks_through_diperiksa(status, complete, path):
    assert r.followup_path(status, complete=complete) == path


@pytest.mark.parametrize(
    ("status", "deadline", "overdue"),
    [
        ("baru", "2029-01-09", True),
        ("baru", "2029-01-10", False),
        ("dijadwalkan", "2029-01-01", True),
        ("selesai", "2029-01-01", False),
        ("tidak_datang", "2029-01-01", False),
        ("dibatalkan", "2029-01-01", False),
    ],
)
def test_overdue_means_past_the_deadline_and_still_expected(status, deadline, overdue):
    assert r.is_overdue({"status": status, "deadline": deadline}, date(2029, 1, 10)) is overdue


def test_worklist_order_is_most_urgent_then_oldest():
    rows = [
        {"id": 1, "urgency": "rutin", "created_at": "2029-01-01"},
        {"id": 2, "urgency": "darurat", "created_at": "2029-01-05"},
        {"id": 3, "urgency": "segera", "created_at": "2029-01-02"},
        {"id": 4, "urgency": "darurat", "created_at": "2029-01-03"},
        {"id": 5, "urgency": "aneh", "created_at": "2028-01-01"},
    ]
    assert [x["id"] for x in sorted(rows, key=r.worklist_key)] == [4, 2, 3, 1, 5]


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("081234567890", "6281234567890"),
        ("+62 812-3456-7890", "6281234567890"),
        ("0285 421234", None),  # a landline: no WhatsApp link
        ("", None),
        (None, None),
    ],
)
def test_whatsapp_number(phone, expected):
    assert r.whatsapp_number(phone) == expected


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
    assert r.parse_icd10(typed) == (valid, invalid)


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
    _data, errors = r.parse_followup(raw)
    assert field in errors
    assert msgid in errors[field].msgid


def test_closing_needs_a_fitness_for_duty():
    _data, errors = r.parse_followup({"sistolik": "130", "diastolik": "80"}, complete=True)
    assert "kelayakan" in errors


def test_good_follow_up_values_become_plain_data():
    data, errors = r.parse_followup(
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
    assert r.blood_pressure_class(systolic, diastolic) == label


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
    assert r.glucose_class(value, kind).startswith(starts)
