"""/kpu/terlambat/: the area operators' list of referrals past their deadline, officer not seen."""

from datetime import timedelta

from screening.clock import today_wib
from tests.clinic.conftest import ROUTINE, URGENT
from tests.factories import sign_in_staff


def _referred(make, answers, *, days_past: int, **fields):
    _, _, referral = make.screened_officer(answers, **fields)
    deadline = (today_wib() - timedelta(days=days_past)).isoformat()
    make.db.execute("UPDATE referral SET deadline = ? WHERE id = ?", [deadline, referral["id"]])
    make.db.conn.commit()
    return referral


def test_overdue_referrals_are_listed_with_a_whatsapp_link_and_no_health_data(
    client, make, sign_in
):
    late = _referred(make, URGENT, days_past=3, name="Siti Terlambat", phone="0812-3456-7890")
    on_time = _referred(make, ROUTINE, days_past=-2, name="Budi Masih Sempat")
    sign_in("kpu")
    page = client.get("/kpu/terlambat/").text
    assert "Siti Terlambat" in page
    assert late["number"] in page
    assert "terlambat 3 hari" in page
    assert 'href="https://wa.me/6281234567890"' in page
    assert "Budi Masih Sempat" not in page
    assert on_time["number"] not in page
    # Status only: no urgency, no reason, no condition.
    for word in ("Hari ini", "hari_ini", "Darurat", "Tekanan darah", "Hipertensi", "185"):
        assert word not in page


def test_a_seen_officer_leaves_the_overdue_list(client, db, make, sign_in):
    referral = _referred(make, ROUTINE, days_past=3, name="Ani Sudah Diperiksa")
    staff = sign_in("kpu")
    from screening.store import referrals

    referrals.change_status(
        db, referral["id"], expected="baru", to="diperiksa", staff_id=staff["id"], now="2029-01-01"
    )
    assert "Ani Sudah Diperiksa" not in client.get("/kpu/terlambat/").text


def test_a_ppk_operator_sees_only_their_own_kecamatan(client, db, make):
    from screening.store import regions

    make.region()
    regions.upsert_kecamatan(db, [{"code": "337502", "name": "Pekalongan Timur"}])
    _referred(make, ROUTINE, days_past=1, name="Petugas Kecamatanku")
    _referred(make, ROUTINE, days_past=1, name="Petugas Lain", kecamatan_code="337502")
    ppk = make.staff(role="ppk", totp=True)
    db.execute("UPDATE staff SET area_code = '337501' WHERE id = ?", [ppk["id"]])
    db.conn.commit()
    sign_in_staff(client, make, ppk)
    page = client.get("/kpu/terlambat/").text
    assert "Petugas Kecamatanku" in page
    assert "Petugas Lain" not in page
    # Asking for another kecamatan is asking for what is not theirs: not found.
    assert client.get("/kpu/terlambat/?kecamatan=337502").status_code == 404


def test_the_area_filter_narrows_the_list(client, make, sign_in):
    _referred(make, ROUTINE, days_past=1, name="Petugas TPS Satu", tps=1)
    _referred(make, ROUTINE, days_past=1, name="Petugas TPS Dua", tps=2)
    sign_in("kpu")
    page = client.get("/kpu/terlambat/?tps=2").text
    assert "Petugas TPS Dua" in page
    assert "Petugas TPS Satu" not in page


def test_a_pps_operator_sees_only_their_own_kelurahan(client, db, make):
    from screening.store import regions

    make.region()
    regions.upsert_kelurahan(
        db,
        [{"code": "3375011003", "name": "Podosugih", "kecamatan_code": "337501", "tps_count": 9}],
    )
    _referred(make, ROUTINE, days_past=1, name="Petugas Medono")
    _referred(make, ROUTINE, days_past=1, name="Petugas Podosugih", kelurahan_code="3375011003")
    pps = make.staff(role="pps", totp=True)
    db.execute("UPDATE staff SET area_code = '3375011002' WHERE id = ?", [pps["id"]])
    db.conn.commit()
    sign_in_staff(client, make, pps)
    page = client.get("/kpu/terlambat/").text
    assert "Petugas Medono" in page
    assert "Petugas Podosugih" not in page
    assert client.get("/kpu/terlambat/?kelurahan=3375011003").status_code == 404


def test_the_staff_home_links_to_the_overdue_list(client, sign_in):
    sign_in("kpu")
    assert 'href="/kpu/terlambat/"' in client.get("/staf/").text
