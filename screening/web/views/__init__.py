"""Blueprints: thin views that parse the request, call the domain and render."""

from screening.web.views import (
    admin,
    clinic,
    coverage,
    exports,
    kpu_referrals,
    officer,
    officers,
    outbox,
    overdue,
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
    overdue.bp,
    coverage.bp,
    exports.bp,
    admin.bp,
    slips.bp,
    second_factor.bp,
    outbox.bp,
    outbox.officer_bp,
)
