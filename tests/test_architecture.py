"""The shape docs/ARCHITECTURE.md promises: the domain is plain Python.

Each domain module is imported in a fresh interpreter (an import in this process would find Flask
already loaded by the rest of the suite), and must not bring in Flask or any of its extensions,
even through another module.
"""

import pkgutil
import subprocess
import sys

import pytest

import screening

# The sides that may use Flask: the web app, its commands, documents rendered from its templates
# and the job queue, whose worker builds the app. Everything else under screening/ is the domain.
FLASK_SIDES = ("screening.web", "screening.cli", "screening.printing", "screening.tasks")
FLASK_MODULES = ("flask", "flask_wtf", "flask_babel", "flask_limiter", "werkzeug", "wtforms")


def domain_modules() -> list[str]:
    found = ["screening"]
    for module in pkgutil.walk_packages(screening.__path__, "screening."):
        if not module.name.startswith(FLASK_SIDES):
            found.append(module.name)
    return sorted(found)


def test_the_domain_is_found():
    modules = domain_modules()
    for expected in (
        "screening.nik",
        "screening.questionnaire.engine",
        "screening.store.referrals",
    ):
        assert expected in modules
    assert not [m for m in modules if m.startswith(FLASK_SIDES)]


@pytest.mark.parametrize("module", domain_modules())
def test_a_domain_module_imports_no_flask(module):
    probe = (
        f"import sys, {module}\n"
        f"loaded = sorted(m for m in {FLASK_MODULES!r} if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(  # noqa: S603 -- this interpreter and a fixed probe, no shell
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} brings in {result.stdout.strip()}"
