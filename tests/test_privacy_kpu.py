"""KPU, admin and the area operators (PPK, PPS) never receive health data (UU 27/2022; the consent
page and the README promise it).

One officer has said everything a screening can say (every red flag, all four conditions high)
and was examined at the FKTP (status note, ICD-10 codes, findings, clinical note); another waits
for an FKTP. Then every page a KPU operator or an admin can open (every GET route of the app, with
every id filled in, in both languages) and every document they can get (a slip, a bulk print from
the print page and from the command line, access cards, the links spreadsheet, the lists of
/kpu/ekspor/) is searched for the officer's health data.

The forbidden strings are taken from the stored result and follow-up, not typed here, so any
reason, answer or note that leaks is caught; the same strings are first found on the clinician's
page and on the officer's own slip, which proves they would be seen if they leaked.
"""

import html
import re
import subprocess
import time
from io import BytesIO
from urllib.parse import unquote

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from screening import store, tasks
from screening.areas import Area
from screening.clock import now_iso
from screening.demo.screenings import HEALTHY
from screening.officers import access
from screening.printing import jobs as print_jobs
from screening.questionnaire import Result
from screening.referrals import findings
from screening.store import access as access_store
from screening.store import followups, migrations, responses
from screening.web import library
from screening.web.app import create_app
from screening.web.i18n import t
from screening.web.jinja import answer_text, level_label
from screening.web.officer_session import token_hash_for
from tests.factories import officer_with_link, sign_in_staff
from tests.pdf.conftest import WORST_ANSWERS

STATUS_NOTE = "TD 190/120 di ruang periksa, curiga hipertensi derajat 3, EKG: ST elevasi"
FOLLOWUP = {
    "dari": "diperiksa",
    "sistolik": "188",
    "diastolik": "117",
    "gula_darah": "243",
    "gula_jenis": "sewaktu",
    "berat_kg": "104,5",
    "lingkar_perut_cm": "118",
    "temuan_lain": "Retinopati hipertensi grade II, edema tungkai bilateral",
    "diagnosis": ["I10", "E11", "N18"],
    "diagnosis_lain": "E78.5, I63.9",
    "tindakan": ["terapi", "rujuk_fkrtl"],
    "kelayakan": "layak_dengan_catatan",
    "catatan": "Amlodipin 10 mg dan metformin 500 mg, kontrol gula tiap minggu",
    # The one remark KPU is meant to read: no health data in it.
    "catatan_kpu": "Tidak bertugas malam",
    "aksi": "selesai",
}
# Every argument a route of the app may take; a new one fails the test until it is filled here.
KNOWN_ARGUMENTS = {"number", "officer_id", "staff_id", "job_id", "kind", "lang", "token"}
# Not pages: files, the officer's personal link (it would sign the staff session out) and the
# language switch (the test switches language itself, then opens every page again).
SKIPPED = {"static", "officer.open_link", "public.switch_language"}
QUERIES = {
    "officers.index": [
        "",
        "?kecamatan=337501",
        "?kelurahan=3375011002",
        "?kelurahan=3375011002&tps=1",
        "?status=dirujuk",
        "?status=diperiksa",
        "?kecamatan=337501&status=terlambat",
        "?kelurahan=3375011002&tps=tanpa&jkn=belum_terdaftar",
    ],
    "coverage.index": ["", "?kelurahan=3375011002&urut=dirujuk&arah=turun"],
    "coverage.download": ["", "?kelurahan=3375011002"],
    "kpu_referrals.index": ["", "?status=selesai", "?status=baru", "?status=terlambat"],
    "admin.audit_log": ["", "?halaman=2"],
    "outbox.index": ["", "?kelurahan=3375011002&tps=1"],
    "exports.index": ["", "?kelurahan=3375011002&tps=1"],
}
# Documents KPU gets by pressing a button (a POST: getting them changes something).
POSTED = {
    "officers.export_links": (
        "/kpu/petugas/tautan.xlsx",
        [{"kecamatan": "337501"}, {"kelurahan": "3375011002"}],
    ),
    "exports.unscreened": (
        "/kpu/ekspor/belum-skrining.xlsx",
        [{"kecamatan": "337501"}, {"kelurahan": "3375011002", "tps": "1"}],
    ),
    "exports.unscreened_csv": (
        "/kpu/ekspor/belum-skrining.csv",
        [{"kelurahan": "3375011002"}],
    ),
    # The whole city (an empty area), a kecamatan, a TPS.
    "exports.referrals": (
        "/kpu/ekspor/rujukan.xlsx",
        [{"kecamatan": ""}, {"kecamatan": "337501"}, {"kelurahan": "3375011002", "tps": "1"}],
    ),
    "exports.without_jkn": (
        "/kpu/ekspor/jkn.xlsx",
        [{"kecamatan": ""}, {"kelurahan": "3375011002"}],
    ),
    "exports.without_bpjs_tk": (
        "/kpu/ekspor/bpjs-ketenagakerjaan.csv",
        [{"kecamatan": ""}, {"kelurahan": "3375011002"}],
    ),
}


@pytest.fixture
def app(tmp_path, monkeypatch):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "ACCESS_KEY": "test-access-key",
            "DATABASE": str(tmp_path / "test.db"),
            "WTF_CSRF_ENABLED": False,
            "BASE_URL": "https://skrining.example.id",
            "PDF_WORKERS": 1,
            "QUEUE_IMMEDIATE": True,
        }
    )
    db = store.connect(app.config["DATABASE"])
    migrations.apply(db)
    db.close()
    monkeypatch.setattr(print_jobs, "jobs_dir", lambda app: tmp_path / "print-jobs")
    return app


# --- the officer who said everything ------------------------------------------------------------


@pytest.fixture
def world(app, make, db):
    fktp = make.fktp(name="Puskesmas Medono")
    # This app runs as production does: every role signs in with its authenticator's code.
    clinician = make.staff(role="fktp", fktp_code=fktp["code"], totp=True)
    officer, response, referral = make.screened_officer(
        {**HEALTHY, **WORST_ANSWERS}, fktp_code=fktp["code"], name="Siti Rahayu", tps=1
    )
    officer_with_link(make, app, name="Joko Santoso", tps=1)  # a card beside hers
    _, _, unassigned = make.screened_officer(
        {**HEALTHY, **WORST_ANSWERS}, name="Bambang Tanpa Fktp", tps=1, sex="L"
    )
    result = Result.from_dict(response["result"])
    assert result.red_flags
    assert {c.level for c in result.conditions.values()} == {"tinggi"}

    # Her referral's messages went out while it was new; they wait on the operators' page.
    ready_messages(app, db, officer, referral)
    as_clinician = signed_in(app, make, clinician)
    number = referral["number"]
    moved = as_clinician.post(
        f"/rujukan/{number}/status",
        data={"dari": "baru", "ke": "diperiksa", "catatan": STATUS_NOTE},
    )
    assert moved.status_code == 302
    saved = as_clinician.post(f"/rujukan/{number}/tindak-lanjut", data=FOLLOWUP)
    assert saved.status_code == 302, saved.text
    return {
        "officer": officer,
        "referral": referral,
        "unassigned": unassigned,
        "clinician": as_clinician,
        "forbidden": forbidden_strings(app, db, officer, referral),
    }


def ready_messages(app, db, officer, referral) -> None:
    """Her referral's messages, waiting on the operators' click-to-chat page (/kpu/pesan/)."""
    from datetime import datetime

    from screening.clock import WIB
    from screening.outreach import delivery
    from screening.store import outbox
    from screening.web.officer_session import personal_link

    for day, template in enumerate(("rujukan_baru", "tanda_bahaya", "pengingat_rujukan"), 10):
        outbox.enqueue(
            db,
            officer_id=officer["id"],
            referral_id=referral["id"],
            rule=template,
            template=template,
            dedupe_key=f"privacy:{template}",
            channel="wa_klik",
            due_at="2020-01-01T00:00:00+00:00",
            now="2020-01-01T00:00:00+00:00",
        )
        moment = datetime(2029, 1, day, 9, 0, tzinfo=WIB)
        assert delivery.release(db, moment, app.config, link_for=personal_link).ready == 1


def signed_in(app, make, staff):
    client = app.test_client()
    sign_in_staff(client, make, staff)
    return client


def forbidden_strings(app, db, officer, referral) -> dict[str, set[str]]:
    """The officer's health data as it would be written on any page, in Indonesian and English,
    by kind (for the message when one leaks)."""
    response = responses.response_for_officer(db, officer["id"])
    result = Result.from_dict(response["result"])
    q = library.get(response["questionnaire_id"], response["questionnaire_version"])
    followup = followups.latest(db, referral["id"])["data"]
    found: dict[str, set[str]] = {}

    def add(kind, *texts):
        found.setdefault(kind, set()).update(x for x in texts if x and x.strip())

    for locale in ("id", "en"):
        with app.test_request_context(), force_locale(locale):
            for condition in result.conditions.values():
                add("condition", t(condition.title))
                add("advice", t(condition.advice))
                add("reason", *(t(r.message) for r in condition.reasons))
                add("evidence", *(t(e) for r in condition.reasons for e in r.evidence))
            for score in result.scores.values():
                add("score", t(score.title))
                add("reason", *(t(r.message) for r in score.reasons))
            for flag in result.red_flags:
                add("red flag", t(flag.title))
                add("evidence", *(t(e) for e in flag.evidence))
            add("reason", *(t(m) for m in result.referral.reasons))
            add("level", level_label("tinggi"), level_label("sedang"))
            for item_id, value in response["answers"].items():
                text = answer_text(q.items[item_id], value)
                # Short answers ("Ya", "190") are words any page may carry; the long ones are hers.
                if len(text) >= 12:
                    add("answer", text)
            add("icd-10 name", *(t(findings.USUAL_ICD10[c]) for c in ("I10", "E11", "N18")))
            add(
                "finding",
                t(findings.blood_pressure_class(followup["sistolik"], followup["diastolik"])),
                t(findings.glucose_class(followup["gula_darah"], followup["gula_jenis"])),
            )
    add("clinical note", STATUS_NOTE, followup["temuan_lain"], followup["catatan"])
    add("finding", f"{followup['sistolik']}/{followup['diastolik']}", "104,5 kg", "243 mg/dL")
    return found


def icd_codes(db, referral) -> list[str]:
    return followups.latest(db, referral["id"])["data"]["diagnosis"]


def leaks(text: str, forbidden: dict[str, set[str]], codes: list[str]) -> list[str]:
    found = [f"{kind}: {s!r}" for kind, strings in forbidden.items() for s in strings if s in text]
    for code in codes:
        # A code on its own, not inside a token or another word.
        if re.search(rf"(?<![\w.-]){re.escape(code)}(?![\w-])", text):
            found.append(f"icd-10: {code!r}")
    return found


# --- reading what a response carries -----------------------------------------------------------


def readable(response, tmp_path) -> str:
    """What a reader of the response sees: page text and markup, PDF text, spreadsheet cells."""
    body = response.data
    if body.startswith(b"%PDF"):
        return pdf_text(body, tmp_path)
    if body.startswith(b"PK"):  # xlsx
        book = load_workbook(BytesIO(body))
        cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
        return " ".join(str(c) for c in cells if c is not None)
    markup = html.unescape(response.get_data(as_text=True))
    text = re.sub(r"<[^>]+>", " ", markup)
    # A `wa.me` link carries its message quoted (?text=…): read it as the recipient would.
    return " ".join(text.split()) + "\n" + markup + "\n" + unquote(markup)


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / f"leak-{time.monotonic_ns()}.pdf"
    path.write_bytes(pdf)
    # Poppler from Debian (make setup-test), an argument list, never a shell string.
    out = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def wait_for(app, job_id):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = print_jobs.state(app, job_id)
        if job["status"] != print_jobs.RUNNING:
            assert job["status"] == print_jobs.DONE
            return
        time.sleep(0.1)
    pytest.fail("the print job did not finish")


def print_in_background(app, client, kind: str) -> str:
    response = client.post("/kpu/cetak/", data={"jenis": kind})
    assert response.status_code == 302, response.text
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    wait_for(app, job_id)
    return job_id


def list_in_background(app, staff, kind: str) -> str:
    """A list prepared by the job worker, as a large area's is (EXPORT_INLINE_MAX), for the
    officer's kelurahan: the area every role here may see."""
    area = Area(kecamatan="337501", kelurahan="3375011002", kelurahan_name="Medono")
    job = print_jobs.start(
        app,
        tasks.get(app),
        kind=kind,
        area=area,
        staff_id=staff["id"],
        label="Kelurahan Medono",
        filename=f"{kind.replace('.', '-3375011002.')}",
    )
    wait_for(app, job["id"])
    return job["id"]


def addresses(app, values: dict) -> list[tuple[str, str]]:
    """(endpoint, path) for every GET route of the app, its arguments filled from `values`."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED:
            continue
        unknown = set(rule.arguments) - KNOWN_ARGUMENTS
        assert not unknown, f"{rule.rule}: fill {unknown} in this test"
        choices = [{}]
        for name in rule.arguments:
            options = values.get((rule.endpoint, name)) or values.get(name) or []
            choices = [{**c, name: option} for c in choices for option in options]
        for args in choices:
            path = app.url_map.bind("").build(rule.endpoint, args)
            for query in QUERIES.get(rule.endpoint, [""]):
                found.append((rule.endpoint, path + query))
    return found


# --- the test -----------------------------------------------------------------------------------


def test_the_forbidden_strings_are_what_the_fktp_and_the_officer_see(app, world, db, tmp_path):
    forbidden, codes = world["forbidden"], icd_codes(db, world["referral"])
    number = world["referral"]["number"]
    clinician_page = readable(world["clinician"].get(f"/rujukan/{number}"), tmp_path)
    seen = leaks(clinician_page, forbidden, codes)
    for kind in ("reason", "red flag", "condition", "answer", "clinical note", "icd-10"):
        assert any(s.startswith(kind) for s in seen), kind
    slip = readable(
        officer_client(app, db, world["officer"]).get("/skrining/hasil/surat.pdf"), tmp_path
    )
    seen = leaks(slip, forbidden, codes)
    for kind in ("reason", "red flag", "condition", "level"):
        assert any(s.startswith(kind) for s in seen), kind


def officer_client(app, db, officer):
    """The officer signed in through their personal link."""
    key = app.config["ACCESS_KEY"].encode()
    with app.app_context():
        access_store.issue_missing(db, [officer["id"]], token_hash_for, now=now_iso())
        version = access_store.access_version(db, officer["id"])
    client = app.test_client()
    assert client.get(f"/s/{access.link_token(key, officer['id'], version)}").status_code == 302
    return client


# What each role must really have opened (and found free of health data). The operators of the
# officer's kecamatan (PPK) and kelurahan (PPS) get the area pages and downloads but no single
# referral; the health office none of KPU's pages.
AREA_PAGES = (
    "coverage.index",
    "coverage.download",
    "officers.index",
    "officers.export_links",
    "exports.index",
    "exports.unscreened",
    "exports.unscreened_csv",
    "exports.referrals",
    "exports.without_jkn",
    "exports.without_bpjs_tk",
    "slips.print_job",
    "slips.download",
    "exports.job",
    "exports.job_download",
    "staff.home",
    "outbox.index",
    "overdue.index",
)
CITY_PAGES = (
    *AREA_PAGES,
    "referrals.show",
    "kpu_referrals.index",
    "kpu_referrals.unassigned",
    "slips.referral_letter",
)
OPENED = {"kpu": CITY_PAGES, "admin": CITY_PAGES, "ppk": AREA_PAGES, "pps": AREA_PAGES}


@pytest.mark.parametrize("role", ["kpu", "admin", "ppk", "pps", "dinkes"])
def test_no_page_or_document_kpu_admin_or_an_area_operator_can_get_carries_health_data(
    app, world, make, db, runner, tmp_path, role
):
    staff = make.staff(role=role, totp=True)
    client = signed_in(app, make, staff)
    jobs = []
    if role in OPENED:  # the health office prints nothing
        jobs = [print_in_background(app, client, kind) for kind in ("slips", "cards")]
        # The chase list, and the referrals: the list nearest to health data.
        jobs += [list_in_background(app, staff, k) for k in ("belum-skrining.xlsx", "rujukan.csv")]
    forbidden, codes = world["forbidden"], icd_codes(db, world["referral"])
    values = {
        "number": [world["referral"]["number"], world["unassigned"]["number"]],
        ("screening.step", "number"): [1],
        "officer_id": [world["officer"]["id"]],
        "staff_id": [staff["id"]],
        "job_id": jobs,
        "kind": ["csv", "xlsx"],
    }
    opened, found = [], {}
    for language in ("id", "en"):
        client.get(f"/bahasa/{language}")
        requests = [(endpoint, path, None) for endpoint, path in addresses(app, values)]
        requests += [(e, path, form) for e, (path, forms) in POSTED.items() for form in forms]
        for endpoint, path, form in requests:
            # A file download is closed after reading.
            with client.open(path, method="POST" if form else "GET", data=form) as response:
                if response.status_code != 200:
                    continue
                opened.append(endpoint)
                leaked = leaks(readable(response, tmp_path), forbidden, codes)
            if leaked:
                found[f"{language} {path} {form or ''}"] = leaked
    # The pages that show this referral were really opened, and its documents.
    for endpoint in OPENED.get(role, ("staff.home",)):
        assert endpoint in opened, endpoint
    # Her messages' texts were on the click-to-chat page that was searched.
    if role in OPENED:
        messages_page = client.get("/kpu/pesan/").get_data(as_text=True)
        assert messages_page.count("https://wa.me/") == 3
    if role == "admin":
        assert "admin.audit_log" in opened
    # The command line prints the same slips and cards.
    for kind in ("slips", "cards"):
        out = tmp_path / f"cli-{kind}.pdf"
        result = runner.invoke(args=[kind, "print", "--out", str(out)])
        assert result.exit_code == 0, result.output
        leaked = leaks(pdf_text(out.read_bytes(), tmp_path), forbidden, codes)
        if leaked:
            found[f"flask {kind} print"] = leaked
    assert found == {}


def test_no_page_or_document_dinkes_can_get_carries_health_data_names_or_nik(
    app, world, make, db, tmp_path
):
    """The health office gets counts per FKTP only: no health data, and not even who was
    referred (no name, no NIK, no phone number, no referral number)."""
    staff = make.staff(role="dinkes", totp=True)
    client = signed_in(app, make, staff)
    forbidden, codes = world["forbidden"], icd_codes(db, world["referral"])
    officer = world["officer"]
    people = {
        "name": {officer["name"], "Bambang Tanpa Fktp", "Joko Santoso"},
        "nik": {officer["nik"]},
        "phone": {officer["phone"]},
        "referral number": {world["referral"]["number"], world["unassigned"]["number"]},
    }
    values = {
        "number": [world["referral"]["number"], world["unassigned"]["number"]],
        ("screening.step", "number"): [1],
        "officer_id": [officer["id"]],
        "staff_id": [staff["id"]],
        "job_id": ["0123456789abcdef"],
        "kind": ["csv", "xlsx"],
    }
    opened, found = [], {}
    for language in ("id", "en"):
        client.get(f"/bahasa/{language}")
        for endpoint, path in addresses(app, values):
            with client.get(path) as response:
                if response.status_code != 200:
                    continue
                opened.append(endpoint)
                text = readable(response, tmp_path)
            leaked = leaks(text, forbidden, codes)
            leaked += [
                f"{kind}: {s!r}" for kind, strings in people.items() for s in strings if s in text
            ]
            if leaked:
                found[f"{language} {path}"] = leaked
    for endpoint in ("dinkes.index", "dinkes.export", "staff.home"):
        assert endpoint in opened, endpoint
    assert "referrals.show" not in opened
    assert found == {}
