"""The messages sent to officers: one file a health office can edit (questionnaires/messages.yaml),
checked when loaded like the questionnaires.

A message leaves the app over WhatsApp or SMS, read on a shared phone, by a family member, kept
by the gateway's provider: it must never say anything about the officer's health. So every
template is checked against a deny-list of health words (conditions, measurements, results,
risk) in both languages, besides the usual checks: each known template present, in every
language, with only the placeholders its purpose allows. A mistake names the template and line.

Only the template id is stored with a message; the text is rendered when the message is sent.
Plain Python: no Flask.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

from screening.messages import N_
from screening.questionnaire.source import (
    LineDict,
    Problems,
    QuestionnaireError,
    parse_yaml,
)

FILE_NAME = "messages.yaml"
LANGUAGES = ("id", "en")

# Each template id and the placeholders it may use. Every value is filled from the roster, the
# referral's place and dates, or the personal link: none can carry health data.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "undangan": frozenset({"nama", "link"}),
    "pengingat_skrining": frozenset({"nama", "link", "tenggat"}),
    "rujukan_baru": frozenset({"nama", "fktp", "alamat", "tenggat", "link"}),
    "tanda_bahaya": frozenset({"nama", "fktp", "alamat", "link"}),
    "pengingat_rujukan": frozenset({"nama", "fktp", "alamat", "tenggat", "link"}),
    "rujukan_terlambat": frozenset({"nama", "fktp", "alamat", "tenggat", "link"}),
    "kunjungan_dijadwalkan": frozenset({"nama", "fktp", "alamat", "waktu", "link"}),
    "pengingat_kunjungan": frozenset({"nama", "fktp", "alamat", "waktu", "link"}),
}
TEMPLATE_IDS = tuple(PLACEHOLDERS)

# Words that would tell a reader something about the officer's health. Matched as whole words
# (or phrases), case-insensitively; "risiko" also catches "berisiko".
HEALTH_WORDS = (
    # Indonesian
    "diabetes",
    "diabetes melitus",
    "kencing manis",
    "hipertensi",
    "darah tinggi",
    "tekanan darah",
    "jantung",
    "risiko",
    "berisiko",
    "resiko",
    "gula",
    "gula darah",
    "kolesterol",
    "angina",
    "skor",
    "nilai",
    "findrisc",
    "scored",
    "diagnosis",
    "diagnosa",
    "stroke",
    "obesitas",
    "kegemukan",
    "ginjal",
    "penyakit",
    "glukosa",
    "hasil skrining",
    "hasil pemeriksaan",
    "gejala",
    "nyeri dada",
    "sesak",
    "kronis",
    # English
    "diabetic",
    "hypertension",
    "blood pressure",
    "high blood",
    "heart",
    "cardiac",
    "risk",
    "at risk",
    "sugar",
    "blood sugar",
    "glucose",
    "cholesterol",
    "score",
    "obesity",
    "kidney",
    "disease",
    "condition",
    "symptom",
    "symptoms",
    "chest pain",
    "chronic",
    "result",
    "results",
)
_HEALTH = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(HEALTH_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


class TemplateError(QuestionnaireError):
    """The messages file is wrong; `problems` lists every mistake as `file:line: message`."""


class RenderError(ValueError):
    """A template was rendered without a value it needs (a bug, never the officer's fault)."""


@dataclass(frozen=True)
class Templates:
    """The checked templates: `texts[template_id][language]`."""

    path: str
    texts: dict[str, dict[str, str]]

    def render(self, template_id: str, lang: str, values: dict) -> str:
        return render_text(self.texts[template_id][lang], template_id, values)


def health_words(text: str) -> list[str]:
    """The health words in a text (lowercased, in order), for the checks and the tests."""
    return [m.group(1).lower() for m in _HEALTH.finditer(text)]


def fields(text: str) -> list[str]:
    """The placeholders of a template text; raises ValueError on a malformed brace."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(name or "{}")
        names.append(name)
    return names


def render_text(text: str, template_id: str, values: dict) -> str:
    missing = [name for name in fields(text) if values.get(name) in (None, "")]
    if missing:
        raise RenderError(f"{template_id}: no value for {', '.join(missing)}")
    return text.format_map({name: str(values[name]) for name in fields(text)})


def load(path) -> Templates:
    """Load and check a messages file; raise TemplateError listing every problem."""
    path = Path(path)
    problems = Problems(str(path))
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(0, N_("Berkas tidak dapat dibaca: %(detail)s"), detail=str(exc))
        _raise(problems)
    try:
        document = parse_yaml(source, str(path))
    except QuestionnaireError as error:
        raise TemplateError(error.problems) from None
    return build(document, problems)


def _raise(problems: Problems) -> None:
    try:
        problems.raise_if_any()
    except QuestionnaireError as error:
        raise TemplateError(error.problems) from None


def build(document, problems: Problems) -> Templates:
    if not isinstance(document, LineDict) or not isinstance(document.get("templates"), LineDict):
        problems.add(1, N_("Berkas pesan harus berisi mapping `templates`."))
        _raise(problems)
    declared = document["templates"]
    texts: dict[str, dict[str, str]] = {}
    for template_id, body in declared.items():
        line = declared.line_of(template_id)
        if template_id not in PLACEHOLDERS:
            problems.add(
                line,
                N_("Pesan %(template)s tidak dikenal; yang dikenal: %(known)s."),
                template=template_id,
                known=", ".join(TEMPLATE_IDS),
            )
            continue
        if not isinstance(body, LineDict):
            problems.add(
                line, N_("Pesan %(template)s harus berisi teks id dan en."), template=template_id
            )
            continue
        texts[template_id] = _check_languages(template_id, body, problems)
    for template_id in TEMPLATE_IDS:
        if template_id not in declared:
            problems.add(
                declared.line, N_("Pesan %(template)s tidak ada di berkas."), template=template_id
            )
    _raise(problems)
    return Templates(problems.filename, texts)


def _check_languages(template_id: str, body: LineDict, problems: Problems) -> dict[str, str]:
    allowed = PLACEHOLDERS[template_id]
    checked = {}
    for lang in LANGUAGES:
        if not isinstance(body.get(lang), str) or not body[lang].strip():
            problems.add(
                body.line,
                N_("Pesan %(template)s tidak punya teks bahasa %(language)s."),
                template=template_id,
                language=lang,
            )
    for lang, text in body.items():
        line = body.line_of(lang)
        if lang not in LANGUAGES:
            problems.add(
                line,
                N_("Pesan %(template)s: bahasa %(language)s tidak dikenal (id atau en)."),
                template=template_id,
                language=lang,
            )
            continue
        if not isinstance(text, str):
            continue
        try:
            names = fields(text)
        except ValueError as exc:
            problems.add(
                line,
                N_("Pesan %(template)s (%(language)s): isian {%(field)s} tidak sah."),
                template=template_id,
                language=lang,
                field=str(exc),
            )
            continue
        for name in sorted(set(names) - allowed):
            problems.add(
                line,
                N_(
                    "Pesan %(template)s (%(language)s): isian {%(field)s} tidak dikenal; "
                    "yang boleh: %(allowed)s."
                ),
                template=template_id,
                language=lang,
                field=name,
                allowed=", ".join("{" + n + "}" for n in sorted(allowed)),
            )
        found = health_words(text)
        if found:
            problems.add(
                line,
                N_(
                    "Pesan %(template)s (%(language)s) menyebut data kesehatan (%(words)s): "
                    "pesan tidak boleh menyebut penyakit, hasil, skor atau risiko."
                ),
                template=template_id,
                language=lang,
                words=", ".join(dict.fromkeys(found)),
            )
        checked[lang] = text
    return checked
