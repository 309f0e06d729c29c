"""Health data is deleted once its retention period after polling day is over, and not before."""

from datetime import date
from pathlib import Path

import pytest

from screening.cli import retention as retention_cli
from screening.clock import now_iso
from screening.printing import jobs as print_jobs
from screening.retention import purge_date
from screening.store import followups
from tests.clinic.conftest import ROUTINE


@pytest.mark.parametrize(
    ("polling_day", "months", "expected"),
    [
        (date(2029, 2, 14), 12, date(2030, 2, 14)),
        (date(2029, 2, 14), 1, date(2029, 3, 14)),
        (date(2029, 1, 31), 1, date(2029, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2029, 11, 30), 3, date(2030, 2, 28)),
        (date(2029, 12, 1), 0, date(2029, 12, 1)),
    ],
)
def test_purge_date_is_months_after_polling_day(polling_day, months, expected):
    assert purge_date(polling_day, months) == expected


def _health_rows(db) -> int:
    return sum(db[t].count for t in ("response", "referral", "referral_event", "followup"))


def _today_is(monkeypatch, day: date) -> None:
    monkeypatch.setattr(retention_cli, "today_wib", lambda: day)


def test_purge_refuses_before_the_retention_period_is_over(db, make, runner, monkeypatch):
    make.screened_officer(ROUTINE)
    _today_is(monkeypatch, date(2030, 2, 13))  # polling day 2029-02-14 + 12 months, minus a day
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code != 0
    assert "belum boleh dihapus" in result.output
    assert _health_rows(db) > 0


def test_purge_after_the_period_deletes_health_data_but_keeps_roster_and_consent(
    db, make, runner, monkeypatch
):
    make.screened_officer(ROUTINE)
    _today_is(monkeypatch, date(2030, 2, 14))
    dry = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "response 1" in dry.output
    assert _health_rows(db) > 0
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert _health_rows(db) == 0
    assert db["officer"].count == 1
    assert db["consent"].count == 1


# -- Nothing purged stays in the files -----------------------------------------------------------

NOTE = "CATATAN-KLINIS-PENANDA-7Q4X"  # a clinician's note no other byte of the file could match


def _officer_with_a_note(make):
    """A referred officer whose follow-up carries NOTE; returns the stored answers as text."""
    fktp = make.fktp()
    _officer, response, referral = make.screened_officer(ROUTINE, fktp_code=fktp["code"])
    clinician = make.staff(role="fktp", fktp_code=referral["fktp_code"])
    followups.record(
        make.db,
        referral["id"],
        data={"sistolik": 150, "diastolik": 95, "kelayakan": "layak", "catatan": NOTE},
        expected_status=referral["status"],
        path=["diperiksa"],
        staff_id=clinician["id"],
        now=now_iso(),
    )
    return make.db["response"].get(response["id"])["answers"]


def _file_bytes(database: str) -> bytes:
    """What a copy of the database's files would hold: the file and its write-ahead log."""
    return b"".join(
        Path(database + suffix).read_bytes()
        for suffix in ("", "-wal")
        if Path(database + suffix).exists()
    )


def test_a_deleted_row_is_overwritten_in_the_file_not_left_in_a_free_page(app, db, make):
    _officer_with_a_note(make)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert NOTE.encode() in Path(app.config["DATABASE"]).read_bytes()
    with db.atomic():
        db["followup"].delete_where()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert NOTE.encode() not in Path(app.config["DATABASE"]).read_bytes()


def test_purge_leaves_no_answer_or_note_in_the_database_files_and_no_print_job_files(
    app, db, make, runner, monkeypatch, tmp_path
):
    answers = _officer_with_a_note(make)
    assert len(answers) > 100
    jobs = tmp_path / "print-jobs"
    monkeypatch.setattr(print_jobs, "jobs_dir", lambda app: jobs)
    (jobs / "0123456789abcdef").mkdir(parents=True)
    (jobs / "0123456789abcdef" / "output.pdf").write_bytes(b"%PDF " + NOTE.encode())
    (jobs / "0123456789abcdef" / "state.json").write_text("{}")
    before = _file_bytes(app.config["DATABASE"])
    assert NOTE.encode() in before
    assert answers.encode() in before
    _today_is(monkeypatch, date(2030, 2, 14))

    dry = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert "Berkas cetak yang akan dihapus: 2." in dry.output
    result = runner.invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert "Berkas cetak yang dihapus: 2." in result.output
    assert "sudah dipadatkan: data yang dihapus tidak tersisa" in result.output
    after = _file_bytes(app.config["DATABASE"])
    assert NOTE.encode() not in after
    assert answers.encode() not in after
    assert jobs.is_dir()
    assert list(jobs.iterdir()) == []
    assert Path(app.config["DATABASE"] + "-wal").stat().st_size == 0
