"""Helpers the package's management commands share."""

from django.core.management.base import CommandError
from wagtail.models import Page

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
