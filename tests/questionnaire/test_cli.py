"""`flask questionnaire check|score|rescore`."""

import json

import pytest
from flask import Flask

from screening.cli.questionnaire import questionnaire_cli

from .mini import DEFAULT, MINI, PROJECT


@pytest.fixture
def runner():
    app = Flask("questionnaire-cli-test")
    app.config.update(QUESTIONNAIRE_DIR=str(PROJECT / "questionnaires"), POLLING_DAY="2029-02-14")
    app.cli.add_command(questionnaire_cli)
    return app.test_cli_runner()


def test_check_passes_on_the_shipped_questionnaires(runner):
    result = runner.invoke(args=["questionnaire", "check"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_check_fails_with_file_and_line(runner, write_questionnaire):
    path = write_questionnaire(MINI.replace("range: [0, 3]", "range: [0, 9]"))
    result = runner.invoke(args=["questionnaire", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:" in result.output
    assert "range ditulis [0, 9]" in result.output


def test_check_fails_when_a_case_fails(runner, write_questionnaire):
    path = write_questionnaire(
        MINI.replace("expect: {scores: {skor: 0}", "expect: {scores: {skor: 1}")
    )
    result = runner.invoke(args=["questionnaire", "check", str(path)])
    assert result.exit_code == 1
    assert "Kasus rendah: skor skor hasilnya 0, seharusnya 1." in result.output


def test_score_prints_the_full_result_as_json(runner, tmp_path):
    answers = tmp_path / "jawaban.json"
    answers.write_text(
        json.dumps(
            {
                "context": {"birth_date": "1975-03-02", "sex": "L"},
                "berat_kg": "90,2",
                "tinggi_cm": 170,
                "lingkar_perut_cm": "tidak_tahu",
                "aktif_30_menit": "tidak",
                "sayur_buah": "ya",
                "merokok": "ya",
                "makan_asin": "sering",
                "dx_hipertensi": "tidak",
                "obat_hipertensi": "tidak",
                "gula_tinggi_pernah": "tidak",
                "dx_diabetes": "tidak",
                "dx_jantung": "tidak",
                "dx_stroke": "tidak",
                "gagal_jantung": "tidak",
                "pembuluh_kaki": "tidak",
                "dx_ginjal": "tidak",
                "protein_urin": "tidak_tahu",
                "anemia": "tidak",
                "keluarga_diabetes": "dekat",
                "keluarga_hipertensi": "ya",
                "nyeri_dada": "tidak",
                "nyeri_dada_hebat": "tidak",
                "td_tahu": "tidak",
                "gd_tahu": "tidak",
                "keluhan_sekarang": ["tidak_ada"],
            }
        )
    )
    result = runner.invoke(args=["questionnaire", "score", "skrining-petugas-pemilu", str(answers)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["questionnaire_version"] == 1
    # The exact BMI (90.2 kg at 170 cm), unrounded: it is what the bands were scored on.
    assert data["derived"]["umur"] == 53
    assert round(data["derived"]["imt"], 6) == 31.211073
    assert data["scores"]["findrisc"]["total"] == 2 + 3 + 2 + 5
    assert data["unknown_items"] == ["lingkar_perut_cm", "protein_urin"]


def test_score_reports_each_bad_answer_in_indonesian(runner, tmp_path):
    answers = tmp_path / "jawaban.json"
    answers.write_text(
        json.dumps(
            {
                "context": {"birth_date": "1975-03-02", "sex": "L"},
                "berat_kg": "berat",
                "merokok": "kadang",
                "hobi": "main bola",
            }
        )
    )
    result = runner.invoke(args=["questionnaire", "score", str(DEFAULT), str(answers)])
    assert result.exit_code == 1
    assert "berat_kg: Tulis angka saja, misalnya 92,5." in result.output
    assert "merokok: Pilih salah satu jawaban yang tersedia." in result.output
    assert "tinggi_cm: Pertanyaan ini wajib dijawab." in result.output
    assert "hobi: Tidak ada pertanyaan dengan id hobi di kuesioner ini." in result.output


def test_rescore_only_runs_as_a_dry_run(runner):
    result = runner.invoke(args=["questionnaire", "rescore", "--to", "1"])
    assert result.exit_code != 0
    assert "--dry-run" in result.output


def test_every_command_has_help(runner):
    for command in questionnaire_cli.commands.values():
        assert command.help
