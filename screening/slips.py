"""Referral slips and access cards as plain data, ready for a template.

Plain Python (no Flask). Slips are handed to the FKTP and cards to officers, so both are written in
Bahasa Indonesia, the source language: messages are rendered without translation, with numbers in
Indonesian format.
"""

from datetime import datetime
from itertools import groupby

import segno

from screening import access
from screening.clock import WIB
from screening.questionnaire import Result
from screening.questionnaire.messages import gettext_noop as N_
from screening.questionnaire.messages import render
from screening.referrals import URGENCY_LABELS

LEVEL_LABELS = {"sedang": N_("risiko sedang"), "tinggi": N_("risiko tinggi")}
# Reasons printed in all (the rules that fired come first, then score points), shared among the
# flagged conditions: one A5 page holds about this many beside the rest; the referral page behind
# the QR code has them all.
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
    """What one referral slip shows, from a `store.printing.slip_rows` row."""
    result = Result.from_dict(row["result"])
    flagged = [c for c in result.conditions.values() if c.level in LEVEL_LABELS]
    # A danger sign takes the room of two reasons.
    room = max(REASON_LINES - 2 * len(result.red_flags), len(flagged))
    each = max(room // max(len(flagged), 1), 1)
    conditions = [
        {
            "title": render(c.title),
            "level": c.level,
            "level_label": LEVEL_LABELS[c.level],
            "reasons": [render(r.message) for r in c.reasons[:each]],
            "more_reasons": max(len(c.reasons) - each, 0),
        }
        for c in flagged
    ]
    url = referral_url(base_url, row["number"])
    return {
        "number": row["number"],
        "issued": issued_on(row["created_at"]).isoformat(),
        "deadline": row["deadline"][:10],
        "urgency": row["urgency"],
        "urgency_label": URGENCY_LABELS.get(row["urgency"], row["urgency"]),
        "instruction": render(result.referral.instruction) if result.referral else "",
        "officer": {
            "name": row["officer_name"],
            "nik": row["nik"],
            "jkn_number": row["jkn_number"] or "",
            "role": row["role"],
            "tps": row["tps"],
            "kelurahan": row["kelurahan_name"] or "",
            "kecamatan": row["kecamatan_name"] or "",
        },
        "fktp": {"code": row["fktp_code"], "name": row["fktp_name"], "address": row["fktp_address"]}
        if row["fktp_code"]
        else None,
        "red_flags": [
            {"title": render(f.title), "instruction": render(f.instruction)}
            for f in result.red_flags
        ],
        "conditions": conditions,
        "url": url,
        "qr": qr_data_uri(url),
    }


def cards(officers: list[dict], *, key: bytes, base_url: str, link_path) -> list[dict]:
    """Access cards grouped per TPS: [{kelurahan, tps, cards: [...]}, ...], in the given order.

    `officers` come from `store.access.officers_in_area` (ordered by kelurahan and TPS) with their
    access issued; `link_path(token)` is the personal link's path (`/s/<token>`).
    """
    base = base_url.rstrip("/")
    live = [o for o in officers if o["access_version"] is not None and not o.get("revoked_at")]
    groups = []
    for (kelurahan, tps), members in groupby(
        live, key=lambda o: (o.get("kelurahan_name") or "", o.get("tps"))
    ):
        group = {"kelurahan": kelurahan, "tps": tps, "cards": []}
        for officer in members:
            version = officer["access_version"]
            link = base + link_path(access.link_token(key, officer["id"], version))
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
