"""What course pages keep in Django's cache, and how it is invalidated.

Every course has a *version*: a token in the cache, shared by all the course's
translations (it is keyed on the course's ``translation_key``). The outline of a
course and the language switcher of its pages are cached under keys that include
that version, so changing the version makes every cached copy stale at once, in
every process and on every server that shares the cache. Signals (see
``signal_handlers.py``) change it when a page of the course is published, unpublished,
moved, deleted or translated.

Rendered course pages are cached the same way (see the ``peersupport_cache`` template
tag), under keys that also hold a site-wide content version, which any change to
a page, document or image replaces.

Nothing is kept in process memory: with a shared cache (Redis, Memcached, the
database cache) several app servers see the same versions. The cache used is
``WAGTAIL_PEERSUPPORT_CACHE`` (default ``"default"``).
"""

import time

from django.core.cache import caches
from wagtail.models import Site

from . import conf

__all__ = [
    "get_cache",
    "course_version",
    "bump_course_version",
    "contacts_version",
    "bump_contacts_version",
    "content_version",
    "bump_content_version",
    "index_version",
    "bump_index_version",
    "cached",
    "site_id",
]

PREFIX = "wagtail-peersupport"


def get_cache():
    return caches[conf.cache_alias()]


def _token():
    return f"{time.time_ns():x}"


def _version(key):
    cache = get_cache()
    version = cache.get(key)
    if version is None:
        cache.add(key, _token(), None)
        version = cache.get(key)
    # A cache that keeps nothing (DummyCache) still needs a key that changes.
    return version or _token()


def course_version(translation_key):
    """The current version of the course with this translation key."""
    return _version(f"{PREFIX}:course:{translation_key}:version")


def bump_course_version(translation_key):
    get_cache().set(f"{PREFIX}:course:{translation_key}:version", _token(), None)


def contacts_version():
    return _version(f"{PREFIX}:contacts:version")


def bump_contacts_version():
    # Whole cached pages show the contacts too, and are keyed on the content version only.
    get_cache().set_many(
        {f"{PREFIX}:contacts:version": _token(), f"{PREFIX}:content:version": _token()}, None
    )


def index_version():
    """Changes whenever a course is added or a page moved (see ``course_index``)."""
    return _version(f"{PREFIX}:course-index:version")


def bump_index_version():
    get_cache().set(f"{PREFIX}:course-index:version", _token(), None)


def content_version():
    """Changes whenever any page, document or image of the site, or a support contact, changes.

    Rendered course pages can show things from outside their course (a link to
    another page, a document's size), so their cached HTML depends on this too.
    """
    return _version(f"{PREFIX}:content:version")


def bump_content_version():
    get_cache().set(f"{PREFIX}:content:version", _token(), None)


def site_id(request):
    """The id of the site serving ``request`` (URLs differ between sites), or ``-``."""
    site = Site.find_for_request(request) if request is not None else None
    return site.pk if site else "-"


def cached(key, build):
    """The value cached under ``key``, or ``build()``'s result, stored for next time."""
    cache = get_cache()
    key = f"{PREFIX}:{key}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, conf.cache_timeout())
    return value
