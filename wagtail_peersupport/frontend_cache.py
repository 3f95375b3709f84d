"""Purge every URL of a course from the front-end cache (a CDN) when any of its pages changes.

Every page of a course shows the course's outline, numbering and previous/next links,
so a change to one page (published, unpublished, moved or deleted) changes them all.
With ``wagtail.contrib.frontend_cache`` installed and ``WAGTAILFRONTENDCACHE`` set,
Wagtail purges the page that was published or unpublished; once the change is
committed, a task purges every other URL of the course in every language: the course,
its sessions, lessons and resources page, and the sub-routes visitors fetch (the
workbooks, the privacy page, the reading-offline worker and page list, the search
page). Pages deleted or moved away are purged at the addresses they had.

The URLs are worked out in the task, not in the request that made the change, and
handed to Wagtail's own ``PurgeBatch`` (which adds each content language's prefix and
sends them to the backends). ``signal_handlers.py`` connects the handlers below only
when the app is installed.
"""

import re
from urllib.parse import quote, urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.urls import NoReverseMatch
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.coreutils import get_content_languages
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from .outline import _SAFE, CourseUrls, _model_for

__all__ = [
    "connections",
    "course_urls",
    "enqueue_course_purges",
    "purge_course_task",
    "sub_route_paths",
]


def sub_route_paths(model):
    """The paths of ``model``'s sub-routes that take no argument, e.g. ``["/workbook/"]``."""
    if not hasattr(model, "get_resolver"):
        return []
    paths = []
    for route in model.get_subpage_urls():
        if not route.name:
            continue
        try:
            path = model.get_resolver().reverse(route.name)
        except NoReverseMatch:
            continue  # a route that needs arguments: no single URL to purge
        if path.strip("/"):
            paths.append("/" + path.lstrip("/"))
    return paths


def _cached_paths(page, model):
    """What ``model.get_cached_paths()`` gives for ``page``, reading the page only when a
    site's page type works it out itself."""
    from .models.mixins import CoursePageMixin

    own = getattr(model, "get_cached_paths", None) if model else None
    if own is None or own is Page.get_cached_paths:
        return ["/"]
    if own is CoursePageMixin.get_cached_paths:
        return ["/", *sub_route_paths(model)]
    return page.specific.get_cached_paths()


def _join(url, paths):
    return [url + path.lstrip("/") for path in paths]


def _language_neutral():
    """A function giving a URL without its language prefix, for the languages Wagtail
    sends each URL in (``WAGTAILFRONTENDCACHE_LANGUAGES``, else the content languages)."""
    content = get_content_languages() if getattr(settings, "WAGTAIL_I18N_ENABLED", False) else {}
    languages = getattr(settings, "WAGTAILFRONTENDCACHE_LANGUAGES", list(content))
    if not (settings.USE_I18N and languages):
        return lambda url: url
    prefix = re.compile("^/({})/".format("|".join(re.escape(code) for code in languages)))

    def neutral(url):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=prefix.sub("/*/", parts.path)))

    return neutral


def _course_models():
    from .models.mixins import course_page_models

    return course_page_models("course")


def course_urls(translation_key, skip=(), gone=(), moved=()):
    """Every URL of the course with ``translation_key``, in every language, as Wagtail
    gives a page's URLs for purging (``get_full_url()`` and ``get_cached_paths()``).

    ``skip`` holds the ids of pages Wagtail purges itself; ``gone`` the
    ``[url_path, content_type_id, full_url]`` of pages deleted (``full_url`` for a
    course, else ``None``); ``moved`` the ``[url_path_before, url_path_after]`` of pages
    moved, whose old addresses are purged too.
    """
    skip = set(skip)
    urls = set()
    by_wagtail = set()  # the URLs of the pages Wagtail purges, in any language
    bases = {}  # a course's url_path: how its pages' URLs are made
    courses = Page.objects.type(*_course_models()).filter(translation_key=translation_key)
    for course in courses.specific():
        made = CourseUrls(course, full=True)
        if made.prefix is None:
            continue  # not routable: nothing of it is cached
        bases[course.url_path] = made.prefix
        pages = (
            Page.objects.descendant_of(course, inclusive=True)
            .filter(Q(live=True) | Q(pk__in=skip))
            .only("id", "url_path", "path", "depth", "content_type_id", "locale_id")
        )
        for page in pages:
            model = _model_for(page.content_type_id)
            url = made.url(page, model)
            if url:
                paths = _join(url, _cached_paths(page, model))
                (by_wagtail if page.pk in skip else urls).update(paths)
    for url_path, _content_type_id, full_url in gone:
        if full_url:
            bases.setdefault(url_path, full_url)

    def address(url_path):
        # The URL a page had at ``url_path``: below the course it was in.
        for base_path in sorted(bases, key=len, reverse=True):
            if url_path.startswith(base_path):
                return bases[base_path] + quote(url_path[len(base_path) :], safe=_SAFE)
        return None

    for url_path, content_type_id, _full_url in gone:
        url = address(url_path)
        if url:
            model = _model_for(content_type_id)
            urls.update(_join(url, ["/", *sub_route_paths(model)] if model else ["/"]))
    for before, after in moved:
        for page in Page.objects.filter(url_path__startswith=after).only(
            "id", "url_path", "content_type_id"
        ):
            url = address(before + page.url_path[len(after) :])
            if url:
                model = _model_for(page.content_type_id)
                urls.update(_join(url, ["/", *sub_route_paths(model)] if model else ["/"]))
    # Wagtail sends each URL in every language: a page whose translation has the same
    # slugs as the page Wagtail purged is purged already.
    neutral = _language_neutral()
    purged = {neutral(url) for url in by_wagtail}
    return sorted(url for url in urls if neutral(url) not in purged)


@task()
def purge_course_task(translation_key, skip=(), gone=(), moved=()):
    """Purge every URL of one course (see ``course_urls``); return how many were sent."""
    urls = course_urls(translation_key, skip, gone, moved)
    PurgeBatch(urls).purge()
    return len(urls)


def enqueue_course_purges(courses, changes=None):
    """Enqueue a purge of each course of ``courses`` (translation keys); ``changes`` maps
    a key to what the handlers noted for it. Nothing is enqueued when no front-end cache
    is configured (``WAGTAILFRONTENDCACHE``)."""
    if not courses or not get_backends():
        return
    changes = changes or {}
    for key in sorted(str(key) for key in courses):
        noted = changes.get(key, {})
        purge_course_task.enqueue(
            key, noted.get("skip", []), noted.get("gone", []), noted.get("moved", [])
        )


# What the handlers note, in the transaction's ``AfterCommit``, for the task. They cost
# no query: the courses come from the cached index, the addresses from the page's row.


def _note(pages, what, value):
    from .signal_handlers import after_commit, courses_around

    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    keys = courses_around(*pages)
    state = after_commit()
    for key in keys:
        state.note(key, what, value)


def page_purged_by_wagtail(sender, instance, **kwargs):
    _note([instance], "skip", instance.pk)


def page_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if url_path_before and url_path_after and url_path_before != url_path_after:
        parents = (kwargs.get("parent_page_before"), kwargs.get("parent_page_after"))
        _note([instance, *parents], "moved", [url_path_before, url_path_after])


def course_moving(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    # A course moved: its old address is read now, as its pages' old addresses start there.
    if url_path_before != url_path_after and _model_for(instance.content_type_id) in (
        _course_models()
    ):
        _note(
            [instance], "gone", [url_path_before, instance.content_type_id, instance.get_full_url()]
        )


def page_deleted(sender, instance, **kwargs):
    model = _model_for(instance.content_type_id) if instance.content_type_id else None
    # A deleted course leaves nothing to find its address from: it is read now, once.
    full_url = instance.get_full_url() if model in _course_models() else None
    _note([instance], "gone", [instance.url_path, instance.content_type_id, full_url])


def connections():
    """Every (signal, handler, sender, dispatch_uid) connected when the app is installed."""
    yield page_published, page_purged_by_wagtail, None, "peersupport-cdn-page-published"
    yield page_unpublished, page_purged_by_wagtail, None, "peersupport-cdn-page-unpublished"
    yield pre_page_move, course_moving, None, "peersupport-cdn-course-moving"
    yield post_page_move, page_moved, None, "peersupport-cdn-page-moved"
    yield pre_delete, page_deleted, Page, "peersupport-cdn-page-deleted"
