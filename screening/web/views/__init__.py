"""Blueprints: thin views that parse the request, call the domain and render."""

from screening.web.views import (
    admin,
    clinic,
    coverage,
    dinkes,
    exports,
    kpu_referrals,
    officer,
    officers,
    public,
    roster,
    screening,
    second_factor,
    slips,
    staff,
)

BLUEPRINTS = (
    public.bp,
    staff.bp,
    officer.bp,
    screening.bp,
    officers.bp,
    roster.bp,
    clinic.bp,
    clinic.referrals_bp,
    kpu_referrals.bp,
    coverage.bp,
    exports.bp,
    dinkes.bp,
    admin.bp,
    slips.bp,
    second_factor.bp,
)
