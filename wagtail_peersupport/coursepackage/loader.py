"""Load a course package into pages: all or nothing, idempotent, keeping editors' changes."""

import time
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from wagtail.models import Locale, Page

from ..consent import describe_stories, stories_in_revision
from ..models import LoadRecord
from ..page_types import base_model
from .content import digest, page_content, page_values
from .schema import CoursePackage, CoursePackageError, check_package, spec_model

__all__ = ["LoadReport", "load_course"]


@dataclass
class LoadReport:
    """What a load did, page by page."""

    course: Page = None
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    removed: tuple = ()
    """What the HTML gate took out of the file's rich text, a line per place."""
    held: list = field(default_factory=list)
    """With ``publish``: (page, stories) for each page kept as a draft, its recovery
    stories waiting for consent."""
    seconds: float = 0.0

    def held_lines(self):
        """A line for each page kept as a draft, naming its stories awaiting consent."""
        return [
            f"Kept as a draft: {page.title!r} (page {page.pk}), its recovery stories "
            f"awaiting consent: {describe_stories(stories)}"
            for page, stories in self.held
        ]

    def summary(self):
        cleaned = f", {len(self.removed)} rich text values cleaned" if self.removed else ""
        if self.held:
            cleaned += f", {len(self.held)} kept as drafts (stories awaiting consent)"
        return (
            f"Loaded {self.course.title!r} (page {self.course.pk}): "
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept with editors' changes"
            f"{cleaned}, in {self.seconds:.1f} s."
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
        model = spec_model(spec, kind)
        # The row stays locked until the load commits, so an editor's save to this page
        # waits for the load rather than being overwritten by it, and lands after it.
        existing = (
            Page.objects.child_of(parent).filter(slug=spec["slug"]).select_for_update().first()
        )
        if existing is None:
            return self.create(parent, spec, model, kind, path)
        existing = existing.specific
        # Any page type of the right kind is part of the course: a site's own subclass
        # of the lesson page is updated like the package's lesson page.
        if not isinstance(existing, base_model(kind)):
            kind_name = existing.specific_class._meta.verbose_name
            raise CoursePackageError(
                f"the slug {spec['slug']!r} is already used under {parent.title!r} by "
                f"{existing.title!r} (page {existing.pk}, a {kind_name}), which is not part "
                "of this course; rename that page or change the slug in the file",
                f"{path}.slug",
            )
        if "page_type" in spec and type(existing) is not model:
            raise CoursePackageError(
                f"the file asks for a {model._meta.label}, but {existing.title!r} (page "
                f"{existing.pk}) is a {existing._meta.label} and a page's type cannot be "
                "changed; remove page_type from the file, or move or delete the page",
                f"{path}.page_type",
            )
        return self.update(existing, spec, kind, path)

    def create(self, parent, spec, model, kind, path):
        page = model(
            slug=spec["slug"], locale=self.locale, live=False, **page_values(spec, model, kind)
        )
        wanted = page_content(page, kind)
        parent.add_child(instance=page)
        self.save(page, wanted)
        self.report.created.append(page)
        self.progress(f"  created  {path}: {page.title}")
        return page

    def update(self, page, spec, kind, path):
        model = type(page)
        values = page_values(spec, model, kind)
        wanted = page_content(model(**values), kind)
        latest = page.get_latest_revision_as_object()
        current = digest(page_content(latest, kind))
        record = LoadRecord.objects.filter(page=page).first()
        loaded = record.digest if record else None
        if current == digest(wanted):
            if self.publish and page.has_unpublished_changes:
                self.publish_revision(page, page.get_latest_revision())
            self.report.unchanged.append(page)
            self.progress(f"  unchanged {path}: {page.title}")
            return page
        if current != loaded and not self.overwrite:
            self.report.kept.append(page)
            self.progress(f"  kept     {path}: {page.title} (edited in the admin)")
            return page
        for name, value in values.items():
            setattr(latest, name, value)
        self.save(latest, wanted)
        self.report.updated.append(page)
        self.progress(f"  updated  {path}: {page.title}")
        return page

    def save(self, page, wanted):
        revision = page.save_revision(log_action=True)
        if self.publish:
            self.publish_revision(page, revision)
        LoadRecord.objects.update_or_create(page_id=page.pk, defaults={"digest": digest(wanted)})

    def publish_revision(self, page, revision):
        # A page with a story whose narrator has not agreed stays a draft (see consent).
        stories = stories_in_revision(revision, type(page))
        if stories:
            self.report.held.append((page, stories))
        else:
            revision.publish()


def load_course(
    package, parent, *, locale=None, publish=False, overwrite=False, strict=False, progress=None
):
    """Load package data under ``parent`` in one transaction; return a ``LoadReport``.

    ``package`` is a ``CoursePackage`` from ``read_package``, or plain package data,
    which is checked and cleaned first. ``locale`` is a language code; the pages go
    under the parent's version in that locale. With ``strict``, anything the HTML
    gate had to remove is an error. Nothing is written if anything goes wrong.

    Loads under one parent take turns: the parent's row is locked for the length of
    the load, so a second load of the same file waits and then finds nothing to do.
    """
    started = time.perf_counter()
    if not isinstance(package, CoursePackage):
        package = check_package(package)
    if strict and package.removed:
        raise CoursePackageError(
            f"--strict: {len(package.removed)} rich text values hold markup that is not "
            f"allowed; the first is {package.removed[0]}"
        )
    given = parent
    locale_obj, parent = resolve_locale(parent, locale)
    loader = _Loader(locale_obj, publish, overwrite, progress)
    loader.report.removed = package.removed
    sessions = package.get("sessions") or []
    try:
        with transaction.atomic():
            parent = _lock(parent)
            course = _load_pages(loader, parent, package, sessions)
    except DatabaseError as exc:
        raise CoursePackageError(
            f"the database could not complete the load ({str(exc)[:200]}); "
            "if another load was running, try again when it has finished"
        ) from exc
    if given.pk == parent.pk:
        # As treebeard's add_child does, leave the caller's parent knowing its children,
        # so that adding another child to it next does not reuse the course's path.
        given.numchild = parent.numchild
    # Read the course afresh: publishing works on a copy of the page object.
    loader.report.course = type(course).objects.get(pk=course.pk)
    loader.report.seconds = time.perf_counter() - started
    return loader.report


def _lock(parent):
    """Lock ``parent`` for the rest of the transaction; return it read afresh.

    A load that waited for another one must build on the tree that one left.
    """
    Page.objects.select_for_update().filter(pk=parent.pk).first()
    return type(parent).objects.get(pk=parent.pk)


def _load_pages(loader, parent, package, sessions):
    course = loader.page(parent, package["course"], "course", "course")
    for s, session_spec in enumerate(sessions):
        loader.progress(f"Session {s + 1} of {len(sessions)}")
        session = loader.page(course, session_spec, "session", f"sessions[{s}]")
        for i, lesson_spec in enumerate(session_spec.get("lessons") or []):
            loader.page(session, lesson_spec, "lesson", f"sessions[{s}].lessons[{i}]")
    if package.get("resources"):
        loader.page(course, package["resources"], "resources", "resources")
    return course
