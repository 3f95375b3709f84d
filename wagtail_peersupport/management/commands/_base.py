"""Helpers the package's management commands share."""

from django.core.management.base import CommandError
from wagtail.models import Page, Site

from wagtail_peersupport.coursepackage import CoursePackageError
from wagtail_peersupport.models import AbstractCoursePage


def get_course(page_id):
    """The course page with ``page_id``, or a CommandError saying what is wrong."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise CommandError(f"There is no page with id {page_id}.")
    page = page.specific
    if not isinstance(page, AbstractCoursePage):
        raise CommandError(
            f"Page {page_id} ({page.title!r}) is a {page._meta.verbose_name}, not a course."
        )
    return page


def get_parent(parent_id):
    """The page to load under: the one asked for, or the default site's root page.

    Raises ``CoursePackageError`` naming ``--parent``, which each command reports in
    its own words ("Nothing was loaded. …").
    """
    if parent_id is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CoursePackageError("this site has no default site; use --parent", "--parent")
        return site.root_page.specific
    page = Page.objects.filter(pk=parent_id).first()
    if page is None:
        raise CoursePackageError(f"there is no page with id {parent_id}", "--parent")
    return page.specific
