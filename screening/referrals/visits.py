"""The visit an FKTP schedules for a referred officer: read from what the clinician typed and
checked against the clock and the referral's deadline.

`visit_at` is kept as the clinic's own wall-clock time in WIB, "YYYY-MM-DDTHH:MM", with no zone:
it is what the clinician typed and what the officer is told, and a clinic in Kota Pekalongan has
no other clock. Plain Python (no Flask).

Decisions:
- A visit in the past is refused: it cannot be kept, and a visit that happened is recorded with
  the follow-up form instead.
- A visit after the referral's deadline is allowed, with a warning: a full clinic must still be
  able to book the officer, and a late visit is better than none. The referral still turns
  overdue after its deadline (the area operators see it) until the officer is examined.
- A visit more than `MAX_DAYS_AHEAD` days away is refused: almost always a mistyped year.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from screening import values
from screening.clock import WIB
from screening.messages import N_, Message

VISIT_FORMAT = "%Y-%m-%dT%H:%M"
MAX_DAYS_AHEAD = 90
# "21-02-2029" or "21/02/2029": how a date is written in Indonesia, typed where the browser shows
# a plain text box instead of a date picker.
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")

TANGGAL, JAM = "tanggal", "jam"  # the form's field names


@dataclass(frozen=True)
class VisitCheck:
    """What the typed date and time came to: `visit_at` when they make a visit the FKTP may
    book, otherwise the messages per field; `after_deadline` is a warning, not an error."""

    visit_at: str | None = None
    errors: dict[str, Message] = field(default_factory=dict)
    after_deadline: bool = False


def typed_day(text) -> date | None:
    """A day from `<input type=date>` (YYYY-MM-DD) or typed by hand (DD-MM-YYYY, DD/MM/YYYY)."""
    parsed = values.day(text)
    if parsed is not None or not isinstance(text, str):
        return parsed
    match = _DAY_MONTH_YEAR.fullmatch(text.strip(" "))
    if not match:
        return None
    return values.day(f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}")


def parse_visit(day_text, time_text, *, now: datetime, deadline: str | None) -> VisitCheck:
    """Read the visit from the form's `tanggal` and `jam` (WIB); `now` is an aware moment
    (`clock.now_utc()`), `deadline` the referral's last day."""
    errors: dict[str, Message] = {}
    day = typed_day(day_text)
    clock = values.clock_time(time_text)
    if not (day_text or "").strip():
        errors[TANGGAL] = Message(N_("Isi tanggal kunjungan."))
    elif day is None:
        errors[TANGGAL] = Message(
            N_("Tanggal tidak dapat dibaca. Tulis seperti %(example)s."), {"example": "21-02-2029"}
        )
    if not (time_text or "").strip():
        errors[JAM] = Message(N_("Isi jam kunjungan."))
    elif clock is None:
        errors[JAM] = Message(
            N_("Jam tidak dapat dibaca. Tulis seperti %(example)s."), {"example": "09.30"}
        )
    if errors:
        return VisitCheck(errors=errors)
    visit = datetime.combine(day, clock, tzinfo=WIB)
    wall_clock = now.astimezone(WIB).replace(second=0, microsecond=0)
    if visit < wall_clock:
        return VisitCheck(
            errors={TANGGAL: Message(N_("Waktu ini sudah lewat. Pilih waktu yang akan datang."))}
        )
    if visit.date() > wall_clock.date() + timedelta(days=MAX_DAYS_AHEAD):
        return VisitCheck(
            errors={
                TANGGAL: Message(
                    N_("Jadwal paling lama %(days)s hari dari hari ini. Periksa tahunnya."),
                    {"days": MAX_DAYS_AHEAD},
                )
            }
        )
    late = bool(deadline) and visit.date() > date.fromisoformat(deadline[:10])
    return VisitCheck(visit_at=visit.strftime(VISIT_FORMAT), after_deadline=late)


def visit_moment(visit_at: str | None) -> datetime | None:
    """A stored `visit_at` as a moment in WIB, or None."""
    if not visit_at:
        return None
    try:
        return datetime.strptime(visit_at, VISIT_FORMAT).replace(tzinfo=WIB)
    except ValueError:
        return None


# --- the history: a visit set, moved or missed ------------------------------------------------

# A referral_event's note for a change of the visit: "jadwal:<old>><new>", either side empty when
# there was none (scheduled the first time; cleared by a no-show), then, on the next line, the
# clinician's own note if any. The first line is not clinical (KPU may read it); the rest is.
NOTE_PREFIX = "jadwal:"


def visit_note(old: str | None, new: str | None, note: str | None = None) -> str:
    line = f"{NOTE_PREFIX}{old or ''}>{new or ''}"
    return f"{line}\n{note}" if note else line


def read_visit_note(note: str | None) -> tuple[str | None, str | None, str | None] | None:
    """(old visit, new visit, the clinician's note) from an event's note, or None when the note
    does not record a change of the visit."""
    if not note or not note.startswith(NOTE_PREFIX):
        return None
    first, _, rest = note.partition("\n")
    old, _, new = first.removeprefix(NOTE_PREFIX).partition(">")
    return old or None, new or None, rest or None
