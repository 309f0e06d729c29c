"""Loading a questionnaire file: every check happens here, once, with file and line.

Unknown ids, type mismatches, overlapping or gapped bands, unreachable items, missing
translations and cases that name unknown items all end in one QuestionnaireError that lists each
problem as `file:line: message`.

One module per part of the file, in the order they are read: `references` (references and
standards), `sections` (sections, items and when they are shown), `derived`, `scores`, `referral`
(conditions, the referral policy, red flags); the cases are read by `..cases`. `context` holds
what the parts share; `compile_conditions` turns every `when`, `show_if` and `skip_if` into a
checked condition.
"""

from __future__ import annotations

import re
from pathlib import Path

from screening.messages import N_

from .. import reach
from ..cases import read_cases
from ..model import Questionnaire
from ..source import LineDict, Problems, QuestionnaireError, parse_yaml
from ..texts import missing_translations
from .compile_conditions import Scope
from .context import Context
from .derived import read_derived
from .references import read_references, read_standards
from .referral import read_conditions, read_red_flags, read_referral
from .scores import read_scores
from .sections import compile_visibility, read_sections

__all__ = ["build", "load_all", "load_questionnaire", "questionnaire_files"]

# Other files a health office edits, kept beside the questionnaires but not questionnaires: the
# messages to officers (screening/outreach) and the reminder schedule.
NOT_QUESTIONNAIRES = frozenset({"messages.yaml", "reminders.yaml"})

TOP_KEYS = frozenset(
    {
        "id",
        "version",
        "title",
        "language",
        "description",
        "disclaimer",
        "references",
        "standards",
        "sections",
        "derived",
        "scores",
        "conditions",
        "red_flags",
        "referral",
        "case_defaults",
        "cases",
    }
)
QUESTIONNAIRE_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def load_questionnaire(path, *, translations=None, standards=None) -> Questionnaire:
    """Load and check one questionnaire file; raise QuestionnaireError listing every problem.

    `translations` maps a locale to a gettext catalog: every translatable string must have a
    translation in each. `standards` overrides the file's chosen standards (cut-off tables).
    """
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems = Problems(str(path))
        problems.add(0, N_("Berkas tidak dapat dibaca: %(detail)s"), detail=str(exc))
        problems.raise_if_any()
    document = parse_yaml(source, str(path))
    return build(document, str(path), translations=translations, standards=standards)


def questionnaire_files(folder) -> list[Path]:
    """The questionnaire files of a folder: every `*.yaml` but the messages and the schedule."""
    return [p for p in sorted(Path(folder).glob("*.y*ml")) if p.name not in NOT_QUESTIONNAIRES]


def load_all(folder, *, translations=None) -> dict[tuple[str, int], Questionnaire]:
    """Load every `*.yaml` file in a folder, keyed by (id, version); report all files' problems."""
    loaded: dict[tuple[str, int], Questionnaire] = {}
    problems = []
    for path in questionnaire_files(folder):
        try:
            questionnaire = load_questionnaire(path, translations=translations)
        except QuestionnaireError as error:
            problems.extend(error.problems)
            continue
        key = (questionnaire.id, questionnaire.version)
        if key in loaded:
            duplicate = Problems(str(path))
            duplicate.add(
                1,
                N_("Kuesioner %(id)s versi %(version)s sudah ada di %(other)s."),
                id=key[0],
                version=key[1],
                other=loaded[key].path,
            )
            problems.extend(duplicate.items)
            continue
        loaded[key] = questionnaire
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def build(document, filename: str, *, translations=None, standards=None) -> Questionnaire:
    """Compile a parsed document (LineDict) into a Questionnaire, checking everything."""
    ctx = Context(document, filename, standards)
    doc = document
    if not isinstance(doc, LineDict):
        ctx.add(1, N_("Berkas kuesioner harus berupa mapping YAML."))
        ctx.problems.raise_if_any()
    ctx.keys(doc, TOP_KEYS, "kuesioner")
    questionnaire_id = doc.get("id")
    if not isinstance(questionnaire_id, str) or not QUESTIONNAIRE_ID.match(questionnaire_id):
        ctx.add(doc.line_of("id"), N_("id kuesioner harus huruf kecil, angka dan tanda hubung."))
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        ctx.add(doc.line_of("version"), N_("version harus bilangan bulat 1 atau lebih."))
    if doc.get("language") != "id":
        ctx.add(
            doc.line_of("language"),
            N_(
                "language harus id: Bahasa Indonesia adalah bahasa "
                "sumber; terjemahan ada di katalog gettext."
            ),
        )
    title = ctx.text(doc, "title")
    disclaimer = ctx.text(doc, "disclaimer")
    read_references(ctx)
    standards, options = read_standards(ctx)
    ctx.scope = Scope(ctx.symbols, standards, options)

    sections = read_sections(ctx)
    derived, early = read_derived(ctx)
    compile_visibility(ctx)
    scores = read_scores(ctx)
    conditions = read_conditions(ctx)
    referral = read_referral(ctx, conditions)
    red_flags = read_red_flags(ctx, referral)
    if not ctx.problems.items:
        reach.check(sections, ctx.problems)
    if translations:
        for line, msgid, locale in missing_translations(doc, translations):
            ctx.add(
                line,
                N_('Belum ada terjemahan %(locale)s untuk "%(text)s".'),
                locale=locale,
                text=msgid,
            )

    questionnaire = Questionnaire(
        id=questionnaire_id,
        version=version,
        title=title,
        disclaimer=disclaimer,
        path=filename,
        references=ctx.references,
        standards=standards,
        standard_options=options,
        sections=sections,
        derived=derived,
        early=early,
        scores=scores,
        conditions=conditions,
        red_flags=red_flags,
        referral=referral,
        rebuild=lambda chosen: build(document, filename, standards=chosen),
        symbols=ctx.symbols,
    )
    if not ctx.problems.items:
        questionnaire.cases = read_cases(doc, questionnaire, ctx.problems)
    ctx.problems.raise_if_any()
    return questionnaire
