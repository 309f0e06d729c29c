"""One rule for WhatsApp numbers, used by the KPU link workbook (here) and the clinician's
referral page (tests/clinic/test_referral_pages.py, which asserts its wa.me link)."""

from urllib.parse import quote, unquote

import pytest

from screening.contact import whatsapp_number
from screening.officers import links


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("081234567890", "6281234567890"),
        ("0812-3456-7890", "6281234567890"),
        ("+62 812-3456-7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("08123456789012", "628123456789012"),  # 15 digits: the longest mobile number
        ("0285 421234", None),  # a landline: no WhatsApp link
        ("+1 415 555 0100", None),  # not Indonesian
        ("0812345", None),  # too short to be a number
        ("0812345678901234", None),  # too long
        ("", None),
        (None, None),
    ],
)
def test_an_indonesian_mobile_number_becomes_628_and_anything_else_none(phone, expected):
    assert whatsapp_number(phone) == expected


def _link_row(phone):
    officer = {
        "id": 7,
        "name": "Siti",
        "role": "KPPS",
        "tps": 3,
        "kelurahan_name": "Kergon",
        "phone": phone,
        "access_version": 1,
    }
    rows = links.link_rows(
        [officer], key=b"k" * 32, link_for=lambda token: f"https://x/s/{token}", sign_in_url="x"
    )
    return rows[0]


@pytest.mark.parametrize("phone", ["081234567890", "+62 812 3456 7890", "6281234567890"])
def test_the_link_workbook_gives_every_way_of_writing_a_mobile_the_same_whatsapp_link(phone):
    assert _link_row(phone)["whatsapp"].startswith("https://wa.me/6281234567890?text=")


def test_the_link_workbook_gives_a_landline_no_whatsapp_link():
    assert _link_row("0285 421234")["whatsapp"] == ""


@pytest.mark.parametrize("name", ["Siti", "Ñoman & Sons / 50% = ?", "Dewi 'Ayu' #1 😀", "{name}"])
def test_the_whatsapp_link_carries_exactly_the_message_whatever_the_name(name):
    """The link's text is the message percent-encoded (the fixed text is encoded once, the
    fields per officer): decoded, it is the message, whatever the name holds."""
    officer = {"id": 7, "name": name, "role": "KPPS", "tps": 3, "kelurahan_name": "Kergon"}
    rows = links.link_rows(
        [{**officer, "phone": "081234567890", "access_version": 1}],
        key=b"k" * 32,
        link_for=lambda token: f"https://x/s/{token}?a=1&b=2",
        sign_in_url="https://x/masuk",
    )
    text = rows[0]["whatsapp"].removeprefix("https://wa.me/6281234567890?text=")
    assert text == quote(rows[0]["message"])
    assert unquote(text) == rows[0]["message"]
    assert name in rows[0]["message"]
