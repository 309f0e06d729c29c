"""Uploaded files waiting for import: random names, owner-only, gone after a day."""

import os
import time

import pytest

from screening.roster import uploads


def test_a_saved_upload_is_found_by_its_token_and_readable_by_the_owner_only(tmp_path):
    token = uploads.save_upload(tmp_path / "uploads", b"NIK;Nama", "csv")
    path = uploads.upload_path(tmp_path / "uploads", token, "csv")
    assert path.read_bytes() == b"NIK;Nama"
    assert path.stat().st_mode & 0o777 == 0o600
    uploads.delete_upload(tmp_path / "uploads", token, "csv")
    assert uploads.upload_path(tmp_path / "uploads", token, "csv") is None


@pytest.mark.parametrize(
    ("token", "extension"),
    [("../../etc/passwd", "csv"), ("a" * 32, "exe"), (None, "csv"), ("A" * 32, "csv")],
)
def test_malformed_tokens_find_nothing(tmp_path, token, extension):
    assert uploads.upload_path(tmp_path, token, extension) is None


def test_uploads_older_than_a_day_are_swept_and_not_served(tmp_path):
    old = uploads.save_upload(tmp_path, b"old", "xlsx")
    new = uploads.save_upload(tmp_path, b"new", "csv")
    (tmp_path / "keep-me.txt").write_text("not ours")
    two_days_ago = time.time() - 2 * 86400
    os.utime(tmp_path / f"{old}.xlsx", (two_days_ago, two_days_ago))
    assert uploads.upload_path(tmp_path, old, "xlsx") is None
    os.utime(tmp_path / f"{new}.csv", (two_days_ago, two_days_ago))
    assert uploads.sweep_uploads(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep-me.txt"]
