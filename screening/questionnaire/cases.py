"""The `cases` of a questionnaire file: answers with the scores, levels, red flags and referral the
author expects. They are checked against the items when the file loads and run by `check`.

    case_defaults: {context: {...}, answers: {...}}    every case starts from these
    cases:
      - name: FINDRISC maksimum 26
        context: {birth_date: 1960-01-01}              merged over the defaults
        standards: {body_size: asia_pacific}           optional: score with other cut-offs
        answers: {berat_kg: 95, lingkar_perut_cm: null}  null removes a default answer
        expect: {scores: {findrisc: 26}, levels: {diabetes: tinggi}, red_flags: [],
                 referral: segera, overall: berisiko, unknown_items: [], bands: {...},
                 points: {findrisc.imt: 3}, derived: {imt: 31.2}}

A derived value is compared to as many decimals as the case writes (imt: 24.97 → 2 decimals).
"""

from __future__ import annotations

from datetime import date

from screening.messages import N_, Message

from .model import Case
from .result import BERISIKO, LEVELS, TIDAK_BERISIKO
from .source import LineDict, LineList, Problem, Problems, line_of

EXPECT_KEYS = frozenset(
    {
        "scores",
        "bands",
        "points",
        "levels",
        "red_flags",
        "referral",
        "overall",
        "unknown_items",
        "derived",
    }
)


def read_cases(document: LineDict, questionnaire, problems: Problems) -> list[Case]:
    defaults = document.get("case_defaults") or LineDict()
    if not isinstance(defaults, LineDict):
        problems.add(document.line_of("case_defaults"), N_("case_defaults harus berupa mapping."))
        defaults = LineDict()
    base_context = defaults.get("context") or LineDict()
    base_answers = defaults.get("answers") or LineDict()
    raw_cases = document.get("cases") or LineList()
    if not isinstance(raw_cases, LineList):
        problems.add(document.line_of("cases"), N_("cases harus berupa daftar."))
        return []
    cases, names = [], set()
    for index, entry in enumerate(raw_cases):
        line = raw_cases.line_of(index)
        if not isinstance(entry, LineDict) or not isinstance(entry.get("name"), str):
            problems.add(line, N_("Setiap kasus harus berupa mapping dengan name."))
            continue
        unknown = set(entry) - {"name", "context", "standards", "answers", "expect", "note"}
        for key in unknown:
            problems.add(entry.line_of(key), N_("Kunci %(key)s tidak dikenal pada kasus."), key=key)
        if entry["name"] in names:
            problems.add(line, N_("Nama kasus %(name)s ditulis dua kali."), name=entry["name"])
        names.add(entry["name"])
        case = _read_case(entry, base_context, base_answers, questionnaire, problems)
        if case is not None:
            cases.append(case)
    return cases


def _read_case(entry, base_context, base_answers, questionnaire, problems) -> Case | None:
    name = entry["name"]
    context = {**base_context, **(entry.get("context") or {})}
    answers, lines = {}, {}
    for source in (base_answers, entry.get("answers") or LineDict()):
        for key, value in source.items():
            lines[key] = line_of(source, key)
            if value is None:
                answers.pop(key, None)
            else:
                answers[key] = value
    standards = entry.get("standards") or {}
    for key, value in standards.items():
        if value not in questionnaire.standard_options.get(key, ()):
            problems.add(
                line_of(standards, key),
                N_("Kasus %(case)s: standar %(name)s=%(value)s tidak dikenal."),
                case=name,
                name=key,
                value=value,
            )
            return None
    try:
        scoring = questionnaire.with_standards(standards)
        raw = {key: _raw(value) for key, value in answers.items()}
        parsed, errors = scoring.parse_answers(
            raw, context=context, confirmed=set(answers), strict=True
        )
    except (ValueError, TypeError) as exc:
        problems.add(
            entry.line,
            N_("Kasus %(case)s: konteks tidak sah: %(detail)s"),
            case=name,
            detail=str(exc),
        )
        return None
    for item_id, error in errors.items():
        problems.add(
            lines.get(item_id, entry.line),
            N_("Kasus %(case)s, %(item)s: %(error)s"),
            case=name,
            item=item_id,
            error=error,
        )
    expect = entry.get("expect")
    if not isinstance(expect, LineDict) or not expect:
        problems.add(entry.line, N_("Kasus %(case)s harus punya expect."), case=name)
        return None
    _check_expect(name, expect, questionnaire, problems)
    return Case(
        name,
        entry.line,
        context,
        raw,
        lines,
        dict(standards),
        expect,
        dict(expect.key_lines),
        parsed,
    )


def _raw(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        # YAML 1.1 reads an unquoted yes/no as a boolean; the answer needs the option id.
        return "true" if value else "false"
    if isinstance(value, list):
        return [_raw(v) for v in value]
    return value


def _check_expect(name, expect: LineDict, q, problems: Problems) -> None:
    score_ids = {s.id: s for s in q.scores}
    condition_ids = {c.id for c in q.conditions}

    def bad(key, msgid, **params):
        problems.add(expect.line_of(key), msgid, case=name, **params)

    for key in expect:
        if key not in EXPECT_KEYS:
            bad(key, N_("Kasus %(case)s: expect.%(key)s tidak dikenal."), key=key)
    for score_id in expect.get("scores") or {}:
        if score_id not in score_ids:
            bad("scores", N_("Kasus %(case)s: tidak ada skor %(name)s."), name=score_id)
    for score_id, band in (expect.get("bands") or {}).items():
        score = score_ids.get(score_id)
        if score is None or band not in {b.id for b in score.bands}:
            bad(
                "bands",
                N_("Kasus %(case)s: skor %(name)s tidak punya pita %(band)s."),
                name=score_id,
                band=band,
            )
    for key in expect.get("points") or {}:
        score_id, _dot, part_id = str(key).partition(".")
        score = score_ids.get(score_id)
        if score is None or part_id not in {p.id for p in score.parts}:
            bad(
                "points",
                N_("Kasus %(case)s: tidak ada bagian skor %(name)s (tulis skor.bagian)."),
                name=key,
            )
    for condition_id, level in (expect.get("levels") or {}).items():
        if condition_id not in condition_ids or level not in LEVELS:
            bad(
                "levels",
                N_("Kasus %(case)s: %(name)s: %(level)s bukan kondisi dan level yang dikenal."),
                name=condition_id,
                level=level,
            )
    flags = {f.id for f in q.red_flags}
    for flag in expect.get("red_flags") or []:
        if flag not in flags:
            bad("red_flags", N_("Kasus %(case)s: tidak ada tanda bahaya %(name)s."), name=flag)
    if (
        "referral" in expect
        and expect["referral"] is not None
        and expect["referral"] not in q.referral.urgencies
    ):
        bad(
            "referral",
            N_("Kasus %(case)s: urgency %(name)s tidak dikenal."),
            name=str(expect["referral"]),
        )
    if "overall" in expect and expect["overall"] not in (BERISIKO, TIDAK_BERISIKO):
        bad("overall", N_("Kasus %(case)s: overall harus berisiko atau tidak_berisiko."))
    for item_id in expect.get("unknown_items") or []:
        if item_id not in q.items:
            bad("unknown_items", N_("Kasus %(case)s: tidak ada pertanyaan %(name)s."), name=item_id)
    derived_ids = {d.id for d in q.derived}
    for derived_id in expect.get("derived") or {}:
        if derived_id not in derived_ids:
            bad("derived", N_("Kasus %(case)s: tidak ada nilai turunan %(name)s."), name=derived_id)


def run(questionnaire) -> list[Problem]:
    """Score every case and return one problem per expectation that does not hold."""
    failures: list[Problem] = []
    for case in questionnaire.cases:
        scoring = questionnaire.with_standards(case.standards)
        result = scoring.score(case.answers, context=case.context)
        for key, expected in case.expect.items():
            line = case.expect_lines.get(key, case.line)
            for what, actual, wanted in _compare(key, expected, result):
                failures.append(
                    Problem(
                        questionnaire.path,
                        line,
                        Message(
                            N_(
                                "Kasus %(case)s: %(what)s hasilnya %(actual)s, "
                                "seharusnya %(expected)s."
                            ),
                            {
                                "case": case.name,
                                "what": what,
                                "actual": str(actual),
                                "expected": str(wanted),
                            },
                        ),
                    )
                )
    return failures


def _compare(key, expected, result):
    if key in ("scores", "bands"):
        label, attribute = ("skor", "total") if key == "scores" else ("pita", "band")
        for score_id, wanted in expected.items():
            score = result.scores.get(score_id)
            actual = getattr(score, attribute) if score else None
            if actual != wanted:
                yield f"{label} {score_id}", actual, wanted
    elif key == "points":
        for name, wanted in expected.items():
            score_id, _dot, part_id = name.partition(".")
            score = result.scores.get(score_id)
            actual = score.points.get(part_id) if score else None
            if actual != wanted:
                yield f"poin {name}", actual, wanted
    elif key == "levels":
        for condition_id, wanted in expected.items():
            actual = result.conditions[condition_id].level
            if actual != wanted:
                yield f"level {condition_id}", actual, wanted
    elif key == "red_flags":
        actual = sorted(f.id for f in result.red_flags)
        if actual != sorted(expected):
            yield "tanda bahaya", actual, sorted(expected)
    elif key == "referral":
        actual = result.referral.urgency if result.referral else None
        if actual != expected:
            yield "rujukan", actual, expected
    elif key == "overall":
        if result.overall != expected:
            yield "hasil akhir", result.overall, expected
    elif key == "unknown_items":
        if sorted(result.unknown_items) != sorted(expected):
            yield "jawaban tidak diketahui", sorted(result.unknown_items), sorted(expected)
    elif key == "derived":
        for derived_id, wanted in expected.items():
            actual = result.derived.get(derived_id)
            # To as many decimals as the author wrote: imt 24.97 holds for 24.974, not for 24.98.
            places = _places_written(wanted)
            if not isinstance(actual, int | float) or round(actual, places) != wanted:
                yield f"nilai {derived_id}", actual, wanted


def _places_written(number) -> int:
    text = repr(number)
    return len(text) - text.index(".") - 1 if "." in text else 0
