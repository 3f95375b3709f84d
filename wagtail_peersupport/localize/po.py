"""One PO file for a whole course, for charities that send their translation work out.

The file holds every translatable string of the course and the pages below it.
Each entry's context names its page by translation key and its place in the
page, so the file still fits after pages are renamed or moved. Re-exporting
after the source changed keeps existing translations: a string whose source
text changed keeps its old translation, marked fuzzy for the translator to
check. Importing (see ``po_import``) only adds and changes translations; it
never deletes any.

Exporting writes nothing: the strings are extracted from the pages as
wagtail-localize would extract them, and their translations are read from its
translation memory, without creating translation sources or records. So a
download, which anyone who may translate the course can make with a GET
request, leaves the database as it was.
"""

import polib
from wagtail.models import Page
from wagtail_localize.models import StringTranslation
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .course import course_pages, target_locale
from .kept import kept_translation

__all__ = [
    "COURSE_HEADER",
    "SEPARATOR",
    "SOURCE_LOCALE_HEADER",
    "export_course_po",
    "exported_pages",
    "page_place",
]

COURSE_HEADER = "X-WagtailPeerSupport-Course"
SOURCE_LOCALE_HEADER = "X-WagtailPeerSupport-Source-Language"
SEPARATOR = "|"


def page_place(page, course):
    """Where a page sits in the course, for the translator: 'Course › Session › Lesson'."""
    titles = [
        p.title
        for p in Page.objects.ancestor_of(page, inclusive=True).filter(depth__gte=course.depth)
    ]
    return " › ".join(titles)


def exported_pages(course, locale):
    """The pages of ``course`` a PO file holds, and those it leaves out because they are kept.

    Returns ``(pages, kept)``; ``kept`` holds the translated pages left alone (see ``kept``).
    """
    pages, kept = [], []
    for page in course_pages(course):
        translated = kept_translation(page, locale)
        if translated is None:
            pages.append(page)
        else:
            kept.append(translated)
    return pages, kept


def page_strings(page):
    """``(context path, source string)`` of each string of ``page``, in page order.

    The strings wagtail-localize's ``TranslationSource.refresh_segments`` would store,
    without storing them.
    """
    return [
        (segment.path, segment.string.data)
        for segment in extract_segments(page)
        if isinstance(segment, StringSegmentValue)
    ]


def _page_entries(page, locale):
    """The PO entries of one page, with the translations already made into ``locale``."""
    memory = {
        (translation.context.path, translation.translation_of.data): translation.data
        for translation in StringTranslation.objects.filter(
            context__object_id=page.translation_key,
            translation_of__locale_id=page.locale_id,
            locale=locale,
        ).select_related("context", "translation_of")
    }
    current = page_strings(page)
    entries = [
        polib.POEntry(msgctxt=path, msgid=data, msgstr=memory.pop((path, data), ""))
        for path, data in current
    ]
    # What is left was translated once and is no longer on the page.
    obsolete = [
        polib.POEntry(msgctxt=path, msgid=data, msgstr=translated, obsolete=True)
        for (path, data), translated in memory.items()
        if translated
    ]
    return entries, obsolete


def export_course_po(course, language_code):
    """A ``polib.POFile`` with every string of ``course`` and its translation, if any.

    Pages whose translation is kept as it is (see ``kept``) are left out. Nothing
    is written to the database.
    """
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
    pages, _kept = exported_pages(course, locale)
    for page in pages:
        entries, obsolete_entries = _page_entries(page, locale)
        key = f"{page.translation_key}{SEPARATOR}"
        place = page_place(page, course)
        obsolete = {entry.msgctxt: entry for entry in obsolete_entries}
        for entry in entries:
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
