"""What the coverage page shows beside its counts: progress toward the screening deadline and the
follow-up loop's own figures, for the area shown. Kept apart from the view so that the view only
passes them on."""

from flask import current_app

from screening import followup_figures
from screening.clock import today_wib
from screening.progress import parse_day, progress
from screening.store import followup_stats
from screening.store import progress as progress_store


def _area(kecamatan: dict | None, kelurahan: dict | None) -> dict:
    if kelurahan:
        return {"kelurahan": kelurahan["code"]}
    if kecamatan:
        return {"kecamatan": kecamatan["code"]}
    return {}


def progress_for(db, kecamatan: dict | None, kelurahan: dict | None, officers: int):
    """The progress chart's numbers for the area shown (the city without one)."""
    return progress(
        progress_store.screened_per_day(db, **_area(kecamatan, kelurahan)),
        officers,
        today=today_wib(),
        deadline=parse_day(current_app.config.get("SCREENING_DEADLINE")),
        polling_day=parse_day(current_app.config.get("POLLING_DAY")),
    )


def loop_for(db, kecamatan: dict | None, kelurahan: dict | None, rows: list[dict]) -> dict:
    """Per row of the page's level (kecamatan, kelurahan or TPS): the referrals seen by their
    deadline and the median days to the visit; with the level's total and its messages."""
    group = "tps" if kelurahan else "kelurahan" if kecamatan else "kecamatan"
    area = _area(kecamatan, kelurahan)
    per_area = followup_stats.per_group(db, group, today=today_wib().isoformat(), **area)
    return {
        "rows": [
            {"row": row, "figures": followup_figures.figures(per_area.get(row["code"]))}
            for row in rows
        ],
        "total": followup_figures.figures(followup_figures.combine(list(per_area.values()))),
        "messages": followup_stats.messages(db, **area),
    }
