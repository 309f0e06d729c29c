"""Bench-only preparation: a temporary database and instance with officers ready to screen.

Everything goes through the app's own store and journey functions, so the officers, links,
consents and drafts are the ones the officer journey would have made; only the speed differs
(one transaction for thousands of officers instead of one request each).
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from screening import journey, store
from screening.clock import now_iso
from screening.nik import make_nik
from screening.officers import access
from screening.store import access as access_store
from screening.store import migrations, officers, regions, responses
from screening.web import library
from screening.web.app import create_app
from screening.web.database import get_db
from screening.web.views.screening import consent_version

KECAMATAN, KELURAHAN, FKTP = "337501", "3375011002", "11010001"
# Fixed keys for a throwaway database: the bench writes nothing into the real instance folder.
SETTINGS = {
    "SECRET_KEY": "bench-secret-key-not-for-production",
    "ACCESS_KEY": "bench-access-key-not-for-production",
}


def bench_app(folder: Path, **config):
    """The real app on `folder`/bench.db, migrated; `config` adds bench-only settings."""
    path = folder / "bench.db"
    app = create_app({**SETTINGS, "DATABASE": str(path), **config})
    db = store.connect(str(path))
    migrations.apply(db)
    regions.upsert_kecamatan(db, [{"code": KECAMATAN, "name": "Pekalongan Barat"}])
    regions.upsert_kelurahan(
        db,
        [{"code": KELURAHAN, "name": "Medono", "kecamatan_code": KECAMATAN, "tps_count": 30}],
    )
    regions.upsert_fktps(
        db,
        [
            {
                "code": FKTP,
                "name": "Puskesmas Medono",
                "kind": "puskesmas",
                "address": "Jl. Medono No. 1, Pekalongan",
                "kecamatan_code": KECAMATAN,
                "kelurahan_code": KELURAHAN,
            }
        ],
    )
    db.close()
    return app


def add_officers(app, people: list[dict]) -> list[dict]:
    """Put `people` (sex, birth_date as date, optional jkn_status) on the roster with a personal
    link each; return them with id, nik and link token."""
    key = app.config["ACCESS_KEY"].encode()
    rows = []
    for serial, person in enumerate(people, start=1):
        # NIK serials run to 9,999 per region: larger benches borrow the city's other kecamatan
        # codes for the NIK (where the officer lives), all still in Kota Pekalongan.
        region = f"3375{(serial - 1) // 9999 + 1:02d}"
        rows.append(
            {
                "nik": make_nik(
                    region, person["birth_date"], person["sex"], (serial - 1) % 9999 + 1
                ),
                "name": f"Petugas Bench {serial}",
                "sex": person["sex"],
                "birth_date": person["birth_date"].isoformat(),
                "role": "KPPS",
                "kecamatan_code": KECAMATAN,
                "kelurahan_code": KELURAHAN,
                "tps": serial % 30 + 1,
                "phone": "081234567890",
                "jkn_number": f"{serial:013d}",
                "jkn_status": person.get("jkn_status", "aktif"),
                "fktp_code": FKTP,
                "bpjs_tk_status": "aktif",
            }
        )
    with app.app_context():
        db = get_db()
        officers.upsert_roster(db, rows, now=now_iso())
        ids = {
            row["nik"]: row["id"]
            for row in db.query(
                "SELECT id, nik FROM officer WHERE nik IN (SELECT value FROM json_each(?))",
                [json.dumps([r["nik"] for r in rows])],
            )
        }
        access_store.issue_missing(
            db,
            list(ids.values()),
            lambda oid, v: access.token_hash(access.link_token(key, oid, v)),
            now=now_iso(),
        )
    return [
        {**row, "id": ids[row["nik"]], "access_version": 1}
        | {"token": access.link_token(key, ids[row["nik"]], 1)}
        for row in rows
    ]


def start_drafts(app, people: list[dict], answers: list[dict]) -> None:
    """Consent and a complete draft (raw answers, parsed as the form would) for each officer:
    what an officer has on the server just before pressing "Kirim jawaban"."""
    with app.app_context():
        db = get_db()
        q = library.live()
        now = now_iso()
        with store.write_transaction(db):
            for officer, raw in zip(people, answers, strict=True):
                journey.decide_consent(
                    db,
                    officer,
                    decision=journey.AGREED,
                    text_version=consent_version(),
                    questionnaire=q,
                    polling_day=app.config["POLLING_DAY"],
                    now=now,
                )
                draft = responses.response_for_officer(db, officer["id"])
                parsed, errors = q.parse_answers(raw, context=draft["context"], confirmed=set(raw))
                assert not errors, errors
                responses.save_draft(db, draft["id"], answers=parsed, step=1, now=now)


def realistic_officers(count: int, seed: int = 2029) -> tuple[list[dict], list[dict]]:
    """`count` officers with realistic answers from bench.scoring: (people, raw answers)."""
    from bench.scoring import DEFAULT, realistic_response
    from screening.questionnaire import load_questionnaire

    q = load_questionnaire(DEFAULT)
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    people, answers = [], []
    while len(people) < count:
        raw, context = realistic_response(rng)
        if q.parse_answers(raw, context=context, confirmed=set(raw))[1]:
            continue  # the generator's rare impossible combination; the form would refuse it
        people.append({"sex": context["sex"], "birth_date": context["birth_date"]})
        answers.append(raw)
    return people, answers


def one_officer(sex="P", birth_date=date(1985, 3, 14), **fields) -> dict:
    return {"sex": sex, "birth_date": birth_date, **fields}
