"""The FKTP's side of the referral loop: the clinician's worklist, the referral page (opened from a
link or the slip's QR code), status changes and the follow-up form.

The referral page is addressed by the referral number (`/rujukan/RJ-00042`) and opens for the
clinician of that referral's FKTP (the full health view) and for KPU and admin (status only);
anyone else gets 404, so a number does not reveal that a referral exists.
"""

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from screening import contact, journey, values
from screening.clock import now_iso, now_utc, today_wib
from screening.nik import age_on, mask_nik
from screening.questionnaire import Result
from screening.referrals import findings, operations, visits
from screening.referrals import lifecycle as domain
from screening.store import followups, regions, responses
from screening.store import referrals as referral_store
from screening.web import audit, auth, jinja, library, lists
from screening.web.access import referral_or_404
from screening.web.database import get_db
from screening.web.forms.followup import AssignFktpForm, FollowupForm, ScheduleForm, StatusForm
from screening.web.i18n import long_date, t, visit_time

bp = Blueprint("clinic", __name__, url_prefix="/fktp")
referrals_bp = Blueprint("referrals", __name__, url_prefix="/rujukan")

OVERDUE = "terlambat"  # a worklist filter beside the statuses
EVERY = "semua"  # the worklist filter that shows completed and cancelled referrals too
SEARCH_KEY = "fktp_search"
SEARCH_LENGTH = 64


# --- shared helpers -----------------------------------------------------------------------------


def remembered_search(key: str) -> str | None:
    """The search text kept in the session by a POST (a NIK must never sit in a URL or a log),
    checked again on every read: a value kept before it was checked must not stick."""
    return values.text(session.get(key), max_length=SEARCH_LENGTH)


def remember_search(key: str) -> None:
    session[key] = values.text(request.form.get("q"), max_length=SEARCH_LENGTH) or ""


def fktps_near(fktps: list[dict], kecamatan_code: str | None) -> list[dict]:
    """Every FKTP (`fktps`, read once by the caller) for KPU to choose from, those in the
    officer's own kecamatan first."""
    return sorted(fktps, key=lambda f: (f.get("kecamatan_code") != kecamatan_code, f["name"]))


def slip_url(referral: dict) -> str:
    """The printable referral letter ("Cetak surat rujukan")."""
    return url_for("slips.referral_letter", number=referral["number"])


def _subject(referral: dict) -> str:
    return f"referral:{referral['number']}"


def worklist_filters(kecamatan: list[dict], today: date) -> tuple[str | None, dict]:
    """The clinician's worklist filters: status and kecamatan from the query string, the search
    from the session. No status means the open referrals (completed and cancelled hidden)."""
    status = lists.choice("status", (*domain.STATUSES, OVERDUE, EVERY))
    return status, {
        "fktp_code": g.staff["fktp_code"],
        **status_filters(status, today),
        "open_only": status is None,
        "kecamatan": lists.kecamatan(kecamatan),
        "search": remembered_search(SEARCH_KEY),
    }


def status_filters(status: str | None, today: date) -> dict:
    """A referral list's status filter for the store: one status, or those past their deadline
    (`terlambat`)."""
    return {
        "status": status if status in domain.STATUSES else None,
        "overdue_before": today.isoformat() if status == OVERDUE else None,
    }


def with_reasons(db, rows: list[dict]) -> list[dict]:
    """Each referral with the names of what fired (red flags first), for the worklist."""
    results = responses.results_by_id(db, [r["response_id"] for r in rows])
    for row in rows:
        result = results.get(row["response_id"])
        row["reasons"] = domain.referral_reasons(Result.from_dict(result)) if result else []
    return rows


def with_contact(referral: dict) -> dict:
    """The officer's number as a WhatsApp chat address too (None when it is not a mobile)."""
    referral["whatsapp"] = contact.whatsapp_number(referral["phone"])
    return referral


def decorate(referral: dict, today: date) -> dict:
    referral["overdue"] = domain.is_overdue(referral, today)
    birth = referral.get("birth_date")
    referral["age"] = age_on(date.fromisoformat(birth), today) if birth else None
    return referral


# --- worklist -----------------------------------------------------------------------------------


@bp.route("/", methods=["GET", "POST"])
@auth.staff_required("fktp")
def worklist():
    if request.method == "POST":
        remember_search(SEARCH_KEY)
        return redirect(
            url_for(
                "clinic.worklist",
                status=request.form.get("status") or None,
                kecamatan=request.form.get("kecamatan") or None,
            )
        )
    db = get_db()
    today = today_wib()
    kecamatan = regions.all_kecamatan(db)
    status, filters = worklist_filters(kecamatan, today)
    page = lists.current_page()
    rows = referral_store.list_referrals(db, limit=page.size, offset=page.offset, **filters)
    total = referral_store.count_referrals(db, **filters)
    counts = referral_store.status_counts(
        db, today=today.isoformat(), fktp_code=g.staff["fktp_code"]
    )
    fktp = regions.fktp_by_code(db, g.staff["fktp_code"])
    # An officer with no FKTP on the roster was sent to the nearest Puskesmas: a clinic of the
    # officer's kecamatan finds the referral by its number or the NIK (never by name).
    to_take_on = []
    if filters["search"] and fktp and fktp.get("kecamatan_code"):
        to_take_on = referral_store.list_referrals(
            db,
            unassigned=True,
            kecamatan=fktp["kecamatan_code"],
            identifier=filters["search"],
            limit=5,
        )
    # Red flags not yet booked: on top of every view of the worklist, whatever the filters.
    alerts = referral_store.list_referrals(
        db,
        fktp_code=g.staff["fktp_code"],
        urgency=domain.RED_FLAG_URGENCY,
        statuses=domain.ALERT_STATUSES,
        limit=50,
    )
    # The search text may be a NIK: the log says only that there was one.
    audit.record(
        "view",
        f"worklist:{g.staff['fktp_code']}",
        f"{len(rows)} rujukan; status={status or '-'}; kecamatan={filters['kecamatan'] or '-'}; "
        f"cari={'ya' if filters['search'] else 'tidak'}; tanpa FKTP={len(to_take_on)}; "
        f"tanda bahaya={len(alerts)}",
    )
    link_args = {"status": status, "kecamatan": filters["kecamatan"]}
    return render_template(
        "fktp/worklist.html",
        referrals=[decorate(r, today) for r in with_reasons(db, rows)],
        to_take_on=[decorate(r, today) for r in to_take_on],
        alerts=[with_contact(decorate(r, today)) for r in with_reasons(db, alerts)],
        counts=counts,
        **page.pager(total),
        status=status,
        statuses=domain.STATUSES,
        kecamatan=kecamatan,
        filters=filters,
        link_args=link_args,
        fktp=fktp,
    )


# --- the referral page --------------------------------------------------------------------------


@referrals_bp.get("/<number>")
@auth.staff_required("kpu", "admin", "fktp")
def show(number):
    referral = referral_or_404(number, to_take_on=True)
    db = get_db()
    today = today_wib()
    decorate(referral, today)
    if g.staff["role"] == "fktp" and referral["fktp_code"] is None:
        # Not this clinic's yet: who and by when, and the button to take it on; no health data
        # until it does.
        audit.record("view", _subject(referral), "rujukan tanpa FKTP: sebelum diambil")
        return render_template("fktp/take_on.html", referral=referral)
    history = referral_store.events(db, referral["id"])
    if g.staff["role"] != "fktp":
        # KPU and admin see where the referral stands, never answers or diagnoses.
        audit.record("view", _subject(referral), "status")
        assign_form = None
        if referral["fktp_code"] is None:
            assign_form = AssignFktpForm(
                fktps_near(regions.all_fktps(db), referral["kecamatan_code"]), formdata=None
            )
        return render_template(
            "kpu/referral_status.html",
            referral=referral,
            history=referral_store.events(db, referral["id"], clinical_notes=False),
            assign_form=assign_form,
            slip_url=slip_url(referral),
        )
    return clinician_page(db, referral, today, history, "rujukan lengkap: alasan dan jawaban")


def clinician_page(
    db, referral: dict, today: date, history: list[dict], audit_detail: str, schedule_form=None
):
    """The full referral page for the clinician of its FKTP, audit-logged with `audit_detail`;
    `schedule_form` carries what was typed when a visit could not be scheduled."""
    response = responses.response_for_officer(db, referral["officer_id"])
    if response is None or response["id"] != referral["response_id"]:
        abort(404)
    audit.record("view", _subject(referral), audit_detail)
    q = library.get(response["questionnaire_id"], response["questionnaire_version"])
    outcome = Result.from_dict(response["result"])
    scored = q.with_standards(outcome.standards)  # the cut-offs this result was scored with
    status, filters = worklist_filters(regions.all_kecamatan(db), today)
    link_args = {"status": status, "kecamatan": filters["kecamatan"]}
    return render_template(
        "fktp/referral.html",
        next_referral=referral_store.next_referral(db, referral, **filters),
        link_args=link_args,
        referral=referral,
        history=history,
        outcome=outcome,
        flagged=[c for c in outcome.conditions.values() if c.level != "rendah"],
        others=[c for c in outcome.conditions.values() if c.level == "rendah"],
        derived=[(d, scored.show_value(d.id, outcome.derived.get(d.id))) for d in q.derived],
        pages=journey.steps(q, response["answers"], response["context"]),
        answers=response["answers"],
        response=response,
        q=q,
        nik_masked=mask_nik(referral_store.officer_nik(db, referral["id"]) or ""),
        whatsapp=contact.whatsapp_number(referral["phone"]),
        # Completing goes through the follow-up form, scheduling through the visit form.
        moves=[
            s
            for s in domain.next_statuses(referral["status"])
            if s not in (domain.SELESAI, domain.DIJADWALKAN)
        ],
        versions=followups.followups(db, referral["id"]),
        status_form=StatusForm(dari=referral["status"], formdata=None),
        schedule_form=schedule_form
        or ScheduleForm(dari=referral["status"], formdata=None, **visit_fields(referral)),
        can_schedule=domain.can_schedule(referral["status"]),
        slip_url=slip_url(referral),
    )


def visit_fields(referral: dict) -> dict:
    """The scheduled visit as the form's date and time, to move it by a little."""
    moment = visits.visit_moment(referral.get("visit_at"))
    return {"tanggal": f"{moment:%Y-%m-%d}", "jam": f"{moment:%H:%M}"} if moment else {}


@referrals_bp.post("/<number>/jadwal")
@auth.staff_required("fktp")
def schedule(number):
    """ "Simpan jadwal": book the officer's visit, or move it (the history keeps the old time)."""
    referral = referral_or_404(number, clinician_only=True)
    db = get_db()
    form = ScheduleForm()
    back = redirect(url_for("referrals.show", number=referral["number"]))
    if not form.validate_on_submit():
        flash(_("Halaman ini sudah terlalu lama terbuka. Isi jadwalnya sekali lagi."), "error")
        return back
    check = visits.parse_visit(
        form.tanggal.data, form.jam.data, now=now_utc(), deadline=referral["deadline"]
    )
    expected = form.dari.data
    stale = expected != referral["status"] or not domain.can_schedule(expected)
    if not check.errors and not stale:
        try:
            replaced = operations.schedule_visit(
                db,
                referral,
                visit_at=check.visit_at,
                expected=expected,
                by=g.staff["id"],
                at=now_iso(),
            )
        except operations.StaleChange:
            stale = True
        else:
            audit.record(
                "change",
                _subject(referral),
                f"jadwal {replaced or '-'} → {check.visit_at}; status {expected} → dijadwalkan",
            )
            when = visit_time(check.visit_at)
            if replaced:
                flash(_("Jadwal diubah menjadi %(when)s.", when=when), "success")
            else:
                flash(_("Kunjungan dijadwalkan: %(when)s.", when=when), "success")
            if check.after_deadline:
                flash(
                    _(
                        "Perhatian: jadwal ini sesudah batas datang %(date)s. Rujukan tampil "
                        "terlambat sesudah batas itu sampai petugas diperiksa.",
                        date=long_date(referral["deadline"]),
                    ),
                    "warn",
                )
            return back
    # Shown again with what was typed and the message beside the field it is about.
    for name, message in check.errors.items():
        form[name].errors = [t(message)]
    today = today_wib()
    referral = decorate(referral_or_404(number, clinician_only=True), today)
    if stale:
        form.dari.data = referral["status"]
        if domain.can_schedule(referral["status"]):
            form.tanggal.errors = [
                _("Rujukan ini sudah berubah. Periksa lagi, lalu simpan jadwalnya sekali lagi.")
            ]
        else:
            flash(_("Status rujukan ini sudah berubah. Periksa lagi, lalu ulangi."), "error")
            return back
    history = referral_store.events(db, referral["id"])
    detail = "rujukan lengkap: jadwal tidak tersimpan"
    return clinician_page(db, referral, today, history, detail, schedule_form=form), 422


@referrals_bp.post("/<number>/status")
@auth.staff_required("fktp")
def change_status(number):
    referral = referral_or_404(number, clinician_only=True)
    form = StatusForm()
    back = redirect(url_for("referrals.show", number=referral["number"]))
    if not form.validate_on_submit():
        for message in form.catatan.errors:
            flash(message, "error")
        return back
    expected, target = form.dari.data, request.form.get("ke", "")
    try:
        operations.change_status(
            get_db(),
            referral,
            expected=expected,
            to=target,
            by=g.staff["id"],
            at=now_iso(),
            note=form.catatan.data or None,
        )
    except operations.FollowupNeeded:
        flash(_("Untuk menyelesaikan rujukan, isi formulir tindak lanjut."), "error")
        return redirect(url_for("referrals.followup", number=referral["number"]))
    except operations.VisitTimeNeeded:
        flash(_("Untuk menjadwalkan, isi tanggal dan jam kunjungan."), "error")
        return redirect(url_for("referrals.show", number=referral["number"], _anchor="jadwal"))
    except operations.StaleChange:
        flash(_("Status rujukan ini sudah berubah. Periksa lagi, lalu ulangi."), "error")
        return back
    audit.record("change", _subject(referral), f"status {expected} → {target}")
    flash(_("Status diubah menjadi %(status)s.", status=jinja.status_label(target)), "success")
    return back


@referrals_bp.post("/<number>/ambil")
@auth.staff_required("fktp")
def take_on(number):
    """ "Ambil rujukan ini": a clinic of the officer's kecamatan makes a referral with no FKTP its
    own (the officer was told to go to the nearest Puskesmas)."""
    referral = referral_or_404(number, to_take_on=True)
    if referral["fktp_code"] is not None:
        # Already this clinic's (a second tap): nothing to take, the page is open to it.
        return redirect(url_for("referrals.show", number=referral["number"]))
    taken = operations.take_on(
        get_db(), referral, fktp_code=g.staff["fktp_code"], by=g.staff["id"], at=now_iso()
    )
    if not taken:
        # Another clinic pressed first: the referral is theirs now, and not ours to see.
        flash(_("Rujukan %(number)s sudah diambil FKTP lain.", number=referral["number"]), "error")
        return redirect(url_for("clinic.worklist"))
    audit.record("change", _subject(referral), f"diambil oleh FKTP {g.staff['fktp_code']}")
    flash(
        _(
            "Rujukan %(number)s sekarang menjadi rujukan FKTP Anda.",
            number=referral["number"],
        ),
        "success",
    )
    return redirect(url_for("referrals.show", number=referral["number"]))


# --- follow-up ----------------------------------------------------------------------------------


@referrals_bp.route("/<number>/tindak-lanjut", methods=["GET", "POST"])
@auth.staff_required("fktp")
def followup(number):
    referral = referral_or_404(number, clinician_only=True)
    db = get_db()
    decorate(referral, today_wib())
    if not domain.can_record_followup(referral["status"]):
        flash(_("Rujukan ini sudah dibatalkan."), "error")
        return redirect(url_for("referrals.show", number=referral["number"]))
    latest = followups.latest(db, referral["id"])
    response = responses.response_for_officer(db, referral["officer_id"])
    required = (
        findings.required_measurements(Result.from_dict(response["result"]))
        if response and response.get("result")
        else [findings.TEKANAN_DARAH]
    )
    form = FollowupForm()
    errors, stale = {}, False
    completed = referral["status"] == domain.SELESAI
    if request.method == "GET":
        form.dari.data = referral["status"]
        if latest:
            form.fill(latest["data"])
        audit.record("view", _subject(referral), "formulir tindak lanjut")
    elif form.validate_on_submit():
        # Once completed, every correction keeps a fitness for duty.
        complete = request.form.get("aksi") == "selesai" or completed
        data, errors = findings.parse_followup(form.raw(), complete=complete, required=required)
        for name, message in errors.items():
            form[name].errors = [t(message)]
        stale = form.dari.data != referral["status"]
        if not errors and not stale:
            try:
                version, path = operations.record_followup(
                    db,
                    referral,
                    data=data,
                    expected=form.dari.data,
                    complete=complete,
                    by=g.staff["id"],
                    at=now_iso(),
                )
            except operations.StaleChange:
                stale = True
            else:
                moved = " → ".join([referral["status"], *path]) if path else referral["status"]
                audit.record(
                    "change", _subject(referral), f"tindak lanjut versi {version}; status {moved}"
                )
                if domain.SELESAI in path:
                    flash(_("Tindak lanjut disimpan dan rujukan selesai."), "success")
                else:
                    flash(_("Tindak lanjut disimpan."), "success")
                return redirect(url_for("referrals.show", number=referral["number"]))
        if stale:
            # Shown again with what was typed; the clinician checks and saves once more.
            referral = decorate(referral_or_404(number), today_wib())
            form.dari.data = referral["status"]
    return render_template(
        "fktp/followup.html",
        referral=referral,
        form=form,
        errors=errors,
        stale=stale,
        completed=referral["status"] == domain.SELESAI,
        latest=latest,
        required=required,
    ), (422 if errors or stale or form.errors else 200)
