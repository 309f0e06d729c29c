"""Releasing queued messages: the scheduled job's pass over the outbox.

For every queued message due by now, in order: nothing moves in the quiet hours; an officer who
opted out gets nothing (cancelled, with the reason), nor one who has screened since an invitation
was queued or was seen since a referral's reminder was; an officer already reached this WIB day
waits for the next (at most one message a day); a number WhatsApp cannot take fails the message
and is reported to the area operator (officer.contact_problem); otherwise a click-to-chat
message becomes ready on the operator's page and a gateway message is sent, retried with
back-off when the gateway is down. A gateway message is claimed before it is sent, so two passes
that overlap send it once. Every outcome is in the audit log: message id, officer id,
template and outcome, never the number or the text.

The text is rendered here, when it leaves, from the officer's and the referral's current data;
nothing rendered is stored. Plain Python: the web side passes `link_for`, which issues the
officer's personal link the way the chase list does.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from babel.dates import format_date

from screening.clock import WIB
from screening.contact import whatsapp_number
from screening.outreach import gateway as gateway_module
from screening.outreach import schedule
from screening.outreach import templates as templates_module
from screening.outreach.quiet import in_quiet_hours, quiet_hours
from screening.referrals import lifecycle
from screening.store import audit as audit_store
from screening.store import outbox

OPTED_OUT = "petugas berhenti menerima pesan"
ACCESS_REVOKED = "tautan pribadi petugas dicabut"
INVALID_NUMBER = "nomor HP tidak dapat dipakai untuk WhatsApp"
ALREADY_SCREENED = "petugas sudah mengisi skrining"
REFERRAL_SETTLED = "rujukan sudah ditindaklanjuti"
# Messages that ask the officer to screen; the rest are about a referral.
SCREENING_TEMPLATES = frozenset({"undangan", "pengingat_skrining"})
# A referral in these states needs no more messages: the officer was seen, or it was cancelled.
SETTLED = lifecycle.CLOSED
AUDIT_ROLE = "sistem"
# How long a message being sent through the gateway is held by the pass sending it: far longer
# than a send takes (its time-out), short enough that a message a dead worker held goes the
# same morning.
SEND_CLAIM = timedelta(minutes=10)


def wib_day_bounds(moment: datetime) -> tuple[str, str]:
    """The WIB day of a moment as [start, end) in stored UTC ISO form."""
    day = moment.astimezone(WIB).date()
    start = datetime.combine(day, time(0), WIB)
    return _iso(start), _iso(start + timedelta(days=1))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@functools.cache
def _load_cached(path: str, mtime: float) -> templates_module.Templates:
    return templates_module.load(path)


def messages_file(settings) -> Path:
    configured = settings.get("MESSAGES_FILE")
    if configured:
        return Path(configured)
    return Path(settings["QUESTIONNAIRE_DIR"]) / templates_module.FILE_NAME


def load_templates(settings) -> templates_module.Templates:
    """The checked templates, loaded again when the file changes (a health office edits it)."""
    path = messages_file(settings)
    return _load_cached(str(path), path.stat().st_mtime)


def _long_date(day: date, lang: str) -> str:
    return format_date(day, format="EEEE, d MMMM y", locale=lang)


def _visit_time(visit_at: str | None, lang: str) -> str | None:
    if not visit_at:
        return None
    moment = datetime.fromisoformat(visit_at)
    clock = moment.strftime("%H.%M") if lang == "id" else moment.strftime("%H:%M")
    joiner = "pukul" if lang == "id" else "at"
    return f"{_long_date(moment.date(), lang)} {joiner} {clock}"


# A referral KPU has not yet given an FKTP ("FKTP belum ditentukan") still gets its messages:
# any Puskesmas of the officer's kecamatan may take it on, and the officer's page names them.
NO_FKTP = {
    "id": ("Puskesmas di kecamatan Anda", "daftarnya ada di tautan Anda"),
    "en": ("a Puskesmas in your kecamatan", "listed on your link"),
}


def message_values(row: dict, *, lang: str, link: str | None, settings) -> dict:
    """The placeholders' values of a message, from the officer, the referral and its FKTP."""
    if row.get("referral_id") is None and row["template"] == "pengingat_skrining":
        deadline = schedule.screening_deadline(settings)
    else:
        deadline = date.fromisoformat(row["deadline"]) if row.get("deadline") else None
    no_fktp = NO_FKTP.get(lang, NO_FKTP["id"])
    named = bool(row.get("fktp_name"))
    return {
        "nama": row.get("officer_name"),
        "link": link,
        "tenggat": _long_date(deadline, lang) if deadline else None,
        "fktp": row["fktp_name"] if named else no_fktp[0],
        "alamat": (row.get("fktp_address") or "-") if named else no_fktp[1],
        "waktu": _visit_time(row.get("visit_at"), lang),
    }


def needs_link(templates: templates_module.Templates, template_id: str) -> bool:
    return any(
        "link" in templates_module.fields(text) for text in templates.texts[template_id].values()
    )


@dataclass
class Released:
    """What one pass did, by outcome."""

    ready: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    waiting: int = 0
    quiet: bool = False
    by_message: dict[int, str] = field(default_factory=dict)


def release(
    db,
    now: datetime,
    settings,
    *,
    link_for=None,
    sender: gateway_module.Sender | None = None,
    templates: templates_module.Templates | None = None,
    batch: int = 500,
) -> Released:
    """Release every queued message due by `now` (see the module's docstring).

    `settings`: the app's config (a mapping). `link_for(db, officer_id)` gives the officer's
    personal link (issuing one if needed) or None when their access was taken back. `sender`:
    the gateway sender, None when no gateway is set up (gateway messages then wait on the
    click-to-chat page like the rest).
    """
    done = Released()
    if in_quiet_hours(now, quiet_hours(settings)):
        done.quiet = True
        return done
    templates = templates or load_templates(settings)
    lang = settings.get("MESSAGE_LANGUAGE") or "id"
    now_text = _iso(now)
    day_start, day_end = wib_day_bounds(now)
    after = ("", 0)
    while True:
        # Keyset pages: a message left waiting (its officer was reached today) stays queued.
        rows = outbox.releasable(db, now_text, after=after, limit=batch)
        if not rows:
            break
        reached = outbox.officers_reached_between(
            db, day_start, day_end, {r["officer_id"] for r in rows}
        )
        for row in rows:
            outcome = _release_one(
                db, row, now_text, settings, reached, lang, link_for, sender, templates
            )
            done.by_message[row["id"]] = outcome
            setattr(done, outcome, getattr(done, outcome) + 1)
        after = (rows[-1]["due_at"], rows[-1]["id"])
    return done


def _audit(db, row: dict, now: str, outcome: str, detail: str = "") -> None:
    text = f"message:{row['id']} {row['template']} {outcome}"
    audit_store.record(
        db,
        at=now,
        staff_id=None,
        role=AUDIT_ROLE,
        action="send",
        subject=f"officer:{row['officer_id']}",
        detail=f"{text} ({detail})" if detail else text,
    )


def _release_one(db, row, now, settings, reached, lang, link_for, sender, templates) -> str:
    if row["opted_out_at"]:
        outbox.mark_cancelled(db, row["id"], error=OPTED_OUT)
        _audit(db, row, now, "batal", OPTED_OUT)
        return "cancelled"
    # Queued days ago, the message may be moot now: the schedule stops, and so does this.
    moot = None
    if row["template"] in SCREENING_TEMPLATES and row.get("response_status") == "submitted":
        moot = ALREADY_SCREENED
    elif row.get("referral_status") in SETTLED:
        moot = REFERRAL_SETTLED
    if moot:
        outbox.mark_cancelled(db, row["id"], error=moot)
        _audit(db, row, now, "batal", moot)
        return "cancelled"
    if row["officer_id"] in reached:
        return "waiting"
    number = whatsapp_number(row["phone"])
    if number is None:
        outbox.mark_failed(db, row["id"], error=INVALID_NUMBER)
        outbox.set_contact_problem(db, row["officer_id"], INVALID_NUMBER)
        _audit(db, row, now, "gagal", INVALID_NUMBER)
        return "failed"
    link = None
    if needs_link(templates, row["template"]):
        link = link_for(db, row["officer_id"]) if link_for else None
        if link is None:
            outbox.mark_cancelled(db, row["id"], error=ACCESS_REVOKED)
            _audit(db, row, now, "batal", ACCESS_REVOKED)
            return "cancelled"
    values = message_values(row, lang=lang, link=link, settings=settings)
    try:
        text = templates.render(row["template"], lang, values)
    except (KeyError, templates_module.RenderError) as error:
        reason = "isian pesan tidak lengkap"
        outbox.mark_failed(db, row["id"], error=reason)
        _audit(db, row, now, "gagal", f"{reason}: {type(error).__name__}")
        return "failed"
    if row["channel"] != "gateway" or sender is None:
        outbox.mark_ready(db, row["id"], now=now)
        reached.add(row["officer_id"])
        _audit(db, row, now, "siap")
        return "ready"
    return _send(db, row, now, number, text, lang, sender, reached)


def _send(db, row, now, number, text, lang, sender, reached) -> str:
    attempts = (row["attempts"] or 0) + 1
    # Claimed before it goes: another pass that read the same row (a second worker, or one
    # started while this pass ran and cleared its lock) finds it taken and leaves it. A worker
    # that dies mid-send leaves it queued, tried again once the claim lapses.
    lapses = datetime.fromisoformat(now) + SEND_CLAIM
    if not outbox.claim_for_sending(
        db, row["id"], attempts_read=row["attempts"] or 0, until=_iso(lapses)
    ):
        return "waiting"
    result = sender.send(
        number=number,
        template=row["template"],
        language=lang,
        text=text,
        reference=f"message-{row['id']}",
    )
    _audit(db, row, now, result.kind, f"percobaan {attempts}, {result.detail}")
    if result.kind == gateway_module.SENT:
        outbox.mark_sent_by_gateway(db, row["id"], now=now)
        reached.add(row["officer_id"])
        return "sent"
    if result.kind == gateway_module.REFUSED:
        error = f"ditolak gateway ({result.detail})"
        outbox.mark_failed(db, row["id"], error=error)
        return "failed"
    settings = sender.settings
    if attempts >= settings.max_attempts:
        error = f"gateway gagal {attempts} kali ({result.detail})"
        outbox.mark_failed(db, row["id"], error=error)
        return "failed"
    delay = settings.backoff_seconds * 2 ** (attempts - 1)
    retry_at = datetime.fromisoformat(now) + timedelta(seconds=delay)
    outbox.mark_retry(db, row["id"], at=_iso(retry_at), error=f"dicoba lagi ({result.detail})")
    return "retried"
