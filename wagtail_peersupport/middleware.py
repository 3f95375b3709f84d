"""Course pages for visitors who are not signed in: the same for all, so cacheable by all.

A course page holds nothing personal (notes and progress live in the browser), so
when a visitor without a session cookie reads one, ``mark_public`` (called by every
course page's ``serve``) lets browsers and CDNs keep it: ``Cache-Control: public,
max-age=…`` (``WAGTAIL_PEERSUPPORT_PUBLIC_MAX_AGE``). A response that turns out to be
personal after all (it set a cookie, or its template used a CSRF token) is not marked.

``CoursePageCacheMiddleware``, placed first in ``MIDDLEWARE``, goes further:

- it drops ``Cookie`` from a marked response's ``Vary`` header (Django's session
  middleware adds it whenever a template looks at ``request.user``, which would stop
  a CDN sharing the page), and
- it keeps whole marked responses in the package's cache and serves them to the next
  visitor without a session cookie, without running Wagtail at all. Entries are keyed
  on the address and the ``Vary`` headers (Django's own cache keys) and on the site's
  content version, which publishing, unpublishing, moving or deleting any page,
  or changing a document, an image or a support contact, replaces (see
  ``cache.py``): a change shows at once, in every process sharing the
  cache. Previews, signed-in editors and requests other than GET are never served
  from it or stored in it. ``WAGTAIL_PEERSUPPORT_PAGE_CACHE = False`` turns it off.

Responses say ``X-Peersupport-Cache: hit`` or ``miss``.
"""

import hashlib
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import (
    get_cache_key,
    learn_cache_key,
    patch_cache_control,
)

from . import conf
from .cache import PREFIX, content_version, get_cache

__all__ = ["CoursePageCacheMiddleware", "mark_public"]

CACHE_HEADER = "X-Peersupport-Cache"


def _signed_out(request):
    """Whether ``request`` comes without a session cookie: from nobody signed in."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def mark_public(request, response):
    """Mark a course page's response as the same for every visitor, if it is.

    Only GETs without a session cookie, answered 200 by the page itself (not a
    preview, not a response that chose its own caching, like search results), and
    only once rendered: a template that used a CSRF token makes it personal.
    """
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or getattr(request, "is_preview", False)
        or response.has_header("Cache-Control")
    ):
        return response
    if not _signed_out(request):
        # Perhaps an editor's, with Wagtail's userbar: for no shared cache to keep.
        patch_cache_control(response, private=True)
        return response

    def mark(rendered):
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or rendered.cookies:
            return
        rendered.peersupport_public = True
        max_age = conf.public_max_age()
        if max_age is not None:
            patch_cache_control(rendered, public=True, max_age=max_age)

    if getattr(response, "is_rendered", True):
        mark(response)
    else:
        response.add_post_render_callback(mark)
    return response


def _without_cookie_in_vary(response):
    if not response.has_header("Vary"):
        return
    kept = [
        header.strip()
        for header in response["Vary"].split(",")
        if header.strip() and header.strip().lower() != "cookie"
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


@cache
def _settings():
    """The settings the middleware reads on every request, read once (and after a change).

    Whether the cache is on, how long entries are kept, and a token for what of the
    settings shows in a page, so that a changed setting misses old entries.
    """
    token = hashlib.sha256(
        f"{conf.quick_exit_url()}\n{conf.offline_enabled()}\n{conf.show_review_dates()}"
        f"\n{conf.public_max_age()}".encode()
    ).hexdigest()[:16]
    return conf.page_cache_enabled(), conf.cache_timeout(), token


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    if setting.startswith("WAGTAIL_PEERSUPPORT_") or setting == "SESSION_COOKIE_NAME":
        _settings.cache_clear()


def _language_for(request):
    """The language Django's ``LocaleMiddleware`` chooses for ``request``, chosen its way.

    The middleware looks pages up before ``LocaleMiddleware`` has run and stores them
    after: both use this, so a page is found under the language it was stored in
    (the address's language prefix, else the language cookie or Accept-Language).
    """
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=patterns_used)
    if (
        patterns_used
        and not prefixed_default
        and not translation.get_language_from_path(request.path_info)
    ):
        language = settings.LANGUAGE_CODE
    return language


@contextmanager
def _keyed_in(request, language):
    """Django's cache keys end with ``request.LANGUAGE_CODE``: make it ``language`` meanwhile."""
    missing = object()
    before = getattr(request, "LANGUAGE_CODE", missing)
    request.LANGUAGE_CODE = language
    try:
        yield
    finally:
        if before is missing:
            del request.LANGUAGE_CODE
        else:
            request.LANGUAGE_CODE = before


class CoursePageCacheMiddleware:
    """Serve anonymous visitors' course pages from Django's cache; make them CDN-friendly.

    The content version is read from the shared cache on every request, so a change
    shows at once everywhere. What a key holds never changes, so each process also
    keeps the pages it served most recently in its own memory (Django's local-memory
    cache, ``LOCAL_ENTRIES`` of them) and reads the shared cache only for the others.
    """

    LOCAL_ENTRIES = 200

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocMemCache(
            f"{PREFIX}:full-page:{id(self)}", {"OPTIONS": {"MAX_ENTRIES": self.LOCAL_ENTRIES}}
        )

    def lookup(self, request, prefix, shared, timeout):
        """The stored response for ``request``, from this process's memory or the shared cache."""
        with _keyed_in(request, request.peersupport_language):
            return self._lookup(request, prefix, shared, timeout)

    def _lookup(self, request, prefix, shared, timeout):
        for headers_from in (self.local, shared):
            key = get_cache_key(request, prefix, "GET", cache=headers_from)
            if key is None:
                continue
            response = self.local.get(key)
            if response is None:
                response = shared.get(key)
                if response is not None:
                    self.local.set(key, response, timeout)
                    learn_cache_key(request, response, timeout, prefix, self.local)
            return response
        return None

    def store(self, request, response, prefix, shared, timeout):
        response[CACHE_HEADER] = "miss"
        with _keyed_in(request, request.peersupport_language):
            for store_in in (shared, self.local):
                key = learn_cache_key(request, response, timeout, prefix, cache=store_in)
                store_in.set(key, response, timeout)

    def __call__(self, request):
        enabled, timeout, token = _settings()
        use_cache = enabled and request.method == "GET" and _signed_out(request)
        if use_cache:
            shared = get_cache()
            prefix = f"{PREFIX}:full-page:{content_version()}:{token}"
            request.peersupport_language = _language_for(request)
            stored = self.lookup(request, prefix, shared, timeout)
            if stored is not None:
                stored[CACHE_HEADER] = "hit"
                return stored

        response = self.get_response(request)
        if not getattr(response, "peersupport_public", False) or response.cookies:
            return response
        _without_cookie_in_vary(response)
        if use_cache and not response.streaming:
            self.store(request, response, prefix, shared, timeout)
        return response
