"""Who may open a referral, decided from plain data (no Flask, no database)."""

import pytest

from screening.referrals.access import may_open

OWN = {"fktp_code": "F1", "kecamatan_code": "K1"}
OTHERS = {"fktp_code": "F2", "kecamatan_code": "K1"}
UNASSIGNED = {"fktp_code": None, "kecamatan_code": "K1"}
CLINICIAN = {"role": "fktp", "fktp_code": "F1"}
CLINIC_IN_K1 = {"code": "F1", "kecamatan_code": "K1"}
CLINIC_IN_K2 = {"code": "F1", "kecamatan_code": "K2"}


@pytest.mark.parametrize("role", ["kpu", "admin"])
@pytest.mark.parametrize("referral", [OWN, OTHERS, UNASSIGNED])
def test_kpu_and_admin_open_every_referral(role, referral):
    assert may_open({"role": role, "fktp_code": None}, referral)


def test_a_clinician_opens_their_own_fktps_referrals_only():
    assert may_open(CLINICIAN, OWN)
    assert not may_open(CLINICIAN, OTHERS)
    assert not may_open(CLINICIAN, UNASSIGNED)


@pytest.mark.parametrize(
    ("referral", "own_fktp", "allowed"),
    [
        (UNASSIGNED, CLINIC_IN_K1, True),  # the officer's kecamatan: the nearest Puskesmas
        (UNASSIGNED, CLINIC_IN_K2, False),
        (UNASSIGNED, None, False),
        (OTHERS, CLINIC_IN_K1, False),  # another FKTP's referral is never to take on
    ],
)
def test_a_clinician_reaches_a_referral_to_take_on_only_in_their_kecamatan(
    referral, own_fktp, allowed
):
    assert may_open(CLINICIAN, referral, own_fktp=own_fktp, to_take_on=True) is allowed


@pytest.mark.parametrize("referral", [OWN, OTHERS, UNASSIGNED])
def test_the_health_office_opens_no_single_referral(referral):
    dinkes = {"role": "dinkes", "fktp_code": None}
    assert not may_open(dinkes, referral)
    assert not may_open(dinkes, referral, own_fktp=CLINIC_IN_K1, to_take_on=True)
