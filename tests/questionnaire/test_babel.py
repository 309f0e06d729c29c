"""The Babel extractor finds every translatable string of a questionnaire file, with its line."""

import io

from screening.questionnaire.babel import extract_questionnaire

from .mini import DEFAULT, MINI


def test_extractor_yields_labels_options_reasons_and_advice_with_lines():
    found = list(extract_questionnaire(io.BytesIO(MINI.encode()), {}, [], {}))
    lines = {message: line for line, _func, message, _comments in found}
    assert lines["Merokok?"] == MINI.splitlines().index("        label: Merokok?") + 1
    assert {"Mini", "Skor 2 atau lebih.", "Saran tinggi.", "Ke FKTP dalam 7 hari.", "kg"} <= set(
        lines
    )
    assert "Sumber uji" not in lines  # citations are not translated


def test_extractor_reads_the_default_questionnaire():
    with DEFAULT.open("rb") as handle:
        found = list(extract_questionnaire(handle, {}, [], {}))
    messages = {message for _, _, message, _ in found}
    assert "Berapa berat badan Anda sekarang?" in messages
    assert all(comments[0].startswith("questionnaire: ") for *_, comments in found)
