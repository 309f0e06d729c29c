"""The officer's journey as a person on a small phone: from the personal link (or NIK and code)
through consent and every page of the form to the result, with JavaScript on and off."""

import json
import re

import pytest
from itsdangerous import SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from playwright.sync_api import expect

from screening.demo.screenings import HEALTHY
from screening.officers import access

pytestmark = pytest.mark.browser

# Blood pressure known: its two numbers are follow-up questions on the same page.
MEASURED = {**HEALTHY, "td_tahu": "ya", "td_sistolik": "124", "td_diastolik": "78"}


def step_number(page) -> int | None:
    found = re.search(r"/skrining/langkah/(\d+)$", page.url)
    return int(found.group(1)) if found else None


def answer_visible(page, answers):
    """Answer the questions the page shows, as a person would: tap options, type numbers."""
    fields = page.locator("form input[name]").evaluate_all(
        "els => els.map(e => [e.name, e.type, e.value])"
    )
    for name, kind, value in fields:
        wanted = answers.get(name)
        if wanted is None:
            continue
        selector = f'input[name="{name}"][value="{value}"]'
        if (kind == "radio" and value == wanted) or (kind == "checkbox" and value in wanted):
            page.check(selector)
        elif kind in ("text", "number"):
            page.fill(f'input[name="{name}"]', wanted)


def press(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def agree(page):
    expect(page).to_have_url(re.compile(r"/skrining/persetujuan$"))
    press(page, "Saya setuju dan mulai skrining")
    expect(page).to_have_url(re.compile(r"/skrining/langkah/1$"))


def fill_form(page, answers, on_page=lambda page: None, stop_after=None):
    """Answer page after page until the review page (or after step `stop_after`); follow-up
    questions that appear on the same page are answered in turn. Returns the steps seen."""
    seen = []
    for _ in range(30):
        number = step_number(page)
        if number is None:
            break
        if not seen or seen[-1] != number:
            seen.append(number)
        on_page(page)
        answer_visible(page, answers)
        press(page, "Simpan dan lanjut")
        if stop_after is not None and number == stop_after and step_number(page) != number:
            return seen
    expect(page).to_have_url(re.compile(r"/skrining/periksa$"))
    return seen


def submit_and_see_result(page):
    expect(page.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()
    press(page, "Kirim jawaban")
    expect(page).to_have_url(re.compile(r"/skrining/hasil$"))
    expect(page.get_by_text("Tidak berisiko", exact=True)).to_be_visible()
    expect(page.get_by_text("bukan diagnosis").first).to_be_visible()


def test_whole_journey_from_the_personal_link_to_the_result(page, new_officer_link, screenshots):
    _officer, link, _nik, _code = new_officer_link()
    page.goto(link)
    page.screenshot(path=screenshots / "js-consent.png", full_page=True)
    agree(page)

    def shoot(page):
        page.screenshot(path=screenshots / f"js-step-{step_number(page)}.png", full_page=True)

    seen = fill_form(page, HEALTHY, on_page=shoot)
    assert seen == list(range(1, len(seen) + 1))
    assert len(seen) >= 5
    page.screenshot(path=screenshots / "js-review.png", full_page=True)
    submit_and_see_result(page)
    page.screenshot(path=screenshots / "js-result.png", full_page=True)


@pytest.mark.parametrize("page", [False], indirect=True)
def test_whole_journey_works_without_javascript(page, new_officer_link, screenshots):
    _officer, link, _nik, _code = new_officer_link()
    page.goto(link)
    agree(page)
    follow_ups = []

    def note_follow_up(page):
        if page.get_by_text("pertanyaan lanjutan").count():
            follow_ups.append(step_number(page))
            page.screenshot(path=screenshots / "nojs-follow-up.png", full_page=True)

    fill_form(page, MEASURED, on_page=note_follow_up)
    # The blood pressure numbers were asked on the same page once "ya" was sent.
    assert len(follow_ups) == 1
    submit_and_see_result(page)
    page.screenshot(path=screenshots / "nojs-result.png", full_page=True)


def test_closing_the_browser_mid_form_resumes_where_the_officer_left(new_context, new_officer_link):
    _officer, link, _nik, _code = new_officer_link()
    first_phone = new_context()
    page = first_phone.new_page()
    page.goto(link)
    agree(page)
    fill_form(page, HEALTHY, stop_after=2)
    expect(page).to_have_url(re.compile(r"/skrining/langkah/3$"))
    first_phone.close()

    page = new_context().new_page()
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/skrining/langkah/3$"))
    expect(page.get_by_text(re.compile(r"Langkah 3 dari \d+"))).to_be_visible()
    press(page, "Kembali")
    expect(page).to_have_url(re.compile(r"/skrining/langkah/2$"))
    expect(page.locator('input[name="merokok"][value="tidak_pernah"]')).to_be_checked()
    page.goto(page.url.replace("/langkah/2", "/langkah/1"))
    expect(page.locator('input[name="berat_kg"]')).to_have_value("62")
    expect(page.locator('input[name="tinggi_cm"]')).to_have_value("165")
    fill_form(page, HEALTHY)
    submit_and_see_result(page)


def test_sign_in_with_nik_and_access_code(page, live_server, new_officer_link, screenshots):
    _officer, _link, nik, code = new_officer_link()
    page.goto(f"{live_server}/masuk")
    page.screenshot(path=screenshots / "sign-in.png", full_page=True)
    page.get_by_label("NIK").fill(nik)
    page.get_by_label("Kode akses").fill("AAAAAA" if code != "AAAAAA" else "BBBBBB")
    press(page, "Masuk")
    expect(page.get_by_text("NIK atau kode akses tidak cocok")).to_be_visible()
    page.screenshot(path=screenshots / "sign-in-error.png", full_page=True)

    page.get_by_label("Kode akses").fill(code)
    press(page, "Masuk")
    expect(page).to_have_url(re.compile(r"/skrining/persetujuan$"))
    agree(page)


def test_every_officer_page_has_no_serious_accessibility_violation(
    page, live_server, new_officer_link, serious_violations, screenshots
):
    found = {}

    def check(name):
        found[name] = serious_violations(page)

    page.goto(f"{live_server}/s/bukan-tautan-yang-benar")
    check("invalid link")
    page.screenshot(path=screenshots / "link-invalid.png", full_page=True)
    page.goto(f"{live_server}/masuk")
    check("sign-in")
    press(page, "Masuk")
    check("sign-in with errors")

    _officer, link, _nik, _code = new_officer_link()
    page.goto(link)
    check("consent")
    agree(page)
    press(page, "Simpan dan lanjut")
    expect(page.get_by_role("alert")).to_be_visible()
    check("step 1 with errors")
    page.screenshot(path=screenshots / "step-1-errors.png", full_page=True)
    fill_form(page, MEASURED, on_page=lambda page: check(f"step {step_number(page)}"))
    check("review")
    submit_and_see_result(page)
    check("result")

    _officer, link, _nik, _code = new_officer_link()
    page.goto(link)
    press(page, "Saya tidak setuju")
    expect(page).to_have_url(re.compile(r"/skrining/menolak$"))
    check("declined")
    page.screenshot(path=screenshots / "declined.png", full_page=True)

    assert {name: v for name, v in found.items() if v} == {}
    assert len([name for name in found if name.startswith("step")]) >= 8


AT_RISK = {**HEALTHY, "td_tahu": "ya", "td_sistolik": "150", "td_diastolik": "95"}
# Blood pressure at or above 180/110: a danger sign, the officer is told to call 119.
RED_FLAG = {**HEALTHY, "td_tahu": "ya", "td_sistolik": "185", "td_diastolik": "112"}


def stored_responses(live_make, officer_id) -> list[dict]:
    return list(live_make.db["response"].rows_where("officer_id = ?", [officer_id]))


def test_back_keeps_the_answers_typed_on_the_page_left(page, new_officer_link):
    _officer, link, _nik, _code = new_officer_link()
    page.goto(link)
    agree(page)
    fill_form(page, HEALTHY, stop_after=1)
    expect(page).to_have_url(re.compile(r"/skrining/langkah/2$"))
    answer_visible(page, {**HEALTHY, "aktif_30_menit": "tidak", "merokok": "ya"})
    press(page, "Kembali")  # not "Simpan dan lanjut": the answers must still be kept
    expect(page).to_have_url(re.compile(r"/skrining/langkah/1$"))
    expect(page.locator('input[name="berat_kg"]')).to_have_value("62")
    press(page, "Simpan dan lanjut")
    expect(page.locator('input[name="aktif_30_menit"][value="tidak"]')).to_be_checked()
    expect(page.locator('input[name="merokok"][value="ya"]')).to_be_checked()
    # The phone's own back button shows the saved answers too.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/skrining/langkah/1$"))
    expect(page.locator('input[name="tinggi_cm"]')).to_have_value("165")


def test_an_implausible_height_asks_for_confirmation_instead_of_refusing(
    page, new_officer_link, live_make, screenshots, serious_violations
):
    officer, link, _nik, _code = new_officer_link()
    tall = {**HEALTHY, "tinggi_cm": "250"}
    page.goto(link)
    agree(page)
    answer_visible(page, tall)
    press(page, "Simpan dan lanjut")
    expect(page).to_have_url(re.compile(r"/skrining/langkah/1$"))
    group = page.locator("#tinggi_cm-group")
    expect(group.locator(".error")).to_contain_text("jarang sekali")
    expect(group.get_by_label("Ya, sudah benar")).to_be_visible()
    expect(page.locator('input[name="tinggi_cm"]')).to_have_value("250")  # not thrown away
    page.screenshot(path=screenshots / "step-1-confirm.png", full_page=True)
    assert serious_violations(page) == []

    group.get_by_label("Ya, sudah benar").check()
    press(page, "Simpan dan lanjut")
    expect(page).to_have_url(re.compile(r"/skrining/langkah/2$"))
    fill_form(page, tall)
    expect(page.get_by_text("250 cm")).to_be_visible()  # on the review page, not asked again
    press(page, "Kirim jawaban")
    expect(page).to_have_url(re.compile(r"/skrining/hasil$"))
    [stored] = stored_responses(live_make, officer["id"])
    assert json.loads(stored["answers"])["tinggi_cm"] == 250


def test_sending_twice_makes_one_response_and_one_referral(
    new_context, new_officer_link, live_make
):
    officer, link, _nik, _code = new_officer_link()
    phone = new_context()
    page = phone.new_page()
    page.goto(link)
    agree(page)
    fill_form(page, AT_RISK)
    # The same review page open in a second tab, as after a slow first tap.
    second_tab = phone.new_page()
    second_tab.goto(page.url)
    page.get_by_role("button", name="Kirim jawaban").dblclick()
    expect(page).to_have_url(re.compile(r"/skrining/hasil$"))
    press(second_tab, "Kirim jawaban")
    expect(second_tab).to_have_url(re.compile(r"/skrining/hasil$"))

    [stored] = stored_responses(live_make, officer["id"])
    assert stored["status"] == "submitted"
    referrals = list(live_make.db["referral"].rows_where("officer_id = ?", [officer["id"]]))
    assert len(referrals) == 1
    expect(second_tab.get_by_text(referrals[0]["number"])).to_be_visible()


def test_a_form_left_open_for_hours_still_submits(page, live_app, new_officer_link, monkeypatch):
    assert live_app.config["WTF_CSRF_TIME_LIMIT"] is None
    _officer, link, _nik, _code = new_officer_link()
    page.goto(link)
    agree(page)
    fill_form(page, HEALTHY)
    # The review page (its CSRF token and the session cookie) as it was served six hours ago:
    # signatures made now carry a timestamp six hours old; checking them still uses the real time.
    real_sign, real_time = TimestampSigner.sign, TimestampSigner.get_timestamp

    def sign_six_hours_ago(self, value):
        self.get_timestamp = lambda: real_time(self) - 6 * 3600
        try:
            return real_sign(self, value)
        finally:
            del self.get_timestamp

    monkeypatch.setattr(TimestampSigner, "sign", sign_six_hours_ago)
    page.reload()
    monkeypatch.undo()
    token = page.locator('main input[name="csrf_token"]').input_value()
    serializer = URLSafeTimedSerializer(live_app.secret_key, salt="wtf-csrf-token")
    with pytest.raises(SignatureExpired):
        serializer.loads(token, max_age=3600)  # a one-hour limit would have refused it
    submit_and_see_result(page)


@pytest.mark.parametrize(
    ("case", "answers", "officer_fields", "expected"),
    [
        ("tidak-berisiko", HEALTHY, {}, ["Tidak berisiko"]),
        (
            "berisiko-rujukan",
            AT_RISK,
            {"fktp": True},
            ["Berisiko", "Rujukan ke FKTP", "paling lambat", "KTP", "kartu JKN"],
        ),
        ("tanda-bahaya", RED_FLAG, {"fktp": True}, ["PENTING", "Telepon 119"]),
        (
            "jkn-tidak-aktif",
            HEALTHY,
            {"jkn_status": "tidak_aktif"},
            ["JKN Anda tidak aktif", "sekretariat PPS", "Care Center 165"],
        ),
        (
            "tanpa-fktp",
            AT_RISK,
            {"nearby": True},
            ["Anda belum tercatat di FKTP mana pun", "Puskesmas di kecamatan Anda"],
        ),
    ],
)
def test_the_result_opened_again_with_the_same_link_says_what_to_do(
    case,
    answers,
    officer_fields,
    expected,
    page,
    live_app,
    live_server,
    live_make,
    screened_officer,
    screenshots,
    serious_violations,
):
    fields = dict(officer_fields)
    fktp = live_make.fktp() if fields.pop("fktp", False) else None
    if fktp:
        fields["fktp_code"] = fktp["code"]
    nearby = live_make.fktp() if fields.pop("nearby", False) else None
    officer, _response = screened_officer(answers, **fields)
    token = access.link_token(live_app.config["ACCESS_KEY"].encode(), officer["id"], 1)

    page.goto(f"{live_server}/s/{token}")  # days later, the same personal link
    expect(page).to_have_url(re.compile(r"/skrining/hasil$"))
    for text in expected:
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    expect(page.get_by_text("bukan diagnosis").first).to_be_visible()
    expect(page.get_by_text("tidak memengaruhi pengangkatan").first).to_be_visible()
    for place in (fktp, nearby):
        if place:
            expect(page.get_by_text(place["name"])).to_be_visible()
    if case == "tanda-bahaya":
        expect(page.get_by_role("alert")).to_contain_text("119")
        expect(page.get_by_role("link", name="Telepon 119")).to_have_attribute("href", "tel:119")
    else:
        expect(page.get_by_role("link", name="Telepon 119")).to_have_count(0)
    page.screenshot(path=screenshots / f"result-{case}.png", full_page=True)
    assert serious_violations(page) == []
