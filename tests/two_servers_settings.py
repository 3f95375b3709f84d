"""Settings for the app servers of ``tests/test_two_servers.py``: the test site, as served.

Each gunicorn process reads the same database (``DATABASE_URL``: a SQLite file or the
suite's PostgreSQL database) and the same Redis server (``PEERSUPPORT_REDIS_URL``), as
two app servers of one site would. Whole anonymous course pages are kept in that cache
too, by the package's middleware, placed first.
"""

import os

from tests.settings import *  # noqa: F403
from tests.settings import MIDDLEWARE

DEBUG = False

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["PEERSUPPORT_REDIS_URL"],
    }
}

PAGE_CACHE = "wagtail_peersupport.middleware.CoursePageCacheMiddleware"
MIDDLEWARE = [PAGE_CACHE, *(name for name in MIDDLEWARE if name != PAGE_CACHE)]
