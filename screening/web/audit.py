"""Record what staff see and do, with who, when and from where (UU 27/2022 accountability)."""

from flask import g, request

from screening.clock import now_iso
from screening.store import audit as audit_store
from screening.web.database import get_db


def record(action: str, subject: str, detail: str | None = None) -> None:
    """Log `action` (view | change | export) on `subject` by the signed-in staff member.

    `detail` must never hold a NIK or a token: name records by their id or referral number.
    """
    staff = g.get("staff")
    audit_store.record(
        get_db(),
        at=now_iso(),
        staff_id=staff["id"] if staff else None,
        role=staff["role"] if staff else None,
        action=action,
        subject=subject,
        detail=detail,
        address=request.remote_addr if request else None,
    )
