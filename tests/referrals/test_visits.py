"""Reading the visit a clinician types: date and time, checked against the clock and deadline."""

from datetime import UTC, datetime, time

import pytest

from screening import values
from screening.messages import render
from screening.referrals import visits

# 20 February 2029, 10.00 WIB.
NOW = datetime(2029, 2, 20, 3, 0, tzinfo=UTC)
DEADLINE = "2029-02-27"


def check(day, clock, deadline=DEADLINE):
    return visits.parse_visit(day, clock, now=NOW, deadline=deadline)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09:30", time(9, 30)),
        ("9.30", time(9, 30)),
        (" 14:05 ", time(14, 5)),
        ("14:05:00", time(14, 5)),
        ("00:00", time(0, 0)),
        ("24:00", None),
        ("9:60", None),
        ("930", None),
        ("٠٩:٣٠", None),
        ("09:30\n", None),
        ("", None),
        (None, None),
        ("9" * 10_000, None),
    ],
)
def test_a_clock_time_is_read_as_typed_or_as_the_time_picker_sends_it(typed, expected):
    assert values.clock_time(typed) == expected


@pytest.mark.parametrize(
    ("day", "clock", "visit_at"),
    [
        ("2029-02-21", "09:30", "2029-02-21T09:30"),  # the date and time pickers
        ("21-02-2029", "9.30", "2029-02-21T09:30"),  # typed where the browser shows a text box
        ("21/2/2029", "09.30", "2029-02-21T09:30"),
        ("2029-02-20", "10:00", "2029-02-20T10:00"),  # later today, to the minute
    ],
)
def test_a_visit_is_read_from_the_picker_or_the_indonesian_way(day, clock, visit_at):
    result = check(day, clock)
    assert (result.visit_at, result.errors, result.after_deadline) == (visit_at, {}, False)


@pytest.mark.parametrize(
    ("day", "clock", "field", "message"),
    [
        ("", "09:00", "tanggal", "Isi tanggal kunjungan."),
        ("2029-02-21", "", "jam", "Isi jam kunjungan."),
        ("besok", "09:00", "tanggal", "Tanggal tidak dapat dibaca. Tulis seperti 21-02-2029."),
        ("2029-02-30", "09:00", "tanggal", "Tanggal tidak dapat dibaca. Tulis seperti 21-02-2029."),
        ("2029-02-21", "pagi", "jam", "Jam tidak dapat dibaca. Tulis seperti 09.30."),
        ("2029-02-20", "09:59", "tanggal", "Waktu ini sudah lewat. Pilih waktu yang akan datang."),
        ("2029-02-19", "12:00", "tanggal", "Waktu ini sudah lewat. Pilih waktu yang akan datang."),
        (
            "2092-02-21",
            "09:00",
            "tanggal",
            "Jadwal paling lama 90 hari dari hari ini. Periksa tahunnya.",
        ),
    ],
)
def test_a_visit_that_cannot_be_booked_says_why_beside_the_field(day, clock, field, message):
    result = check(day, clock)
    assert result.visit_at is None
    assert {k: render(m) for k, m in result.errors.items()} == {field: message}


def test_both_fields_left_empty_get_a_message_each():
    assert set(check("", " ").errors) == {"tanggal", "jam"}


def test_a_visit_after_the_deadline_is_allowed_with_a_warning():
    result = check("2029-02-28", "08:00")
    assert (result.visit_at, result.errors, result.after_deadline) == ("2029-02-28T08:00", {}, True)
    assert not check("2029-02-27", "15:00").after_deadline  # on the last day is in time
    assert not check("2029-02-28", "08:00", deadline=None).after_deadline


def test_the_clinic_clock_is_wib_whatever_zone_now_is_in():
    # 16.59 UTC is 23.59 WIB: 23.30 the same day is already past, the next morning is not.
    late = datetime(2029, 2, 20, 16, 59, tzinfo=UTC)
    assert visits.parse_visit("2029-02-20", "23:30", now=late, deadline=None).errors
    assert visits.parse_visit("2029-02-21", "07:00", now=late, deadline=None).visit_at


@pytest.mark.parametrize(
    ("old", "new", "note"),
    [
        ("2029-02-21T09:30", "2029-02-22T08:00", None),
        (None, "2029-02-21T09:30", None),
        ("2029-02-21T09:30", None, "Tidak bisa dihubungi\nbaris dua"),
    ],
)
def test_a_visit_note_reads_back_what_was_written(old, new, note):
    assert visits.read_visit_note(visits.visit_note(old, new, note)) == (old, new, note)
    assert visits.read_visit_note("fktp:11250101") is None
    assert visits.read_visit_note(None) is None
