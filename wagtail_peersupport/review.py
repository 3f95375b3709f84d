"""Which course pages are due for review: for the report, the dashboard and the exporter.

A page is *overdue* when its next review date has passed, *due soon* when that date
is within ``WAGTAIL_PEERSUPPORT_REVIEW_DUE_DAYS`` days from today, and *not reviewed*
when it has no "last reviewed" date (and is neither). Only pages a user may edit are
counted for them. Aliases are left out: their content, dates included, is their
source's, and is reviewed there.
"""

import datetime
from functools import cache

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, get_page_models
from wagtail.permissions import page_permission_policy

from . import conf
from .models.mixins import course_page_models
from .models.review import REVIEW_FIELDS, ReviewMixin

__all__ = [
    "OVERDUE",
    "DUE_SOON",
    "NOT_REVIEWED",
    "STATUS_CHOICES",
    "reviewed_page_models",
    "reviewed_pages",
    "pages_due_for_review",
    "overdue_count",
    "can_review",
    "course_choices",
    "pages_in_course",
    "add_courses",
]

OVERDUE = "overdue"
DUE_SOON = "due-soon"
NOT_REVIEWED = "not-reviewed"
STATUS_CHOICES = [
    (OVERDUE, _("Overdue")),
    (DUE_SOON, _("Due soon")),
    (NOT_REVIEWED, _("Not reviewed")),
]
STATUS_LABELS = dict(STATUS_CHOICES)


@cache
def reviewed_page_models():
    """The concrete page models whose own database table holds the review fields."""
    owners = []
    for model in get_page_models():
        if issubclass(model, ReviewMixin) and not model._meta.abstract:
            owner = model._meta.get_field("next_review_due").model
            if owner not in owners:
                owners.append(owner)
    return tuple(owners)


def _path_from_page(model):
    """The lookup from ``Page`` to ``model``'s table, e.g. ``"lessonpage"``."""
    names = []
    while model is not Page:
        parent, link = next(iter(model._meta.parents.items()))
        names.append(link.related_query_name())
        model = parent
    return "__".join(reversed(names))


def _review_value(field_name, output_field):
    # Each page has a row in one of the tables only, so the first value found is its own.
    values = [F(f"{_path_from_page(m)}__{field_name}") for m in reviewed_page_models()]
    if len(values) == 1:
        return values[0]
    return Coalesce(*values, output_field=output_field)


def reviewed_pages(user, today=None, days=None):
    """Every page with review dates that ``user`` may edit, with its dates and its status.

    Each page (a plain ``Page``) carries ``last_reviewed``, ``next_review_due``,
    ``reviewed_by`` and ``review_status`` (one of ``STATUS_CHOICES``, or "").
    """
    models = reviewed_page_models()
    if not models:
        return Page.objects.none()
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=conf.review_due_days() if days is None else days)
    fields = {name: models[0]._meta.get_field(name) for name in REVIEW_FIELDS}
    return (
        page_permission_policy.instances_user_has_permission_for(user, "change")
        .type(*models)
        .filter(alias_of__isnull=True)
        .annotate(**{name: _review_value(name, field) for name, field in fields.items()})
        .annotate(
            review_status=Case(
                When(next_review_due__lt=today, then=Value(OVERDUE)),
                When(next_review_due__lte=soon, then=Value(DUE_SOON)),
                When(last_reviewed__isnull=True, then=Value(NOT_REVIEWED)),
                default=Value(""),
                output_field=CharField(),
            )
        )
    )


def pages_due_for_review(user, today=None, days=None):
    """The pages of ``reviewed_pages`` that need a review, the most pressing first.

    Pages without a due date come first (nobody has planned their review), then
    pages by due date.
    """
    return (
        reviewed_pages(user, today=today, days=days)
        .exclude(review_status="")
        .order_by(F("next_review_due").asc(nulls_first=True), "path")
    )


def overdue_count(user, today=None):
    """How many pages ``user`` may edit are past their next review date."""
    return reviewed_pages(user, today=today).filter(review_status=OVERDUE).count()


def can_review(user):
    """Whether ``user`` may edit any page that has review dates."""
    return reviewed_pages(user).exists()


def _courses():
    return list(
        Page.objects.type(*course_page_models("course"))
        .order_by("path")
        .values("path", "title", "translation_key", "locale_id")
    )


def _course_of(path, courses):
    found = None
    for course in courses:
        if path.startswith(course["path"]) and path != course["path"]:
            found = course
    return found


def course_choices(user):
    """(translation key, title) of each course holding a page ``user`` may review.

    A course and its translations are one choice, named in the default language
    where the course has it.
    """
    courses = _courses()
    if not courses:
        return []
    default_locale = Locale.get_default().pk
    titles = {}
    for path in reviewed_pages(user).values_list("path", flat=True):
        course = _course_of(path, courses)
        if course is None:
            continue
        key = str(course["translation_key"])
        titles.setdefault(key, course["title"])
    for course in courses:
        key = str(course["translation_key"])
        if key in titles and course["locale_id"] == default_locale:
            titles[key] = course["title"]
    return sorted(titles.items(), key=lambda item: item[1].lower())


def pages_in_course(queryset, translation_key):
    """``queryset`` narrowed to pages of the course ``translation_key``, in any language."""
    paths = Page.objects.filter(translation_key=translation_key).values_list("path", flat=True)
    where = Q()
    for path in paths:
        where |= Q(path__startswith=path)
    return queryset.filter(where) if where else queryset.none()


def add_courses(pages):
    """Set ``course_title``, ``language`` and ``status_label`` on each of ``pages``."""
    courses = _courses()
    for page in pages:
        course = _course_of(page.path, courses)
        page.course_title = course["title"] if course else ""
        page.language = page.locale.get_display_name()
        page.status_label = STATUS_LABELS.get(page.review_status, "")
    return pages
