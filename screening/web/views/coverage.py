"""KPU's coverage page: the city, a kecamatan or a kelurahan, each area with its counts."""

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from screening import action_lists, coverage_order, values
from screening.clock import now_iso, today_wib
from screening.coverage import screened_chart
from screening.store import coverage as coverage_store
from screening.store import regions
from screening.web import auth, coverage_parts, lists
from screening.web.database import get_db
from screening.web.downloads import send_spreadsheet

bp = Blueprint("coverage", __name__, url_prefix="/kpu/cakupan")


def _level(db, today: str):
    """The level the request asks for: (rows, kecamatan, kelurahan, title).

    The narrowest area asked for wins; an area that is not on the map, or not the staff
    member's, is not found (404), while an empty value means the level above. An operator of
    one area starts at their own (a PPS at their kelurahan by TPS, a PPK at their kecamatan)."""
    kecamatan = kelurahan = None
    codes = {}
    for level, length in (("kecamatan", 6), ("kelurahan", 10)):
        typed = request.args.get(level, "").strip()
        codes[level] = values.code(typed, values.DIGITS, length) if typed else None
        if typed and codes[level] is None:
            abort(404)
    area = lists.narrowed(**codes)
    if area["kelurahan"]:
        kelurahan = regions.kelurahan_by_code(db, area["kelurahan"])
        if kelurahan is None:
            abort(404)
        kecamatan = regions.kecamatan_by_code(db, kelurahan["kecamatan_code"])
        rows = coverage_store.kelurahan_by_tps(db, kelurahan["code"], today=today)
        level_title = _("Kelurahan %(kelurahan)s per TPS", kelurahan=kelurahan["name"])
    elif area["kecamatan"]:
        kecamatan = regions.kecamatan_by_code(db, area["kecamatan"])
        if kecamatan is None:
            abort(404)
        rows = coverage_store.kecamatan_by_kelurahan(db, kecamatan["code"], today=today)
        level_title = _("Kecamatan %(kecamatan)s per kelurahan", kecamatan=kecamatan["name"])
    else:
        rows = coverage_store.city_by_kecamatan(db, today=today)
        level_title = _("Seluruh kota per kecamatan")
    return rows, kecamatan, kelurahan, level_title


@bp.get("/")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def index():
    db = get_db()
    today = today_wib().isoformat()
    rows, kecamatan, kelurahan, level_title = _level(db, today)
    scope = lists.scope()
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
        total=(total := coverage_store.total(rows)),
        chart=screened_chart(rows),
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        level_title=level_title,
        as_of=now_iso(),
        # The levels above the staff member's own area are not theirs to open.
        show_city=scope is None,
        show_kecamatan=scope is None or scope.kelurahan is None,
        progress=coverage_parts.progress_for(db, kecamatan, kelurahan, total["officers"]),
        followup=coverage_parts.loop_for(db, kecamatan, kelurahan, rows),
    )


@bp.get("/cakupan.<any(csv, xlsx):kind>")
@auth.staff_required("kpu", "admin", "ppk", "pps")
def download(kind):
    """The coverage table of the level shown, as a file for the city's meeting: counts only."""
    db = get_db()
    rows, kecamatan, kelurahan, _title = _level(db, today_wib().isoformat())

    def area_label(row):
        if kelurahan:
            return f"TPS {int(row['name']):03d}" if row["name"] else "TPS belum diisi"
        return row["name"]

    sheet = action_lists.coverage_sheet(rows, coverage_store.total(rows), area_label=area_label)
    area = {"kecamatan": kecamatan["code"] if kecamatan else None}
    area["kelurahan"] = kelurahan["code"] if kelurahan else None
    name = action_lists.file_name("cakupan", area, today_wib(), kind)
    return send_spreadsheet(
        sheet.write(kind),
        name=name,
        kind=kind,
        subject="coverage",
        detail=f"{name}: {len(rows)} wilayah",
    )
