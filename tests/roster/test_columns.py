"""Header variants as KPU exports and operators write them."""

import pytest

from screening.roster.columns import field_for, header_key, map_columns


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIK", "nik"),
        ("nik", "nik"),
        (" N.I.K ", "nik"),
        ("No. NIK", "nik"),
        ("Nomor Induk Kependudukan", "nik"),
        ("No KTP", "nik"),
        ("Nama", "name"),
        ("NAMA LENGKAP", "name"),
        ("Nama Petugas", "name"),
        ("Tanggal Lahir", "birth_date"),
        ("Tgl Lahir", "birth_date"),
        ("Tgl. Lahir", "birth_date"),
        ("Tanggal Lahir (DD-MM-YYYY)", "birth_date"),
        ("Tempat, Tanggal Lahir", "birth_date"),
        ("TTL", "birth_date"),
        ("Jenis Kelamin", "sex"),
        ("JK", "sex"),
        ("L/P", "sex"),
        ("Jns Kelamin", "sex"),
        ("Jabatan", "role"),
        ("Jabatan*", "role"),
        ("Peran", "role"),
        ("TPS", "tps"),
        ("No. TPS", "tps"),
        ("Nomor TPS", "tps"),
        ("Kelurahan/Desa", "kelurahan"),
        ("Kel/Desa", "kelurahan"),
        ("Kelurahan", "kelurahan"),
        ("Desa", "kelurahan"),
        ("Desa/Kelurahan", "kelurahan"),
        ("Kecamatan", "kecamatan"),
        ("Kec.", "kecamatan"),
        ("No HP", "phone"),
        ("No. HP", "phone"),
        ("Nomor HP", "phone"),
        ("No Handphone", "phone"),
        ("NoHP", "phone"),
        ("No. HP/WA", "phone"),
        ("No Telp", "phone"),
        ("No JKN", "jkn_number"),
        ("Nomor Kartu JKN/KIS", "jkn_number"),
        ("No. BPJS Kesehatan", "jkn_number"),
        ("Status JKN", "jkn_status"),
        ("Status BPJS Kesehatan", "jkn_status"),
        ("Kode FKTP", "fktp_code"),
        ("Kode Faskes", "fktp_code"),
        ("FKTP", "fktp_code"),
        ("Faskes Tk 1", "fktp_code"),
        ("Status BPJS Ketenagakerjaan", "bpjs_tk_status"),
        ("Status BPJS TK", "bpjs_tk_status"),
        ("BPJamsostek", "bpjs_tk_status"),
        ("Alamat", None),
        ("", None),
    ],
)
def test_header_variants_map_to_their_field(header, field):
    assert field_for(header) == field


def test_header_key_drops_case_punctuation_and_parentheses():
    assert header_key("  Tgl.  LAHIR (dd/mm/yyyy) * ") == "tanggal lahir"
    assert header_key("No.\u00a0HP") == "no hp"


def test_map_columns_reports_unknown_and_repeated_columns_and_ignores_common_extras():
    columns = map_columns(["No", "NIK", "Nama", "Warna Favorit", "Kelurahan", "Desa", "Alamat"])
    assert columns.columns == {"nik": 1, "name": 2, "kelurahan": 4}
    assert columns.unknown == ["Warna Favorit"]
    assert columns.repeated == ["Desa"]


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["NIK", "Nama", "Jabatan", "Kecamatan"], []),
        (["NIK", "Nama", "Jabatan", "Kel/Desa"], []),
        (["NIK", "Nama", "Jabatan"], ["kelurahan"]),
        (["Nama", "Kelurahan"], ["nik", "role"]),
    ],
)
def test_required_columns_are_nik_name_role_and_a_place(header, missing):
    assert map_columns(header).missing == missing
