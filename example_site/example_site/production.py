"""The example site as a charity would run it in production (``make serve``).

The settings every site needs anyway, plus what the README's "Running at scale"
recommends for course pages:

- ``DEBUG`` off, static files served by WhiteNoise, compressed and with
  far-future cache headers;
- a cache every app server process shares (course outlines, page HTML and whole
  pages): Redis when ``REDIS_URL`` is set, else files on this machine, which the
  gunicorn workers of one server share (``DJANGO_CACHE_DIR``);
- ``CoursePageCacheMiddleware`` first, so visitors who are not signed in are
  served course pages from that cache.

``DJANGO_SECRET_KEY`` must be set on a real site.
"""

import os

from .settings import *  # noqa: F403
from .settings import BASE_DIR, MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

MIDDLEWARE = [
    # peer support: whole course pages for visitors who are not signed in.
    "wagtail_peersupport.middleware.CoursePageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *(name for name in MIDDLEWARE if name != "django.middleware.security.SecurityMiddleware"),
]

STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }
