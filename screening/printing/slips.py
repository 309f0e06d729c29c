"""Referral slips and access cards as plain data, ready for a template.

Plain Python (no Flask). Slips are handed to the FKTP and cards to officers, so both are written in
Bahasa Indonesia, the source language: messages are rendered without translation, with numbers in
Indonesian format.
"""

from datetime import datetime
from itertools import groupby

import segno

from screening.clock import WIB
from screening.messages import N_, render
from screening.officers import access
from screening.questionnaire import Result
from screening.questionnaire.danger import danger_signs
from screening.referrals.lifecycle import URGENCY_LABELS

LEVEL_LABELS = {"sedang": N_("risiko sedang"), "tinggi": N_("risiko tinggi")}
# Reasons printed in all on a full slip (the rules that fired come first, then score points),
# shared among the flagged conditions; the referral page behind the QR code has them all. When a
# slip would not fit its one page, it is laid out again with fewer (`printing.full_slip_pdf`).
REASON_LINES = 8


def qr_data_uri(url: str) -> str:
    """A QR code for `url` as a PNG data: URI, one pixel per module: printed without smoothing
    (`image-rendering: pixelated`) it is as sharp as a vector and far quicker to lay out."""
    return segno.make(url, error="m").png_data_uri(border=2, scale=1)


def referral_url(base_url: str, number: str) -> str:
    return f"{base_url.rstrip('/')}/rujukan/{number}"


def issued_on(created_at: str):
    """The referral's date as it was in Indonesia (WIB), whatever zone it was stored in."""
    moment = datetime.fromisoformat(created_at)
    return moment.astimezone(WIB).date() if moment.tzinfo else moment.date()


def slip(row: dict, *, base_url: str) -> dict:
    """What every referral slip shows, from a `store.printing.slip_rows` row: who, where to go, by
    when, how urgently, and the QR code to the referral page.

    This is the slip KPU prints, so it carries no health data (UU 27/2022): no condition, level,
    reason or answer. The row it is made from holds none either. What the FKTP is asked to
    measure is the same for everyone and lives in the template.
    """
    url = referral_url(base_url, row["number"])
    return {
        "full": False,
        "number": row["number"],
        "issued": issued_on(row["created_at"]).isoformat(),
        "deadline": row["deadline"][:10],
        "urgency": row["urgency"],
        "urgency_label": URGENCY_LABELS.get(row["urgency"], row["urgency"]),
        "officer": {
            "name": row["officer_name"],
            "nik": row["nik"],
            "jkn_number": row["jkn_number"] or "",
            "role": row["role"],
            "tps": row["tps"],
            "kelurahan": row["kelurahan_name"] or "",
            "kecamatan": row["kecamatan_name"] or "",
        },
        "fktp": {
            "code": row["fktp_code"],
            "name": row["fktp_name"],
            "address": row["fktp_address"],
            "phone": row.get("fktp_phone"),
        }
        if row["fktp_code"]
        else None,
        # The visit the FKTP booked, while it is still to come (WIB wall clock).
        "visit_at": row.get("visit_at") if row.get("status") == "dijadwalkan" else None,
        "url": url,
        "qr": qr_data_uri(url),
    }


def full_slip(row: dict, *, base_url: str, reason_lines: int = REASON_LINES) -> dict:
    """The slip with the screening's findings, for the officer themself and the referral's FKTP:
    one danger-sign block, then each flagged condition with its level and `reason_lines` reasons
    in all, dealt out a round at a time (every condition's first reason before any second one).
    `row` is a `store.printing.full_slip_row`."""
    result = Result.from_dict(row["result"])
    flagged = [c for c in result.conditions.values() if c.level in LEVEL_LABELS]
    shown = _deal(reason_lines, [len(c.reasons) for c in flagged])
    danger = danger_signs(result)
    return {
        **slip(row, base_url=base_url),
        "full": True,
        "instruction": render(result.referral.instruction) if result.referral else "",
        "danger": {
            "instruction": render(danger.instruction),
            "signs": [render(f.title) for f in danger.signs],
        }
        if danger
        else None,
        "conditions": [
            {
                "title": render(c.title),
                "level": c.level,
                "level_label": LEVEL_LABELS[c.level],
                "reasons": [render(r.message) for r in c.reasons[:count]],
                "more_reasons": len(c.reasons) - count,
            }
            for c, count in zip(flagged, shown, strict=True)
        ],
    }


def _deal(budget: int, available: list[int]) -> list[int]:
    """How many of each condition's reasons to show: one per condition per round."""
    shown = [0] * len(available)
    while budget > 0 and any(s < a for s, a in zip(shown, available, strict=True)):
        for i, total in enumerate(available):
            if budget and shown[i] < total:
                shown[i] += 1
                budget -= 1
    return shown


def cards(officers: list[dict], *, key: bytes, link_for) -> list[dict]:
    """Access cards grouped per TPS: [{kelurahan, tps, cards: [...]}, ...], in the given order.

    `officers` come from `store.access.officers_in_area` (ordered by kelurahan and TPS) with their
    access issued; `link_for(token)` is the personal link's public address.
    """
    live = [o for o in officers if o["access_version"] is not None and not o.get("revoked_at")]
    groups = []
    for (kelurahan, tps), members in groupby(
        live, key=lambda o: (o.get("kelurahan_name") or "", o.get("tps"))
    ):
        group = {"kelurahan": kelurahan, "tps": tps, "cards": []}
        for officer in members:
            version = officer["access_version"]
            link = link_for(access.link_token(key, officer["id"], version))
            group["cards"].append(
                {
                    "name": officer["name"],
                    "role": officer["role"],
                    "tps": officer.get("tps"),
                    "kelurahan": kelurahan,
                    "link": link,
                    "code": access.access_code(key, officer["id"], version),
                    "qr": qr_data_uri(link),
                }
            )
        groups.append(group)
    return groups


def card_count(groups: list[dict]) -> int:
    return sum(len(g["cards"]) for g in groups)
