"""How an officer gets in: the personal link, or NIK and access code; and out again."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from screening.nik import NikError, normalise_nik
from screening.officers import access
from screening.store import access as access_store
from screening.web.database import get_db
from screening.web.forms.officer import OfficerSignInForm
from screening.web.limits import hashed_key, limiter
from screening.web.officer_session import (
    access_key,
    sign_in_officer,
    sign_out_officer,
)

bp = Blueprint("officer", __name__)

# One message for an unknown NIK and a wrong code alike: the page must not tell a stranger
# which NIKs belong to officers.
CODE_MISMATCH = _l(
    "NIK atau kode akses tidak cocok. Periksa kartu dari KPU, atau minta kode baru ke PPS."
)


NO_OFFICER = {"id": 0, "access_version": 0}  # ids and versions start at 1


def _sign_in_limit():
    return current_app.config["OFFICER_SIGN_IN_LIMIT"]


def _nik_limit():
    return current_app.config["OFFICER_NIK_LIMIT"]


def _typed_nik() -> str | None:
    try:
        return normalise_nik(request.form.get("nik", ""))
    except NikError:
        return None


def _per_nik():
    """Count NIK-and-code attempts per NIK too, from any address, so that guessing one officer's
    code from many addresses is stopped as well. Only this form's attempts count here: a wrong
    personal link never touches an officer's NIK budget."""
    return hashed_key("nik", _typed_nik())


def _not_a_nik() -> bool:
    # Nothing is checked against a code unless a whole NIK is typed: no NIK bucket to count.
    return _typed_nik() is None


def _linked_officer(token: str):
    """The officer whose live personal link `token` is, or None."""
    if not access.looks_like_token(token):
        return None
    return access_store.officer_by_token_hash(get_db(), access.token_hash(token))


def _valid_link() -> bool:
    """A live link is never counted nor refused: its 128-bit token is what protects it (no rate
    of guessing finds one), so the limit only slows down wrong links. Counting every opening
    let anyone sharing an address with officers (a carrier's NAT, or every client behind a
    proxy) lock them out with a few junk links."""
    return _linked_officer((request.view_args or {}).get("token", "")) is not None


@bp.get("/s/<token>")
@limiter.limit(_sign_in_limit, exempt_when=_valid_link)
def open_link(token):
    officer = _linked_officer(token)
    if officer is None:
        return render_template("officer/link_invalid.html"), 404
    sign_in_officer(officer)
    # The token leaves the address bar at once: the page the officer bookmarks or shares is
    # /skrining, which needs the session.
    return redirect(url_for("screening.start"))


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@limiter.limit(_nik_limit, key_func=_per_nik, methods=["POST"], exempt_when=_not_a_nik)
def sign_in():
    form = OfficerSignInForm()
    if form.validate_on_submit():
        officer = None
        try:
            nik = normalise_nik(form.nik.data)
        except NikError as error:
            form.nik.errors.append(_(error.msgid, **error.params))
        else:
            officer = access_store.officer_with_access_by_nik(get_db(), nik)
            # A NIK without a link is checked against a code no one has, the same way as one
            # with a link: neither the message nor the work done tells them apart.
            checked = officer or NO_OFFICER
            matches = access.code_matches(
                access_key(), checked["id"], checked["access_version"], form.code.data
            )
            if officer is None or not matches:
                officer = None
                form.code.errors.append(str(CODE_MISMATCH))
        if officer is not None:
            sign_in_officer(officer)
            return redirect(url_for("screening.start"))
    status = 422 if form.errors else 200
    return render_template("officer/sign_in.html", form=form), status


@bp.post("/keluar")
def sign_out():
    had_officer = g.get("officer") is not None
    sign_out_officer()
    if had_officer:
        flash(_("Anda sudah keluar. Buka lagi tautan pribadi Anda untuk melanjutkan."), "info")
    return redirect(url_for("public.home"))
