"""Import a course PO file that came back from a translator, and say honestly what happened.

Every translated string is checked before it is stored (see ``checks``), and the
translated pages are then saved through wagtail-localize. A string is counted as
imported only if it was stored and used; anything refused on the way, by the
checks, by wagtail-localize's own import (``Translation.import_po`` warnings) or
when the translated page is saved (a string flagged with ``has_error``), is
reported with its place and the reason, and is not stored. The whole import is
one transaction: if nothing could be imported, nothing is written.

Pages whose translation is edited by hand rather than synced (see ``kept``) are
skipped, and the report says so.
"""

import json
import time

import polib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Page
from wagtail_localize.models import (
    StringNotUsedInContext,
    StringSegment,
    StringTranslation,
    TemplateSegment,
    UnknownContext,
    UnknownString,
)

from ..models import AbstractCoursePage
from .checks import field_problem, translation_problem
from .course import (
    CourseTranslationError,
    course_pages,
    save_translation,
    synced_translation_for,
    target_locale,
)
from .kept import kept_translation
from .po import COURSE_HEADER, SEPARATOR, SOURCE_LOCALE_HEADER, page_place
from .po_report import AllRejectedError, POImportReport, Rejected

__all__ = ["check_course_po", "import_course_po"]

TOOL_NAME = "PO file"


def _course_for(po, course, language_code, source):
    header = pgettext("the place in a PO file", "header")
    key = po.metadata.get(COURSE_HEADER)
    source_language = po.metadata.get(SOURCE_LOCALE_HEADER)
    language = po.metadata.get("Language")
    if not key or not source_language or not language:
        raise CourseTranslationError(
            _(
                "this PO file was not exported from a course (it has no %(header)s header); "
                "export one with 'peersupport_po export'"
            )
            % {"header": COURSE_HEADER},
            source=source,
            place=header,
        )
    found = (
        Page.objects.filter(translation_key=key, locale__language_code=source_language)
        .specific()
        .first()
    )
    if found is None or not isinstance(found, AbstractCoursePage):
        raise CourseTranslationError(
            _("the course this PO file was exported from is not on this site"),
            source=source,
            place=header,
        )
    if course is not None and course.pk != found.pk:
        raise CourseTranslationError(
            _(
                "this PO file is for the course %(found)r (page %(found_id)d), "
                "not %(course)r (page %(course_id)d)"
            )
            % {
                "found": found.title,
                "found_id": found.pk,
                "course": course.title,
                "course_id": course.pk,
            },
            source=source,
            place=header,
        )
    if language_code is not None and language_code != language:
        raise CourseTranslationError(
            _("this PO file is a %(language)r translation, not %(wanted)r")
            % {"language": language, "wanted": language_code},
            source=source,
            place=header,
        )
    try:
        return found, target_locale(found, language)
    except CourseTranslationError as exc:
        raise CourseTranslationError(exc.message, source=source, place=header) from exc


def _entries_by_page(po, course, pages, source):
    by_page = {}
    for index, entry in enumerate(po):
        if entry.obsolete:
            continue
        key, _separator, context = (entry.msgctxt or "").partition(SEPARATOR)
        if key not in pages or not context:
            raise CourseTranslationError(
                _(
                    "entry %(number)d (%(text)r) does not belong to a page of %(course)r; "
                    "was it copied from another file?"
                )
                % {"number": index + 1, "text": entry.msgid[:40], "course": course.title},
                source=source,
                place=_("line %(line)d") % {"line": entry.linenum} if entry.linenum else "",
            )
        by_page.setdefault(key, []).append((entry, context))
    return by_page


def _warning_reason(warning):
    if isinstance(warning, UnknownContext):
        return _("this place is no longer on the page")
    if isinstance(warning, UnknownString | StringNotUsedInContext):
        return _("the original text is no longer in this place of the page")
    return str(warning)


class _PageImport:
    """The import of the entries of one page."""

    def __init__(self, page, course, locale, report, *, publish, user):
        self.page, self.locale, self.report = page, locale, report
        self.publish, self.user = publish, user
        self.place = page_place(page, course)

    def where(self, entry, context):
        if entry.linenum is None:  # an entry made in memory, not read from a file
            return _("%(page)s, %(context)s") % {"page": self.place, "context": context}
        return _("%(page)s, %(context)s (line %(line)d)") % {
            "page": self.place,
            "context": context,
            "line": entry.linenum,
        }

    def reject(self, item, reason):
        entry, context = item
        self.report.rejected.append(Rejected(self.where(entry, context), str(reason)))

    def checked(self, items, translation):
        """The entries that pass ``translation_problem``; the others are rejected."""
        source = translation.source
        segments = {
            (segment.context.path, segment.string.data): segment
            for segment in StringSegment.objects.filter(source=source).select_related(
                "context", "string"
            )
        }
        paths = {path for path, _data in segments}
        rich_text_paths = set(
            TemplateSegment.objects.filter(source=source).values_list("context__path", flat=True)
        )
        accepted = []
        for entry, context in items:
            segment = segments.get((context, entry.msgid))
            if segment is None:
                self.reject(
                    (entry, context),
                    _("the original text is no longer in this place of the page")
                    if context in paths
                    else _("this place is no longer on the page"),
                )
                continue
            problem = translation_problem(
                entry.msgid,
                entry.msgstr,
                attrs=json.loads(segment.attrs or "null") or {},
                rich_text=context in rich_text_paths,
            ) or field_problem(self.page, context, entry.msgstr)
            if problem:
                self.reject((entry, context), problem)
            else:
                accepted.append((entry, context))
        return accepted

    def flagged(self, items):
        """``{index: reason}`` of the items whose stored translation wagtail-localize flagged."""
        wanted = {(context, entry.msgid): index for index, (entry, context) in enumerate(items)}
        found = {}
        for string_translation in StringTranslation.objects.filter(
            locale=self.locale,
            context__object_id=self.page.translation_key,
            context__path__in={context for _entry, context in items},
            has_error=True,
        ).select_related("context", "translation_of"):
            key = (string_translation.context.path, string_translation.translation_of.data)
            if key in wanted:
                found[wanted[key]] = string_translation.get_error() or _(
                    "wagtail-localize refused it"
                )
        return found

    def store(self, items, translation):
        """Store ``items``, save the translated page; return ``{index: reason}`` of refused items.

        Runs in a savepoint that is rolled back when anything was refused, so that a
        refused string never replaces a translation made before.
        """
        savepoint = transaction.savepoint()
        po = polib.POFile()
        for entry, context in items:
            po.append(polib.POEntry(msgid=entry.msgid, msgctxt=context, msgstr=entry.msgstr))
        warnings = translation.import_po(po, user=self.user, tool_name=TOOL_NAME)
        refused = {warning.index: _warning_reason(warning) for warning in warnings}
        refused.update(self.flagged(items))
        if not refused:
            try:
                _target, links = save_translation(
                    self.page,
                    translation,
                    publish=self.publish and self.page.live,
                    user=self.user,
                )
            except ValidationError as exc:
                refused = self.flagged(items) or {
                    index: _("the translated page could not be saved: %(error)s")
                    % {"error": " ".join(exc.messages)}
                    for index in range(len(items))
                }
            else:
                transaction.savepoint_commit(savepoint)
                self.report.refused_links += [(self.page, link) for link in links]
                return {}
        transaction.savepoint_rollback(savepoint)
        return refused

    def run(self, items):
        translation = synced_translation_for(self.page, self.locale)
        accepted = self.checked(items, translation)
        while accepted:
            refused = self.store(accepted, translation)
            if not refused:
                self.report.strings += len(accepted)
                self.report.pages.append(self.page)
                return
            for index, reason in sorted(refused.items()):
                self.reject(accepted[index], reason)
            accepted = [item for index, item in enumerate(accepted) if index not in refused]


def check_course_po(po, *, course=None, language_code=None, source=""):
    """``(course, locale)`` a course PO file translates, checked as ``import_course_po``
    checks it before writing anything; or a ``CourseTranslationError`` naming the problem."""
    found, locale = _course_for(po, course, language_code, source)
    keys = Page.objects.descendant_of(found, inclusive=True).values_list(
        "translation_key", flat=True
    )
    _entries_by_page(po, found, {str(key) for key in keys}, source)
    return found, locale


def import_course_po(
    po,
    *,
    course=None,
    language_code=None,
    publish=False,
    user=None,
    source="",
    progress=None,
    step=None,
):
    """Import translations from a course PO file; return an ``POImportReport``.

    ``course`` and ``language_code``, when given, must match the file; ``source``
    names the file in messages. With ``publish``, translated pages whose source
    page is live are published; otherwise they are saved as drafts. Raises
    ``CourseTranslationError`` and writes nothing if the file does not fit the
    course or if every translated string in it was rejected. ``progress`` is given
    a line for each page imported; ``step``, when given, is called as
    ``step(number, total)`` after each page of the file, imported or not.
    """
    started = time.perf_counter()
    course, locale = _course_for(po, course, language_code, source)
    pages = {str(page.translation_key): page for page in course_pages(course)}
    by_page = _entries_by_page(po, course, pages, source)
    report = POImportReport(course=course, language_code=locale.language_code, published=publish)
    with transaction.atomic():
        for number, (key, entries) in enumerate(by_page.items(), 1):
            page = pages[key]
            items = []
            for entry, context in entries:
                if "fuzzy" in entry.flags:
                    report.skipped_fuzzy += 1
                elif entry.msgstr:
                    items.append((entry, context))
            kept = kept_translation(page, locale) if items else None
            if kept is not None:
                report.kept.append(kept)
                report.kept_strings += len(items)
            elif items:
                _PageImport(page, course, locale, report, publish=publish, user=user).run(items)
                if progress:
                    progress(
                        _("[%(number)d/%(total)d] %(title)s")
                        % {"number": number, "total": len(by_page), "title": page.title}
                    )
            if step:
                step(number, len(by_page))
        if report.rejected and not report.strings:
            # Raising inside the transaction rolls back what was written on the way.
            raise AllRejectedError(report.rejected, source=source)
    report.seconds = time.perf_counter() - started
    return report
