"""Settings for serving the test site with gunicorn: the test settings on a real database.

``BENCH_DATABASE_URL`` gives the database (a SQLite file or PostgreSQL);
``BENCH_DATABASE_NAME``, when set, replaces the database's name. Connections stay
open between requests, as on a production site.
"""

import os

import dj_database_url

from tests.settings import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["BENCH_DATABASE_URL"], conn_max_age=600)}
if os.environ.get("BENCH_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
