"""Every mistake in a questionnaire file is caught when it loads, with file and line."""

import pytest

from screening.questionnaire import QuestionnaireError, load_questionnaire, run_cases

from .mini import MINI


def line_of(text: str, marker: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in text")


def mutate(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


MISTAKES = [
    pytest.param(
        mutate("show_if: {item: merokok, equals: ya}", "show_if: {item: merokk, equals: ya}"),
        "merokk",
        "Tidak ada pertanyaan dengan id merokk",
        id="unknown-item-in-condition",
    ),
    pytest.param(
        mutate("show_if: {item: merokok, equals: ya}", "show_if: {item: merokok, gte: 1}"),
        "merokok, gte",
        "Jenis tidak cocok",
        id="type-mismatch-number-operator-on-choice",
    ),
    pytest.param(
        mutate("show_if: {item: merokok, equals: ya}", "show_if: {item: merokok, equals: mungkin}"),
        "mungkin",
        "bukan pilihan dari merokok",
        id="type-mismatch-unknown-option",
    ),
    pytest.param(
        mutate("points: {ya: 1, tidak: 0}", "points: {ya: 1}"),
        "points: {ya: 1}",
        "Pilihan tanpa poin: tidak",
        id="option-without-points",
    ),
    pytest.param(
        mutate("{from: 80, below: 100, points: 1}", "{from: 80, below: 105, points: 1}"),
        "{from: 100, points: 2}",
        "tumpang tindih",
        id="overlapping-bands",
    ),
    pytest.param(
        mutate("{from: 80, below: 100, points: 1}", "{from: 80, below: 95, points: 1}"),
        "{from: 100, points: 2}",
        "celah",
        id="gap-between-bands",
    ),
    pytest.param(
        # berat takes one decimal, so a whole-number table leaves 99,5 in no band.
        mutate("{from: 80, below: 100, points: 1}", "{from: 80, to: 99, points: 1}"),
        "{from: 100, points: 2}",
        "celah",
        id="whole-number-bands-leave-a-gap-for-decimals",
    ),
    pytest.param(
        mutate("{below: 80, points: 0}", "{from: 30, below: 80, points: 0}"),
        "{from: 30, below: 80",
        "celah",
        id="gap-below-first-band",
    ),
    pytest.param(
        mutate(
            "show_if: {item: merokok, equals: ya}",
            "show_if: {all: [{item: merokok, equals: ya}, {item: merokok, equals: tidak}]}",
        ),
        "- id: batang",
        "Pertanyaan batang tidak pernah ditampilkan",
        id="unreachable-item",
    ),
    pytest.param(
        mutate(
            "    show_if: {item: merokok, equals: ya}\n    items:",
            "    show_if: {item: batang, gt: 200}\n    items:",
        ),
        "- id: dua",
        "Bagian dua tidak pernah ditampilkan",
        id="unreachable-section",
    ),
    pytest.param(
        mutate(
            "        type: yes_no\n        label: Merokok?",
            "        type: yes_no\n        label: Merokok?\n"
            "        show_if: {item: batang, gte: 1}",
        ),
        "show_if: {item: batang, gte: 1}",
        "belum diketahui pada titik ini",
        id="condition-reads-a-later-item",
    ),
    pytest.param(
        mutate(
            "answers: {berat: 100, merokok: ya,", "answers: {umur: 30, berat: 100, merokok: ya,"
        ),
        "umur: 30",
        "Tidak ada pertanyaan dengan id umur",
        id="case-names-unknown-item",
    ),
    pytest.param(
        mutate("answers: {berat: 100,", "answers: {berat: seratus,"),
        "berat: seratus",
        "Tulis angka saja",
        id="case-answer-of-wrong-type",
    ),
    pytest.param(
        mutate("expect: {scores: {skor: 0}", "expect: {scores: {skr: 0}"),
        "skr: 0",
        "tidak ada skor skr",
        id="case-expects-unknown-score",
    ),
    pytest.param(
        mutate("type: yes_no\n", "type: ya_tidak\n"),
        "type: ya_tidak",
        "Jenis pertanyaan ya_tidak tidak dikenal",
        id="unknown-item-type",
    ),
    pytest.param(
        mutate("range: [0, 3]", "range: [0, 4]"),
        "range: [0, 4]",
        "memberi [0, 3]",
        id="declared-range-differs-from-points",
    ),
    pytest.param(
        mutate("    reference: sumber\n    range", "    reference: buku\n    range"),
        "reference: buku",
        "reference buku tidak ada di references",
        id="rule-without-known-source",
    ),
    pytest.param(
        mutate(
            "advice: {rendah: Saran rendah., sedang: Saran sedang., ",
            "advice: {rendah: Saran rendah., ",
        ),
        "advice:",
        "advice untuk level sedang belum ditulis",
        id="missing-advice",
    ),
    pytest.param(
        mutate("        label: Merokok?\n", "        label: Merokok?\n        label: Rokok?\n"),
        "label: Rokok?",
        "Kunci label ditulis dua kali",
        id="duplicate-key",
    ),
    pytest.param(
        mutate("        label: Merokok?\n", "        label: Merokok?\n        requried: true\n"),
        "requried",
        "Kunci requried tidak dikenal",
        id="misspelt-key",
    ),
    pytest.param(
        mutate("title: Mini", "title: [Mini"),
        "disclaimer:",
        "YAML tidak dapat dibaca",
        id="yaml-syntax",
    ),
]


@pytest.mark.parametrize(("text", "marker", "message"), MISTAKES)
def test_mistake_is_reported_with_file_and_line(write_questionnaire, text, marker, message):
    path = write_questionnaire(text)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    expected_line = line_of(text, marker)
    matching = [p for p in caught.value.problems if message in str(p)]
    assert matching, str(caught.value)
    assert any(p.line == expected_line for p in matching), str(caught.value)
    assert f"{path}:{expected_line}: " in str(caught.value)


def test_every_problem_in_a_file_is_reported_at_once(write_questionnaire):
    text = mutate("range: [0, 3]", "range: [0, 4]").replace("type: yes_no\n", "type: ya_tidak\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write_questionnaire(text))
    assert len(caught.value.problems) >= 2


class Catalog:
    """A stand-in for gettext.GNUTranslations: compiled catalogs keep translations in _catalog."""

    def __init__(self, entries):
        self._catalog = entries


def test_missing_translation_is_reported_with_its_line(write_questionnaire, mini):
    from screening.questionnaire.source import parse_yaml
    from screening.questionnaire.texts import translatable_strings

    strings = [text for _, text, _ in translatable_strings(parse_yaml(MINI, "mini"))]
    catalog = Catalog({text: f"EN {text}" for text in strings if text != "Merokok?"})
    path = write_questionnaire()
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path, translations={"en": catalog})
    assert [p.line for p in caught.value.problems] == [line_of(MINI, "label: Merokok?")]
    assert 'Belum ada terjemahan en untuk "Merokok?"' in str(caught.value)


def test_complete_translation_loads(write_questionnaire):
    from screening.questionnaire.source import parse_yaml
    from screening.questionnaire.texts import translatable_strings

    strings = [text for _, text, _ in translatable_strings(parse_yaml(MINI, "mini"))]
    catalog = Catalog({text: f"EN {text}" for text in strings})
    assert load_questionnaire(write_questionnaire(), translations={"en": catalog}).id == "mini"


def test_failing_case_names_the_line_of_its_expectation(write_questionnaire):
    text = mutate(
        "expect: {scores: {skor: 0}, levels: {uji: rendah}",
        "expect: {scores: {skor: 2}, levels: {uji: rendah}",
    )
    path = write_questionnaire(text)
    failures = run_cases(load_questionnaire(path))
    assert len(failures) == 1
    assert failures[0].line == line_of(text, "skor: 2")
    assert "skor skor hasilnya 0, seharusnya 2" in str(failures[0])
