"""The "Course translation status" report: each page of each course, in each language.

One of Wagtail's reports (filters, CSV and XLSX downloads). It asks what the
"Translate whole course" screen asks (see ``localize.permissions``): it lists only
the courses the user may translate, and its menu item appears only to users who
may translate one.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from .localize.status import STATUSES, TRANSLATED, course_status, translatable_courses

REPORT_URL_NAME = "wagtail_peersupport_translation_status"


class TranslationStatusFilterSet(WagtailFilterSet):
    """Course, language and status, which the report applies itself: its rows are not pages.

    The language filter is named ``locale``, as Wagtail's own is, so that Wagtail does
    not add its filter by the page's language as well.
    """

    course = django_filters.ChoiceFilter(label=_("Course"), empty_label=_("All courses"))
    locale = django_filters.ChoiceFilter(label=_("Language"), empty_label=_("All languages"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=list(STATUSES.items()),
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["course"].extra["choices"] = [
            (str(course.pk), course.title) for course in courses
        ]
        self.filters["locale"].extra["choices"] = [
            (locale.language_code, locale.get_display_name())
            for locale in Locale.objects.order_by("language_code")
        ]


class TranslationStatusReportView(ReportView):
    """Each page of the courses the user may translate, with its status in each language."""

    page_title = _("Course translation status")
    header_icon = "wagtail-localize-language"
    filterset_class = TranslationStatusFilterSet
    index_url_name = REPORT_URL_NAME
    index_results_url_name = f"{REPORT_URL_NAME}_results"
    paginate_by = 100
    columns = [
        TitleColumn("title", label=_("Page"), get_url=lambda row: row.url),
        Column("course_title", label=_("Course")),
        Column("language", label=_("Language")),
        StatusTagColumn(
            "status_label", label=_("Status"), primary=lambda row: row.status == TRANSLATED
        ),
        Column("details", label=_("Details")),
    ]
    list_export = ["title", "course_title", "language", "status_label", "details", "url"]
    export_headings = {
        "title": _("Page"),
        "course_title": _("Course"),
        "language": _("Language"),
        "status_label": _("Status"),
        "details": _("Details"),
        "url": _("Link"),
    }
    no_results_message = _("There are no course pages to show.")

    def dispatch(self, request, *args, **kwargs):
        if not self.courses_for(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def courses_for(self, user):
        if not hasattr(self, "_courses"):
            self._courses = list(translatable_courses(user))
        return self._courses

    def get_filterset_kwargs(self):
        return {
            **super().get_filterset_kwargs(),
            "queryset": Page.objects.none(),
            "courses": self.courses_for(self.request.user),
        }

    def get_filename(self):
        return f"course-translation-status-{datetime.date.today():%Y-%m-%d}"

    @cached_property
    def chosen(self):
        """The filters' values, empty where none is chosen or the value is not valid."""
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data
        return {}

    def get_queryset(self):
        courses = self.courses_for(self.request.user)
        if self.chosen.get("course"):
            courses = [course for course in courses if str(course.pk) == self.chosen["course"]]
        locales = None
        if self.chosen.get("locale"):
            locales = list(Locale.objects.filter(language_code=self.chosen["locale"]))
        rows = []
        for course in courses:
            status = course_status(course, locales=locales, user=self.request.user)
            rows += status.page_statuses()
        if self.chosen.get("status"):
            rows = [row for row in rows if row.status == self.chosen["status"]]
        return rows

    def filter_queryset(self, queryset):
        return queryset  # already filtered by get_queryset


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return translatable_courses(request.user).exists()


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/course-translations/",
            TranslationStatusReportView.as_view(),
            name=REPORT_URL_NAME,
        ),
        path(
            "reports/course-translations/results/",
            TranslationStatusReportView.as_view(results_only=True),
            name=f"{REPORT_URL_NAME}_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Course translation status"),
        reverse(REPORT_URL_NAME),
        name="peersupport-course-translations",
        icon_name="wagtail-localize-language",
        order=1160,
    )
