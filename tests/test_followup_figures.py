"""The follow-up loop's figures: per FKTP for Dinkes (counts only, small numbers suppressed) and
per area on KPU's coverage page: referred, seen, overdue, seen by the deadline, median days from
referral to visit, fitness outcomes, messages sent and failed, officers who opted out."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from screening import followup_figures
from screening.store import followup_stats, followups, referrals
from screening.web import coverage_parts
from tests.clinic.conftest import ROUTINE

TODAY = date(2026, 11, 20)
CREATED = "2026-11-01T02:00:00+00:00"  # 1 November, 09.00 WIB
DEADLINE = "2026-11-10"


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, "<5"), (2, "<5"), (4, "<5"), (5, 5), (6, 6), (120, 120)]
)
def test_counts_from_one_to_four_are_suppressed_zero_and_five_up_are_shown(count, shown):
    assert followup_figures.suppress(count) == shown


@pytest.mark.parametrize(
    ("histogram", "median"),
    [
        ({}, None),
        ({3: 1}, 3.0),
        ({1: 1, 5: 1}, 3.0),
        ({0: 2, 10: 1}, 0.0),
        ({2: 1, 4: 2, 9: 1}, 4.0),
        ({2: 1, 4: 1, 10: 1, 11: 1}, 7.0),
        ({1: 1, 2: 1}, 1.5),
    ],
)
def test_median_days_from_the_histogram_of_days_to_visit(histogram, median):
    assert followup_figures.median_days(histogram) == median


def test_share_seen_by_deadline_counts_only_decided_referrals():
    assert followup_figures.share_seen_by_deadline({"seen_by_deadline": 2, "decided": 5}) == 40
    assert followup_figures.share_seen_by_deadline({"seen_by_deadline": 0, "decided": 0}) is None


def test_an_fktp_with_fewer_than_five_referrals_shows_no_share_or_median():
    small = followup_figures.figures({"referred": 4, "seen": 4, "days": {1: 4}})
    assert small.small
    assert small.shown("referred") == "<5"
    row = followup_figures.sheet_row("Puskesmas", "X", small)
    assert row[5] is None  # share
    assert row[6] is None  # median
    assert not followup_figures.figures({"referred": 5}).small


@pytest.fixture
def loop_world(app, db, make):
    """FKTP A: six referrals made 1 November (deadline 10 November) and one cancelled; four
    seen on 3, 5, 11 (00.30 WIB, 17.30 UTC the day before) and 12 November with fitness layak,
    layak, tidak layak sementara, layak dengan catatan; one overdue; one still open with a later
    deadline. Klinik B: two referrals, one seen after a day, one overdue. One referral with no
    FKTP (overdue)."""
    fktp_a, fktp_b = make.fktp(name="Puskesmas Alfa"), make.fktp(name="Klinik Beta", kind="klinik")
    clinician = make.staff(role="fktp", fktp_code=fktp_a["code"])
    people = []

    def referral(fktp_code, *, deadline=DEADLINE, seen=None, fitness="layak", status=None):
        officer, _, made = make.screened_officer(ROUTINE, fktp_code=fktp_code)
        people.append(officer)
        db["referral"].update(made["id"], {"created_at": CREATED, "deadline": deadline})
        if seen:
            followups.record(
                db,
                made["id"],
                data={"kelayakan": fitness, "catatan": "hipertensi grade 1"},
                expected_status="baru",
                path=["diperiksa", "selesai"],
                staff_id=clinician["id"],
                now=seen,
            )
        if status:
            referrals.change_status(
                db, made["id"], expected="baru", to=status, staff_id=clinician["id"], now=CREATED
            )
        return made

    with app.test_request_context():
        a = fktp_a["code"]
        referral(a, seen="2026-11-03T03:00:00+00:00")
        referral(a, seen="2026-11-05T03:00:00+00:00")
        referral(a, seen="2026-11-10T17:30:00+00:00", fitness="tidak_layak_sementara")
        referral(a, seen="2026-11-12T03:00:00+00:00", fitness="layak_dengan_catatan")
        referral(a)  # overdue
        referral(a, deadline="2026-11-25")  # still open, not yet due
        referral(a, status="dibatalkan")
        referral(fktp_b["code"], seen="2026-11-02T03:00:00+00:00")
        referral(fktp_b["code"])
        referral(None)
    return {"db": db, "a": fktp_a, "b": fktp_b, "people": people}


def test_followup_counts_per_fktp(loop_world):
    per_fktp = followup_stats.per_group(loop_world["db"], "fktp", today=TODAY.isoformat())
    a = per_fktp[loop_world["a"]["code"]]
    assert {key: a[key] for key in followup_stats.COUNTS} == {
        "referred": 6,
        "seen": 4,
        "overdue": 1,
        # 3 and 5 November; the visit at 00.30 WIB on 11 November is a day late.
        "seen_by_deadline": 2,
        "decided": 5,
        "layak": 2,
        "layak_dengan_catatan": 1,
        "tidak_layak_sementara": 1,
    }
    assert a["days"] == {2: 1, 4: 1, 10: 1, 11: 1}
    figures = followup_figures.figures(a)
    assert figures.share == 40
    assert figures.median == 7
    b = per_fktp[loop_world["b"]["code"]]
    assert (b["referred"], b["seen"], b["days"]) == (2, 1, {1: 1})
    assert per_fktp[None]["referred"] == 1


def test_the_city_total_adds_every_fktp_and_the_referrals_without_one(loop_world):
    db = loop_world["db"]
    per_fktp = followup_stats.per_group(db, "fktp", today=TODAY.isoformat())
    rows, total = followup_figures.table(followup_stats.fktps(db), per_fktp)
    assert [row["name"] for row in rows] == ["Puskesmas Alfa", "Klinik Beta", None]
    assert total.counts["referred"] == 9
    assert total.counts["seen"] == 5
    assert total.median == 4  # 1, 2, 4, 10, 11


def _dinkes_cells(page: str, name: str) -> list[str]:
    row = page[page.index(f'<th scope="row">{name}</th>') :]
    row = row[: row.index("</tr>")]
    return [cell.strip() for cell in row.split('<td class="num">')[1:]]


def _text(cell: str) -> str:
    return cell.split("</td>")[0].replace('<span class="suppressed">', "").replace("</span>", "")


def test_dinkes_page_shows_counts_per_fktp_with_small_numbers_suppressed(
    client, loop_world, sign_in, monkeypatch
):
    monkeypatch.setattr("screening.web.views.dinkes.today_wib", lambda: TODAY)
    sign_in("dinkes")
    response = client.get("/dinkes/")
    assert response.status_code == 200
    page = response.text
    alfa = [_text(c) for c in _dinkes_cells(page, "Puskesmas Alfa")]
    # referred, seen, overdue, on time, median, layak, dengan catatan, tidak layak sementara
    assert alfa == ["6", "&lt;5", "&lt;5", "40%", "7", "&lt;5", "&lt;5", "&lt;5"]
    beta = [_text(c) for c in _dinkes_cells(page, "Klinik Beta")]
    assert beta == ["&lt;5", "&lt;5", "&lt;5", "disembunyikan", "disembunyikan", "&lt;5", "0", "0"]
    city = [_text(c) for c in _dinkes_cells(page, "Seluruh kota")]
    assert city[:3] == ["9", "5", "&lt;5"]
    assert "FKTP belum ditentukan" in page


def test_dinkes_page_and_export_hold_no_names_nik_or_findings(
    client, loop_world, sign_in, monkeypatch
):
    monkeypatch.setattr("screening.web.views.dinkes.today_wib", lambda: TODAY)
    sign_in("dinkes")
    texts = [client.get("/dinkes/").text]
    texts.append(client.get("/dinkes/tindak-lanjut-fktp.csv").data.decode("utf-8-sig"))
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/dinkes/tindak-lanjut-fktp.xlsx").data)
    )
    texts.append(
        " ".join(str(c) for row in workbook.active.iter_rows(values_only=True) for c in row)
    )
    for text in texts:
        for officer in loop_world["people"]:
            assert officer["name"] not in text
            assert officer["nik"] not in text
            assert officer["phone"] not in text
        for finding in ("hipertensi", "Hipertensi", "I10", "tekanan darah"):
            assert finding not in text


def test_dinkes_export_is_the_same_table_dated_and_audit_logged(
    client, loop_world, sign_in, monkeypatch
):
    monkeypatch.setattr("screening.web.views.dinkes.today_wib", lambda: TODAY)
    staff = sign_in("dinkes")
    response = client.get("/dinkes/tindak-lanjut-fktp.xlsx")
    assert response.status_code == 200
    assert "tindak-lanjut-fktp-kota-2026-11-20.xlsx" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("FKTP", "Kode FKTP", "Dirujuk")
    alfa = next(row for row in rows if row[0] == "Puskesmas Alfa")
    assert alfa[2:] == (6, "<5", "<5", 40, 7, "<5", "<5", "<5")
    beta = next(row for row in rows if row[0] == "Klinik Beta")
    assert beta[2:] == ("<5", "<5", "<5", None, None, "<5", 0, 0)
    assert rows[-1][0] == "Seluruh kota"
    assert rows[-2][0] == "FKTP belum ditentukan"
    logged = list(loop_world["db"]["audit_log"].rows_where("staff_id = ?", [staff["id"]]))
    assert [(row["action"], row["subject"]) for row in logged] == [("export", "followup:fktp")]
    text = client.get("/dinkes/tindak-lanjut-fktp.csv").data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert next(row for row in table if row[0] == "Puskesmas Alfa")[2:5] == ["6", "<5", "<5"]


@pytest.mark.parametrize("role", ["kpu", "fktp"])
def test_only_dinkes_and_admin_open_the_followup_page(client, sign_in, role):
    sign_in(role)
    assert client.get("/dinkes/").status_code == 403
    assert client.get("/dinkes/tindak-lanjut-fktp.xlsx").status_code == 403


def test_admin_opens_the_followup_page(client, sign_in, app):
    sign_in("admin")
    assert client.get("/dinkes/").status_code == 200


def test_coverage_page_shows_the_loop_figures_per_area_and_the_messages(
    client, loop_world, sign_in, monkeypatch
):
    db = loop_world["db"]
    monkeypatch.setattr(coverage_parts, "today_wib", lambda: TODAY)
    officer = loop_world["people"][0]
    for n, status in enumerate(("terkirim", "terkirim", "gagal", "antri", "batal")):
        db["message"].insert(
            {
                "officer_id": officer["id"],
                "rule": "uji",
                "template": "uji",
                "dedupe_key": f"uji-{n}",
                "channel": "wa_klik",
                "status": status,
                "due_at": CREATED,
            }
        )
    db["officer"].update(officer["id"], {"opted_out_at": CREATED})
    assert followup_stats.messages(db) == {"sent": 2, "failed": 1, "opted_out": 1}
    assert followup_stats.messages(db, kecamatan="337599") == {
        "sent": 0,
        "failed": 0,
        "opted_out": 0,
    }
    sign_in("kpu")
    page = client.get("/kpu/cakupan/").text
    loop = page[page.index('id="judul-tindak-lanjut"') :]
    # Every referral is in Pekalongan Barat: 9 referred, 3 of 8 decided seen in time.
    barat = loop[
        loop.index("Pekalongan Barat") : loop.index("</tr>", loop.index("Pekalongan Barat"))
    ]
    assert '<td class="num">9</td>' in barat
    assert "38% <span" in barat
    assert "(3 dari 8)" in barat
    assert '<td class="num">4</td>' in barat  # median days: 1, 2, 4, 10, 11
    messages = loop[loop.index('id="judul-pesan"') :]
    assert [c.split("<")[0] for c in messages.split('<td class="num">')[1:]] == ["2", "1", "1"]
