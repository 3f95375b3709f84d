"""Settings for a django-tasks-db worker in the tests: the test settings, jobs in the database.

The database comes from DATABASE_URL, as in the test settings; a test points it at a
database it shares with the worker (a SQLite file, or the suite's PostgreSQL database).
"""

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
