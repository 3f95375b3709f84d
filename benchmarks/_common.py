"""Shared set-up for the benchmark scripts: a throwaway database and the results file."""

import os
import platform
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def setup_django(test_environment=True):
    """Configure Django with the test settings and create a fresh test database.

    With ``test_environment=False`` templates render as they do on a live site:
    Django's test environment instruments every template render, which would add
    to the cost of pages made of many small templates.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if test_environment:
        setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return connection


def database():
    """The database in use and its version, e.g. "sqlite 3.40.1" or "postgresql 15"."""
    from django.db import connection

    database = connection.vendor
    if database == "sqlite":
        database += f" {connection.Database.sqlite_version}"
    else:
        database += (
            f" {connection.pg_version // 10000}" if hasattr(connection, "pg_version") else ""
        )
    return database


def section_for_database(section):
    """``section``, naming the database unless it is the default SQLite."""
    name = database()
    return section if name.startswith("sqlite") else f"{section}, {name}"


def revision():
    """The commit of the package measured, noting changes not yet committed."""

    def git(*args):
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
        )

    try:
        commit = git("rev-parse", "--short", "HEAD")
        changes = git("status", "--porcelain", "--", "wagtail_peersupport")
    except OSError:
        return ""
    if commit.returncode != 0:
        return ""
    text = f"package at {commit.stdout.strip()}"
    return text + " with uncommitted changes" if changes.stdout.strip() else text


def machine(database_name=None):
    """The date, the machine, the database and the package's commit, for the results file.

    ``database_name`` describes a database this process is not connected to.
    """
    parts = [
        date.today().isoformat(),
        f"{platform.machine()} with {os.cpu_count()} cores",
        f"Python {platform.python_version()}",
        database_name or database(),
        revision(),
    ]
    return ", ".join(part for part in parts if part)


def progress(message):
    """Show how far a script has got, straight away."""
    print(message, flush=True)


class QueryCount:
    """Count the database queries run inside a ``with`` block.

    Uses ``connection.execute_wrapper``, so it counts with ``DEBUG = False`` too.
    """

    def __init__(self, connection=None):
        if connection is None:
            from django.db import connection
        self.connection = connection
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def write_results(section, body):
    """Replace (or add) ``## section`` in RESULTS.md with ``body``."""
    text = (
        RESULTS.read_text()
        if RESULTS.exists()
        else "# Benchmark results\n\nWritten by the scripts in this folder (`make bench`).\n"
    )
    block = f"## {section}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(section)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda m: block + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + block
    RESULTS.write_text(text)
    print(block)
