"""A referral's life as plain Python: statuses and their moves, deadlines (no Flask)."""

from datetime import date

import pytest

from screening.referrals import lifecycle as r


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        ("baru", {"dijadwalkan", "diperiksa", "tidak_datang", "dibatalkan"}),
        ("dijadwalkan", {"diperiksa", "tidak_datang", "dibatalkan"}),
        ("diperiksa", {"selesai"}),
        ("tidak_datang", {"dijadwalkan", "diperiksa", "dibatalkan"}),
        ("selesai", set()),
        ("dibatalkan", set()),
    ],
)
def test_only_the_valid_moves_are_allowed(start, allowed):
    assert {s for s in r.STATUSES if r.can_move(start, s)} == allowed
    assert not r.can_move(start, "hilang")


@pytest.mark.parametrize(
    ("status", "complete", "path"),
    [
        ("baru", True, ["diperiksa", "selesai"]),
        ("baru", False, ["diperiksa"]),
        ("tidak_datang", True, ["diperiksa", "selesai"]),
        ("diperiksa", True, ["selesai"]),
        ("diperiksa", False, []),
        ("selesai", True, []),
    ],
)
def test_recording_findings_walks_through_diperiksa(status, complete, path):
    assert r.followup_path(status, complete=complete) == path


@pytest.mark.parametrize(
    ("status", "deadline", "overdue"),
    [
        ("baru", "2029-01-09", True),
        ("baru", "2029-01-10", False),
        ("dijadwalkan", "2029-01-01", True),
        ("diperiksa", "2029-01-01", False),
        ("selesai", "2029-01-01", False),
        # A no-show is still expected: past the deadline it is escalated like any other.
        ("tidak_datang", "2029-01-01", True),
        ("dibatalkan", "2029-01-01", False),
    ],
)
def test_overdue_means_past_the_deadline_and_still_expected(status, deadline, overdue):
    assert r.is_overdue({"status": status, "deadline": deadline}, date(2029, 1, 10)) is overdue
