"""Who may open a referral: the one rule, decided from plain data (no Flask, no database).

- KPU Kota and admin open every referral, to see where it stands (status only; the pages they
  get never show answers or diagnoses).
- A clinician opens the referrals of their own FKTP.
- Area operators (PPK, PPS) and the health office (Dinkes) open none: they follow counts and
  lists.
- With `to_take_on`, a clinician may also open a referral that has no FKTP yet when their FKTP
  may take it on (`lifecycle.may_take_on`): the page then shows who and by when, no health data.

Anyone else is refused, and the web side answers 404 (never 403), so a referral number does not
reveal that a referral exists.
"""

from collections.abc import Mapping

from screening.referrals.lifecycle import may_take_on

CLINICIAN = "fktp"
# The roles that follow every referral of the city (status only).
CITY_WIDE = ("kpu", "admin")


def may_open(
    staff: Mapping,
    referral: Mapping,
    *,
    own_fktp: Mapping | None = None,
    to_take_on: bool = False,
) -> bool:
    """Whether `staff` may open `referral`. `own_fktp` is the clinician's FKTP, needed only with
    `to_take_on`."""
    if staff["role"] in CITY_WIDE:
        return True
    if staff["role"] != CLINICIAN:
        # Area operators and the health office follow counts and lists, never one referral.
        return False
    if referral["fktp_code"] == staff["fktp_code"]:
        return True
    return to_take_on and may_take_on(referral, own_fktp)
