import re
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from screening.nik import (
    MSG_AGE,
    MSG_BIRTH_DATE,
    MSG_DISTRICT,
    MSG_EMPTY,
    MSG_LENGTH,
    MSG_NOT_DIGITS,
    MSG_PROVINCE,
    MSG_REGENCY,
    MSG_SERIAL,
    PROVINCES,
    Nik,
    NikError,
    make_nik,
    mask_nik,
    normalise_nik,
    parse_nik,
)

POLLING_DAY = date(2029, 2, 14)
# Hypothesis keeps no example database in the shared checkout.
PROPERTY = settings(max_examples=300, database=None)


def parse(text, **kwargs):
    return parse_nik(text, polling_day=POLLING_DAY, **kwargs)


@pytest.mark.parametrize(
    ("text", "msgid", "params"),
    [
        ("", MSG_EMPTY, {}),
        ("   ", MSG_EMPTY, {}),
        (" - . ", MSG_EMPTY, {}),
        ("3375-", MSG_LENGTH, {"count": 4}),
        ("337501170890000", MSG_LENGTH, {"count": 15}),
        ("33750117089000011", MSG_LENGTH, {"count": 17}),
        ("3375O11708900001", MSG_NOT_DIGITS, {}),
        ("3375011708900001x", MSG_NOT_DIGITS, {}),
        ("3375/0117/0890/0001", MSG_NOT_DIGITS, {}),
        ("NIK 3375011708900001", MSG_NOT_DIGITS, {}),
        ("３３７５０１１７０８９００００１", MSG_NOT_DIGITS, {}),  # full-width digits
        ("٣٣٧٥٠١١٧٠٨٩٠٠٠٠١", MSG_NOT_DIGITS, {}),  # Arabic-Indic digits
        ("0075011708900001", MSG_PROVINCE, {"code": "00"}),
        ("2075011708900001", MSG_PROVINCE, {"code": "20"}),
        ("9775011708900001", MSG_PROVINCE, {"code": "97"}),
        ("3300011708900001", MSG_REGENCY, {"code": "00"}),
        ("3375001708900001", MSG_DISTRICT, {"code": "00"}),
        ("3375010008900001", MSG_BIRTH_DATE, {"ddmmyy": "000890"}),
        ("3375013208900001", MSG_BIRTH_DATE, {"ddmmyy": "320890"}),
        ("3375014008900001", MSG_BIRTH_DATE, {"ddmmyy": "400890"}),  # woman, day 0
        ("3375017208900001", MSG_BIRTH_DATE, {"ddmmyy": "720890"}),  # woman, day 32
        ("3375011700900001", MSG_BIRTH_DATE, {"ddmmyy": "170090"}),
        ("3375011713900001", MSG_BIRTH_DATE, {"ddmmyy": "171390"}),
        ("3375013102900001", MSG_BIRTH_DATE, {"ddmmyy": "310290"}),
        ("3375012902010001", MSG_BIRTH_DATE, {"ddmmyy": "290201"}),  # 1901 and 2001 not leap
        ("3375011502120001", MSG_AGE, {"min_age": 17, "max_age": 55}),  # 16 on polling day
        ("3375011402730001", MSG_AGE, {"min_age": 17, "max_age": 55}),  # 56 on polling day
        ("3375010101600001", MSG_AGE, {"min_age": 17, "max_age": 55}),  # 1960 or 2060
        ("3375011708900000", MSG_SERIAL, {}),
    ],
)
def test_invalid_nik_is_refused_with_its_reason(text, msgid, params):
    with pytest.raises(NikError) as excinfo:
        parse(text)
    assert excinfo.value.msgid == msgid
    assert excinfo.value.params == params


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "3375011708900001",
            Nik("3375011708900001", "33", "75", "01", date(1990, 8, 17), "L", "0001"),
        ),
        (
            "3375015708900002",  # woman: day 57 = 17 + 40
            Nik("3375015708900002", "33", "75", "01", date(1990, 8, 17), "P", "0002"),
        ),
        (
            "3375047112990123",  # woman born on the 31st
            Nik("3375047112990123", "33", "75", "04", date(1999, 12, 31), "P", "0123"),
        ),
        (
            "3375010101059999",  # '05' is 2005, not 1905
            Nik("3375010101059999", "33", "75", "01", date(2005, 1, 1), "L", "9999"),
        ),
        (
            "3375012902000001",  # 29 February exists in 2000 (but not in 1900)
            Nik("3375012902000001", "33", "75", "01", date(2000, 2, 29), "L", "0001"),
        ),
        (
            "6571014103850003",  # Kalimantan Utara
            Nik("6571014103850003", "65", "71", "01", date(1985, 3, 1), "P", "0003"),
        ),
    ],
)
def test_valid_nik_is_parsed_into_its_parts(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("province", ["65", "91", "92", "93", "94", "95", "96"])
def test_newer_province_codes_are_accepted(province):
    nik = parse(f"{province}01010101800001")
    assert nik.province == province
    assert nik.birth_date == date(1980, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "3375 0117 0890 0001",
        "3375.0117.0890.0001",
        "3375-0117-0890-0001",
        "  3375011708900001\n",
        "3375\u00a00117\u00a00890\u00a00001",  # no-break spaces from a spreadsheet
        "3375–0117–0890–0001",  # en dashes from a phone's autocorrect
    ],
)
def test_spaces_dots_and_dashes_people_type_are_ignored(text):
    assert parse(text).nik == "3375011708900001"
    assert normalise_nik(text) == "3375011708900001"


@pytest.mark.parametrize(
    ("text", "birth_date"),
    [
        ("3375011402120001", date(2012, 2, 14)),  # 17 exactly on polling day
        ("3375011502730001", date(1973, 2, 15)),  # 55, turning 56 the next day
        ("3375015402120001", date(2012, 2, 14)),  # same for a woman
    ],
)
def test_century_is_resolved_at_the_edges_of_the_age_window(text, birth_date):
    assert parse(text).birth_date == birth_date


def test_age_window_is_a_parameter():
    with pytest.raises(NikError) as excinfo:
        parse("3375011402120001", min_age=18)
    assert excinfo.value.params == {"min_age": 18, "max_age": 55}
    assert parse("3375011402730001", max_age=56).birth_date == date(1973, 2, 14)


def test_age_counts_29_february_birthdays_from_1_march():
    # Born 29 Feb 2012: on 28 Feb 2029 still 16, from 1 Mar 2029 17.
    with pytest.raises(NikError):
        parse_nik("3375012902120001", polling_day=date(2029, 2, 28))
    nik = parse_nik("3375012902120001", polling_day=date(2029, 3, 1))
    assert nik.birth_date == date(2012, 2, 29)


def test_error_text_is_the_indonesian_message_with_its_params():
    with pytest.raises(NikError) as excinfo:
        parse("337501170890000")
    assert str(excinfo.value) == "NIK harus 16 angka; yang diisi 15 angka."
    assert excinfo.value.msgid % excinfo.value.params == str(excinfo.value)


def test_region_is_the_kecamatan_code():
    assert parse("3375041708900001").region == "337504"


def test_mask_shows_only_region_and_last_two_digits():
    assert mask_nik("3375011708900001") == "337501********01"
    assert mask_nik("3375 0117 0890 0001") == "337501********01"


def test_mask_refuses_what_is_not_a_nik():
    with pytest.raises(NikError):
        mask_nik("12345")


def test_make_nik_adds_40_to_a_womans_day():
    assert make_nik("337501", date(1990, 8, 17), "P", 2) == "3375015708900002"
    assert make_nik("337501", date(1990, 8, 17), "L", 2) == "3375011708900002"


@pytest.mark.parametrize(
    ("region6", "sex", "serial"),
    [("33750", "L", 1), ("33750a", "L", 1), ("337501", "X", 1), ("337501", "L", 0)],
)
def test_make_nik_refuses_bad_parts(region6, sex, serial):
    with pytest.raises(ValueError, match="must be"):
        make_nik(region6, date(1990, 1, 1), sex, serial)


def officer_age(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@PROPERTY
@given(
    province=st.sampled_from(sorted(PROVINCES)),
    regency=st.integers(1, 99),
    district=st.integers(1, 99),
    polling_day=st.dates(date(2019, 1, 1), date(2090, 12, 31)),
    days_old=st.integers(16 * 365, 57 * 366),
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(1, 9999),
)
def test_make_then_parse_round_trips_inside_the_age_window(
    province, regency, district, polling_day, days_old, sex, serial
):
    born = date.fromordinal(polling_day.toordinal() - days_old)
    assume(17 <= officer_age(born, polling_day) <= 55)
    region6 = f"{province}{regency:02d}{district:02d}"
    nik = parse_nik(make_nik(region6, born, sex, serial), polling_day=polling_day)
    assert nik.region == region6
    assert nik.birth_date == born
    assert nik.sex == sex
    assert int(nik.serial) == serial


@PROPERTY
@given(
    polling_day=st.dates(date(2019, 1, 1), date(2090, 12, 31)),
    # Up to 99 years: a century older, the two-digit year fits the window again.
    days_old=st.integers(0, 99 * 365),
)
def test_birth_date_outside_the_age_window_is_refused_for_age(polling_day, days_old):
    born = date.fromordinal(polling_day.toordinal() - days_old)
    assume(not 17 <= officer_age(born, polling_day) <= 55)
    with pytest.raises(NikError) as excinfo:
        parse_nik(make_nik("337501", born, "L", 1), polling_day=polling_day)
    assert excinfo.value.msgid == MSG_AGE


SEPARATORS = re.compile(r"[\s.\-\u2010-\u2014\u2212]")


@PROPERTY
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789 .-", max_size=24),
        st.from_regex(r"\A[0-9]{0,15}\Z"),
        st.from_regex(r"\A[0-9]{17,20}\Z"),
    )
)
def test_anything_but_16_digits_is_refused_with_nik_error(text):
    assume(not re.fullmatch(r"[0-9]{16}", SEPARATORS.sub("", text)))
    with pytest.raises(NikError):
        parse(text)


@PROPERTY
@given(st.one_of(st.text(), st.from_regex(r"\A[0-9]{16}\Z")))
def test_parse_never_raises_anything_but_nik_error(text):
    try:
        nik = parse(text)
    except NikError:
        return
    assert re.fullmatch(r"[0-9]{16}", nik.nik)
