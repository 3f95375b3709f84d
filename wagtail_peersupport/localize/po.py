"""One PO file for a whole course, for charities that send their translation work out.

The file holds every translatable string of the course and the pages below it.
Each entry's context names its page by translation key and its place in the
page, so the file still fits after pages are renamed or moved. Re-exporting
after the source changed keeps existing translations: a string whose source
text changed keeps its old translation, marked fuzzy for the translator to
check. Importing only adds and changes translations; it never deletes any.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from ..models import AbstractCoursePage
from .course import CourseTranslationError, course_pages, save_translation, target_locale

__all__ = ["COURSE_HEADER", "export_course_po", "read_po", "import_course_po"]

COURSE_HEADER = "X-WagtailPeerSupport-Course"
SOURCE_LOCALE_HEADER = "X-WagtailPeerSupport-Source-Language"
SEPARATOR = "|"


def _translation(page, locale):
    source, _ = TranslationSource.update_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    return translation


def _place(page, course):
    """Where a page sits in the course, for the translator: 'Course › Session › Lesson'."""
    titles = [
        p.title
        for p in Page.objects.ancestor_of(page, inclusive=True).filter(depth__gte=course.depth)
    ]
    return " › ".join(titles)


def export_course_po(course, language_code):
    """A ``polib.POFile`` with every string of ``course`` and its translation, if any."""
    locale = target_locale(course, language_code)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": course.title,
        "Language": locale.language_code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        COURSE_HEADER: str(course.translation_key),
        SOURCE_LOCALE_HEADER: course.locale.language_code,
    }
    with transaction.atomic():
        for page in course_pages(course):
            page_po = _translation(page, locale).export_po()
            key = f"{page.translation_key}{SEPARATOR}"
            place = _place(page, course)
            obsolete = {e.msgctxt: e for e in page_po if e.obsolete and e.msgstr}
            for entry in page_po:
                if entry.obsolete:
                    continue
                previous = obsolete.pop(entry.msgctxt, None) if not entry.msgstr else None
                if previous is not None:
                    # The source text changed: offer the old translation, marked for review.
                    entry.msgstr = previous.msgstr
                    entry.flags.append("fuzzy")
                    entry.previous_msgid = previous.msgid
                entry.msgctxt = key + entry.msgctxt
                entry.comment = place
                po.append(entry)
            for entry in obsolete.values():
                entry.msgctxt = key + entry.msgctxt
                po.append(entry)
    return po


def read_po(path):
    """Read a PO file, or explain why it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise CourseTranslationError(f"{path}: no such file")
    try:
        return polib.pofile(str(path), encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CourseTranslationError(f"{path}: not a readable PO file ({exc})") from exc


@dataclass
class ImportReport:
    course: Page
    language_code: str
    strings: int = 0
    skipped_fuzzy: int = 0
    pages: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    seconds: float = 0.0

    def summary(self):
        return (
            f"Imported {self.strings} translated strings into {len(self.pages)} "
            f"{self.language_code!r} pages of {self.course.title!r}"
            + (
                f"; {self.skipped_fuzzy} fuzzy strings left for review"
                if self.skipped_fuzzy
                else ""
            )
            + (f"; {len(self.warnings)} strings no longer in the course" if self.warnings else "")
            + f", in {self.seconds:.1f} s."
        )


def _course_for(po, course, language_code):
    key = po.metadata.get(COURSE_HEADER)
    source_language = po.metadata.get(SOURCE_LOCALE_HEADER)
    language = po.metadata.get("Language")
    if not key or not source_language or not language:
        raise CourseTranslationError(
            "this PO file was not exported from a course (it has no "
            f"{COURSE_HEADER} header); export one with 'peersupport_po export'"
        )
    found = (
        Page.objects.filter(translation_key=key, locale__language_code=source_language)
        .specific()
        .first()
    )
    if found is None or not isinstance(found, AbstractCoursePage):
        raise CourseTranslationError(
            "the course this PO file was exported from is not on this site"
        )
    if course is not None and course.pk != found.pk:
        raise CourseTranslationError(
            f"this PO file is for the course {found.title!r} (page {found.pk}), "
            f"not {course.title!r} (page {course.pk})"
        )
    if language_code is not None and language_code != language:
        raise CourseTranslationError(
            f"this PO file is a {language!r} translation, not {language_code!r}"
        )
    return found, target_locale(found, language)


def import_course_po(po, *, course=None, language_code=None, publish=False, user=None):
    """Import translations from a course PO file; return an ``ImportReport``.

    ``course`` and ``language_code``, when given, must match the file. Nothing is
    written if the file does not fit the course.
    """
    started = time.perf_counter()
    course, locale = _course_for(po, course, language_code)
    pages = {str(page.translation_key): page for page in course_pages(course)}
    by_page = {}
    for index, entry in enumerate(po):
        if entry.obsolete:
            continue
        key, _, context = (entry.msgctxt or "").partition(SEPARATOR)
        if key not in pages or not context:
            raise CourseTranslationError(
                f"entry {index + 1} ({entry.msgid[:40]!r}) does not belong to a page of "
                f"{course.title!r}; was it copied from another file?"
            )
        by_page.setdefault(key, []).append((entry, context))

    report = ImportReport(course=course, language_code=locale.language_code)
    with transaction.atomic():
        for key, entries in by_page.items():
            page_po = polib.POFile()
            for entry, context in entries:
                if "fuzzy" in entry.flags:
                    report.skipped_fuzzy += 1
                elif entry.msgstr:
                    page_po.append(
                        polib.POEntry(msgid=entry.msgid, msgctxt=context, msgstr=entry.msgstr)
                    )
            if not page_po:
                continue
            translation = _translation(pages[key], locale)
            report.warnings += translation.import_po(page_po, user=user, tool_name="PO file")
            save_translation(pages[key], translation, publish=publish, user=user)
            report.strings += len(page_po)
            report.pages.append(pages[key])
    report.seconds = time.perf_counter() - started
    return report
