"""Which page types a course is built from: the package's own, or a site's subclasses.

A course has four kinds of page: the course, its sessions, their lessons and the
course's resources page. Each kind has an abstract base (``AbstractLessonPage`` and
so on) and a ready-made page type (``LessonPage``). A site that subclasses a base,
say ``FacilitatedLessonPage(AbstractLessonPage)``, names it in
``WAGTAIL_PEERSUPPORT_PAGE_MODELS`` and the loader, the Tutor importer and the sample
course then create that page type; a course package can also name a page's type
with ``page_type: app_label.ModelName``.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import (
    AbstractCoursePage,
    AbstractLessonPage,
    AbstractResourcesPage,
    AbstractSessionPage,
    CoursePage,
    LessonPage,
    ResourcesPage,
    SessionPage,
)

__all__ = [
    "KINDS",
    "SETTING",
    "base_model",
    "default_model",
    "page_model",
    "resolve_page_type",
]

SETTING = "WAGTAIL_PEERSUPPORT_PAGE_MODELS"
KINDS = ("course", "session", "lesson", "resources")
_BASES = {
    "course": AbstractCoursePage,
    "session": AbstractSessionPage,
    "lesson": AbstractLessonPage,
    "resources": AbstractResourcesPage,
}
_DEFAULTS = {
    "course": CoursePage,
    "session": SessionPage,
    "lesson": LessonPage,
    "resources": ResourcesPage,
}


def base_model(kind):
    """The abstract base every page of ``kind`` is a subclass of."""
    return _BASES[kind]


def default_model(kind):
    """The package's own page type for ``kind``."""
    return _DEFAULTS[kind]


def resolve_page_type(kind, label):
    """The page model ``label`` ("app_label.ModelName") names, checked for ``kind``.

    Raises ``ValueError`` with a message saying what is wrong.
    """
    base = _BASES[kind]
    if not isinstance(label, str) or label.count(".") != 1:
        raise ValueError(
            f"expected a page type as 'app_label.ModelName', found {str(label)[:60]!r}"
        )
    try:
        model = apps.get_model(label)
    except LookupError:
        raise ValueError(f"there is no model {label!r} on this site") from None
    if not issubclass(model, base):
        raise ValueError(
            f"{label} is not a {kind} page type: a {kind} must be a subclass of "
            f"{base.__module__}.{base.__name__}"
        )
    if model._meta.abstract:
        raise ValueError(f"{label} is abstract; name a page type pages can be made of")
    return model


def page_model(kind):
    """The page type new pages of ``kind`` are made of, from ``WAGTAIL_PEERSUPPORT_PAGE_MODELS``."""
    label = (getattr(settings, SETTING, None) or {}).get(kind)
    if label is None:
        return _DEFAULTS[kind]
    try:
        return resolve_page_type(kind, label)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{SETTING}[{kind!r}]: {exc}.") from None


def check_setting():
    """Problems with ``WAGTAIL_PEERSUPPORT_PAGE_MODELS``, as messages (empty when none)."""
    value = getattr(settings, SETTING, None)
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"{SETTING} must be a dict mapping page kinds to 'app_label.ModelName'."]
    problems = [
        f"{SETTING}: unknown page kind {key!r} (expected some of: {', '.join(KINDS)})."
        for key in value
        if key not in KINDS
    ]
    for kind in KINDS:
        if kind in value:
            try:
                resolve_page_type(kind, value[kind])
            except ValueError as exc:
                problems.append(f"{SETTING}[{kind!r}]: {exc}.")
    return problems
