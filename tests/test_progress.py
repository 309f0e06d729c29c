"""Progress toward the screening deadline on the coverage page: screenings per WIB day, the
cumulative share, the target date and polling day, for the area shown."""

import re
from datetime import date

import pytest

from screening import progress as progress_module
from screening.demo.screenings import HEALTHY, submitted_at
from screening.store import progress as progress_store
from screening.store import regions
from screening.web import coverage_parts
from screening.web.database import get_db
from tests.factories import Factories, sign_in_staff

TODAY = date(2026, 11, 20)
BARAT, MEDONO = "337501", "3375011002"
TIMUR, KLEGO = "337502", "3375021001"


def test_progress_counts_each_day_and_the_cumulative_share():
    per_day = {"2026-11-17": 2, "2026-11-19": 3, "2026-11-20": 1}
    result = progress_module.progress(
        per_day, 10, today=TODAY, deadline=date(2026, 11, 25), polling_day=date(2026, 12, 9)
    )
    assert [(d.day.isoformat(), d.screened, d.cumulative) for d in result.days] == [
        ("2026-11-17", 2, 2),
        ("2026-11-18", 0, 2),
        ("2026-11-19", 3, 5),
        ("2026-11-20", 1, 6),
    ]
    assert [d.percent for d in result.days] == [20.0, 20.0, 50.0, 60.0]
    assert (result.screened, result.percent) == (6, 60.0)
    # 4 officers left over the 6 days to 25 November, today included: 1 a day (rounded up).
    assert (result.days_left, result.needed_per_day) == (6, 1)
    # Both days fit on the axis, which runs to polling day; the deadline is left of it.
    assert result.deadline_marker.day == date(2026, 11, 25)
    assert result.polling_marker.day == date(2026, 12, 9)
    assert result.deadline_marker.x < result.polling_marker.x <= result.width
    # Bars are as tall as their day's count against the busiest day.
    assert [d.bar_height for d in result.days] == [
        pytest.approx(result.bars_height * n / 3, abs=0.1) for n in (2, 0, 3, 1)
    ]


def test_progress_leaves_out_days_after_today_and_a_far_deadline():
    result = progress_module.progress(
        {"2026-11-19": 4, "2026-11-21": 9}, 8, today=TODAY, deadline=date(2029, 1, 31),
        polling_day=date(2029, 2, 14),
    )  # fmt: skip
    assert [d.day for d in result.days] == [date(2026, 11, 19), date(2026, 11, 20)]
    assert result.screened == 4
    # Years away: said in words, not drawn.
    assert result.deadline_marker is None
    assert result.polling_marker is None
    assert result.days_left == (date(2029, 1, 31) - TODAY).days + 1


def test_progress_keeps_the_last_days_and_counts_the_earlier_ones_in_the_share():
    result = progress_module.progress(
        {"2026-01-01": 5, "2026-11-20": 1}, 10, today=TODAY, deadline=None, polling_day=None
    )
    assert len(result.days) == progress_module.MAX_DAYS
    assert result.earlier == 5
    assert (result.days[0].cumulative, result.days[-1].cumulative) == (5, 6)
    assert result.days_left is None
    assert result.needed_per_day is None


def test_progress_without_officers_or_screenings_draws_an_empty_axis():
    result = progress_module.progress({}, 0, today=TODAY, deadline=None, polling_day=None)
    assert [(d.screened, d.percent) for d in result.days] == [(0, 0.0)]
    assert result.max_per_day == 0


@pytest.fixture
def two_kecamatan(app, db, make):
    """Barat: screenings on 18 and 19 November (WIB), one of them sent at 23.30 WIB; Timur: one
    on 20 November."""
    make.region()
    regions.upsert_kecamatan(db, [{"code": TIMUR, "name": "Pekalongan Timur"}])
    regions.upsert_kelurahan(
        db, [{"code": KLEGO, "name": "Klego", "kecamatan_code": TIMUR, "tps_count": 10}]
    )
    moments = {
        # 16.30 UTC is 23.30 WIB: still the 18th in Indonesia.
        "barat-1": ("2026-11-18T16:30:00+00:00", {}),
        # 17.30 UTC is 00.30 WIB on the 19th.
        "barat-2": ("2026-11-18T17:30:00+00:00", {}),
        "barat-3": ("2026-11-19T03:00:00+00:00", {}),
        "timur-1": (
            "2026-11-20T03:00:00+00:00",
            {"kecamatan_code": TIMUR, "kelurahan_code": KLEGO},
        ),
    }
    with app.test_request_context():
        make.officer()  # not screened
        for moment, fields in moments.values():
            _officer, response, _ = make.screened_officer(HEALTHY, **fields)
            db["response"].update(response["id"], {"submitted_at": moment})
    return db


def test_screenings_are_counted_on_their_day_in_indonesia(two_kecamatan):
    db = two_kecamatan
    assert progress_store.screened_per_day(db) == {
        "2026-11-18": 1,
        "2026-11-19": 2,
        "2026-11-20": 1,
    }
    assert progress_store.screened_per_day(db, kecamatan=BARAT) == {
        "2026-11-18": 1,
        "2026-11-19": 2,
    }
    assert progress_store.screened_per_day(db, kelurahan=KLEGO) == {"2026-11-20": 1}
    assert progress_store.screened_per_day(db, kelurahan=MEDONO) == {
        "2026-11-18": 1,
        "2026-11-19": 2,
    }


def _progress_rows(page: str) -> list[tuple[str, str, str]]:
    table = page[page.index('class="progress-table"') :]
    table = table[: table.index("</details>")]
    return re.findall(
        r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td><td class="num">(\d+)</td>', table
    )


def test_coverage_page_shows_the_progress_of_the_area_shown(
    client, two_kecamatan, sign_in, monkeypatch
):
    monkeypatch.setattr(coverage_parts, "today_wib", lambda: TODAY)
    sign_in("kpu")
    page = client.get("/kpu/cakupan/").text
    assert "Kemajuan menuju batas skrining" in page
    assert "Sudah skrining: 4 dari 5 petugas (80%)." in page
    # The suite's polling day is 14 February 2029: the default target is two weeks before.
    assert "Batas skrining: 31 Januari 2029." in page
    assert "Hari pemungutan suara: 14 Februari 2029." in page
    assert _progress_rows(page) == [
        ("18 November 2026", "1", "1"),
        ("19 November 2026", "2", "3"),
        ("20 November 2026", "1", "4"),
    ]
    chart = page[page.index('aria-labelledby="kemajuan-judul"') :]
    chart = chart[: chart.index("</svg>")]
    assert "<title" in chart
    assert "arsir-harian" in chart
    assert ">80%</text>" in chart
    page = client.get(f"/kpu/cakupan/?kecamatan={BARAT}").text
    assert "Sudah skrining: 3 dari 4 petugas (75%)." in page
    assert _progress_rows(page) == [
        ("18 November 2026", "1", "1"),
        ("19 November 2026", "2", "3"),
        ("20 November 2026", "0", "3"),  # the axis runs to today
    ]
    page = client.get(f"/kpu/cakupan/?kelurahan={KLEGO}").text
    assert "Sudah skrining: 1 dari 1 petugas (100%)." in page


def test_the_configured_target_date_and_polling_day_are_drawn_when_near(make_app, monkeypatch):
    monkeypatch.setattr(coverage_parts, "today_wib", lambda: TODAY)
    app = make_app(SCREENING_DEADLINE="2026-11-25", POLLING_DAY="2026-12-09")
    with app.app_context():
        result = coverage_parts.progress_for(get_db(), None, None, 5)
    assert (result.deadline, result.polling_day) == (date(2026, 11, 25), date(2026, 12, 9))
    assert result.deadline_marker is not None
    assert result.polling_marker is not None
    assert (result.days_left, result.needed_per_day) == (6, 1)


def test_the_screening_deadline_defaults_to_two_weeks_before_polling_day(make_app, monkeypatch):
    assert make_app(POLLING_DAY="2029-02-14").config["SCREENING_DEADLINE"] == "2029-01-31"
    monkeypatch.setenv("SKRINING_SCREENING_DEADLINE", "2029-01-20")
    assert make_app().config["SCREENING_DEADLINE"] == "2029-01-20"


def test_demo_screenings_are_spread_over_past_days_by_day_never_after_now():
    now = "2026-11-27T06:00:00+00:00"
    moments = [submitted_at(now, 21, seed=2029, officer_id=n) for n in range(500)]
    days = {m[:10] for m in moments}
    assert len(days) > 10
    assert all(m <= now for m in moments)
    assert submitted_at(now, 0, seed=2029, officer_id=1) == now
    assert submitted_at(now, 21, seed=2029, officer_id=7) == moments[7]  # the same each run


def test_a_target_date_that_is_not_a_date_is_shown_as_not_set(make_app):
    app = make_app(SCREENING_DEADLINE="31-01-2029")
    client = app.test_client()
    with app.app_context():
        make = Factories(get_db())
        sign_in_staff(client, make, make.staff(role="kpu"))
    page = client.get("/kpu/cakupan/")
    assert page.status_code == 200
    assert "Batas skrining belum diatur." in page.text
