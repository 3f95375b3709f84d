"""Shared set-up for the benchmark scripts: a throwaway database and the results file."""

import os
import platform
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def setup_django():
    """Configure Django with the test settings and create a fresh test database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return connection


def machine():
    """The date, the machine and the database, for the results file."""
    from django.db import connection

    database = connection.vendor
    if database == "sqlite":
        database += f" {connection.Database.sqlite_version}"
    else:
        database += (
            f" {connection.pg_version // 10000}" if hasattr(connection, "pg_version") else ""
        )
    return (
        f"{date.today().isoformat()}, {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {database}"
    )


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
