"""The city health office (Dinkes): how the referred officers are followed up at each FKTP.
Counts only, small numbers suppressed (screening/followup_figures.py): no name, no NIK, no
condition, so nothing here is a health record of anyone and the page needs no audit row; the
export, like every download, is audit-logged."""

from flask import Blueprint, render_template

from screening import action_lists, followup_figures
from screening.clock import now_iso, today_wib
from screening.store import followup_stats
from screening.web import auth
from screening.web.database import get_db
from screening.web.downloads import send_spreadsheet

bp = Blueprint("dinkes", __name__, url_prefix="/dinkes")


def _table():
    db = get_db()
    per_fktp = followup_stats.per_group(db, "fktp", today=today_wib().isoformat())
    return followup_figures.table(followup_stats.fktps(db), per_fktp)


@bp.get("/")
@auth.staff_required("dinkes", "admin")
def index():
    rows, total = _table()
    return render_template(
        "dinkes/index.html",
        rows=rows,
        total=total,
        as_of=now_iso(),
        small=followup_figures.SMALL,
        hidden=followup_figures.HIDDEN,
        fitness=followup_stats.FITNESS,
    )


@bp.get("/tindak-lanjut-fktp.<any(csv, xlsx):kind>")
@auth.staff_required("dinkes", "admin")
def export(kind):
    rows, total = _table()
    sheet = action_lists.Sheet(
        "Tindak lanjut per FKTP",
        followup_figures.SHEET_COLUMNS,
        [
            *(
                followup_figures.sheet_row(
                    row["name"] or followup_figures.UNASSIGNED, row["code"], row["figures"]
                )
                for row in rows
            ),
            followup_figures.sheet_row("Seluruh kota", None, total),
        ],
    )
    name = action_lists.file_name("tindak-lanjut-fktp", {}, today_wib(), kind)
    return send_spreadsheet(
        sheet.write(kind),
        name=name,
        kind=kind,
        subject="followup:fktp",
        detail=f"{name}: {len(rows)} FKTP",
    )
