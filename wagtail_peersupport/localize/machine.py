"""Machine-translated drafts of a whole course, for people to review.

Where a site configures wagtail-localize's machine translator
(``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``), ``machine_translate_course`` translates a
course as ``translate_course`` does and, for each synced page, fills every string
that has no translation yet with the translator's, as wagtail-localize's own
"Translate with …" button does: each is stored as a machine translation, with the
translator's name, so wagtail-localize's editor shows it as one. A string that
already has a translation (a person's, an earlier machine one, or one with an
error waiting to be fixed) is never replaced. The pages are saved as drafts;
nothing is published by this step.

Rich text goes to the translator as wagtail-localize stores it, each link a
placeholder (``<a id="a1">``) whose address stays with the source; a translation
that loses or adds a link, or holds markup the package's rich text gate would take
out (see ``checks.translation_problem``), or does not fit its page field, is not
stored, and the report says where.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, StringTranslation, TemplateSegment

from .checks import field_problem, translation_problem
from .course import NAMED_IN_SUMMARY, CourseTranslationError, target_locale, translate_course

__all__ = [
    "MachineReport",
    "has_machine_translator",
    "machine_translate_course",
    "machine_translator",
    "machine_translator_for",
]

SETTING = "WAGTAILLOCALIZE_MACHINE_TRANSLATOR"
MACHINE = StringTranslation.TRANSLATION_TYPE_MACHINE


def has_machine_translator():
    """Whether the site configures a machine translator for wagtail-localize."""
    return getattr(settings, SETTING, None) is not None


def machine_translator():
    """The site's wagtail-localize machine translator, or a ``CourseTranslationError``."""
    if not has_machine_translator():
        raise CourseTranslationError(
            _(
                "no machine translator is configured; set %(setting)s in the site's "
                "settings, as wagtail-localize's documentation describes"
            )
            % {"setting": SETTING}
        )
    try:
        return get_machine_translator()
    except (ImportError, KeyError, TypeError) as exc:
        raise CourseTranslationError(
            _("the machine translator named in %(setting)s cannot be loaded: %(error)s")
            % {"setting": SETTING, "error": exc}
        ) from exc


def machine_translator_for(course, language_code):
    """``(locale, translator)`` to translate ``course`` into ``language_code``, or an error."""
    locale = target_locale(course, language_code)
    translator = machine_translator()
    if not translator.can_translate(course.locale, locale):
        raise CourseTranslationError(
            _(
                "%(translator)s cannot translate from %(source)s (%(source_code)s) "
                "into %(language)s (%(code)s)"
            )
            % {
                "translator": translator.display_name,
                "source": course.locale.get_display_name(),
                "source_code": course.locale.language_code,
                "language": locale.get_display_name(),
                "code": locale.language_code,
            }
        )
    return locale, translator


@dataclass
class MachineReport:
    """What the machine translator filled in one language, and what it left as it was."""

    locale: object
    translator_name: str = ""
    strings: int = 0
    pages: list = field(default_factory=list)
    kept_by_people: int = 0
    kept_by_machine: int = 0
    not_translated: list = field(default_factory=list)

    def summary(self):
        pages = ngettext("%(count)d page", "%(count)d pages", len(self.pages)) % {
            "count": len(self.pages)
        }
        parts = [
            ngettext(
                "Machine-translated %(count)d string on %(pages)s into %(language)s",
                "Machine-translated %(count)d strings on %(pages)s into %(language)s",
                self.strings,
            )
            % {"count": self.strings, "pages": pages, "language": self.locale.get_display_name()},
            ngettext(
                "%(count)d translated by people kept",
                "%(count)d translated by people kept",
                self.kept_by_people,
            )
            % {"count": self.kept_by_people},
        ]
        if self.kept_by_machine:
            parts.append(
                ngettext(
                    "%(count)d machine-translated before kept",
                    "%(count)d machine-translated before kept",
                    self.kept_by_machine,
                )
                % {"count": self.kept_by_machine}
            )
        if self.not_translated:
            named = ", ".join(
                f"“{page.title}” {path} ({reason})"
                for page, path, reason in self.not_translated[:NAMED_IN_SUMMARY]
            )
            parts.append(
                ngettext(
                    "%(count)d left untranslated: %(strings)s",
                    "%(count)d left untranslated: %(strings)s",
                    len(self.not_translated),
                )
                % {"count": len(self.not_translated), "strings": named}
            )
        return "; ".join(parts) + "."


class _Filler:
    """Fills one page's untranslated strings; ``translate_course`` calls it for each page."""

    def __init__(self, translator, locale, report, user):
        self.translator, self.locale, self.report, self.user = translator, locale, report, user

    def __call__(self, page, translation):
        source = translation.source
        segments = list(
            StringSegment.objects.filter(source=source).select_related("context", "string")
        )
        rows = StringTranslation.objects.filter(
            locale=self.locale, context_id__in={segment.context_id for segment in segments}
        ).values_list("translation_of_id", "context_id", "translation_type")
        existing = {(string_id, context_id): kind for string_id, context_id, kind in rows}
        wanted = {}
        for segment in segments:
            kind = existing.get((segment.string_id, segment.context_id))
            if kind is None:
                wanted.setdefault(segment.string.as_value(), []).append(segment)
            elif kind == MACHINE:
                self.report.kept_by_machine += 1
            else:
                self.report.kept_by_people += 1
        if not wanted:
            return None
        try:
            results = self.translator.translate(source.locale, self.locale, list(wanted))
        except Exception as exc:  # a translator is a plug-in calling a web service
            raise CourseTranslationError(
                _("%(translator)s could not translate “%(page)s”: %(error)s")
                % {"translator": self.report.translator_name, "page": page.title, "error": exc}
            ) from exc
        rich_text_paths = set(
            TemplateSegment.objects.filter(source=source).values_list("context__path", flat=True)
        )
        filled = []
        for value, places in wanted.items():
            result = results.get(value)
            data = getattr(result, "data", None)
            for segment in places:
                path = segment.context.path
                problem = (
                    _("the translator gave no translation")
                    if not data
                    else translation_problem(
                        value.data,
                        data,
                        attrs=json.loads(segment.attrs or "null") or {},
                        rich_text=path in rich_text_paths,
                    )
                    or field_problem(page, path, data)
                )
                if problem:
                    self.report.not_translated.append((page, path, problem))
                    continue
                filled.append(
                    StringTranslation(
                        translation_of_id=segment.string_id,
                        locale=self.locale,
                        context_id=segment.context_id,
                        data=data,
                        translation_type=MACHINE,
                        tool_name=self.report.translator_name,
                        last_translated_by=self.user,
                    )
                )
        # Checked above as wagtail-localize's save() would check them, so stored at once.
        StringTranslation.objects.bulk_create(filled)
        if not filled:
            return None
        self.report.strings += len(filled)
        self.report.pages.append(page)
        return ngettext(
            "%(count)d string machine-translated",
            "%(count)d strings machine-translated",
            len(filled),
        ) % {"count": len(filled)}


def machine_translate_course(course, language_code, *, user=None, progress=None):
    """Translate ``course`` into ``language_code`` as drafts, untranslated text machine-filled.

    Returns ``(TranslateReport, MachineReport)``. Raises ``CourseTranslationError`` before
    writing anything when no translator is configured or it cannot translate between
    the two languages; if the translator fails on a page, nothing is written at all.
    """
    locale, translator = machine_translator_for(course, language_code)
    report = MachineReport(locale=locale, translator_name=str(translator.display_name))
    filler = _Filler(translator, locale, report, user)
    translated = translate_course(
        course, language_code, user=user, publish=False, progress=progress, fill=filler
    )
    return translated, report
