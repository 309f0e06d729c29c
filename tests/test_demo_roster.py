import json
import time
from collections import Counter, defaultdict
from datetime import date

import pytest

from screening.demo import generate_roster, load_city
from screening.demo.city import CityDataError
from screening.demo.roster import ROLES
from screening.nik import age_on, parse_nik
from screening.store.officers import ROSTER_FIELDS

POLLING_DAY = date(2029, 2, 14)


@pytest.fixture(scope="module")
def city():
    return load_city()


@pytest.fixture(scope="module")
def roster(city):
    return generate_roster(city, polling_day=POLLING_DAY)


def test_city_has_27_kelurahan_in_4_kecamatan_with_unique_codes(city):
    assert [k.code for k in city.kecamatan] == ["337501", "337502", "337503", "337504"]
    assert len(city.kelurahan) == 27
    assert len({k.code for k in city.kelurahan}) == 27
    assert [len(city.kelurahan_in(k.code)) for k in city.kecamatan] == [7, 7, 7, 6]
    for kel in city.kelurahan:
        assert len(kel.code) == 10
        assert kel.code.startswith(kel.kecamatan_code + "1")


def test_city_has_881_tps(city):
    assert city.tps_count == 881


def test_every_kelurahan_is_served_by_one_puskesmas_of_its_kecamatan(city):
    for kel in city.kelurahan:
        puskesmas = city.puskesmas_for(kel.code)
        assert puskesmas.kind == "puskesmas"
        assert puskesmas.kecamatan_code == kel.kecamatan_code


def test_fktp_codes_are_unique_and_8_characters(city):
    codes = [f.code for f in city.fktp]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 8 for code in codes)
    assert Counter(f.kind for f in city.fktp)["puskesmas"] == 14


def test_every_fktp_has_a_phone_number_a_tel_link_can_dial(city):
    from screening.contact import dial_number

    for fktp in city.fktp:
        assert fktp.phone, fktp.name
        assert 9 <= len(dial_number(fktp.phone)) <= 15, fktp.phone
    assert len({f.phone for f in city.fktp}) == len(city.fktp)


def test_an_fktp_phone_that_is_not_a_number_fails_at_load(tmp_path):
    bad = tmp_path / "city.yaml"
    bad.write_text(
        """
name: Kota Contoh
code: "3375"
kecamatan:
  - code: "337501"
    name: Barat
    kelurahan:
      - {code: "3375011001", name: Satu, tps: 1}
fktp:
  - {code: "11250101", name: Puskesmas Satu, kind: puskesmas, kelurahan: "3375011001",
     phone: "hubungi kami", address: "Jl. Satu", serves: ["3375011001"]}
""",
        encoding="utf-8",
    )
    with pytest.raises(CityDataError, match=r"Puskesmas Satu: phone 'hubungi kami'"):
        load_city(bad)


def test_inconsistent_city_data_fails_at_load_with_the_file_name(tmp_path):
    bad = tmp_path / "city.yaml"
    bad.write_text(
        """
name: Kota Contoh
code: "3375"
kecamatan:
  - code: "337501"
    name: Barat
    kelurahan:
      - {code: "3375011001", name: Satu, tps: 1}
fktp:
  - {code: "11250101", name: Puskesmas Dua, kind: puskesmas, kelurahan: "3375011001",
     address: "Jl. Dua", serves: ["3375019999"]}
""",
        encoding="utf-8",
    )
    with pytest.raises(CityDataError, match=r"city\.yaml: .*unknown kelurahan '3375019999'"):
        load_city(bad)


def test_roster_has_8123_officers(roster):
    assert len(roster) == 8123


def test_roster_counts_by_role(roster):
    counts = Counter(o["role"] for o in roster)
    assert counts == {
        "KPPS": 881 * 7,
        "Linmas": 881 * 2,
        "PPS": 27 * 3,
        "Sekretariat PPS": 27 * 3,
        "PPK": 4 * 5,
        "Sekretariat PPK": 4 * 3,
    }
    assert counts["KPPS"] + counts["Linmas"] == 7929
    assert sum(n for role, n in counts.items() if role not in ("KPPS", "Linmas")) == 194
    assert set(counts) == set(ROLES)


def test_roster_is_deterministic_byte_for_byte(city, roster):
    again = generate_roster(load_city(), polling_day=POLLING_DAY)
    assert json.dumps(again) == json.dumps(roster)


def test_another_seed_gives_another_roster(city, roster):
    assert generate_roster(city, polling_day=POLLING_DAY, seed=7) != roster


def test_every_officer_has_exactly_the_roster_fields(roster):
    assert all(tuple(o) == ROSTER_FIELDS for o in roster)


def test_every_nik_is_valid_and_matches_the_officer(roster):
    for officer in roster:
        nik = parse_nik(officer["nik"], polling_day=POLLING_DAY)
        assert nik.region == officer["kecamatan_code"]
        assert nik.birth_date.isoformat() == officer["birth_date"]
        assert nik.sex == officer["sex"]


def test_niks_are_unique(roster):
    assert len({o["nik"] for o in roster}) == len(roster)


def test_ages_are_in_the_officer_window_and_mostly_20_to_45(roster):
    ages = [age_on(date.fromisoformat(o["birth_date"]), POLLING_DAY) for o in roster]
    assert min(ages) >= 17
    assert max(ages) <= 55
    assert sum(20 <= age <= 45 for age in ages) / len(ages) > 0.6


def test_officers_belong_to_a_kelurahan_of_their_kecamatan(city, roster):
    kecamatan_of = {k.code: k.kecamatan_code for k in city.kelurahan}
    for officer in roster:
        assert kecamatan_of[officer["kelurahan_code"]] == officer["kecamatan_code"]


def test_tps_are_numbered_from_1_without_gaps_inside_each_kelurahan(city, roster):
    tps_by_kelurahan = defaultdict(Counter)
    for officer in roster:
        if officer["role"] in ("KPPS", "Linmas"):
            tps_by_kelurahan[officer["kelurahan_code"]][officer["tps"]] += 1
        else:
            assert officer["tps"] is None
    for kel in city.kelurahan:
        staff = tps_by_kelurahan[kel.code]
        assert sorted(staff) == list(range(1, kel.tps_count + 1))
        assert set(staff.values()) == {9}


def test_both_sexes_are_well_represented(roster):
    share_of_women = sum(o["sex"] == "P" for o in roster) / len(roster)
    assert 0.25 < share_of_women < 0.5


@pytest.mark.parametrize(
    ("status", "target"), [("aktif", 0.80), ("tidak_aktif", 0.12), ("belum_terdaftar", 0.08)]
)
def test_jkn_status_mix_is_near_its_target(roster, status, target):
    share = sum(o["jkn_status"] == status for o in roster) / len(roster)
    assert share == pytest.approx(target, abs=0.02)


def test_jkn_number_and_fktp_only_for_officers_registered_with_jkn(city, roster):
    fktp_codes = {f.code for f in city.fktp}
    for officer in roster:
        if officer["jkn_status"] == "belum_terdaftar":
            assert officer["jkn_number"] is None
            assert officer["fktp_code"] is None
        else:
            assert len(officer["jkn_number"]) == 13
            assert officer["jkn_number"].isdigit()
            assert officer["fktp_code"] is None or officer["fktp_code"] in fktp_codes
    registered = [o for o in roster if o["jkn_status"] != "belum_terdaftar"]
    without_fktp = sum(o["fktp_code"] is None for o in registered) / len(registered)
    assert without_fktp == pytest.approx(0.05, abs=0.02)


def test_most_officers_are_registered_at_their_kelurahan_puskesmas(city, roster):
    at_own = sum(
        o["fktp_code"] == city.puskesmas_for(o["kelurahan_code"]).code for o in roster
    ) / len(roster)
    assert at_own > 0.8


def test_jkn_numbers_and_phones_are_unique_and_plausible(roster):
    jkn = [o["jkn_number"] for o in roster if o["jkn_number"]]
    assert len(jkn) == len(set(jkn))
    phones = [o["phone"] for o in roster]
    assert len(phones) == len(set(phones))
    assert all(p.startswith("08") and p.isdigit() and 11 <= len(p) <= 13 for p in phones)


def test_bpjs_ketenagakerjaan_status_is_one_of_three(roster):
    statuses = Counter(o["bpjs_tk_status"] for o in roster)
    assert set(statuses) == {"aktif", "tidak_aktif", "belum_terdaftar"}


def test_names_look_natural_and_vary(roster):
    names = [o["name"] for o in roster]
    assert all(1 <= len(name.split()) <= 3 for name in names)
    assert all(part[0].isupper() for name in names for part in name.split())
    assert len(set(names)) > len(names) / 4


def test_generation_takes_well_under_two_seconds(city):
    started = time.perf_counter()
    generate_roster(city, polling_day=POLLING_DAY)
    assert time.perf_counter() - started < 2
