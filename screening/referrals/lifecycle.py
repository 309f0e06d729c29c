"""A referral's life at the FKTP: statuses and their valid moves, deadlines, urgency order, who
may take on a referral without an FKTP, and why the officer was referred.

Plain Python (no Flask). Labels are msgids marked with `N_`, translated where they are shown.
The clinician's findings are in `findings`.
"""

from datetime import date

from screening.messages import N_, Message

# --- statuses -------------------------------------------------------------------------------

BARU, DIJADWALKAN, DIPERIKSA, SELESAI = "baru", "dijadwalkan", "diperiksa", "selesai"
TIDAK_DATANG, DIBATALKAN = "tidak_datang", "dibatalkan"
STATUSES = (BARU, DIJADWALKAN, DIPERIKSA, SELESAI, TIDAK_DATANG, DIBATALKAN)
STATUS_LABELS = {
    BARU: N_("Baru"),
    DIJADWALKAN: N_("Dijadwalkan"),
    DIPERIKSA: N_("Diperiksa"),
    SELESAI: N_("Selesai"),
    TIDAK_DATANG: N_("Tidak datang"),
    DIBATALKAN: N_("Dibatalkan"),
}
# Statuses in which the officer is no longer expected at the FKTP: seen, or the referral was
# cancelled. Never overdue. An officer who did not come is still expected: past the deadline,
# a no-show is overdue like a referral nobody acted on, and is escalated the same way.
CLOSED = frozenset({DIPERIKSA, SELESAI, DIBATALKAN})
NOT_SEEN = frozenset({BARU, DIJADWALKAN, TIDAK_DATANG})
# Examined at the FKTP ("sudah diperiksa"): a later correction of the findings keeps selesai.
SEEN = frozenset({DIPERIKSA, SELESAI})
# Nothing left to do: out of the clinician's worklist unless a filter asks for them. An officer
# who did not come stays in view, to be called and scheduled again.
DONE = frozenset({SELESAI, DIBATALKAN})

# The valid moves. An officer may walk in without an appointment (baru → diperiksa); one who did
# not come may be scheduled again or turn up later; a completed referral stays completed (a
# corrected follow-up is a new version of the findings, not a new status).
TRANSITIONS: dict[str, frozenset[str]] = {
    BARU: frozenset({DIJADWALKAN, DIPERIKSA, TIDAK_DATANG, DIBATALKAN}),
    DIJADWALKAN: frozenset({DIPERIKSA, TIDAK_DATANG, DIBATALKAN}),
    DIPERIKSA: frozenset({SELESAI}),
    TIDAK_DATANG: frozenset({DIJADWALKAN, DIPERIKSA, DIBATALKAN}),
    SELESAI: frozenset(),
    DIBATALKAN: frozenset(),
}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, ())


def can_schedule(status: str) -> bool:
    """A visit may be booked for a new referral or one whose officer did not come, and moved
    while it is scheduled."""
    return status == DIJADWALKAN or can_move(status, DIJADWALKAN)


def next_statuses(status: str) -> list[str]:
    """The moves offered as buttons, in the order of STATUSES."""
    return [s for s in STATUSES if can_move(status, s)]


def followup_path(status: str, *, complete: bool) -> list[str]:
    """The statuses a referral passes through when findings are recorded (and, with `complete`,
    the referral is closed): recording findings means the officer was examined."""
    path = []
    if status in (BARU, DIJADWALKAN, TIDAK_DATANG):
        path.append(DIPERIKSA)
        status = DIPERIKSA
    if complete and status == DIPERIKSA:
        path.append(SELESAI)
    return path


def can_record_followup(status: str) -> bool:
    return status != DIBATALKAN


# --- urgency and deadlines ------------------------------------------------------------------

# The default questionnaire's urgencies, most urgent first; an unknown one sorts last.
URGENCY_ORDER = ("darurat", "hari_ini", "segera", "rutin")
URGENCY_LABELS = {
    "darurat": N_("Darurat"),
    "hari_ini": N_("Hari ini"),
    "segera": N_("Segera"),
    "rutin": N_("Rutin"),
}


# A red flag (the questionnaire's `darurat`: stroke signs, chest pain at rest, a hypertensive
# crisis with complaints) puts the referral in the alert at the top of the FKTP's worklist, so the
# clinic calls the officer today, until a visit is booked or the officer is examined. An officer
# who missed the visit is back in the alert.
RED_FLAG_URGENCY = "darurat"
ALERT_STATUSES = (BARU, TIDAK_DATANG)


def urgency_rank(urgency: str | None) -> int:
    try:
        return URGENCY_ORDER.index(urgency)
    except ValueError:
        return len(URGENCY_ORDER)


def is_overdue(referral: dict, today: date) -> bool:
    """Past its deadline (the last day to reach the FKTP, WIB) and still expected there."""
    if referral["status"] in CLOSED or not referral.get("deadline"):
        return False
    return date.fromisoformat(referral["deadline"][:10]) < today


# --- referrals without an FKTP -----------------------------------------------------------


def may_take_on(referral: dict, fktp: dict | None) -> bool:
    """An officer with no FKTP on the roster is sent to the nearest Puskesmas: any FKTP of the
    officer's kecamatan may take the referral on while it has no FKTP."""
    return (
        referral["fktp_code"] is None
        and fktp is not None
        and fktp.get("kecamatan_code") is not None
        and fktp["kecamatan_code"] == referral["kecamatan_code"]
    )


# --- why the officer was referred (for the clinician's worklist) ------------------------------


def referral_reasons(result) -> list[tuple[str, Message]]:
    """The names of what fired, most urgent first: every red flag, then the conditions at high,
    then at moderate risk, as (kind, title) with kind `tanda_bahaya` or the level. Names only:
    never an answer or a value."""
    named: list[tuple[str, Message]] = [("tanda_bahaya", flag.title) for flag in result.red_flags]
    for level in ("tinggi", "sedang"):
        named += [(level, c.title) for c in result.conditions.values() if c.level == level]
    return named
