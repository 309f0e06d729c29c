"""Fixtures in the Flask tutorial's manner: a fresh app and database per test.

The database is a copy of one migrated once per session (tests/apps.py builds every test app).
"""

import pytest

from screening.web.database import get_db
from tests import apps, factories


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """An empty database with every migration applied, built once per session: copy, never open."""
    return apps.migrated_database(tmp_path_factory.mktemp("template") / "migrated.db")


@pytest.fixture(scope="session")
def demo_city_db(tmp_path_factory, migrated_db):
    """The demo city as `flask demo load` builds it, loaded once per session:
    (database path, the command's output). Copy it, never open it."""
    path = tmp_path_factory.mktemp("demo") / "city.db"
    apps.copy_database(migrated_db, path)
    app = apps.build_app(path)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    apps.close(app)
    return path, result.output


@pytest.fixture
def demo_city(app, demo_city_db):
    """The demo city in the test's own database, a fresh copy the test may change (ask for it
    before writing anything); returns the output of the `demo load` that built it."""
    path, output = demo_city_db
    apps.copy_database(path, app.config["DATABASE"])
    return output


@pytest.fixture
def make_app(tmp_path, migrated_db):
    """Build a test app on a fresh copy of the migrated database; keyword arguments override the
    suite's settings (`make_app(BASE_URL=...)`). `app` is `make_app()`."""
    built = []

    def make_app(**overrides):
        database = tmp_path / ("test.db" if not built else f"test-{len(built)}.db")
        apps.copy_database(migrated_db, database)
        built.append(apps.build_app(database, **overrides))
        return built[-1]

    yield make_app
    for app in built:
        apps.close(app)


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def db(app):
    with app.app_context():
        yield get_db()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(db):
    """Factories bound to the test database: `make.staff(role="kpu")`, `make.officer()`."""
    return factories.Factories(db)


@pytest.fixture
def sign_in(client, make):
    """Sign a new staff member of `role` in on the test client and return the account (an
    admin's sign-in types the code from the app the factory set up)."""

    def sign_in(role="kpu", **fields):
        staff = make.staff(role=role, **fields)
        factories.sign_in_staff(client, make, staff)
        return staff

    return sign_in
