"""The messages file: every mistake a health office can make is named with its template."""

from pathlib import Path

import pytest

from screening.outreach import templates

PROJECT = Path(__file__).resolve().parents[2]
SHIPPED = PROJECT / "questionnaires" / "messages.yaml"
VALUES = {
    "nama": "Ani",
    "link": "https://skrining.example/t/abc",
    "tenggat": "Senin, 5 Maret 2029",
    "fktp": "Puskesmas Medono",
    "alamat": "Jl. Uji 1",
    "waktu": "Senin, 5 Maret 2029 pukul 09.00",
}


def _file(tmp_path, body: dict) -> Path:
    """A messages file: the shipped one with `body` replacing some templates."""
    import yaml

    document = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    for template_id, texts in body.items():
        if texts is None:
            del document["templates"][template_id]
        else:
            document["templates"][template_id] = texts
    path = tmp_path / "messages.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def _problems(path) -> list[str]:
    with pytest.raises(templates.TemplateError) as caught:
        templates.load(path)
    return [str(p) for p in caught.value.problems]


def test_the_shipped_messages_load_with_every_template_in_both_languages():
    loaded = templates.load(SHIPPED)
    assert set(loaded.texts) == set(templates.TEMPLATE_IDS)
    for texts in loaded.texts.values():
        assert set(texts) == {"id", "en"}


@pytest.mark.parametrize("template_id", templates.TEMPLATE_IDS)
@pytest.mark.parametrize("lang", templates.LANGUAGES)
def test_no_shipped_message_holds_a_health_word(template_id, lang):
    text = templates.load(SHIPPED).render(template_id, lang, VALUES)
    assert templates.health_words(text) == []


def test_an_unknown_placeholder_names_the_template(tmp_path):
    path = _file(tmp_path, {"undangan": {"id": "Halo {nama}, {hasil} {link}", "en": "Hi {link}"}})
    (problem,) = _problems(path)
    assert "undangan" in problem
    assert "{hasil}" in problem
    assert "(id)" in problem


def test_a_placeholder_of_another_template_is_refused(tmp_path):
    # {tenggat} belongs to reminders, not to the invitation.
    path = _file(tmp_path, {"undangan": {"id": "{nama} {tenggat} {link}", "en": "{link}"}})
    assert "{tenggat}" in _problems(path)[0]


def test_a_missing_language_names_the_template(tmp_path):
    path = _file(tmp_path, {"pengingat_kunjungan": {"id": "Besok {waktu} di {fktp}."}})
    (problem,) = _problems(path)
    assert "pengingat_kunjungan" in problem
    assert "en" in problem


def test_a_missing_template_is_reported(tmp_path):
    path = _file(tmp_path, {"rujukan_terlambat": None})
    (problem,) = _problems(path)
    assert "rujukan_terlambat" in problem


def test_an_unknown_template_is_reported(tmp_path):
    path = _file(tmp_path, {"hasil_anda": {"id": "x", "en": "x"}})
    assert any("hasil_anda" in p for p in _problems(path))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Anda berisiko, datang ke {fktp}", "berisiko"),
        ("Tekanan darah Anda tinggi", "tekanan darah"),
        ("Cek GULA darah di {fktp}", "gula darah"),
        ("Skor FINDRISC Anda 15", "skor"),
        ("Hasil SCORED: tinggi", "scored"),
        ("Periksa jantung", "jantung"),
        ("Kemungkinan hipertensi", "hipertensi"),
        ("Your blood pressure is high", "blood pressure"),
        ("You are at risk of diabetes", "at risk"),
    ],
)
def test_a_health_word_is_refused_naming_the_template(tmp_path, text, word):
    path = _file(tmp_path, {"rujukan_baru": {"id": text, "en": "Visit {fktp}."}})
    (problem,) = _problems(path)
    assert "rujukan_baru" in problem
    assert word in problem


def test_a_health_word_inside_another_word_is_not_refused():
    # "skorsing" is not "skor"; "berguna" is not "gula".
    assert templates.health_words("skorsing berguna") == []


def test_render_fills_the_placeholders():
    text = templates.load(SHIPPED).render("rujukan_baru", "id", VALUES)
    assert "Puskesmas Medono (Jl. Uji 1)" in text
    assert "Senin, 5 Maret 2029" in text
    assert VALUES["link"] in text


def test_render_without_a_needed_value_fails():
    with pytest.raises(templates.RenderError):
        templates.load(SHIPPED).render("rujukan_baru", "id", {**VALUES, "fktp": None})


def test_outreach_check_command_passes_on_the_shipped_file(runner):
    result = runner.invoke(args=["outreach", "check"])
    assert result.exit_code == 0, result.output
    assert "8 pesan" in result.output


def test_outreach_check_command_names_the_template_and_fails(runner, tmp_path):
    path = _file(tmp_path, {"tanda_bahaya": {"id": "Risiko tinggi {link}", "en": "Go {link}"}})
    result = runner.invoke(args=["outreach", "check", str(path)])
    assert result.exit_code != 0
    assert "tanda_bahaya" in result.output
    assert "risiko" in result.output


def test_the_messages_file_is_not_read_as_a_questionnaire(app):
    from screening.web import library

    with app.app_context():
        assert library.live() is not None


def test_outreach_check_refuses_malformed_quiet_hours(make_app):
    result = make_app(QUIET_HOURS="malam").test_cli_runner().invoke(args=["outreach", "check"])
    assert result.exit_code != 0
    assert "21:00-07:00" in result.output
