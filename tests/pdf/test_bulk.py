"""Many slips and cards as one PDF: filters, order, the command line, the worker pool."""

import re

import pytest

from screening.areas import Area, AreaError, resolve
from screening.messages import render
from screening.printing import bulk as printing
from screening.store import regions
from screening.web.database import get_db
from tests import apps
from tests.pdf.conftest import BASE_URL, page_count, pdf_text, qr_codes

KAUMAN = "3375021003"


@pytest.fixture
def city(referred):
    """Referred officers in two kelurahan of two kecamatan, created out of order."""
    referred.make.region()
    regions.upsert_kecamatan(referred.make.db, [{"code": "337502", "name": "Pekalongan Timur"}])
    referred.kelurahan(KAUMAN, "Kauman", kecamatan="337502")
    made = [
        referred.officer(name="Dewi", tps=2),
        referred.officer(name="Anto", kelurahan_code=KAUMAN, kecamatan_code="337502", tps=1),
        referred.officer(name="Citra", tps=1),
        referred.officer(name="Bayu", tps=1),
        referred.officer(name="Eko", tps=3),
    ]
    return {o["name"]: o for o in made}


def names_in(pages: list[str]) -> list[str]:
    found = []
    for page in pages:
        match = re.search(r"Nama\s+(\S+)", page)
        found.append(match.group(1))
    return found


def print_area(app, tmp_path, kind=printing.SLIPS, **filters):
    out = tmp_path / f"{kind}.pdf"
    with app.app_context():
        area = resolve(get_db(), **filters)
        run = printing.print_slips if kind == printing.SLIPS else printing.print_cards
        count = run(area, out)
    return count, out


def test_whole_city_slips_in_area_then_tps_then_name_order(app, city, tmp_path):
    count, out = print_area(app, tmp_path)
    assert count == 5
    pages = pdf_text(out, tmp_path)
    assert names_in(pages) == ["Bayu", "Citra", "Dewi", "Eko", "Anto"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kecamatan": "337501"}, ["Bayu", "Citra", "Dewi", "Eko"]),
        ({"kecamatan": "Pekalongan Timur"}, ["Anto"]),
        ({"kelurahan": "33.75.01.1002"}, ["Bayu", "Citra", "Dewi", "Eko"]),
        ({"kelurahan": "medono", "tps": "1"}, ["Bayu", "Citra"]),
        ({"kelurahan": "Medono", "tps": "3"}, ["Eko"]),
    ],
)
def test_slips_for_a_kecamatan_kelurahan_or_tps(app, city, tmp_path, filters, expected):
    count, out = print_area(app, tmp_path, **filters)
    assert count == len(expected)
    assert names_in(pdf_text(out, tmp_path)) == expected


def test_nothing_to_print_writes_no_file(app, city, tmp_path, runner):
    count, out = print_area(app, tmp_path, kelurahan="Medono", tps="9")
    assert count == 0
    assert not out.exists()
    result = runner.invoke(
        args=["slips", "print", "--kelurahan", "Medono", "--tps", "9", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "Tidak ada yang dicetak untuk Kelurahan Medono, TPS 009." in result.output


def test_a_cancelled_referral_prints_no_slip(app, city, tmp_path, db):
    db["referral"].update(city["Citra"]["referral"]["id"], {"status": "dibatalkan"})
    count, out = print_area(app, tmp_path, kelurahan="Medono", tps="1")
    assert count == 1
    assert names_in(pdf_text(out, tmp_path)) == ["Bayu"]


def test_the_worker_pool_prints_the_same_document(app, city, tmp_path):
    pool_app = apps.build_app(
        app.config["DATABASE"],
        BASE_URL=app.config["BASE_URL"],
        PDF_WORKERS=2,
        PDF_CHUNK=2,
        PDF_POOL_MIN=5,
    )
    seen = []
    out = tmp_path / "pool.pdf"
    with pool_app.app_context():
        count = printing.print_slips(Area(), out, lambda done, total: seen.append((done, total)))
    assert count == 5
    assert names_in(pdf_text(out, tmp_path)) == ["Bayu", "Citra", "Dewi", "Eko", "Anto"]
    assert seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_small_print_starts_no_worker_pool(app, city, tmp_path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a small print")

    monkeypatch.setattr(printing, "ProcessPoolExecutor", no_pool)
    two_cores = apps.build_app(
        app.config["DATABASE"], BASE_URL=app.config["BASE_URL"], PDF_WORKERS=2, PDF_POOL_MIN=6
    )
    count, out = print_area(two_cores, tmp_path)
    assert count == 5
    assert page_count(out, tmp_path) == 5
    with two_cores.app_context():
        assert printing.workers(5) == 1
        assert printing.workers(6) == 2


def test_cards_per_tps_ten_to_a_page_with_link_and_code(app, referred, tmp_path):
    made = [referred.officer(name=f"Kartu{n:02d}", tps=1) for n in range(12)]
    made.append(referred.officer(name="KartuTPS2", tps=2))
    count, out = print_area(app, tmp_path, kind=printing.CARDS, kelurahan="Medono")
    assert count == 13
    pages = pdf_text(out, tmp_path)
    # TPS 001: 10 cards, then 2 on a page of their own; TPS 002 starts a new page.
    assert len(pages) == 3
    assert "TPS 001" in pages[0]
    assert "TPS 001" in pages[1]
    assert "TPS 002" in pages[2]
    assert pages[0].count("Kartu akses skrining kesehatan".upper()) == 10
    assert "KartuTPS2" in pages[2]
    for officer in made[:10]:
        assert officer["code"] in pages[0]
    assert f"{BASE_URL}/masuk" in pages[0]
    first = made[0]
    assert f"{BASE_URL}/s/{first['token']}" in qr_codes(out, tmp_path, page=1)


def test_cards_issue_access_to_officers_who_had_none(app, make, tmp_path, db):
    make.officer(name="Belum Punya Tautan", tps=4)
    assert db["officer_access"].count == 0
    count, out = print_area(app, tmp_path, kind=printing.CARDS, kelurahan="Medono", tps="4")
    assert count == 1
    assert db["officer_access"].count == 1
    assert "Belum Punya Tautan" in pdf_text(out, tmp_path)[0]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"kecamatan": "Atlantis"}, 'Kecamatan "Atlantis" tidak dikenal.'),
        ({"kecamatan": "339901"}, 'Kecamatan "339901" tidak dikenal.'),
        ({"kelurahan": "Atlantis"}, 'Kelurahan "Atlantis" tidak dikenal.'),
        ({"tps": "3"}, "TPS hanya dapat dipilih bersama kelurahannya."),
        ({"kelurahan": "Medono", "tps": "x"}, 'Nomor TPS harus angka 1 atau lebih, bukan "x".'),
        ({"kelurahan": "Medono", "tps": "0"}, 'Nomor TPS harus angka 1 atau lebih, bukan "0".'),
        ({"kelurahan": "Medono", "tps": "31"}, "Kelurahan Medono hanya punya 30 TPS."),
        (
            {"kecamatan": "Pekalongan Timur", "kelurahan": "Medono"},
            "Kelurahan Medono tidak berada di Kecamatan Pekalongan Timur.",
        ),
    ],
)
def test_unknown_or_inconsistent_areas_are_explained(db, city, filters, message):
    with pytest.raises(AreaError) as raised:
        resolve(db, **filters)
    assert render(raised.value.message) == message


@pytest.mark.parametrize("kind", ["slips", "cards"])
def test_command_prints_a_pdf_with_a_progress_bar(runner, city, tmp_path, kind):
    out = tmp_path / "out.pdf"
    result = runner.invoke(args=[kind, "print", "--kelurahan", "Medono", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Kelurahan Medono" in result.output
    assert page_count(out, tmp_path) >= 1


@pytest.mark.parametrize("kind", ["slips", "cards"])
def test_command_explains_an_unknown_area_without_a_traceback(runner, city, tmp_path, kind):
    out = tmp_path / "out.pdf"
    result = runner.invoke(args=[kind, "print", "--kecamatan", "Atlantis", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == 'Kecamatan "Atlantis" tidak dikenal.'
    assert "Traceback" not in result.output
    assert not out.exists()


def test_every_command_has_help(runner):
    for kind in ("slips", "cards"):
        result = runner.invoke(args=[kind, "print", "--help"])
        assert result.exit_code == 0
        assert "--kecamatan" in result.output


@pytest.mark.parametrize("pdfunite", [True, False])
def test_parts_merge_in_order_with_or_without_poppler(app, city, tmp_path, monkeypatch, pdfunite):
    if not pdfunite:
        monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    count, out = print_area(app, tmp_path)  # PDF_CHUNK 4: two parts
    assert count == 5
    assert names_in(pdf_text(out, tmp_path)) == ["Bayu", "Citra", "Dewi", "Eko", "Anto"]
