"""Schema changes, in order. Each one is applied once and recorded in `_sqlite_migrations`.

Never edit a migration that has shipped: add a new one below it.
"""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("skrining")


@migrations()
def m001_regions_fktp_officers_staff(db: Database):
    db["kecamatan"].create({"code": str, "name": str}, pk="code", not_null={"name"})
    db["kelurahan"].create(
        {"code": str, "name": str, "kecamatan_code": str, "tps_count": int},
        pk="code",
        not_null={"name", "kecamatan_code"},
        foreign_keys=[("kecamatan_code", "kecamatan", "code")],
    )
    db["fktp"].create(
        {
            "code": str,
            "name": str,
            "kind": str,  # puskesmas | klinik | dokter
            "address": str,
            "kecamatan_code": str,
            "kelurahan_code": str,
        },
        pk="code",
        not_null={"name", "kind"},
        foreign_keys=[
            ("kecamatan_code", "kecamatan", "code"),
            ("kelurahan_code", "kelurahan", "code"),
        ],
    )
    db["officer"].create(
        {
            "id": int,
            "nik": str,
            "name": str,
            "sex": str,
            "birth_date": str,
            "role": str,
            "kecamatan_code": str,
            "kelurahan_code": str,
            "tps": int,
            "phone": str,
            "jkn_number": str,
            "jkn_status": str,  # aktif | tidak_aktif | belum_terdaftar
            "fktp_code": str,
            "bpjs_tk_status": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"nik", "name", "sex", "birth_date", "role", "kecamatan_code"},
        foreign_keys=[
            ("kecamatan_code", "kecamatan", "code"),
            ("kelurahan_code", "kelurahan", "code"),
            ("fktp_code", "fktp", "code"),
        ],
    )
    db["officer"].create_index(["nik"], unique=True)
    db["officer"].create_index(["kelurahan_code", "tps"])
    db["officer"].create_index(["fktp_code"])
    db["staff"].create(
        {
            "id": int,
            "username": str,
            "full_name": str,
            "password_hash": str,
            "role": str,  # admin | kpu | fktp
            "fktp_code": str,  # set for role fktp only
            "disabled": int,
            "created_at": str,
        },
        pk="id",
        not_null={"username", "password_hash", "role"},
        defaults={"disabled": 0},
        foreign_keys=[("fktp_code", "fktp", "code")],
    )
    db["staff"].create_index(["username"], unique=True)
    db.execute(
        "CREATE TRIGGER staff_fktp_role BEFORE INSERT ON staff "
        "WHEN (NEW.role = 'fktp') != (NEW.fktp_code IS NOT NULL) "
        "BEGIN SELECT RAISE(ABORT, 'an fktp user needs an FKTP, other roles none'); END"
    )


@migrations()
def m002_officer_access_consent_responses(db: Database):
    # The personal link's token and the access code are derived from a server key and
    # `version` (see screening/access.py); only a hash of the token is stored, for lookup.
    db["officer_access"].create(
        {"officer_id": int, "token_hash": str, "version": int, "issued_at": str, "revoked_at": str},
        pk="officer_id",
        not_null={"version"},
        foreign_keys=[("officer_id", "officer", "id")],
    )
    db["officer_access"].create_index(["token_hash"], unique=True)
    db["consent"].create(
        {"id": int, "officer_id": int, "text_version": str, "decision": str, "decided_at": str},
        pk="id",
        not_null={"officer_id", "text_version", "decision", "decided_at"},
        foreign_keys=[("officer_id", "officer", "id")],
    )
    db["consent"].create_index(["officer_id"])
    # One response per officer: a draft until submitted, then scored once with the questionnaire
    # version it was answered on; the stored result is never silently recomputed.
    db["response"].create(
        {
            "id": int,
            "officer_id": int,
            "questionnaire_id": str,
            "questionnaire_version": str,
            "status": str,  # draft | submitted
            "step": int,
            "answers": str,  # JSON
            "context": str,  # JSON: polling_day, sex, birth_date
            "result": str,  # JSON, set on submission
            "overall": str,  # berisiko | tidak_berisiko
            "referral_urgency": str,
            "started_at": str,
            "updated_at": str,
            "submitted_at": str,
        },
        pk="id",
        not_null={"officer_id", "questionnaire_id", "questionnaire_version", "status"},
        foreign_keys=[("officer_id", "officer", "id")],
    )
    db["response"].create_index(["officer_id"], unique=True)
    db["response"].create_index(["status", "overall"])


@migrations()
def m003_referrals_followups_audit(db: Database):
    # A referral is created with the submitted response when the questionnaire's policy says so;
    # fktp_code is NULL while KPU has not assigned an FKTP ("FKTP belum ditentukan").
    db["referral"].create(
        {
            "id": int,
            "number": str,  # short, for the slip and phone calls: RJ-00042
            "officer_id": int,
            "response_id": int,
            "fktp_code": str,
            "urgency": str,  # darurat | segera | rutin (from the questionnaire)
            "deadline": str,  # ISO date, WIB
            "status": str,  # baru | dijadwalkan | diperiksa | selesai | tidak_datang | dibatalkan
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"number", "officer_id", "response_id", "urgency", "deadline", "status"},
        foreign_keys=[
            ("officer_id", "officer", "id"),
            ("response_id", "response", "id"),
            ("fktp_code", "fktp", "code"),
        ],
    )
    db["referral"].create_index(["number"], unique=True)
    db["referral"].create_index(["response_id"], unique=True)
    db["referral"].create_index(["fktp_code", "status"])
    db["referral_event"].create(
        {
            "id": int,
            "referral_id": int,
            "from_status": str,
            "to_status": str,
            "staff_id": int,
            "note": str,
            "at": str,
        },
        pk="id",
        not_null={"referral_id", "to_status", "at"},
        foreign_keys=[("referral_id", "referral", "id"), ("staff_id", "staff", "id")],
    )
    db["referral_event"].create_index(["referral_id"])
    # Follow-up findings are append-only: an edit after completion adds a version, so the
    # earlier one is kept.
    db["followup"].create(
        {
            "id": int,
            "referral_id": int,
            "version": int,
            "data": str,  # JSON: measurements, ICD-10 codes, actions, fitness, notes
            "fitness": str,  # layak | layak_dengan_catatan | tidak_layak_sementara
            "staff_id": int,
            "at": str,
        },
        pk="id",
        not_null={"referral_id", "version", "data", "staff_id", "at"},
        foreign_keys=[("referral_id", "referral", "id"), ("staff_id", "staff", "id")],
    )
    db["followup"].create_index(["referral_id", "version"], unique=True)
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "staff_id": int,
            "role": str,
            "action": str,  # view | change | export
            "subject": str,  # e.g. referral:42, officer:17, roster, slips
            "detail": str,
            "address": str,
        },
        pk="id",
        not_null={"at", "action", "subject"},
    )
    db["audit_log"].create_index(["at"])
    db["audit_log"].create_index(["staff_id", "at"])


@migrations()
def m004_referral_taken_on(db: Database):
    # An officer with no FKTP on the roster goes to the nearest Puskesmas; a clinic of the
    # officer's kecamatan then takes the referral on. Who and when stay on the referral, for KPU.
    # Plain ALTER: sqlite-utils would rebuild the table to add the foreign key.
    db.execute("ALTER TABLE referral ADD COLUMN taken_by INTEGER REFERENCES staff(id)")
    db.execute("ALTER TABLE referral ADD COLUMN taken_at TEXT")


@migrations()
def m005_followup_duty_note(db: Database):
    # The clinician's remark for KPU beside the fitness for duty ("tidak bertugas malam"), kept
    # out of the clinical JSON so that KPU's screens can read it and nothing else. Not filled from
    # older follow-ups: their notes were written under the promise that KPU would not see them.
    db["followup"].add_column("duty_note", str)


@migrations()
def m006_revocable_sessions(db: Database):
    # Every sign-in, staff or officer, is a row here; the cookie holds only its random id, whose
    # hash is `id_hash`. Ending the row ends the session wherever its cookie was copied to;
    # `data` is what the session keeps beyond that (searches, a waiting roster upload), never in
    # a cookie. person_id is a staff id or an officer id, by `kind`: no foreign key.
    db.execute(
        """
        CREATE TABLE session_record (
            id INTEGER PRIMARY KEY,
            id_hash TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('staff', 'officer')),
            person_id INTEGER NOT NULL,
            access_version INTEGER,
            data TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            ended_at TEXT,
            end_reason TEXT
        )
        """
    )
    db.execute(
        "CREATE INDEX idx_session_record_open ON session_record (kind, person_id) "
        "WHERE ended_at IS NULL"
    )
    db.execute("CREATE INDEX idx_session_record_ended ON session_record (ended_at)")


@migrations()
def m007_staff_second_factor(db: Database):
    # A staff member's authenticator (TOTP). The secret itself is not stored: it is derived from
    # `seed` under SECRET_KEY (screening/second_factor.py), so a copy of the database gives no
    # working code. `confirmed_at` stays empty while an enrolment waits for its first code;
    # `last_step` is the newest 30-second step signed in with, so no code works twice.
    db["staff_totp"].create(
        {
            "staff_id": int,
            "seed": str,
            "created_at": str,
            "confirmed_at": str,
            "last_step": int,
        },
        pk="staff_id",
        not_null={"seed", "created_at"},
        foreign_keys=[("staff_id", "staff", "id")],
    )
    # One-time recovery codes, for a lost phone: salted SHA-256 only, each spent once.
    db["staff_recovery_code"].create(
        {"id": int, "staff_id": int, "code_hash": str, "created_at": str, "used_at": str},
        pk="id",
        not_null={"staff_id", "code_hash", "created_at"},
        foreign_keys=[("staff_id", "staff", "id")],
    )
    db["staff_recovery_code"].create_index(["staff_id"])


@migrations()
def m008_staff_sign_in_lockout(db: Database):
    # Failed staff sign-ins, kept in the database so that every gunicorn worker sees the same
    # count. `key` is an HMAC of the typed username (an unknown one locks the same way, and a
    # password typed into the username field is never stored), alone or with a trusted device's
    # id; times are Unix seconds, so the lock is computed in one statement (store/sign_in.py).
    db["staff_sign_in_lockout"].create(
        {"key": str, "failures": int, "last_failure_at": float, "locked_until": float},
        pk="key",
        not_null={"failures", "last_failure_at", "locked_until"},
    )


@migrations()
def m009_officer_demo_flag(db: Database):
    # Which officers came from `demo load`'s synthetic roster: demo screenings touch only them,
    # never a real officer added through the roster upload. Officers stored before this
    # migration count as real (the safe side); `demo load` marks its own again.
    db["officer"].add_column("demo", int, not_null_default=0)


@migrations()
def m010_indexes_for_a_large_regency(db: Database):
    # Measured on 100,000 officers (bench/scale.py): without these SQLite built an automatic
    # index on every view of the coverage counts and read every row of the audit log for a
    # subject. Officers per kecamatan with their JKN status are counted from the index alone;
    # screened and referred officers are found from their own tables, not from every officer.
    db.execute("CREATE INDEX idx_officer_kecamatan ON officer (kecamatan_code, jkn_status)")
    db.execute("CREATE INDEX idx_response_status_officer ON response (status, officer_id)")
    db.execute("CREATE INDEX idx_referral_officer ON referral (officer_id, status)")
    db.execute("CREATE INDEX idx_audit_log_subject ON audit_log (subject, at)")


@migrations()
def m011_area_roles_and_the_loop(db: Database):
    # Staff scoped to one area: a kecamatan code for `ppk`, a kelurahan code for `pps`; NULL for
    # the city-wide roles. Dinkes sees the whole city, counts only.
    db["staff"].add_column("area_code", str)
    # Where an officer is sent must say how to reach it.
    db["fktp"].add_column("phone", str)
    # The visit the FKTP scheduled: local WIB time, "YYYY-MM-DDTHH:MM"; NULL when none.
    db["referral"].add_column("visit_at", str)
    # The officer said "stop": no message is sent to them any more (recorded, not deleted).
    db["officer"].add_column("opted_out_at", str)
    # Set when a message could not be delivered to the officer's number (invalid, unknown on
    # WhatsApp); the area operator's list shows it so the number gets corrected.
    db["officer"].add_column("contact_problem", str)
    # The outbox: every message the app decides to send, to an officer, is one row. `dedupe_key`
    # makes planning idempotent: a rule's occurrence for one person is queued once, ever.
    # Only the template id and its placeholders' values are kept, never a text: the text is
    # rendered when sent, and no template may carry health data.
    db["message"].create(
        {
            "id": int,
            "officer_id": int,
            "referral_id": int,
            "rule": str,  # the schedule rule that queued it (questionnaires/reminders.yaml)
            "template": str,  # a template id (questionnaires/messages.yaml)
            "dedupe_key": str,
            "channel": str,  # wa_klik | gateway
            "status": str,  # antri | siap | terkirim | gagal | batal
            "due_at": str,  # UTC ISO: not before this
            "next_attempt_at": str,  # UTC ISO, gateway retries with back-off
            "attempts": int,
            "sent_at": str,
            "sent_by": int,  # staff id, for click-to-chat
            "error": str,  # why failed or cancelled, in plain words, never health data
            "created_at": str,
        },
        pk="id",
        not_null={"officer_id", "rule", "template", "dedupe_key", "channel", "status", "due_at"},
        defaults={"attempts": 0},
        foreign_keys=[
            ("officer_id", "officer", "id"),
            ("referral_id", "referral", "id"),
            ("sent_by", "staff", "id"),
        ],
    )
    db["message"].create_index(["dedupe_key"], unique=True)
    db["message"].create_index(["status", "due_at"])
    db["message"].create_index(["officer_id", "sent_at"])
    db["message"].create_index(["referral_id"])


@migrations()
def m012_message_rule_index(db: Database):
    # The planner cancels each rule's queued messages that nobody needs any more: without this it
    # read every queued message once per rule (10 times 134,000 rows on 100,000 officers whose
    # click-to-chat messages wait for an operator).
    db.execute("CREATE INDEX idx_message_rule_status ON message (rule, status)")


@migrations()
def m013_message_released_at(db: Database):
    # When a message left the queue: sent through the gateway, or put on the operator's
    # click-to-chat page. "At most one message per officer per WIB day" counts these, and a
    # message shown to an operator but not yet pressed counts as that day's message.
    db["message"].add_column("released_at", str)
    db["message"].create_index(["officer_id", "released_at"])


@migrations()
def m014_indexes_for_progress_and_opt_out(db: Database):
    # The progress chart counts screenings per WIB day. Measured on 100,000 officers: the city
    # took 220 ms reading every submitted response's row; with the day in an index, 5 ms. An
    # area's officers find their response's status and moment in the second index alone (55 ms
    # to 13 ms for a kecamatan). Officers who opted out of messages are few: a partial index.
    db.execute(
        "CREATE INDEX idx_response_submitted_day "
        "ON response (status, date(submitted_at, '+7 hours'))"
    )
    db.execute(
        "CREATE INDEX idx_response_officer_submitted ON response (officer_id, status, submitted_at)"
    )
    db.execute(
        "CREATE INDEX idx_officer_opted_out ON officer (kecamatan_code, kelurahan_code) "
        "WHERE opted_out_at IS NOT NULL"
    )


@migrations()
def m015_officer_list_order(db: Database):
    # KPU's officer list is read in this order, a page at a time, filtered by coverage status:
    # with it a page is the next entries of one index, not a sort of every matching officer
    # (100,000 in a regency). It starts with (kelurahan_code, tps), which it replaces.
    db.execute(
        "CREATE INDEX idx_officer_kelurahan_list_order ON officer (kelurahan_code, tps, role, name)"
    )
    db.execute("DROP INDEX idx_officer_kelurahan_code_tps")


@migrations()
def m016_officer_area_statuses(db: Database):
    # The coverage counts per kecamatan and per kelurahan read every officer's JKN and BPJS
    # Ketenagakerjaan status; from the table that was a row lookup per officer. Measured at
    # 300,000 officers: the city's counts 274 → 181 ms, a kecamatan's 190 → 101 ms, read from
    # this index alone.
    db.execute(
        "CREATE INDEX idx_officer_area_statuses "
        "ON officer (kecamatan_code, kelurahan_code, jkn_status, bpjs_tk_status)"
    )


def apply(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending


def pending(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]
