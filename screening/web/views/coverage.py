"""KPU's coverage page: the city, a kecamatan or a kelurahan, each area with its counts."""

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from screening import coverage_order, values
from screening.clock import now_iso, today_wib
from screening.coverage import screened_chart
from screening.store import coverage as coverage_store
from screening.store import regions
from screening.web import auth, lists
from screening.web.database import get_db

bp = Blueprint("coverage", __name__, url_prefix="/kpu/cakupan")


@bp.get("/")
@auth.staff_required("kpu", "admin")
def index():
    db = get_db()
    today = today_wib().isoformat()
    kecamatan = kelurahan = None
    # The narrowest area asked for wins; an area that is not ours is not found (404), while an
    # empty value means the level above.
    kelurahan_code = request.args.get("kelurahan", "").strip()
    kecamatan_code = request.args.get("kecamatan", "").strip()
    if kelurahan_code:
        code = values.code(kelurahan_code, values.DIGITS, 10)
        kelurahan = regions.kelurahan_by_code(db, code) if code else None
        if kelurahan is None:
            abort(404)
        kecamatan = regions.kecamatan_by_code(db, kelurahan["kecamatan_code"])
        rows = coverage_store.kelurahan_by_tps(db, kelurahan["code"], today=today)
        level_title = _("Kelurahan %(kelurahan)s per TPS", kelurahan=kelurahan["name"])
    elif kecamatan_code:
        code = values.code(kecamatan_code, values.DIGITS, 6)
        kecamatan = regions.kecamatan_by_code(db, code) if code else None
        if kecamatan is None:
            abort(404)
        rows = coverage_store.kecamatan_by_kelurahan(db, kecamatan["code"], today=today)
        level_title = _("Kecamatan %(kecamatan)s per kelurahan", kecamatan=kecamatan["name"])
    else:
        rows = coverage_store.city_by_kecamatan(db, today=today)
        level_title = _("Seluruh kota per kecamatan")
    # Sorted after counting: a few dozen rows at most.
    order = lists.choice("urut", coverage_order.SORT_COLUMNS)
    direction = lists.choice("arah", (coverage_order.ASCENDING, coverage_order.DESCENDING))
    direction = direction or (order and coverage_order.first_direction(order))
    return render_template(
        "coverage/index.html",
        rows=coverage_order.sorted_rows(rows, order, direction),
        order=order,
        direction=direction,
        count_filters=coverage_store.COUNT_FILTERS,
        total=coverage_store.total(rows),
        chart=screened_chart(rows),
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        level_title=level_title,
        as_of=now_iso(),
    )
