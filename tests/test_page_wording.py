"""What pages say: in English, every page an officer or a staff member can open reads as English;
in either language, an instruction to choose "X" names a control the page shows.

The catalog check (`tools/i18n.py check`) proves that every *extracted* msgid is translated; it
cannot see a string that was never extracted (a template Babel silently skipped, a label built
outside `_()`). This test looks at what is rendered instead: it walks the officer journey and opens
every staff page in English and fails on words that only Indonesian has. Text that is Indonesian
by nature (a place's or a person's name, a citation) is marked `lang="id"` in the template and
skipped, as a screen reader would switch voice for it.
"""

import html
import re
from html.parser import HTMLParser

import pytest

from screening.clock import now_iso
from screening.demo.screenings import HEALTHY
from screening.referrals import operations
from screening.store import referrals, responses
from tests.acting import act_as
from tests.factories import officer_with_link, sign_in_staff

# Words that never occur in English text, and are not part of the names the test data uses.
INDONESIAN_ONLY = (
    "Saya",
    "Anda",
    "tidak",
    "sudah",
    "benar",
    "belum",
    "yang",
    "dengan",
    "untuk",
    "atau",
    "Langkah",
    "Simpan",
    "Kirim",
    "Kembali",
    "Ubah",
    "lanjut",
    "Pilih",
    "boleh",
    "dikosongkan",
    "jawaban",
    "pertanyaan",
    "setuju",
    "Periksa",
    "Keluar",
    "Masuk",
)
WORDS = re.compile(r"\b(?:" + "|".join(INDONESIAN_ONLY) + r")\b", re.IGNORECASE)
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

# Answers that open every follow-up question, so every item is rendered at least once.
EVERY_QUESTION = {
    "berat_kg": "72,5",
    "tinggi_cm": "165",
    "lingkar_perut_cm": "93,5",
    "aktif_30_menit": "ya",
    "sayur_buah": "ya",
    "merokok": "tidak_pernah",
    "makan_asin": "jarang",
    "dx_hipertensi": "tidak",
    "obat_hipertensi": "tidak",
    "gula_tinggi_pernah": "tidak",
    "dx_diabetes": "tidak",
    "dx_jantung": "tidak",
    "dx_stroke": "tidak",
    "gagal_jantung": "tidak",
    "pembuluh_kaki": "tidak",
    "dx_ginjal": "ya",
    "protein_urin": "tidak_tahu",
    "anemia": "tidak",
    "obat_rutin": "",
    "keluarga_diabetes": "jauh",
    "keluarga_hipertensi": "tidak",
    "nyeri_dada": "ya",
    "dada_menanjak": "ya",
    "dada_jalan_biasa": "tidak",
    "dada_saat_jalan": "berhenti",
    "dada_reda": "reda_10",
    "dada_lokasi": ["tulang_dada"],
    "nyeri_dada_hebat": "tidak",
    "td_tahu": "ya",
    "td_sistolik": "150",
    "td_diastolik": "95",
    "gd_tahu": "ya",
    "gd_jenis": "puasa",
    "gd_hasil": "110",
    "keluhan_sekarang": ["tidak_ada"],
}

# GET pages that need a value this test cannot make up; each with the reason.
NOT_OPENED = {
    "officer.open_link": "a personal link: opened by the officer walk",
    "screening.step": "every step is opened by the officer walk",
    "slips.print_job": "needs a running print job",
    "slips.download": "a PDF download",
    "exports.job": "needs a list job: tests/test_list_jobs.py opens it in English",
    "exports.job_download": "a spreadsheet download",
    "public.switch_language": "a redirect",
}


class ShownText(HTMLParser):
    """The text a reader sees or hears, without what is marked as another language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: is it outside the English text?

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        hidden = tag in ("script", "style", "template") or (
            lang is not None and not lang.startswith("en")
        )
        skipped = hidden or (bool(self.stack) and self.stack[-1])
        if not skipped:
            self.parts.extend(attributes[a] for a in SHOWN_ATTRIBUTES if attributes.get(a))
        if tag not in VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def indonesian_words(html: str) -> list[str]:
    parser = ShownText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    return [text[max(m.start() - 40, 0) : m.end() + 40].strip() for m in WORDS.finditer(text)]


class Pages:
    """Collects every page opened, and in English what Indonesian it shows."""

    def __init__(self, lang: str):
        self.lang = lang
        self.found: dict[str, list[str]] = {}
        self.opened: dict[str, str] = {}

    def check(self, label: str, response) -> None:
        if response.status_code != 200 and response.status_code != 422:
            return
        if response.mimetype != "text/html":
            return
        self.opened[label] = response.text
        words = indonesian_words(response.text) if self.lang == "en" else []
        if words:
            self.found[label] = words

    def report(self) -> str:
        return "\n".join(
            f"{label}:\n" + "\n".join(f"    …{w}…" for w in dict.fromkeys(words))
            for label, words in self.found.items()
        )


def speaking(client, lang: str):
    assert client.get(f"/bahasa/{lang}").status_code == 302
    return client


def walk_officer(app, make, pages: Pages, fktp_code: str | None = None) -> dict:
    """Consent, every step (with an unusual number to confirm and every follow-up question
    shown), the review page and the result, in the pages' language. Returns the officer."""
    officer, token, _code = officer_with_link(make, app, name="Ani Wijaya", fktp_code=fktp_code)
    client = speaking(app.test_client(), pages.lang)
    client.get(f"/s/{token}")
    pages.check("/skrining/persetujuan", client.get("/skrining/persetujuan"))
    client.post("/skrining/persetujuan", data={"keputusan": "setuju"})
    # An unusual weight: the page asks "is that right?" with its box.
    unusual = {"berat_kg": "160", "tinggi_cm": "165", "lingkar_perut_cm": "93,5", "aksi": "lanjut"}
    pages.check(
        "/skrining/langkah/1 (unusual number)", client.post("/skrining/langkah/1", data=unusual)
    )
    number = 1
    for _ in range(30):
        url = f"/skrining/langkah/{number}"
        page = client.get(url)
        pages.check(url, page)
        response = None
        for _ in range(5):
            names = set(re.findall(r'name="([a-z0-9_]+)"', page.text)) - {"csrf_token", "aksi"}
            data = {n: EVERY_QUESTION[n] for n in names if n in EVERY_QUESTION}
            response = client.post(url, data={**data, "aksi": "lanjut"})
            if response.status_code != 200:
                break
            pages.check(f"{url} (follow-up questions)", response)
            page = response
        assert response.status_code == 302, response.text
        location = response.headers["Location"]
        if location.endswith("/skrining/periksa"):
            break
        number = int(location.rsplit("/", 1)[1])
    pages.check("/skrining/periksa", client.get("/skrining/periksa"))
    submitted = client.post("/skrining/periksa", data={"aksi": "kirim"})
    assert submitted.status_code == 302, submitted.text
    pages.check("/skrining/hasil", client.get("/skrining/hasil"))
    pages.check("/ (officer signed in)", client.get("/"))
    return officer


def visit_and_red_flag(app, make, db, pages: Pages, officer: dict, fktp: dict) -> None:
    """The loop's own words: the officer's visit booked (their result page and, for the staff
    pages opened later, the referral page and its history) and a red flag waiting at the top of
    the FKTP's worklist."""
    referral = referrals.referral_for_officer(db, officer["id"])
    clinician = make.staff(role="fktp", fktp_code=fktp["code"])
    operations.schedule_visit(
        db,
        referral,
        visit_at="2099-01-05T09:30",
        expected=referral["status"],
        by=clinician["id"],
        at=now_iso(),
    )
    client = act_as(speaking(app.test_client(), pages.lang), "officer", officer["id"])
    pages.check("/skrining/hasil (visit booked)", client.get("/skrining/hasil"))
    red_flag = {**HEALTHY, "keluhan_sekarang": ["nyeri_dada_lama"]}
    make.screened_officer(red_flag, fktp_code=fktp["code"], phone="0812-3456-7890")


def declined_officer(app, make, pages: Pages) -> None:
    _officer, token, _code = officer_with_link(make, app, name="Budi Hartono")
    client = speaking(app.test_client(), pages.lang)
    client.get(f"/s/{token}")
    client.post("/skrining/persetujuan", data={"keputusan": "menolak"})
    pages.check("/skrining/menolak", client.get("/skrining/menolak"))


def staff_pages(app, make, pages: Pages, values: dict) -> set:
    """Every GET page of the app, opened by each staff role; returns the endpoints opened."""
    rules = [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.endpoint != "static" and r.endpoint not in NOT_OPENED
    ]
    missing = {r.endpoint: sorted(set(r.arguments) - set(values)) for r in rules}
    missing = {endpoint: args for endpoint, args in missing.items() if args}
    assert not missing, f"add a value (or a NOT_OPENED reason) for {missing}"
    anonymous = speaking(app.test_client(), pages.lang)
    for rule in rules:
        url = rule.build({a: values[a] for a in rule.arguments}, append_unknown=False)[1]
        pages.check(f"{url} (signed out)", anonymous.get(url))
    # The admin last, so the audit log it reads holds the other roles' visits.
    for role, fields in (
        ("fktp", {"fktp_code": values["fktp_code"]}),
        ("kpu", {}),
        ("admin", {}),
    ):
        staff = make.staff(role=role, **fields)
        client = speaking(app.test_client(), pages.lang)
        sign_in_staff(client, make, staff)
        for rule in rules:
            url = rule.build({a: values[a] for a in rule.arguments}, append_unknown=False)[1]
            pages.check(f"{url} ({role})", client.get(url))
    return {r.endpoint for r in rules}


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_every_page_in_english_shows_no_indonesian_words(app, make, db):
    fktp = make.fktp(phone="(0285) 421347")
    pages = Pages("en")
    officer = walk_officer(app, make, pages, fktp["code"])
    declined_officer(app, make, pages)
    referral = db.execute(
        "select number from referral where officer_id = ?", [officer["id"]]
    ).fetchone()
    visit_and_red_flag(app, make, db, pages, officer, fktp)
    values = {
        "number": referral[0],
        "officer_id": officer["id"],
        "staff_id": make.staff(role="kpu")["id"],
        "fktp_code": fktp["code"],
        "kind": "csv",
    }
    opened = staff_pages(app, make, pages, values)
    assert responses.response_for_officer(db, officer["id"])["status"] == "submitted"
    for must in ("/skrining/hasil", "/skrining/periksa", "/staf/masuk (signed out)"):
        assert must in pages.opened
    assert {"clinic.worklist", "referrals.show", "officers.index", "admin.audit_log"} <= opened
    assert not pages.found, "Indonesian on English pages:\n" + pages.report()


QUOTED_CHOICE = re.compile(r"pilih \"([^\"]+)\"", re.IGNORECASE)
CONTROL_LABEL = re.compile(
    r'<label class="option[^"]*"[^>]*>.*?<span>(.*?)</span>\s*</label>', re.S
)


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_every_choice_an_officer_is_told_to_pick_is_on_the_page(app, make):
    pages = Pages("id")
    walk_officer(app, make, pages)
    checked = 0
    for label, page in pages.opened.items():
        controls = {html.unescape(text) for text in CONTROL_LABEL.findall(page)}
        for quoted in QUOTED_CHOICE.findall(html.unescape(page)):
            checked += 1
            assert quoted in controls, f'{label}: pilih "{quoted}", but the page offers {controls}'
    assert checked >= 4  # the body-size help, the waist help, family diabetes, "Ya, sudah benar"
