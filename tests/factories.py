"""Factories for test data: each call makes a valid record, with fields overridable by keyword."""

import itertools
from datetime import date
from urllib.parse import urlsplit

import pyotp
from argon2 import PasswordHasher
from flask import current_app

from screening import clock, second_factor
from screening.clock import now_iso
from screening.nik import make_nik
from screening.store import officers, regions
from screening.store import second_factor as second_factor_store
from screening.store import staff as staff_store
from tests.apps import ARGON2

PASSWORD = "kata-sandi-uji-123"
# Hashed once, with the suite's cheap argon2 parameters: signing in verifies it quickly.
_HASH = PasswordHasher(**ARGON2).hash(PASSWORD)
_counter = itertools.count(1)


class Factories:
    def __init__(self, db):
        self.db = db

    def region(self):
        """Kecamatan Pekalongan Barat with kelurahan Medono and one Puskesmas, once per database."""
        regions.upsert_kecamatan(self.db, [{"code": "337501", "name": "Pekalongan Barat"}])
        regions.upsert_kelurahan(
            self.db,
            [{"code": "3375011002", "name": "Medono", "kecamatan_code": "337501", "tps_count": 30}],
        )
        return "337501", "3375011002"

    def other_places(self):
        """Beside `region`: kelurahan Bendan in the same kecamatan, and Kecamatan Pekalongan
        Timur with kelurahan Noyontaan, for what an area operator must not see. Codes:
        (Bendan, Pekalongan Timur, Noyontaan)."""
        self.region()
        regions.upsert_kecamatan(self.db, [{"code": "337502", "name": "Pekalongan Timur"}])
        regions.upsert_kelurahan(
            self.db,
            [
                {
                    "code": "3375011005",
                    "name": "Bendan",
                    "kecamatan_code": "337501",
                    "tps_count": 20,
                },
                {
                    "code": "3375021001",
                    "name": "Noyontaan",
                    "kecamatan_code": "337502",
                    "tps_count": 20,
                },
            ],
        )
        return "3375011005", "337502", "3375021001"

    def fktp(self, **fields):
        self.region()
        n = next(_counter)
        row = {
            "code": f"1101{n:04d}",
            "name": f"Puskesmas Uji {n}",
            "kind": "puskesmas",
            "address": "Jl. Uji No. 1",
            "kecamatan_code": "337501",
            "kelurahan_code": "3375011002",
            **fields,
        }
        regions.upsert_fktps(self.db, [row])
        return row

    def staff(self, role="kpu", *, totp=None, **fields):
        """A staff account; admins (or `totp=True`) come with an authenticator app set up, as
        they must have one: `totp_code(staff)` is what it shows."""
        n = next(_counter)
        if role == "fktp" and "fktp_code" not in fields:
            fields["fktp_code"] = self.fktp()["code"]
        if role in ("ppk", "pps") and "area_code" not in fields:
            # The factory region's kecamatan or kelurahan, where `officer` puts officers.
            fields["area_code"] = self.region()[0 if role == "ppk" else 1]
        row = {
            "username": f"staf{n}",
            "full_name": f"Staf Uji {n}",
            "password_hash": _HASH,
            "role": role,
            "fktp_code": None,
            **fields,
        }
        staff_id = staff_store.create_staff(self.db, **row, now=now_iso())
        if totp if totp is not None else role == "admin":
            seed = second_factor_store.start_enrolment(
                self.db, staff_id, seed=second_factor.new_seed(), now=now_iso()
            )
            second_factor_store.confirm_enrolment(
                self.db, staff_id, seed=seed, step=0, code_hashes=[], now=now_iso()
            )
        return staff_store.staff_by_id(self.db, staff_id)

    def totp_code(self, staff, at=None) -> str:
        """The code the staff member's app shows at `at` (the app's clock: a test may set it),
        for the first time step after the last one used: two sign-ins in one test do not
        replay a code."""
        row = second_factor_store.totp_row(self.db, staff["id"])
        secret = second_factor.derive_secret(
            current_app.config["SECRET_KEY"], staff["id"], row["seed"]
        )
        totp = pyotp.TOTP(secret)
        step = max(totp.timecode(at or clock.now_utc()), (row["last_step"] or 0) + 1)
        return totp.generate_otp(step)

    def officer(self, **fields):
        kecamatan, kelurahan = self.region()
        n = next(_counter)
        birth = fields.pop("birth_date", date(1985, 3, 14))
        sex = fields.get("sex", "P")
        row = {
            "nik": make_nik(kecamatan, birth, sex, n),
            "name": f"Petugas Uji {n}",
            "sex": sex,
            "birth_date": birth.isoformat(),
            "role": "KPPS",
            "kecamatan_code": kecamatan,
            "kelurahan_code": kelurahan,
            "tps": 1,
            "phone": "081234567890",
            "jkn_number": "0001234567890",
            "jkn_status": "aktif",
            "fktp_code": None,
            "bpjs_tk_status": "aktif",
            **fields,
        }
        officers.upsert_roster(self.db, [row], now=now_iso())
        return row

    def screened_officer(self, answers: dict, *, polling_day: str = "2029-02-14", **fields):
        """An officer who consented and submitted `answers` (raw form values): returns
        (officer with id, stored response, referral or None)."""
        from screening.store import referrals

        row = self.officer(**fields)
        officer = dict(next(self.db["officer"].rows_where("nik = ?", [row["nik"]])))
        response = self.submit_screening(officer, answers, polling_day=polling_day)
        return officer, response, referrals.referral_for_officer(self.db, officer["id"])

    def submit_screening(self, officer: dict, answers: dict, *, polling_day: str) -> dict:
        """Consent, then submit `answers` (raw form values, parsed as the form would) for an
        existing officer; returns the stored response."""
        from screening import journey
        from screening.store import responses
        from screening.web import library
        from screening.web.views.screening import consent_version

        q = library.live()
        journey.decide_consent(
            self.db,
            officer,
            decision=journey.AGREED,
            text_version=consent_version(),
            questionnaire=q,
            polling_day=polling_day,
            now=now_iso(),
        )
        draft = responses.response_for_officer(self.db, officer["id"])
        parsed, errors = q.parse_answers(answers, context=draft["context"], confirmed=set(answers))
        assert not errors, errors
        responses.save_draft(self.db, draft["id"], answers=parsed, step=1, now=now_iso())
        draft = responses.response_for_officer(self.db, officer["id"])
        return journey.submit(self.db, draft, q, officer=officer, now=now_iso())


def officer_with_link(make, app, **fields):
    """An officer with issued access: returns (officer with id, link token, access code)."""
    from screening.officers import access
    from screening.store import access as access_store

    row = make.officer(**fields)
    officer = dict(next(make.db["officer"].rows_where("nik = ?", [row["nik"]])))
    key = app.config["ACCESS_KEY"].encode()
    access_store.issue_missing(
        make.db,
        [officer["id"]],
        lambda oid, v: access.token_hash(access.link_token(key, oid, v)),
        now=now_iso(),
    )
    return (
        officer,
        access.link_token(key, officer["id"], 1),
        access.access_code(key, officer["id"], 1),
    )


def sign_in_staff(client, make, staff, *, password=PASSWORD, path="/staf/masuk"):
    """Sign `staff` in on `client` through the form (`path` may carry ?next=), typing the code
    from the app when the second step asks for it; returns the last response, the redirect to
    where the sign-in leads."""
    response = client.post(path, data={"username": staff["username"], "password": password})
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    if urlsplit(location).path == "/staf/masuk/kode":
        response = client.post(location, data={"code": make.totp_code(staff)})
        assert response.status_code == 302, response.text
    return response
