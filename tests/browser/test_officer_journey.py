"""The officer's journey as a person on a small phone: from the personal link (or NIK and code)
through consent and every page of the form to the result, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from tests.test_screening_journey import HEALTHY

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

    assert {name: v for name, v in found.items() if v} == {}
    assert len([name for name in found if name.startswith("step")]) >= 8
