"""Health data is deleted once its retention period after polling day is over, and not before."""

from datetime import date

import pytest

from screening.cli import retention as retention_cli
from screening.retention import purge_date
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
