"""A small world for the referral loop: two FKTPs, officers referred to the first, one officer
referred with no FKTP on the roster, and a way to be anyone in it on the test client.

The world is built once per session into a database of its own; each test that asks for it gets
a fresh copy of that database, so a test may change anything in it."""

import copy
from dataclasses import dataclass

import pytest

from screening.demo.screenings import HEALTHY
from screening.web.database import get_db
from tests import apps, factories
from tests.acting import act_as

# Blood pressure 185/112 measured by the officer: a red flag, referred the same day.
URGENT = {**HEALTHY, "td_tahu": "ya", "td_sistolik": "185", "td_diastolik": "112"}
# Told of hypertension and on medication: a routine referral.
ROUTINE = {**HEALTHY, "dx_hipertensi": "ya", "obat_hipertensi": "ya", "keluarga_hipertensi": "ya"}


@dataclass
class World:
    fktp_x: dict
    fktp_y: dict
    officer_a: dict
    officer_b: dict
    referral_a: dict
    referral_b: dict
    unassigned: dict
    staff: dict  # role name → staff row


def build_world(make) -> World:
    fktp_x, fktp_y = make.fktp(), make.fktp()
    officer_a, _, referral_a = make.screened_officer(
        URGENT, fktp_code=fktp_x["code"], name="Siti Aminah"
    )
    officer_b, _, referral_b = make.screened_officer(
        ROUTINE, fktp_code=fktp_y["code"], name="Budi Santoso", sex="L"
    )
    _, _, unassigned = make.screened_officer(URGENT, name="Joko Tanpa Fktp", sex="L")
    staff = {
        "clinician_x": make.staff(role="fktp", fktp_code=fktp_x["code"]),
        "clinician_y": make.staff(role="fktp", fktp_code=fktp_y["code"]),
        "kpu": make.staff(role="kpu"),
        "dinkes": make.staff(role="dinkes"),
        "admin": make.staff(role="admin"),
    }
    assert None not in (referral_a, referral_b, unassigned), "the answers must call for referrals"
    return World(fktp_x, fktp_y, officer_a, officer_b, referral_a, referral_b, unassigned, staff)


@pytest.fixture(scope="session")
def world_db(tmp_path_factory, migrated_db):
    """The world's database, built once: (path, World). Copy it, never open it."""
    path = tmp_path_factory.mktemp("world") / "world.db"
    apps.copy_database(migrated_db, path)
    app = apps.build_app(path)
    with app.app_context():
        world = build_world(factories.Factories(get_db()))
    apps.close(app)
    return path, world


@pytest.fixture
def world(app, world_db):
    """The world in the test's own database (a fresh copy; ask for it before writing anything)."""
    path, world = world_db
    apps.copy_database(path, app.config["DATABASE"])
    return copy.deepcopy(world)


def become(client, world: World, who: str):
    """Make `client` be `who`: a staff key of `world.staff`, "officer_a", "officer_b" or
    "anonymous". Sessions are set directly: the sign-in itself is proven in test_auth."""
    if who in world.staff:
        return act_as(client, "staff", world.staff[who]["id"])
    if who in ("officer_a", "officer_b"):
        officer = world.officer_a if who == "officer_a" else world.officer_b
        return act_as(client, "officer", officer["id"])
    return act_as(client, None)


@pytest.fixture
def be(client, world):
    """Become `who` on the test client (see `become`)."""
    return lambda who: become(client, world, who)
