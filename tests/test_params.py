"""One way to read numbers, days, codes, free text and return addresses from a request."""

from datetime import date

import pytest

from screening import values
from screening.web import params

# What `str.isdigit()` lets through and `int()` or SQLite refuses, and other things no person types.
NOT_A_NUMBER = [
    None,
    "",
    " ",
    "²",
    "٣",
    "-1",
    "+5",
    "0",
    "1.5",
    "1e3",
    "1_000",
    "99999999999999999999",
    str(2**63),
    "9" * 10_000,
    "1\r\n",
    "1\x00",
    "ABCDEé",
    ["1"],
]


@pytest.mark.parametrize("value", NOT_A_NUMBER)
def test_positive_int_refuses_anything_but_ascii_digits_within_bounds(value):
    assert values.positive_int(value) is None


@pytest.mark.parametrize(
    ("value", "at_most", "expected"),
    [
        ("1", None, 1),
        (" 42 ", None, 42),
        ("007", None, 7),
        (str(2**63 - 1), None, 2**63 - 1),
        ("999", values.MAX_TPS, 999),
        ("1000", values.MAX_TPS, None),
    ],
)
def test_positive_int_reads_whole_numbers_up_to_the_bound(value, at_most, expected):
    bound = {} if at_most is None else {"at_most": at_most}
    assert values.positive_int(value, **bound) == expected


@pytest.mark.parametrize("value", NOT_A_NUMBER)
def test_a_page_that_is_not_one_is_the_first(value):
    assert params.page({"halaman": value}) == 1


def test_a_page_is_read_up_to_its_bound():
    assert params.page({"halaman": "3"}) == 3
    assert params.page({}) == 1
    assert params.page({"halaman": str(params.MAX_PAGE + 1)}) == 1


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "2024-02-30",
        "9999-12-31",
        "0001-01-01",
        "2024-1-1",
        "١٢٣٤-٠١-٠١",
        "2024-01-01\n",
        "2024-01-01T00:00",
        "20240101",
        "9" * 10_000,
        "2024-01-01\x00",
    ],
)
def test_day_refuses_what_is_not_a_plain_day_within_bounds(value):
    assert values.day(value) is None


def test_day_reads_the_iso_form_date_inputs_send():
    assert values.day("2029-02-14") == date(2029, 2, 14)
    assert values.day(" 2029-02-14 ") == date(2029, 2, 14)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("337501", "337501"),
        (" 337501 ", "337501"),
        ("33750", None),
        ("3375011", None),
        ("٣٣٧٥٠١", None),
        ("33750²", None),
        ("3375\x0001", None),
        ("337501\n", None),
        (None, None),
        ("", None),
    ],
)
def test_code_is_exactly_its_length_in_its_alphabet(value, expected):
    assert values.code(value, values.DIGITS, 6) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Siti  Aminah ", "Siti Aminah"),
        ("Siti\r\nAminah\x00", "Siti Aminah"),
        ("²", "²"),
        ("", None),
        ("\x00\r\n", None),
        (None, None),
        (["Siti"], None),
        ("é" * 10_000, "é" * 64),
    ],
)
def test_text_is_cleaned_of_control_characters_and_cut(value, expected):
    assert values.text(value, max_length=64) == expected


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "staf/",
        "/\r\nSet-Cookie: x=1",
        "/staf/\x00",
        "/" + "a" * 10_000,
        "javascript:alert(1)",
    ],
)
def test_safe_next_refuses_other_sites_and_header_injection(target):
    assert params.safe_next(target) is None


@pytest.mark.parametrize("target", ["/", "/staf/", "/kpu/petugas/?kelurahan=3375011002&tps=3"])
def test_safe_next_keeps_paths_on_this_site(target):
    assert params.safe_next(target) == target


@pytest.mark.parametrize(
    "segment", ["99999999999999999999", str(2**63), "%D9%A3", "%C2%B2", "9" * 5000, "-1"]
)
def test_an_id_no_row_can_have_is_not_found(client, sign_in, segment):
    sign_in("admin")
    response = client.get(f"/admin/staf/{segment}/kata-sandi")
    assert response.status_code == 404


def test_ids_within_range_still_route(client, sign_in):
    admin = sign_in("admin")
    assert client.get(f"/admin/staf/{admin['id']}/kata-sandi").status_code == 200
    assert client.get(f"/admin/staf/{2**63 - 1}/kata-sandi").status_code == 404
