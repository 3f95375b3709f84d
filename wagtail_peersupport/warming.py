"""Build a course's outline before its first visitor needs it.

A change to a page of a course gives the course a new version (see ``cache.py``), so
its cached outline is stale. Once the change is committed, a task builds the outline
again, in every language of the course and for every site that serves it, and keeps it
under the key a request on that site reads: the first visit after a change finds it
ready. The task runs wherever django-tasks runs tasks (at once with its default,
immediate backend; on a worker with a queue).

``signal_handlers.py`` enqueues the task, one per course for each committed change,
however many pages the change touched (a course package loaded in one transaction).
"""

from django.utils import translation
from django_tasks import task
from wagtail.models import Page, Site

from .models.mixins import course_page_models
from .outline import get_outline

__all__ = ["build_course_outlines", "build_outlines_task", "enqueue_outline_builds", "sites_of"]


def sites_of(page):
    """Every site whose tree holds ``page``, from Wagtail's cached list of site roots."""
    site_ids = {
        root.site_id
        for root in Site.get_site_root_paths()
        if page.url_path.startswith(root.root_path)
    }
    return list(Site.objects.filter(pk__in=site_ids).order_by("pk")) if site_ids else []


def build_course_outlines(translation_key):
    """Build and cache the outline of the course with ``translation_key``, in each of its
    languages and for each site that serves it; return how many were built or found."""
    courses = (
        Page.objects.type(*course_page_models("course"))
        .filter(translation_key=translation_key)
        .live()
        .select_related("locale")
        .specific()
    )
    count = 0
    for course in courses:
        # Wagtail gives the URLs of the language that is active, when it is a variant of
        # the page's own; a visitor of the course has the course's language active.
        with translation.override(course.locale.language_code):
            for site in sites_of(course):
                get_outline(course, site=site)
                count += 1
    return count


@task()
def build_outlines_task(translation_key):
    """The task: ``build_course_outlines`` for one course (its translation key, a string)."""
    return build_course_outlines(translation_key)


def enqueue_outline_builds(translation_keys):
    """Enqueue one task for each course, e.g. at the end of a load that changed them."""
    for key in sorted({str(key) for key in translation_keys}):
        build_outlines_task.enqueue(key)
