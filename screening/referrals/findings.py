"""The clinician's follow-up findings: what completing a referral needs measured, the form's raw
values checked into plain data, and the classes a measurement is shown with.

Plain Python (no Flask). Errors are `Message`s (an Indonesian msgid with named params, marked
with `N_`), translated where they are shown.
"""

import re

from screening.messages import N_, Message

# What the FKTP is asked to measure before a referral is completed (PerBPJS 3/2024 Pasal 10):
# blood pressure for everyone; blood glucose when the screening flagged diabetes risk.
TEKANAN_DARAH, GULA_DARAH = "tekanan_darah", "gula_darah"
GLUCOSE_CONDITION = "diabetes"  # the condition id in the default questionnaire
MEASUREMENT_LABELS = {TEKANAN_DARAH: N_("tekanan darah"), GULA_DARAH: N_("gula darah")}
NOT_MEASURED = "alasan_tidak_diukur"


def required_measurements(result) -> list[str]:
    """The measurements completing this referral needs, from the stored screening result."""
    required = [TEKANAN_DARAH]
    diabetes = result.conditions.get(GLUCOSE_CONDITION)
    if diabetes is not None and diabetes.level != "rendah":
        required.append(GULA_DARAH)
    return required


GLUCOSE_KINDS = {"sewaktu": N_("Gula darah sewaktu (GDS)"), "puasa": N_("Gula darah puasa (GDP)")}
ACTIONS = {
    "edukasi": N_("Edukasi gaya hidup"),
    "terapi": N_("Terapi / obat"),
    "prolanis": N_("Didaftarkan ke Prolanis"),
    "rujuk_fkrtl": N_("Rujuk ke FKRTL (rumah sakit)"),
}
FITNESS = {
    "layak": N_("Layak bertugas"),
    "layak_dengan_catatan": N_("Layak dengan catatan"),
    "tidak_layak_sementara": N_("Tidak layak sementara"),
}
# The codes a clinician commonly records after this screening (CLINICAL.md, PerBPJS 3/2024).
USUAL_ICD10 = {
    "I10": N_("Hipertensi esensial (primer)"),
    "E11": N_("Diabetes melitus tipe 2"),
    "R73": N_("Kadar gula darah meningkat"),
    "I20": N_("Angina pektoris"),
    "I25": N_("Penyakit jantung iskemik kronis"),
    "N18": N_("Penyakit ginjal kronis"),
    "E66": N_("Obesitas"),
}
# ICD-10 category (letter, two digits) with an optional subcategory after a dot: E11, I10, E11.9,
# I25.10. Checked for form only: the full WHO code table is not shipped with the app.
ICD10 = re.compile(r"[A-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?")

LIMITS = {
    "sistolik": (60, 300),
    "diastolik": (30, 200),
    "gula_darah": (20, 1000),
    "berat_kg": (25, 250),
    "lingkar_perut_cm": (40, 200),
}
EXAMPLES = {
    "sistolik": 130,
    "diastolik": 85,
    "gula_darah": 110,
    "berat_kg": 62,
    "lingkar_perut_cm": 85,
}
UNITS = {
    "sistolik": "mmHg",
    "diastolik": "mmHg",
    "gula_darah": "mg/dL",
    "berat_kg": "kg",
    "lingkar_perut_cm": "cm",
}
TEXT_LIMIT = 2000
# The duty remark KPU reads beside the fitness for duty ("tidak bertugas malam"): short, and the
# only words of the clinician's that leave the FKTP.
DUTY_NOTE_LIMIT = 200
FIELDS = (
    "sistolik",
    "diastolik",
    "gula_darah",
    "gula_jenis",
    "berat_kg",
    "lingkar_perut_cm",
    "temuan_lain",
    NOT_MEASURED,
    "diagnosis",
    "diagnosis_lain",
    "tindakan",
    "kelayakan",
    "catatan",
    "catatan_kpu",
)


def parse_icd10(text: str) -> tuple[list[str], list[str]]:
    """Codes typed by hand, separated by commas, semicolons or spaces: (valid, invalid)."""
    valid, invalid = [], []
    for token in re.split(r"[\s,;]+", text.strip().upper()):
        if not token:
            continue
        (valid if ICD10.fullmatch(token) else invalid).append(token)
    return valid, invalid


def _number(text) -> float | None:
    """A number as clinicians type it: `72`, `72,5` or `72.5`; raises ValueError otherwise."""
    cleaned = str(text).strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,4}(\.\d{1,2})?", cleaned):
        raise ValueError(cleaned)
    value = float(cleaned)
    return int(value) if value.is_integer() else value


def _text(raw: dict, name: str) -> str:
    value = raw.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return (value or "").strip()


def _choices(raw: dict, name: str) -> list[str]:
    value = raw.get(name) or []
    if isinstance(value, str):
        value = [value]
    return [v.strip() for v in value if v and v.strip()]


def parse_followup(
    raw: dict, *, complete: bool = False, required: list[str] | tuple[str, ...] = ()
) -> tuple[dict, dict[str, Message]]:
    """Check the follow-up form's raw values; return (data, {field: Message}).

    `data` keeps every value that parsed, so a page shown again with errors loses nothing.
    `complete` is True when the clinician closes the referral: fitness for duty is then required,
    and so is each of the `required` measurements (see `required_measurements`) unless the form
    says why they were not taken.
    """
    data: dict = {}
    errors: dict[str, Message] = {}

    for name, (low, high) in LIMITS.items():
        text = _text(raw, name)
        if not text:
            continue
        try:
            value = _number(text)
        except ValueError:
            errors[name] = Message(
                N_("Tulis angka saja, misalnya %(example)s."), {"example": EXAMPLES[name]}
            )
            continue
        if not low <= value <= high:
            errors[name] = Message(
                N_("Isi antara %(low)s dan %(high)s %(unit)s."),
                {"low": low, "high": high, "unit": UNITS[name]},
            )
            continue
        data[name] = value

    systolic, diastolic = data.get("sistolik"), data.get("diastolik")
    if "sistolik" not in errors and "diastolik" not in errors:
        if (systolic is None) != (diastolic is None):
            missing = "diastolik" if diastolic is None else "sistolik"
            errors[missing] = Message(N_("Isi tekanan sistolik dan diastolik, keduanya."))
        elif systolic is not None and systolic <= diastolic:
            errors["sistolik"] = Message(N_("Sistolik harus lebih besar dari diastolik."))

    kind = _text(raw, "gula_jenis")
    if kind and kind not in GLUCOSE_KINDS:
        errors["gula_jenis"] = Message(N_("Pilih jenis pemeriksaan gula darah."))
    elif kind:
        data["gula_jenis"] = kind
    if "gula_darah" in data and not kind and "gula_jenis" not in errors:
        errors["gula_jenis"] = Message(N_("Pilih sewaktu atau puasa."))
    if kind and "gula_darah" not in data and "gula_darah" not in errors:
        data.pop("gula_jenis", None)

    diagnoses = []
    unknown_usual = [c for c in _choices(raw, "diagnosis") if c not in USUAL_ICD10]
    if unknown_usual:
        errors["diagnosis"] = Message(N_("Pilih diagnosis dari daftar."))
    diagnoses += [c for c in _choices(raw, "diagnosis") if c in USUAL_ICD10]
    typed = _text(raw, "diagnosis_lain")
    if typed:
        valid, invalid = parse_icd10(typed)
        if invalid:
            errors["diagnosis_lain"] = Message(
                N_(
                    "Kode ICD-10 tidak dikenali: %(codes)s. Tulis seperti E11, I10 atau E11.9, "
                    "dipisah koma."
                ),
                {"codes": ", ".join(invalid)},
            )
        diagnoses += valid
    data["diagnosis"] = list(dict.fromkeys(diagnoses))

    actions = _choices(raw, "tindakan")
    if any(a not in ACTIONS for a in actions):
        errors["tindakan"] = Message(N_("Pilih tindakan dari daftar."))
    data["tindakan"] = [a for a in ACTIONS if a in actions]

    for name, limit in (
        ("temuan_lain", TEXT_LIMIT),
        (NOT_MEASURED, TEXT_LIMIT),
        ("catatan", TEXT_LIMIT),
        ("catatan_kpu", DUTY_NOTE_LIMIT),
    ):
        text = _text(raw, name)
        if len(text) > limit:
            errors[name] = Message(
                N_("Terlalu panjang: paling banyak %(limit)s huruf."), {"limit": limit}
            )
        if text:
            data[name] = text

    fitness = _text(raw, "kelayakan")
    if fitness and fitness not in FITNESS:
        errors["kelayakan"] = Message(N_("Pilih salah satu kelayakan bertugas."))
    elif fitness:
        data["kelayakan"] = fitness
    if complete and not fitness:
        errors["kelayakan"] = Message(N_("Pilih kelayakan bertugas sebelum menyelesaikan rujukan."))
    if complete and not data.get(NOT_MEASURED):
        if TEKANAN_DARAH in required and "sistolik" not in data and "sistolik" not in errors:
            errors["sistolik"] = Message(
                N_(
                    "Tekanan darah belum diukur. Rujukan ini meminta pengukuran tekanan darah: "
                    "isi hasilnya, atau tulis alasan tidak diukur di bawah."
                )
            )
        if GULA_DARAH in required and "gula_darah" not in data and "gula_darah" not in errors:
            errors["gula_darah"] = Message(
                N_(
                    "Gula darah belum diukur. Rujukan ini meminta pemeriksaan gula darah karena "
                    "ada risiko diabetes: isi hasilnya, atau tulis alasan tidak diukur di bawah."
                )
            )
    # "With a remark" is for KPU to act on: the remark is the one KPU sees, not the clinical note.
    if data.get("kelayakan") == "layak_dengan_catatan" and not data.get("catatan_kpu"):
        errors["catatan_kpu"] = Message(
            N_('Tulis catatan tugas untuk KPU, misalnya "tidak bertugas malam".')
        )

    recorded = {k for k in data if k not in ("diagnosis", "tindakan")} | {
        k for k in ("diagnosis", "tindakan") if data[k]
    }
    if not recorded and not errors:
        errors["sistolik"] = Message(
            N_("Isi setidaknya satu hasil pemeriksaan, diagnosis, tindakan atau catatan.")
        )
    return data, errors


# --- classes for display (Kemenkes ILP / Posbindu PTM, see CLINICAL.md) ---------------------


def blood_pressure_class(systolic: float, diastolic: float) -> str:
    """The higher class of systolic and diastolic (ESH/PERHI, used by Kemenkes ILP)."""
    classes = (
        (180, 110, N_("Hipertensi derajat 3")),
        (160, 100, N_("Hipertensi derajat 2")),
        (140, 90, N_("Hipertensi derajat 1")),
        (130, 85, N_("Normal tinggi")),
        (120, 80, N_("Normal")),
    )
    for sys_min, dia_min, label in classes:
        if systolic >= sys_min or diastolic >= dia_min:
            return label
    return N_("Optimal")


def glucose_class(value: float, kind: str) -> str:
    """Posbindu PTM classes. GDS 100–139 has no class in the source and is said so."""
    if kind == "puasa":
        if value >= 126:
            return N_("Diabetes (GDP ≥126)")
        if value >= 100:
            return N_("Prediabetes (GDP 100–125)")
        return N_("Normal (GDP <100)")
    if value >= 200:
        return N_("Diabetes bila ada gejala (GDS ≥200)")
    if value >= 140:
        return N_("Prediabetes (GDS 140–199)")
    if value >= 100:
        return N_("GDS 100–139: belum dapat digolongkan, periksa gula darah puasa")
    return N_("Normal (GDS <100)")
