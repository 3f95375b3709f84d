"""The "Stories awaiting consent" report: every recovery story not yet cleared to publish.

One row per story, read from each page's latest revision (what would be published
next), for the pages the user may edit. Its menu item under Reports appears only to
users who may edit a page that can hold stories. It downloads as CSV or XLSX.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from ..models.mixins import course_page_models
from .stories import stories_awaiting_consent, stories_in_revision, story_page_models

__all__ = ["StoryRow", "stories_awaiting_consent_for", "can_see_report", "ConsentReportView"]

REPORT_URL_NAME = "wagtail_peersupport_consent_report"


@dataclass
class StoryRow:
    """A story awaiting consent, with the page it is in."""

    pk: int
    """The page's id (the title column links to the page's editor by it)."""
    page_title: str
    story_title: str
    narrator: str
    location: str
    course_title: str
    language: str
    status: str


def editable_story_pages(user):
    """The pages ``user`` may edit whose type can hold a recovery story."""
    models = story_page_models()
    if not models:
        return Page.objects.none()
    return (
        page_permission_policy.instances_user_has_permission_for(user, "change")
        .type(*models)
        .filter(alias_of__isnull=True)
    )


def can_see_report(user):
    """Whether ``user`` may edit any page that can hold a recovery story."""
    return editable_story_pages(user).exists()


def _course_titles():
    courses = Page.objects.type(*course_page_models("course")).values_list("path", "title")
    return sorted(courses, key=lambda course: len(course[0]), reverse=True)


def _status(page):
    # Wagtail's wording, without the queries its ``status_string`` makes for each page.
    if not page.live:
        return gettext("draft")
    return gettext("live + draft") if page.has_unpublished_changes else gettext("live")


def stories_awaiting_consent_for(user):
    """A ``StoryRow`` for every story awaiting consent in the pages ``user`` may edit."""
    pages = editable_story_pages(user).select_related("latest_revision", "locale").order_by("path")
    courses = _course_titles()
    rows = []
    for page in pages:
        model = page.specific_class
        revision = page.latest_revision
        if revision is not None:
            stories = stories_in_revision(revision, model)
        else:
            stories = stories_awaiting_consent(page.specific)
        if not stories:
            continue
        course = next((title for where, title in courses if page.path.startswith(where)), "")
        for story in stories:
            rows.append(
                StoryRow(
                    pk=page.pk,
                    page_title=page.get_admin_display_title(),
                    story_title=story.title,
                    narrator=story.narrator,
                    location=story.location,
                    course_title=course,
                    language=page.locale.get_display_name(),
                    status=_status(page),
                )
            )
    return rows


class ConsentReportView(ReportView):
    """Every recovery story whose narrator's consent is not yet confirmed."""

    page_title = _("Stories awaiting consent")
    header_icon = "openquote"
    index_url_name = REPORT_URL_NAME
    index_results_url_name = f"{REPORT_URL_NAME}_results"
    columns = [
        TitleColumn("page_title", label=_("Page"), url_name="wagtailadmin_pages:edit"),
        Column("story_title", label=_("Story")),
        Column("narrator", label=_("Narrator")),
        Column("location", label=_("Where")),
        Column("course_title", label=_("Course")),
        Column("language", label=_("Language")),
        Column("status", label=_("Status")),
    ]
    list_export = [
        "page_title",
        "story_title",
        "narrator",
        "location",
        "course_title",
        "language",
        "status",
    ]
    export_headings = {
        "page_title": _("Page"),
        "story_title": _("Story"),
        "narrator": _("Narrator"),
        "location": _("Where"),
        "course_title": _("Course"),
        "language": _("Language"),
        "status": _("Status"),
    }
    no_results_message = _("No recovery stories are waiting for consent.")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"stories-awaiting-consent-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return stories_awaiting_consent_for(self.request.user)


class ConsentReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_admin_urls")
def register_consent_report_urls():
    return [
        path(
            "reports/stories-awaiting-consent/", ConsentReportView.as_view(), name=REPORT_URL_NAME
        ),
        path(
            "reports/stories-awaiting-consent/results/",
            ConsentReportView.as_view(results_only=True),
            name=f"{REPORT_URL_NAME}_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_consent_report_menu_item():
    return ConsentReportMenuItem(
        _("Stories awaiting consent"),
        reverse(REPORT_URL_NAME),
        name="peersupport-stories-awaiting-consent",
        icon_name="openquote",
        order=1160,
    )
