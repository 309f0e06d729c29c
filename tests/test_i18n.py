"""Dates, numbers and times per locale; structured domain messages translated at display time."""

from datetime import UTC, date, datetime

import pytest

from screening.messages import Message
from screening.web import i18n


@pytest.mark.parametrize(
    ("lang", "expected_date", "expected_number"),
    [("id", "17 Agustus 2026", "1.234,5"), ("en", "17 August 2026", "1,234.5")],
)
def test_dates_and_numbers_follow_the_locale(app, lang, expected_date, expected_number):
    with app.test_request_context(headers={"Accept-Language": lang}):
        assert i18n.long_date(date(2026, 8, 17)) == expected_date
        assert i18n.long_date("2026-08-17") == expected_date
        assert i18n.number(1234.5) == expected_number


def test_whole_numbers_have_no_decimals_when_asked(app):
    with app.test_request_context():
        assert i18n.number(8123, 0) == "8.123"


def test_times_are_shown_in_wib(app):
    with app.test_request_context():
        # 17:30 UTC is 00:30 the next day in Jakarta (UTC+7).
        shown = i18n.date_time(datetime(2026, 8, 16, 17, 30, tzinfo=UTC))
    assert shown == "17 Agustus 2026, 00.30 WIB"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("id", "NIK harus 16 angka; yang diisi 1.234,5 angka."),
        ("en", "A NIK has 16 digits; this one has 1,234.5."),
    ],
)
def test_domain_messages_are_translated_with_locale_numbers(app, lang, expected):
    message = Message("NIK harus 16 angka; yang diisi %(count)s angka.", {"count": 1234.5})
    with app.test_request_context(headers={"Accept-Language": lang}):
        assert i18n.t(message) == expected


def test_a_stored_moment_is_shown_as_the_day_it_was_in_indonesia(app):
    """23.30 UTC on 16 August is 06.30 WIB on 17 August: the date says 17."""
    with app.test_request_context("/"):
        assert i18n.long_date("2026-08-16T23:30:00+00:00") == "17 Agustus 2026"
        assert i18n.long_date(datetime(2026, 8, 16, 23, 30, tzinfo=UTC)) == "17 Agustus 2026"
        assert i18n.long_date("2026-08-17") == "17 Agustus 2026"
