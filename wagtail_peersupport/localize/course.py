"""Create or update the translation of a course and every page below it, in one step."""

import time
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import Translation, TranslationSource

__all__ = [
    "CourseTranslationError",
    "TranslateReport",
    "course_pages",
    "save_translation",
    "translate_course",
]


class CourseTranslationError(Exception):
    """A course cannot be translated, or a file cannot be used to translate it."""


@dataclass
class TranslateReport:
    course: Page
    locale: Locale
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    seconds: float = 0.0

    def summary(self):
        return (
            f"Translated {self.course.title!r} into {self.locale.get_display_name()} "
            f"({self.locale.language_code}): {len(self.created)} pages created, "
            f"{len(self.updated)} updated, in {self.seconds:.1f} s."
        )


def course_pages(course):
    """The course and every page below it, in tree order, drafts included, read afresh."""
    return list(Page.objects.descendant_of(course, inclusive=True).specific().order_by("path"))


def target_locale(course, language_code):
    """The locale to translate ``course`` into, or a clear error."""
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        known = ", ".join(Locale.objects.values_list("language_code", flat=True))
        raise CourseTranslationError(
            f"unknown locale {language_code!r} (this site's locales: {known}); add it under "
            "Settings > Locales in the admin first"
        )
    if locale.pk == course.locale_id:
        raise CourseTranslationError(
            f"{course.title!r} is already in {locale.get_display_name()} ({language_code}); "
            "choose the language to translate it into"
        )
    return locale


def save_translation(page, translation, *, publish, user=None):
    """Save the translated version of ``page``, publishing it if asked; return it.

    wagtail-localize publishes when the transaction commits, from page objects
    read before any child pages were added: publishing a whole tree that way
    writes back stale tree data. Saving a draft and publishing it from a fresh
    revision keeps the tree intact.
    """
    translation.save_target(user=user, publish=False)
    target = page.get_translation(translation.target_locale)
    if publish:
        Revision.objects.get(pk=target.latest_revision_id).publish(user=user)
        target.refresh_from_db()
    return target


def translate_course(course, language_code, *, user=None, progress=None):
    """Create or update the ``language_code`` translation of ``course`` and all pages below it.

    Each page's translation source is refreshed from the page first, so edits made to
    the course since the last translation reach the translated pages; text already
    translated is kept, and text not yet translated shows in the source language.
    Translated pages are published when their source page is live.
    """
    started = time.perf_counter()
    locale = target_locale(course, language_code)
    report = TranslateReport(course=course, locale=locale)
    pages = course_pages(course)
    with transaction.atomic():
        for number, page in enumerate(pages, 1):
            existed = page.has_translation(locale)
            source, _ = TranslationSource.update_or_create_from_instance(page)
            translation, _ = Translation.objects.update_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            save_translation(page, translation, publish=page.live, user=user)
            (report.updated if existed else report.created).append(page)
            if progress:
                action = "updated" if existed else "created"
                progress(f"[{number}/{len(pages)}] {action} {page.title}")
    report.seconds = time.perf_counter() - started
    return report
