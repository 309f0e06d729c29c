"""Officers' consent decisions (UU 27/2022 Pasal 24: keep proof of consent)."""

from sqlite_utils import Database


def record_decision(db: Database, officer_id: int, *, text_version: str, decision: str, now: str):
    db["consent"].insert(
        {
            "officer_id": officer_id,
            "text_version": text_version,
            "decision": decision,
            "decided_at": now,
        }
    )


def latest_decision(db: Database, officer_id: int) -> dict | None:
    rows = list(
        db["consent"].rows_where("officer_id = ?", [officer_id], order_by="id desc", limit=1)
    )
    return rows[0] if rows else None
