"""Fixtures in the Flask tutorial's manner: a fresh app and database per test.

The database is a copy of one migrated once per session (tests/apps.py builds every test app).
"""

import itertools

import pytest

from screening import store
from tests import apps, factories


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """An empty database with every migration applied, built once per session: copy, never open."""
    return apps.migrated_database(tmp_path_factory.mktemp("template") / "migrated.db")


@pytest.fixture
def make_app(tmp_path, migrated_db):
    """Build a test app on a fresh copy of the migrated database; keyword arguments override the
    suite's settings (`make_app(BASE_URL=...)`). `app` is `make_app()`."""
    numbers = itertools.count()

    def make_app(**overrides):
        n = next(numbers)
        database = tmp_path / ("test.db" if n == 0 else f"test-{n}.db")
        apps.copy_database(migrated_db, database)
        return apps.build_app(database, **overrides)

    return make_app


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def db(app):
    with app.app_context():
        yield store.get_db()


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
    """Sign a new staff member of `role` in on the test client and return the account."""

    def sign_in(role="kpu", **fields):
        staff = make.staff(role=role, **fields)
        response = client.post(
            "/staf/masuk", data={"username": staff["username"], "password": factories.PASSWORD}
        )
        assert response.status_code == 302, response.text
        return staff

    return sign_in
