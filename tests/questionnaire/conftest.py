import pytest

from screening.questionnaire import load_questionnaire

from .mini import DEFAULT, MINI


@pytest.fixture
def write_questionnaire(tmp_path):
    """Write questionnaire text to a file and return its path."""

    def write(text: str = MINI, name: str = "mini.v1.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def mini(write_questionnaire):
    return load_questionnaire(write_questionnaire())


@pytest.fixture(scope="session")
def default_questionnaire():
    return load_questionnaire(DEFAULT)
