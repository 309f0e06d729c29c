"""Fixtures in the Flask tutorial's manner: a fresh app and database per test."""

import pytest

from screening import create_app, store
from screening.store import migrations
from tests import factories


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "ACCESS_KEY": "test-access-key",
            "DATABASE": str(tmp_path / "test.db"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    db = store.connect(app.config["DATABASE"])
    migrations.apply(db)
    db.close()
    return app


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
