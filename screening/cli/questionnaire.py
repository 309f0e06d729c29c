"""`flask --app app questionnaire …`: check files, score answers, preview a rescore."""

from __future__ import annotations

import gettext
import json
import sys
from pathlib import Path

import click
from flask import current_app

from screening.cli.errors import CommandError, Group
from screening.messages import render
from screening.questionnaire import (
    QuestionnaireError,
    load_all,
    load_questionnaire,
    run_cases,
)
from screening.questionnaire.loader import questionnaire_files
from screening.questionnaire.rescore import compare
from screening.store.responses import scored_responses
from screening.web.database import get_db

questionnaire_cli = Group(
    "questionnaire", help="Kuesioner skrining: periksa berkas, hitung skor, pratinjau skor ulang."
)


def _folder() -> Path:
    return Path(current_app.config["QUESTIONNAIRE_DIR"])


def _translations(folder: str | None) -> dict | None:
    """Compiled catalogs in FOLDER/<locale>/LC_MESSAGES/messages.mo, keyed by locale."""
    if folder is None:
        return None
    catalogs = {}
    for mo in sorted(Path(folder).glob("*/LC_MESSAGES/messages.mo")):
        with mo.open("rb") as handle:
            catalogs[mo.parent.parent.name] = gettext.GNUTranslations(handle)
    if not catalogs:
        raise CommandError(f"Tidak ada katalog .mo di {folder}.")
    return catalogs


@questionnaire_cli.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--translations",
    "translations_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Folder katalog terjemahan (berisi <locale>/LC_MESSAGES/messages.mo): setiap teks "
    "kuesioner harus sudah diterjemahkan.",
)
def check_command(path: Path | None, translations_dir: str | None) -> None:
    """Periksa setiap berkas kuesioner dan jalankan semua `cases`-nya.

    PATH boleh satu berkas atau satu folder (bawaan: QUESTIONNAIRE_DIR). Keluar dengan kode bukan
    nol dan pesan berkas:baris bila ada kesalahan.
    """
    path = path or _folder()
    files = questionnaire_files(path) if path.is_dir() else [path]
    if not files:
        raise CommandError(f"Tidak ada berkas kuesioner di {path}.")
    translations = _translations(translations_dir)
    failed = False
    for file in files:
        try:
            questionnaire = load_questionnaire(file, translations=translations)
        except QuestionnaireError as error:
            failed = True
            for problem in error.problems:
                click.echo(str(problem), err=True)
            continue
        failures = run_cases(questionnaire)
        for problem in failures:
            click.echo(str(problem), err=True)
        failed = failed or bool(failures)
        status = "GAGAL" if failures else "OK"
        click.echo(
            f"{status} {file}: {questionnaire.id} versi {questionnaire.version}, "
            f"{len(questionnaire.cases) - len({p.message.params['case'] for p in failures})}/"
            f"{len(questionnaire.cases)} kasus lulus"
        )
    if failed:
        sys.exit(1)


def _find(spec: str):
    """A questionnaire by file path, by id (highest version) or by id@version."""
    if Path(spec).is_file():
        return load_questionnaire(spec)
    wanted, _, version = spec.partition("@")
    loaded = load_all(_folder())
    versions = {v: q for (qid, v), q in loaded.items() if qid == wanted}
    if not versions:
        raise CommandError(f"Kuesioner {spec} tidak ditemukan di {_folder()}.")
    if version:
        if not version.isdigit() or int(version) not in versions:
            raise CommandError(f"Kuesioner {wanted} tidak punya versi {version}.")
        return versions[int(version)]
    return versions[max(versions)]


@questionnaire_cli.command("score")
@click.argument("questionnaire")
@click.argument("answers_file", metavar="ANSWERS.json", type=click.File("r", encoding="utf-8"))
def score_command(questionnaire: str, answers_file) -> None:
    """Hitung hasil skrining untuk satu berkas jawaban dan cetak hasil lengkapnya sebagai JSON.

    QUESTIONNAIRE: path berkas, id (versi tertinggi) atau id@versi. ANSWERS.json: objek berisi
    jawaban per id pertanyaan, ditambah "context": {"birth_date": "1980-05-17", "sex": "L"}
    (hari pemungutan suara diambil dari POLLING_DAY bila tidak ditulis). Angka tak lazim yang
    sudah benar didaftar di "confirmed": ["berat_kg"].
    """
    try:
        q = _find(questionnaire)
    except QuestionnaireError as error:
        raise CommandError(str(error)) from None
    try:
        data = json.load(answers_file)
    except json.JSONDecodeError as error:
        raise CommandError(f"{answers_file.name}: JSON tidak sah: {error}") from None
    if not isinstance(data, dict):
        raise CommandError(f"{answers_file.name}: isinya harus objek JSON.")
    context = {"polling_day": current_app.config["POLLING_DAY"], **(data.get("context") or {})}
    confirmed = set(data.get("confirmed") or [])
    raw = data.get("answers")
    if not isinstance(raw, dict):
        raw = {k: v for k, v in data.items() if k not in ("context", "confirmed")}
    missing = [key for key in ("birth_date", "sex") if not context.get(key)]
    if missing:
        raise CommandError(f"context harus berisi {', '.join(missing)}.")
    try:
        answers, errors = q.parse_answers(raw, context=context, confirmed=confirmed, strict=True)
    except ValueError as error:
        raise CommandError(f"context tidak sah: {error}") from None
    if errors:
        for item_id, message in errors.items():
            click.echo(f"{item_id}: {render(message)}", err=True)
        sys.exit(1)
    result = q.score(answers, context=context)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))


@questionnaire_cli.command("rescore")
@click.option("--to", "to_version", required=True, type=int, help="Versi baru kuesioner.")
@click.option(
    "--questionnaire",
    "questionnaire_id",
    help="id kuesioner (bawaan: satu-satunya id di QUESTIONNAIRE_DIR).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Hanya tampilkan jawaban tersimpan yang akan berubah level atau rujukannya.",
)
def rescore_command(to_version: int, questionnaire_id: str | None, dry_run: bool) -> None:
    """Sebelum versi baru dipakai: berapa hasil tersimpan yang akan berubah, dan yang mana.

    Hasil lama tidak pernah dihitung ulang diam-diam: perintah ini hanya berjalan dengan --dry-run
    dan tidak mengubah apa pun.
    """
    if not dry_run:
        raise CommandError("Hanya --dry-run yang didukung: hasil tersimpan tidak diubah.")
    loaded = load_all(_folder())
    ids = sorted({qid for qid, _ in loaded})
    if questionnaire_id is None:
        if len(ids) != 1:
            raise CommandError(f"Pilih --questionnaire dari: {', '.join(ids)}.")
        questionnaire_id = ids[0]
    q = loaded.get((questionnaire_id, to_version))
    if q is None:
        raise CommandError(f"Kuesioner {questionnaire_id} versi {to_version} tidak ada.")
    report = compare(q, scored_responses(get_db()))
    click.echo(
        f"{report.compared} jawaban dibandingkan dengan {q.id} versi {q.version}; "
        f"{len(report.changed)} akan berubah.",
        err=True,
    )
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
