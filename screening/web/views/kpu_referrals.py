"""KPU's side of the referral loop: where every referral stands (status, deadline, fitness for
duty; never answers or diagnoses) and the referrals still waiting for an FKTP.
"""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from screening.clock import now_iso, today_wib
from screening.referrals import lifecycle as domain
from screening.referrals import operations
from screening.store import referrals as referral_store
from screening.store import regions
from screening.web import audit, auth, lists
from screening.web.access import referral_or_404
from screening.web.database import get_db
from screening.web.forms.followup import AssignFktpForm
from screening.web.views.clinic import OVERDUE, decorate, fktps_near, status_filters

bp = Blueprint("kpu_referrals", __name__, url_prefix="/kpu/rujukan")

# Each row carries a choice of every FKTP: a short page keeps it light on a phone.
UNASSIGNED_PAGE_SIZE = 20


@bp.get("/")
@auth.staff_required("kpu", "admin")
def index():
    db = get_db()
    today = today_wib()
    kecamatan = regions.all_kecamatan(db)
    status = lists.choice("status", (*domain.STATUSES, OVERDUE))
    filters = {**status_filters(status, today), "kecamatan": lists.kecamatan(kecamatan)}
    page = lists.current_page()
    rows = referral_store.list_referrals(db, limit=page.size, offset=page.offset, **filters)
    total = referral_store.count_referrals(db, **filters)
    audit.record(
        "view",
        "referrals:kpu",
        f"{len(rows)} rujukan; status={status or '-'}; kecamatan={filters['kecamatan'] or '-'}",
    )
    return render_template(
        "kpu/referrals.html",
        referrals=[decorate(r, today) for r in rows],
        counts=referral_store.status_counts(db, today=today.isoformat()),
        unassigned=referral_store.count_referrals(db, unassigned=True),
        **page.pager(total),
        status=status,
        statuses=domain.STATUSES,
        kecamatan=kecamatan,
        filters=filters,
    )


@bp.get("/tanpa-fktp")
@auth.staff_required("kpu", "admin")
def unassigned():
    db = get_db()
    today = today_wib()
    page = lists.current_page(UNASSIGNED_PAGE_SIZE)
    rows = referral_store.list_referrals(db, unassigned=True, limit=page.size, offset=page.offset)
    total = referral_store.count_referrals(db, unassigned=True)
    audit.record("view", "referrals:unassigned", f"{len(rows)} rujukan; halaman {page.number}")
    # The FKTPs are read once and ordered once per kecamatan on the page, not once per row.
    fktps = regions.all_fktps(db)
    near = {code: fktps_near(fktps, code) for code in {r["kecamatan_code"] for r in rows}}
    return render_template(
        "kpu/unassigned.html",
        referrals=[decorate(r, today) for r in rows],
        forms={r["number"]: AssignFktpForm(near[r["kecamatan_code"]], formdata=None) for r in rows},
        **page.pager(total),
    )


@bp.post("/<number>/fktp")
@auth.staff_required("kpu", "admin")
def assign(number):
    db = get_db()
    referral = referral_or_404(number)
    if request.form.get("kembali") == "rujukan":
        back = redirect(url_for("referrals.show", number=referral["number"]))
    else:
        back = redirect(url_for("kpu_referrals.unassigned"))
    form = AssignFktpForm(regions.all_fktps(db))
    if not form.validate_on_submit():
        flash(_("Pilih FKTP tujuan dari daftar."), "error")
        return back
    if not operations.assign_fktp(
        db, referral, fktp_code=form.fktp_code.data, by=g.staff["id"], at=now_iso()
    ):
        flash(_("Rujukan %(number)s sudah punya FKTP.", number=referral["number"]), "error")
        return back
    audit.record("change", f"referral:{referral['number']}", f"fktp {form.fktp_code.data}")
    fktp = regions.fktp_by_code(db, form.fktp_code.data)
    flash(
        _(
            "Rujukan %(number)s diarahkan ke %(fktp)s.",
            number=referral["number"],
            fktp=fktp["name"],
        ),
        "success",
    )
    return back
