"""Load a course package into pages: all or nothing, idempotent, keeping editors' changes."""

import time
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale, Page

from ..models import CoursePage, LessonPage, LoadRecord, ResourcesPage, SessionPage
from .content import FIELDS_BY_KIND, STREAM_FIELDS, digest, package_content, page_content
from .schema import CoursePackageError, stream_block

__all__ = ["LoadReport", "load_course"]


@dataclass
class LoadReport:
    """What a load did, page by page."""

    course: Page = None
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    seconds: float = 0.0

    def summary(self):
        return (
            f"Loaded {self.course.title!r} (page {self.course.pk}): "
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept with editors' changes, "
            f"in {self.seconds:.1f} s."
        )


def resolve_locale(parent, language_code):
    """The locale to load into, and the parent page in that locale."""
    if not language_code:
        return parent.locale, parent
    try:
        locale = Locale.objects.get(language_code=language_code)
    except Locale.DoesNotExist:
        known = ", ".join(Locale.objects.values_list("language_code", flat=True)) or "none"
        raise CoursePackageError(
            f"unknown locale {language_code!r} (this site's locales: {known})", "--locale"
        ) from None
    if parent.locale_id == locale.pk:
        return locale, parent
    translated = parent.get_translation_or_none(locale)
    if translated is None:
        raise CoursePackageError(
            f"the parent page {parent.title!r} (id {parent.pk}) has no {language_code!r} "
            "version to load under; translate it first or choose another parent",
            "--parent",
        )
    return locale, translated.specific


class _Loader:
    def __init__(self, locale, publish, overwrite, progress):
        self.locale = locale
        self.publish = publish
        self.overwrite = overwrite
        self.progress = progress or (lambda message: None)
        self.report = LoadReport()

    def page(self, parent, spec, kind, path):
        """Create or update one page under ``parent``; return it."""
        model = MODELS[kind]
        fields = _page_fields(spec, kind)
        wanted = package_content(spec, model, kind)
        existing = Page.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if existing is None:
            return self.create(parent, spec, model, kind, path, fields, wanted)
        existing = existing.specific
        if not isinstance(existing, model):
            kind_name = existing.specific_class._meta.verbose_name
            raise CoursePackageError(
                f"the slug {spec['slug']!r} is already used under {parent.title!r} by "
                f"{existing.title!r} (page {existing.pk}, a {kind_name}), which is not part "
                "of this course; rename that page or change the slug in the file",
                f"{path}.slug",
            )
        return self.update(existing, spec, kind, path, fields, wanted)

    def create(self, parent, spec, model, kind, path, fields, wanted):
        page = model(slug=spec["slug"], locale=self.locale, live=False, **fields)
        parent.add_child(instance=page)
        self.save(page, wanted)
        self.report.created.append(page)
        self.progress(f"  created  {path}: {page.title}")
        return page

    def update(self, page, spec, kind, path, fields, wanted):
        latest = page.get_latest_revision_as_object()
        current = digest(page_content(latest, kind))
        record = LoadRecord.objects.filter(page=page).first()
        loaded = record.digest if record else None
        if current == digest(wanted):
            if self.publish and page.has_unpublished_changes:
                page.get_latest_revision().publish()
            self.report.unchanged.append(page)
            self.progress(f"  unchanged {path}: {page.title}")
            return page
        if current != loaded and not self.overwrite:
            self.report.kept.append(page)
            self.progress(f"  kept     {path}: {page.title} (edited in the admin)")
            return page
        for name, value in fields.items():
            setattr(latest, name, value)
        self.save(latest, wanted)
        self.report.updated.append(page)
        self.progress(f"  updated  {path}: {page.title}")
        return page

    def save(self, page, wanted):
        revision = page.save_revision(log_action=True)
        if self.publish:
            revision.publish()
        LoadRecord.objects.update_or_create(page_id=page.pk, defaults={"digest": digest(wanted)})


MODELS = {
    "course": CoursePage,
    "session": SessionPage,
    "lesson": LessonPage,
    "resources": ResourcesPage,
}


def _page_fields(spec, kind):
    """Model field values for a package entry."""
    fields = {}
    for name in FIELDS_BY_KIND[kind]:
        value = spec.get(name)
        if name == "learning_outcomes":
            value = [("outcome", text) for text in value or []]
        elif name in STREAM_FIELDS:
            # Hand the page native block values, not raw data, so that it stores every
            # list item with its own ID: wagtail-localize extracts list items only then.
            value = stream_block(MODELS[kind], name).to_python(value or [])
            list(value)  # StreamValue converts lazily; convert every block now
        fields[name] = value if value is not None else ""
    return fields


def load_course(package, parent, *, locale=None, publish=False, overwrite=False, progress=None):
    """Load checked package data under ``parent`` in one transaction; return a ``LoadReport``.

    ``locale`` is a language code; the pages go under the parent's version in that
    locale. Nothing is written if anything goes wrong.
    """
    started = time.perf_counter()
    locale_obj, parent = resolve_locale(parent, locale)
    loader = _Loader(locale_obj, publish, overwrite, progress)
    sessions = package.get("sessions") or []
    with transaction.atomic():
        course = loader.page(parent, package["course"], "course", "course")
        for s, session_spec in enumerate(sessions):
            loader.progress(f"Session {s + 1} of {len(sessions)}")
            session = loader.page(course, session_spec, "session", f"sessions[{s}]")
            for i, lesson_spec in enumerate(session_spec.get("lessons") or []):
                loader.page(session, lesson_spec, "lesson", f"sessions[{s}].lessons[{i}]")
        if package.get("resources"):
            loader.page(course, package["resources"], "resources", "resources")
    # Read the course afresh: publishing works on a copy of the page object.
    loader.report.course = type(course).objects.get(pk=course.pk)
    loader.report.seconds = time.perf_counter() - started
    return loader.report
