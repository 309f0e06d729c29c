"""The officer's screening: consent, one section per page, review, submit, result."""

import hashlib
from functools import cache

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from screening import journey
from screening.clock import now_iso, today_wib, wib_date
from screening.questionnaire import Result
from screening.questionnaire.danger import danger_signs
from screening.questionnaire.types import UNKNOWN
from screening.referrals.lifecycle import SEEN, is_overdue
from screening.store import referrals, regions, responses
from screening.web import library
from screening.web.config import PROJECT_ROOT
from screening.web.database import get_db
from screening.web.forms.questionnaire import (
    confirm_name,
    raw_from_answers,
    section_form,
    unknown_name,
)
from screening.web.i18n import t
from screening.web.officer_session import officer_required

bp = Blueprint("screening", __name__, url_prefix="/skrining")

CONSENT_TEXT = PROJECT_ROOT / "templates" / "officer" / "_consent_text.html"


@cache
def consent_version() -> str:
    """The consent text's own fingerprint: whatever changes the Indonesian text changes the
    version recorded with each decision, with no number to forget to bump."""
    return hashlib.sha256(CONSENT_TEXT.read_bytes()).hexdigest()[:12]


def _response():
    return responses.response_for_officer(get_db(), g.officer["id"])


@bp.get("/")
@officer_required
def start():
    response = _response()
    if response is None:
        state = journey.consent_state(get_db(), g.officer["id"])
        if state == journey.DECLINED:
            return redirect(url_for("screening.declined"))
        return redirect(url_for("screening.consent"))
    if response["status"] == "submitted":
        return redirect(url_for("screening.result"))
    return redirect(url_for("screening.step", number=response["step"] or 1))


@bp.route("/persetujuan", methods=["GET", "POST"])
@officer_required
def consent():
    if _response() is not None:
        return redirect(url_for("screening.start"))
    if request.method == "POST":
        decision = request.form.get("keputusan")
        if decision in (journey.AGREED, journey.DECLINED):
            journey.decide_consent(
                get_db(),
                g.officer,
                decision=decision,
                text_version=consent_version(),
                questionnaire=library.live(),
                polling_day=current_app.config["POLLING_DAY"],
                now=now_iso(),
            )
            return redirect(url_for("screening.start"))
    return render_template(
        "officer/consent.html",
        retention_months=current_app.config["RETENTION_MONTHS"],
        contact=current_app.config["SERVICE_CONTACT"],
    )


@bp.get("/menolak")
@officer_required
def declined():
    # Only for an officer whose decision stands as a refusal: one who agreed (or has not decided
    # yet) must not read "you chose not to take part".
    if (
        _response() is not None
        or journey.consent_state(get_db(), g.officer["id"]) != journey.DECLINED
    ):
        return redirect(url_for("screening.start"))
    return render_template("officer/declined.html")


def _draft_and_questionnaire():
    response = _response()
    if response is None or response["status"] != "draft":
        return response, None
    q = library.get(response["questionnaire_id"], response["questionnaire_version"])
    return response, q


def _raw_from_form(step) -> tuple[dict, set]:
    raw, confirmed = {}, set()
    for item in step.items:
        if item.type.name == "multiple_choice":
            value = request.form.getlist(item.id)
        else:
            value = request.form.get(item.id, "").strip()
        if request.form.get(unknown_name(item.id)):
            value = UNKNOWN
        raw[item.id] = value
        if request.form.get(confirm_name(item.id)):
            confirmed.add(item.id)
    return raw, confirmed


# A step opened with "Ubah jawaban langkah N" from the review carries this in its address (and
# so in its form's, which posts to the same address): saving it returns to the review instead of
# walking the officer through every later step again.
FROM_REVIEW = {"dari": "periksa"}


def _from_review() -> bool:
    return request.args.get("dari") == FROM_REVIEW["dari"]


@bp.route("/langkah/<int:number>", methods=["GET", "POST"])
@officer_required
def step(number):
    response, q = _draft_and_questionnaire()
    if q is None:
        return redirect(url_for("screening.start"))
    pages = journey.steps(q, response["answers"], response["context"])
    if not 1 <= number <= len(pages):
        return redirect(url_for("screening.step", number=min(max(number, 1), len(pages))))
    page = pages[number - 1]
    errors, follow_up = {}, False
    if request.method == "POST":
        raw, confirmed = _raw_from_form(page)
        moving_back = request.form.get("aksi") == "kembali"
        answers, errors = journey.save_step(
            get_db(),
            response,
            q,
            page,
            raw,
            confirmed,
            moving_back=moving_back,
            now=now_iso(),
        )
        following = journey.steps(q, answers, response["context"])
        revealed = journey.revealed_items(page, following)
        # Questions that an answer on this page just revealed (without JavaScript the officer
        # could not see them yet) are asked for, not reported as errors.
        errors = {k: v for k, v in errors.items() if k not in revealed}
        if not errors and not revealed:
            if _from_review():
                return redirect(url_for("screening.review"))
            if moving_back:
                return redirect(url_for("screening.step", number=max(number - 1, 1)))
            if number < len(following):
                return redirect(url_for("screening.step", number=number + 1))
            return redirect(url_for("screening.review"))
        if revealed and not errors:
            follow_up = True
            page = following[number - 1]
        form = section_form(page.items, t, formdata=request.form)
    else:
        form = section_form(page.items, t, data=raw_from_answers(page.items, response["answers"]))
    return render_template(
        "officer/step.html",
        q=q,
        page=page,
        form=form,
        errors=errors,
        follow_up=follow_up,
        from_review=_from_review(),
        confirm_name=confirm_name,
        unknown_name=unknown_name,
    ), (422 if errors else 200)


@bp.route("/periksa", methods=["GET", "POST"])
@officer_required
def review():
    response, q = _draft_and_questionnaire()
    if q is None:
        return redirect(url_for("screening.start"))
    if request.method == "POST":
        try:
            journey.submit(get_db(), response, q, officer=g.officer, now=now_iso())
        except journey.IncompleteDraft:
            pass  # the page lists the steps still to answer
        else:
            return redirect(url_for("screening.result"))
    missing = journey.missing_steps(q, response)
    pages = journey.steps(q, response["answers"], response["context"])
    return render_template(
        "officer/review.html",
        q=q,
        pages=pages,
        answers=response["answers"],
        missing=missing,
        from_review=FROM_REVIEW,
    ), (422 if request.method == "POST" else 200)


@bp.get("/hasil")
@officer_required
def result():
    response = _response()
    if response is None or response["status"] != "submitted":
        return redirect(url_for("screening.start"))
    db = get_db()
    q = library.get(response["questionnaire_id"], response["questionnaire_version"])
    outcome = Result.from_dict(response["result"])
    referral = referrals.referral_for_officer(db, g.officer["id"])
    seen = referral is not None and referral["status"] in SEEN
    nearby = []
    if referral is not None and referral["fktp_code"] is None:
        # No FKTP on the roster: any Puskesmas of the officer's kecamatan can take the referral
        # on, so the page names them.
        fktps = regions.fktps_in_kecamatan(db, g.officer["kecamatan_code"])
        nearby = [f for f in fktps if f["kind"] == "puskesmas"] or fktps
    return render_template(
        "officer/result.html",
        q=q,
        outcome=outcome,
        # Once the FKTP has examined the officer, the call to go to IGD today is moot.
        emergency=None if seen else danger_signs(outcome, q.referral.urgencies),
        # The engine puts the questionnaire's disclaimer first; the page says it once, under
        # the verdict, in the questionnaire's current words.
        notes=outcome.notes[1:],
        response=response,
        referral=referral,
        overdue=referral is not None and is_overdue(referral, today_wib()),
        examined_on=wib_date(referral["examined_at"])
        if referral and referral["examined_at"]
        else None,
        nearby=nearby,
        officer=g.officer,
    )
