"""Compatibility matrix: Python x Wagtail x Django.

List the sessions with ``nox --list``. Run one cell with, for example::

    nox -s "tests-3.11(wagtail7.4-django5.2)"

Arguments after ``--`` go to pytest: ``nox -s "tests-3.12(wagtail8.0-django6.0)" -- -x``.
nox cannot drop single cells from a product, so the Django 6.0 cells on Python 3.10 and
3.11 are listed but skip themselves. Each Python must be on PATH as ``python3.X``
(with pyenv: ``PYENV_VERSION=3.11.7:3.10.13:3.12.1:3.13.0 nox``).
"""

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

WAGTAIL_74 = "wagtail>=7.4,<7.5"  # the current LTS
WAGTAIL_80 = "wagtail>=8.0,<8.1"
DJANGO_52 = "Django>=5.2,<5.3"  # LTS
DJANGO_60 = "Django>=6.0,<6.1"  # needs Python >= 3.12

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


@nox.session(python=PYTHONS)
@nox.parametrize(
    ["wagtail", "django"],
    [
        nox.param(WAGTAIL_74, DJANGO_52, id="wagtail7.4-django5.2"),
        nox.param(WAGTAIL_80, DJANGO_52, id="wagtail8.0-django5.2"),
        nox.param(WAGTAIL_80, DJANGO_60, id="wagtail8.0-django6.0"),
    ],
)
def tests(session: nox.Session, wagtail: str, django: str) -> None:
    """Run the test suite against one Python / Wagtail / Django combination."""
    if django == DJANGO_60 and session.python in ("3.10", "3.11"):
        session.skip("Django 6.0 needs Python >= 3.12")
    session.install("-e", ".[dev]", wagtail, django)
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
