"""Who may open what: every route of the app × every kind of user, in one table.

The cases are enumerated from `app.url_map`, so a route added without a row here fails until
someone decides who may use it. Records are addressed as a stranger would try them: officer A's
referral, which only FKTP X's clinician (and KPU and admin, status only) may open.
"""

import pytest

from screening.web.database import get_db
from screening.web.limits import limiter
from tests import apps
from tests.clinic.conftest import become
from tests.factories import Factories, officer_with_link

WHO = (
    "anonymous",
    "officer_a",
    "officer_b",
    "clinician_x",
    "clinician_y",
    "kpu",
    "admin",
    "ppk",
    "pps",
    "dinkes",
)
EVERYONE = "everyone"  # public pages: nobody is turned away
STAFF = {"clinician_x", "clinician_y", "kpu", "admin", "ppk", "pps", "dinkes"}
KPU = {"kpu", "admin"}
# KPU Kota and the operators of officer A's kecamatan (PPK) and kelurahan (PPS): coverage, the
# officer list and links, the downloads and bulk printing, each of their own area.
AREA = KPU | {"ppk", "pps"}
ADMIN = {"admin"}
DINKES = {"dinkes", "admin"}
CLINICIANS = {"clinician_x", "clinician_y"}
OFFICERS = {"officer_a", "officer_b"}
CLINICIAN_X = {"clinician_x"}
NOBODY: set[str] = set()

# (endpoint, method) → (path template, who may use it). Paths are filled from the world:
# {referral} officer A's referral number at FKTP X, {unassigned} the one without FKTP,
# {staff_id} the KPU operator's account, {officer_id} officer A.
ACCESS = {
    ("static", "GET"): ("/static/app.css", EVERYONE),
    ("public.home", "GET"): ("/", EVERYONE),
    ("public.switch_language", "GET"): ("/bahasa/en", EVERYONE),
    ("officer.open_link", "GET"): ("/s/{token}", EVERYONE),
    ("officer.sign_in", "GET"): ("/masuk", EVERYONE),
    ("officer.sign_in", "POST"): ("/masuk", EVERYONE),
    ("officer.sign_out", "POST"): ("/keluar", EVERYONE),
    ("staff.sign_in", "GET"): ("/staf/masuk", EVERYONE),
    ("staff.sign_in", "POST"): ("/staf/masuk", EVERYONE),
    ("staff.sign_out", "POST"): ("/staf/keluar", EVERYONE),
    ("staff.home", "GET"): ("/staf/", STAFF),
    # The code step belongs to whoever just typed a right password (no one here): the rest are
    # sent to sign in, as from the sign-in page itself.
    ("second_factor.code", "GET"): ("/staf/masuk/kode", EVERYONE),
    ("second_factor.code", "POST"): ("/staf/masuk/kode", EVERYONE),
    ("second_factor.enrol", "GET"): ("/staf/verifikasi-dua-langkah", STAFF),
    ("second_factor.enrol", "POST"): ("/staf/verifikasi-dua-langkah", STAFF),
    ("second_factor.security", "GET"): ("/staf/keamanan", STAFF),
    ("second_factor.renew_codes", "POST"): ("/staf/keamanan/kode-pemulihan", STAFF),
    ("screening.start", "GET"): ("/skrining/", OFFICERS),
    ("screening.consent", "GET"): ("/skrining/persetujuan", OFFICERS),
    ("screening.consent", "POST"): ("/skrining/persetujuan", OFFICERS),
    ("screening.declined", "GET"): ("/skrining/menolak", OFFICERS),
    ("screening.step", "GET"): ("/skrining/langkah/1", OFFICERS),
    ("screening.step", "POST"): ("/skrining/langkah/1", OFFICERS),
    ("screening.review", "GET"): ("/skrining/periksa", OFFICERS),
    ("screening.review", "POST"): ("/skrining/periksa", OFFICERS),
    ("screening.result", "GET"): ("/skrining/hasil", OFFICERS),
    ("officers.index", "GET"): ("/kpu/petugas/", AREA),
    ("officers.export_links", "POST"): ("/kpu/petugas/tautan.xlsx", AREA),
    ("officers.index", "POST"): ("/kpu/petugas/", AREA),
    ("officers.reissue_link", "GET"): ("/kpu/petugas/{officer_id}/tautan-baru", AREA),
    ("officers.reissue_link", "POST"): ("/kpu/petugas/{officer_id}/tautan-baru", AREA),
    ("officers.revoke_link", "GET"): ("/kpu/petugas/{officer_id}/cabut", AREA),
    ("officers.revoke_link", "POST"): ("/kpu/petugas/{officer_id}/cabut", AREA),
    ("roster.upload", "GET"): ("/kpu/roster/", KPU),
    ("roster.upload", "POST"): ("/kpu/roster/", KPU),
    ("roster.preview", "GET"): ("/kpu/roster/pratinjau", KPU),
    ("roster.run_import", "POST"): ("/kpu/roster/impor", KPU),
    ("roster.done", "GET"): ("/kpu/roster/selesai", KPU),
    ("roster.rejected_rows", "GET"): ("/kpu/roster/ditolak.csv", KPU),
    ("roster.status_upload", "GET"): ("/kpu/roster/status/", KPU),
    ("roster.status_upload", "POST"): ("/kpu/roster/status/", KPU),
    ("roster.status_preview", "GET"): ("/kpu/roster/status/pratinjau", KPU),
    ("roster.status_import", "POST"): ("/kpu/roster/status/impor", KPU),
    ("roster.status_done", "GET"): ("/kpu/roster/status/selesai", KPU),
    ("clinic.worklist", "GET"): ("/fktp/", CLINICIANS),
    ("clinic.worklist", "POST"): ("/fktp/", CLINICIANS),
    ("referrals.show", "GET"): ("/rujukan/{referral}", CLINICIAN_X | KPU),
    ("referrals.change_status", "POST"): ("/rujukan/{referral}/status", CLINICIAN_X),
    ("referrals.schedule", "POST"): ("/rujukan/{referral}/jadwal", CLINICIAN_X),
    ("referrals.followup", "GET"): ("/rujukan/{referral}/tindak-lanjut", CLINICIAN_X),
    ("referrals.followup", "POST"): ("/rujukan/{referral}/tindak-lanjut", CLINICIAN_X),
    # Any clinic of the officer's kecamatan may take on a referral with no FKTP (X and Y are).
    ("referrals.take_on", "POST"): ("/rujukan/{unassigned}/ambil", CLINICIANS),
    ("kpu_referrals.index", "GET"): ("/kpu/rujukan/", KPU),
    ("exports.index", "GET"): ("/kpu/ekspor/", AREA),
    ("exports.unscreened", "POST"): ("/kpu/ekspor/belum-skrining.xlsx", AREA),
    ("exports.without_jkn", "POST"): ("/kpu/ekspor/jkn.xlsx", AREA),
    ("exports.without_bpjs_tk", "POST"): ("/kpu/ekspor/bpjs-ketenagakerjaan.csv", AREA),
    ("exports.referrals", "POST"): ("/kpu/ekspor/rujukan.xlsx", AREA),
    ("kpu_referrals.unassigned", "GET"): ("/kpu/rujukan/tanpa-fktp", KPU),
    ("coverage.index", "GET"): ("/kpu/cakupan/", AREA),
    ("coverage.download", "GET"): ("/kpu/cakupan/cakupan.xlsx", AREA),
    ("overdue.index", "GET"): ("/kpu/terlambat/", AREA),
    ("dinkes.index", "GET"): ("/dinkes/", DINKES),
    ("dinkes.export", "GET"): ("/dinkes/tindak-lanjut-fktp.xlsx", DINKES),
    ("kpu_referrals.assign", "POST"): ("/kpu/rujukan/{unassigned}/fktp", KPU),
    ("admin.staff_list", "GET"): ("/admin/staf", ADMIN),
    ("admin.new_staff", "GET"): ("/admin/staf/baru", ADMIN),
    ("admin.new_staff", "POST"): ("/admin/staf/baru", ADMIN),
    ("admin.disable_staff", "GET"): ("/admin/staf/{staff_id}/nonaktifkan", ADMIN),
    ("admin.disable_staff", "POST"): ("/admin/staf/{staff_id}/nonaktifkan", ADMIN),
    ("admin.enable_staff", "POST"): ("/admin/staf/{staff_id}/aktifkan", ADMIN),
    ("admin.reset_password", "GET"): ("/admin/staf/{staff_id}/kata-sandi", ADMIN),
    ("admin.reset_password", "POST"): ("/admin/staf/{staff_id}/kata-sandi", ADMIN),
    ("admin.reset_second_factor", "POST"): (
        "/admin/staf/{staff_id}/verifikasi-dua-langkah/atur-ulang",
        ADMIN,
    ),
    ("admin.audit_log", "GET"): ("/admin/audit", ADMIN),
    ("slips.referral_letter", "GET"): ("/kpu/rujukan/{referral}/surat.pdf", CLINICIAN_X | KPU),
    ("slips.officer_letter", "GET"): ("/skrining/hasil/surat.pdf", OFFICERS),
    ("slips.print_area", "GET"): ("/kpu/cetak/", AREA),
    ("slips.print_area", "POST"): ("/kpu/cetak/", AREA),
    # A print job is its starter's own: to everyone else, KPU included, it does not exist.
    ("outbox.index", "GET"): ("/kpu/pesan/", AREA),
    ("outbox.mark_sent", "POST"): ("/kpu/pesan/1/terkirim", AREA),
    ("outbox.opt_out", "POST"): ("/kpu/pesan/petugas/{officer_id}/berhenti", AREA),
    ("officer_messages.officer_stop", "GET"): ("/skrining/pesan", OFFICERS),
    ("officer_messages.officer_stop", "POST"): ("/skrining/pesan", OFFICERS),
    ("slips.print_job", "GET"): ("/kpu/cetak/tidak-ada", NOBODY),
    ("slips.download", "GET"): ("/kpu/cetak/tidak-ada/unduh", NOBODY),
    ("exports.job", "GET"): ("/kpu/ekspor/berkas/tidak-ada", NOBODY),
    ("exports.job_download", "GET"): ("/kpu/ekspor/berkas/tidak-ada/unduh", NOBODY),
}


def _routes() -> list[tuple[str, str]]:
    """Every (endpoint, method) the app serves, read from the app itself."""
    app = apps.build_app(":memory:")
    return sorted(
        {
            (rule.endpoint, method)
            for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}
        }
    )


SIGN_IN_PAGES = ("/staf/masuk", "/masuk")


def _turned_away(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code in (301, 302, 303) and location.split("?")[0] in SIGN_IN_PAGES


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory, world_db):
    """One app for every GET case, on the world plus one officer's link, prepared once.

    A GET may still write (pages audit who saw what), so
    each case starts from the prepared data again: restoring it costs a millisecond, building an
    app and a world for each case cost most of this table's time."""
    path, world = world_db
    folder = tmp_path_factory.mktemp("matrix")
    prepared, database = folder / "prepared.db", folder / "shared.db"
    apps.copy_database(path, prepared)
    app = apps.build_app(prepared)
    with app.app_context():
        token = officer_with_link(Factories(get_db()), app)[1]
    apps.close(app)
    apps.copy_database(prepared, database)
    shared = apps.build_app(database)
    yield shared, prepared, world, token
    apps.close(shared)  # opened by the first case


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("endpoint", "method"), _routes())
def test_every_route_lets_in_exactly_the_roles_that_need_it(endpoint, method, who, request):
    assert (endpoint, method) in ACCESS, (
        f"{method} {endpoint} is not in the access table: decide who may use it"
    )
    template, allowed = ACCESS[(endpoint, method)]
    if method == "GET":
        app, prepared, world, token = request.getfixturevalue("shared_world")
        apps.copy_database(prepared, app.config["DATABASE"])
        limiter.reset()  # sign-in pages count visits; no case may inherit another's count
        client = app.test_client()
    else:
        world = request.getfixturevalue("world")  # a fresh copy: a POST may change it
        app = request.getfixturevalue("app")
        client = request.getfixturevalue("client")
        make = request.getfixturevalue("make")
        token = officer_with_link(make, app)[1] if "{token}" in template else ""
    path = template.format(
        referral=world.referral_a["number"],
        unassigned=world.unassigned["number"],
        staff_id=world.staff["kpu"]["id"],
        officer_id=world.officer_a["id"],
        token=token,
    )
    become(client, world, who)
    response = client.open(path, method=method, data={})
    response.close()  # files (the stylesheet, downloads) are streamed
    assert response.status_code < 500, response.text[:500]
    if allowed == EVERYONE:
        assert response.status_code not in (401, 403, 404)
    elif who in allowed:
        assert not _turned_away(response), (response.status_code, response.headers)
    else:
        assert _turned_away(response), (response.status_code, response.headers)
