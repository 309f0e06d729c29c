"""KPU's officer pages: who has screened, and the personal links to send out."""

from io import BytesIO

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from screening.clock import now_iso
from screening.officers import access, links
from screening.store import access as access_store
from screening.store import officers as officer_store
from screening.store import regions
from screening.web import audit, auth, lists
from screening.web.access import officer_or_404
from screening.web.database import get_db
from screening.web.officer_session import access_key, token_hash_for
from screening.web.public_url import public_url

bp = Blueprint("officers", __name__, url_prefix="/kpu/petugas")


@bp.get("/")
@auth.staff_required("kpu", "admin")
def index():
    db = get_db()
    area = lists.area()
    listed = access_store.officers_in_area(db, **area) if area["kelurahan"] else []
    return render_template(
        "kpu/officers.html",
        area=area,
        kecamatan=regions.all_kecamatan(db),
        kelurahan=regions.all_kelurahan(db),
        officers=listed,
        overview=officer_store.coverage_by_kecamatan(db),
    )


@bp.get("/tautan.xlsx")
@auth.staff_required("kpu", "admin")
def export_links():
    db = get_db()
    area = lists.area()
    if not (area["kecamatan"] or area["kelurahan"]):
        abort(400)
    listed = access_store.officers_in_area(db, **area)
    # Links are issued on first export; exporting again gives the same links.
    if access_store.issue_missing(db, [o["id"] for o in listed], token_hash_for, now=now_iso()):
        listed = access_store.officers_in_area(db, **area)
    rows = links.link_rows(
        listed,
        key=access_key(),
        link_for=lambda token: public_url("officer.open_link", token=token),
        sign_in_url=public_url("officer.sign_in"),
    )
    name = "tautan-petugas-" + (area["kelurahan"] or area["kecamatan"])
    if area["tps"]:
        name += f"-tps{area['tps']:03d}"
    audit.record("export", "officer_links", f"{name}: {len(rows)} petugas")
    return send_file(
        BytesIO(links.links_workbook(rows)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name + ".xlsx",
    )


@bp.post("/<int:officer_id>/tautan-baru")
@auth.staff_required("kpu", "admin")
def reissue_link(officer_id):
    db = get_db()
    officer = officer_or_404(officer_id)
    version = access_store.reissue(db, officer_id, token_hash_for, now=now_iso())
    audit.record("change", f"officer:{officer_id}", f"tautan baru, versi {version}")
    key = access_key()
    link = public_url("officer.open_link", token=access.link_token(key, officer_id, version))
    return render_template(
        "kpu/new_link.html",
        officer=officer,
        link=link,
        code=access.access_code(key, officer_id, version),
        back=url_for(
            "officers.index", kelurahan=officer["kelurahan_code"], tps=officer["tps"] or ""
        ),
    )


@bp.post("/<int:officer_id>/cabut")
@auth.staff_required("kpu", "admin")
def revoke_link(officer_id):
    db = get_db()
    officer = officer_or_404(officer_id)
    access_store.revoke(db, officer_id, now=now_iso())
    audit.record("change", f"officer:{officer_id}", "tautan dicabut")
    flash(_("Tautan dan kode akses %(name)s sudah dicabut.", name=officer["name"]), "info")
    return redirect(
        url_for("officers.index", kelurahan=officer["kelurahan_code"], tps=officer["tps"] or "")
    )
