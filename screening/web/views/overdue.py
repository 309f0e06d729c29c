"""The escalation list: referrals past their deadline whose officer has not been seen, for the
area operators (KPU Kota, PPK for its kecamatan, PPS for its kelurahan) to call the officer.

Names, TPS, FKTP, deadline and a wa.me link only: never the urgency, a reason or a condition
(an area operator sees status, not health data).
"""

from datetime import date

from flask import Blueprint, abort, g, render_template

from screening.clock import today_wib
from screening.contact import whatsapp_number
from screening.store import planning, regions
from screening.web import audit, auth, lists
from screening.web.database import get_db

bp = Blueprint("overdue", __name__, url_prefix="/kpu/terlambat")


def _scoped(area: dict, staff) -> dict:
    """The typed filter narrowed to the staff member's own area (PPK: a kecamatan, PPS: a
    kelurahan); a filter outside it is ignored, never widened."""
    code = staff.get("area_code")
    if staff["role"] == "ppk":
        if not code:
            abort(403)
        kelurahan = area["kelurahan"] if (area["kelurahan"] or "").startswith(code) else None
        return {"kecamatan": code, "kelurahan": kelurahan, "tps": area["tps"]}
    if staff["role"] == "pps":
        if not code:
            abort(403)
        return {"kecamatan": code[:6], "kelurahan": code, "tps": area["tps"]}
    return area


@bp.get("/")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def index():
    db = get_db()
    today = today_wib()
    area = _scoped(lists.area(), g.staff)
    page = lists.current_page()
    rows = planning.overdue_referrals(
        db, today=today.isoformat(), area=area, limit=page.size, offset=page.offset
    )
    total = planning.count_overdue(db, today=today.isoformat(), area=area)
    for row in rows:
        row["days_overdue"] = (today - date.fromisoformat(row["deadline"][:10])).days
        row["whatsapp"] = None if row["opted_out_at"] else whatsapp_number(row["phone"])
    audit.record(
        "view",
        "referrals:overdue",
        f"{len(rows)} rujukan terlambat; kecamatan={area['kecamatan'] or '-'}; "
        f"kelurahan={area['kelurahan'] or '-'}; tps={area['tps'] or '-'}",
    )
    kelurahan = regions.all_kelurahan(db)
    if area["kecamatan"]:
        kelurahan = [k for k in kelurahan if k["kecamatan_code"] == area["kecamatan"]]
    return render_template(
        "kpu/overdue.html",
        referrals=rows,
        area=area,
        kelurahan=kelurahan,
        kecamatan=None if g.staff["role"] in ("ppk", "pps") else regions.all_kecamatan(db),
        **page.pager(total),
    )
