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
  content version, which publishing, unpublishing, moving or deleting any page
  replaces (see ``cache.py``): a change shows at once, in every process sharing the
  cache. Previews, signed-in editors and requests other than GET are never served
  from it or stored in it. ``WAGTAIL_PEERSUPPORT_PAGE_CACHE = False`` turns it off.

Responses say ``X-Peersupport-Cache: hit`` or ``miss``.
"""

import hashlib

from django.conf import settings
from django.utils.cache import (
    get_cache_key,
    learn_cache_key,
    patch_cache_control,
)

from . import conf
from .cache import PREFIX, contacts_version, content_version, get_cache

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
        or not _signed_out(request)
    ):
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


def _settings_token():
    """What of the settings shows in a page, so a changed setting misses old entries."""
    return hashlib.sha256(
        f"{conf.quick_exit_url()}\n{conf.offline_enabled()}\n{conf.show_review_dates()}"
        f"\n{conf.public_max_age()}".encode()
    ).hexdigest()[:16]


class CoursePageCacheMiddleware:
    """Serve anonymous visitors' course pages from Django's cache; make them CDN-friendly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def key_prefix(self):
        return f"{PREFIX}:full-page:{content_version()}:{contacts_version()}:{_settings_token()}"

    def __call__(self, request):
        use_cache = request.method == "GET" and _signed_out(request) and conf.page_cache_enabled()
        cache = get_cache() if use_cache else None
        prefix = self.key_prefix() if use_cache else ""
        if use_cache:
            key = get_cache_key(request, prefix, "GET", cache=cache)
            stored = cache.get(key) if key else None
            if stored is not None:
                stored[CACHE_HEADER] = "hit"
                return stored

        response = self.get_response(request)
        if not getattr(response, "peersupport_public", False) or response.cookies:
            return response
        _without_cookie_in_vary(response)
        if use_cache and not response.streaming:
            timeout = conf.cache_timeout()
            key = learn_cache_key(request, response, timeout, prefix, cache=cache)
            response[CACHE_HEADER] = "miss"
            cache.set(key, response, timeout)
        return response
