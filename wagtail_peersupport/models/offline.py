"""Reading offline: the course's service worker, and the list of pages it saves.

Both are routes of the course page, so that the worker's scope can be the course's own
path in each language (``/ar/<course>/`` is another scope, with its own cache, from
``/en/<course>/``). The worker keeps the course pages a visitor opens, and every page of
the course when asked, in Cache Storage under the package's prefix, where "Forget this
device" finds it. With ``WAGTAIL_PEERSUPPORT_OFFLINE = False`` neither route answers.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from .. import conf

__all__ = ["OfflineMixin", "OFFLINE_ASSETS", "OFFLINE_WORKER"]

OFFLINE_WORKER = "wagtail_peersupport/js/offline-worker.js"
# The only files outside the course's scope that the worker keeps.
OFFLINE_ASSETS = (
    "wagtail_peersupport/css/peersupport.css",
    "wagtail_peersupport/js/peersupport.js",
)
CACHE_PREFIX = "wagtail-peersupport:offline:"


def _worker_source():
    """The worker's script: a site's own copy in its static files first, else the package's."""
    found = finders.find(OFFLINE_WORKER)
    source = (
        Path(found) if found else Path(__file__).resolve().parents[1] / "static" / OFFLINE_WORKER
    )
    return source.read_text(encoding="utf-8")


class OfflineMixin(RoutablePageMixin):
    """The service worker at ``offline/worker/`` and the page list at ``offline/pages/``.

    For a course page: the list is read from the course's outline, and names its privacy page.
    """

    @path("offline/worker/", name="offline_worker")
    def offline_worker(self, request):
        if not conf.offline_enabled():
            raise Http404
        scope = self.offline_scope(request)
        settings = {
            "scope": scope,
            "cache": self.offline_cache_name(),
            "pages": scope + self.reverse_subpage("offline_pages"),
            "assets": [static(name) for name in OFFLINE_ASSETS],
            "max": conf.offline_max_pages(),
        }
        body = f"var PS = {json.dumps(settings)};\n{_worker_source()}"
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        # The script lives below the course, at offline/worker/; it may look after all of it.
        response["Service-Worker-Allowed"] = scope
        response["Cache-Control"] = "no-cache"
        return response

    @path("offline/pages/", name="offline_pages")
    def offline_pages(self, request):
        """Every live page of this course, in this language, and the files they need."""
        if not conf.offline_enabled():
            raise Http404
        outline = self.get_outline(request)
        pages = [self.get_url(request)]
        for session in outline.sessions:
            pages.append(session.url)
            pages.extend(lesson.url for lesson in session.lessons)
        pages.extend(entry.url for entry in outline.resources)
        pages.append(self.privacy_url(request))
        response = JsonResponse(
            {"pages": [url for url in pages if url], "assets": [static(n) for n in OFFLINE_ASSETS]}
        )
        response["Cache-Control"] = "no-cache"
        return response

    def offline_cache_name(self):
        """The Cache Storage cache of this course in this language."""
        return f"{CACHE_PREFIX}{self.translation_key}:{self.locale.language_code}"

    def offline_scope(self, request=None):
        """The path the course's service worker looks after: the course's own, or ""."""
        url = self.get_url(request)
        return urlsplit(url).path if url else ""

    def offline_worker_url(self, request=None, scope=None):
        """Where the course's service worker is served; "" when reading offline is off.

        ``scope``, when the caller has it from ``offline_scope``, saves working it out again.
        """
        if not conf.offline_enabled():
            return ""
        scope = self.offline_scope(request) if scope is None else scope
        return scope + self.reverse_subpage("offline_worker") if scope else ""
