"""Review dates in the admin: the "Course pages due for review" report and a dashboard panel.

The report is one of Wagtail's page reports (filters, CSV and XLSX downloads); it
lists only pages the user may edit, and its menu item and the panel appear only to
users who may edit a session or a lesson.
Each row links to "Record a review" (``review_record``), which records a review of
any session or lesson, a translation synced by wagtail-localize included.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page

from .review import (
    OVERDUE,
    STATUS_CHOICES,
    add_courses,
    can_review,
    course_choices,
    overdue_count,
    pages_due_for_review,
    pages_in_course,
)
from .review_record import RECORD_REVIEW_URL_NAME, RecordReviewColumn, RecordReviewView

REPORT_URL_NAME = "wagtail_peersupport_review_report"


class ReviewReportFilterSet(WagtailFilterSet):
    """Status and course; Wagtail adds the language ("locale") filter itself."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    course = django_filters.ChoiceFilter(
        label=_("Course"), method="filter_course", empty_label=_("All courses")
    )

    class Meta:
        model = Page
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["course"].extra["choices"] = course_choices(user) if user else []

    def filter_status(self, queryset, name, value):
        return queryset.filter(review_status=value) if value else queryset

    def filter_course(self, queryset, name, value):
        return pages_in_course(queryset, value) if value else queryset


class ReviewReportView(PageReportView):
    """Course pages overdue, due within the next days, or never reviewed."""

    page_title = _("Course pages due for review")
    header_icon = "calendar-check"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    filterset_class = ReviewReportFilterSet
    index_url_name = REPORT_URL_NAME
    index_results_url_name = f"{REPORT_URL_NAME}_results"
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        Column("course_title", label=_("Course")),
        Column("language", label=_("Language")),
        Column("last_reviewed", label=_("Last reviewed")),
        Column("next_review_due", label=_("Next review due")),
        Column("reviewed_by", label=_("Reviewed by")),
        RecordReviewColumn("record_review", label=_("Review")),
        StatusTagColumn(
            "status_label",
            label=_("Status"),
            primary=lambda page: page.review_status == OVERDUE,
        ),
    ]
    list_export = [
        "title",
        "course_title",
        "language",
        "last_reviewed",
        "next_review_due",
        "reviewed_by",
        "status_label",
    ]
    export_headings = {
        "title": _("Title"),
        "course_title": _("Course"),
        "language": _("Language"),
        "last_reviewed": _("Last reviewed"),
        "next_review_due": _("Next review due"),
        "reviewed_by": _("Reviewed by"),
        "status_label": _("Status"),
    }
    no_results_message = _("No course pages are due for review.")

    def dispatch(self, request, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"course-pages-due-for-review-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = pages_due_for_review(self.request.user).select_related("locale")
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        add_courses(object_list)
        return object_list


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review(request.user)


class ReviewsDuePanel(Component):
    """On the dashboard: how many course pages the user may edit are overdue for review."""

    name = "peersupport_reviews_due"
    template_name = "wagtail_peersupport/admin/review_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        count = overdue_count(request.user)
        return {
            "count": count,
            "report_url": f"{reverse(REPORT_URL_NAME)}?status={OVERDUE}" if count else "",
        }


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/course-reviews/", ReviewReportView.as_view(), name=REPORT_URL_NAME),
        path(
            "reports/course-reviews/results/",
            ReviewReportView.as_view(results_only=True),
            name=f"{REPORT_URL_NAME}_results",
        ),
        path(
            "peersupport/review/<int:page_id>/",
            RecordReviewView.as_view(),
            name=RECORD_REVIEW_URL_NAME,
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewReportMenuItem(
        _("Course pages due for review"),
        reverse(REPORT_URL_NAME),
        name="peersupport-course-reviews",
        icon_name="calendar-check",
        order=1150,
    )


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    panels.append(ReviewsDuePanel())
