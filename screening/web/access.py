"""The web side of the one access check per kind of record: the record this staff member may
open, or 404 (never 403: a number must not reveal that a record exists). The rule itself is in
the domain (`screening.referrals.access`)."""

from flask import abort, g

from screening.referrals import access as referral_access
from screening.store import officers as officer_store
from screening.store import referrals as referral_store
from screening.store import regions
from screening.web.database import get_db

REFERRAL_NUMBER_LENGTH = 20  # longer is no referral number: no query for it


def referral_or_404(number: str, *, to_take_on: bool = False, clinician_only: bool = False) -> dict:
    """The referral `number` if the signed-in staff member may open it, else 404.

    `clinician_only` for the clinician's own pages (status changes, follow-up): KPU and admin
    may see a referral's status but never reach these. `to_take_on` lets a clinician reach a
    referral with no FKTP that their FKTP may take on."""
    staff = g.staff
    if clinician_only and staff["role"] != referral_access.CLINICIAN:
        abort(404)
    if len(number) > REFERRAL_NUMBER_LENGTH:
        abort(404)
    db = get_db()
    referral = referral_store.referral_by_number(db, number)
    if referral is None:
        abort(404)
    own_fktp = None
    # Only a referral with no FKTP can be taken on: no need to look up the clinician's FKTP else.
    if to_take_on and staff["role"] == referral_access.CLINICIAN and referral["fktp_code"] is None:
        own_fktp = regions.fktp_by_code(db, staff["fktp_code"])
    if not referral_access.may_open(staff, referral, own_fktp=own_fktp, to_take_on=to_take_on):
        abort(404)
    return referral


def officer_or_404(officer_id: int) -> dict:
    """The officer `officer_id` for KPU's and admin's officer pages (every officer is theirs to
    manage), else 404."""
    officer = officer_store.officer_by_id(get_db(), officer_id)
    if officer is None:
        abort(404)
    return officer
