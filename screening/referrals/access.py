"""Who may open a referral: the one rule, decided from plain data (no Flask, no database).

- KPU and admin open every referral, to see where it stands (status only; the pages they get
  never show answers or diagnoses).
- A clinician opens the referrals of their own FKTP.
- The health office (Dinkes) opens none: it sees counts per FKTP only.
- With `to_take_on`, a clinician may also open a referral that has no FKTP yet when their FKTP
  may take it on (`lifecycle.may_take_on`): the page then shows who and by when, no health data.

Anyone else is refused, and the web side answers 404 (never 403), so a referral number does not
reveal that a referral exists.
"""

from collections.abc import Mapping

from screening.referrals.lifecycle import may_take_on

CLINICIAN = "fktp"
HEALTH_OFFICE = "dinkes"


def may_open(
    staff: Mapping,
    referral: Mapping,
    *,
    own_fktp: Mapping | None = None,
    to_take_on: bool = False,
) -> bool:
    """Whether `staff` may open `referral`. `own_fktp` is the clinician's FKTP, needed only with
    `to_take_on`."""
    if staff["role"] == HEALTH_OFFICE:
        # Dinkes follows the referrals in counts per FKTP (its own page), never one officer's.
        return False
    if staff["role"] != CLINICIAN:
        return True
    if referral["fktp_code"] == staff["fktp_code"]:
        return True
    return to_take_on and may_take_on(referral, own_fktp)
