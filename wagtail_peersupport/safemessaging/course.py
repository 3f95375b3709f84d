"""Safe-messaging checks of a whole course: every page, in every language, as drafted."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale, Page

from .checks import check_page, support_on_page

__all__ = ["CourseCheck", "check_course", "course_pages"]


def course_pages(course):
    """Every page of ``course`` in every language: its translations and all below them."""
    pages = Page.objects.none()
    for translation in course.get_translations(inclusive=True):
        pages = pages | Page.objects.descendant_of(translation, inclusive=True)
    return pages.order_by("path")


@dataclass
class CourseCheck:
    """What ``check_course`` found: the pages it read and the findings on them."""

    course: object
    pages: int = 0
    languages: set = field(default_factory=set)
    findings: list = field(default_factory=list)

    def summary(self):
        """One line, e.g. "Checked 104 pages in 4 languages: 3 findings."."""
        checked = ngettext(
            "Checked %(pages)d page in %(languages)s",
            "Checked %(pages)d pages in %(languages)s",
            self.pages,
        ) % {
            "pages": self.pages,
            "languages": ngettext("%d language", "%d languages", len(self.languages))
            % len(self.languages),
        }
        if not self.findings:
            return _("%(checked)s: nothing to change.") % {"checked": checked}
        return ngettext(
            "%(checked)s: %(count)d finding.",
            "%(checked)s: %(count)d findings.",
            len(self.findings),
        ) % {"checked": checked, "count": len(self.findings)}

    def lines(self):
        """The findings as text, grouped by page: its title, language and where to edit it."""
        current = None
        for finding in self.findings:
            page = finding.page
            if page.pk != current:
                current = page.pk
                yield _("%(title)s (%(language)s, %(type)s) %(url)s") % {
                    "title": page.title,
                    "language": page.locale.language_code,
                    "type": page._meta.verbose_name,
                    "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
            where = finding.location
            if finding.text:
                where += f": “{finding.text}”"
                if finding.count > 1:
                    where += (
                        " " + ngettext("(%d time)", "(%d times)", finding.count) % finding.count
                    )
            yield f"  {where}"
            yield f"    {finding.title}. {finding.advice}"


def check_course(course, progress=None):
    """Check every page of ``course``, in every language, as its latest revision has it.

    Drafts are what editors will publish, so each page is read from its latest
    revision. ``progress``, if given, is called with a line of text per language.
    """
    report = CourseCheck(course=course)
    support = {}
    # Specific pages lose select_related: share one copy of each locale instead.
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    # The course's own language first, then the others; by path within each.
    pages = sorted(
        course_pages(course).specific(),
        key=lambda page: (
            page.locale_id != course.locale_id,
            locales[page.locale_id].language_code,
        ),
    )
    for page in pages:
        page.locale = locales[page.locale_id]
        language = page.locale.language_code
        if language not in report.languages:
            report.languages.add(language)
            if progress:
                count = sum(1 for other in pages if other.locale.language_code == language)
                progress(
                    ngettext(
                        "Checking %(count)d page in %(language)s…",
                        "Checking %(count)d pages in %(language)s…",
                        count,
                    )
                    % {"count": count, "language": page.locale.get_display_name()}
                )
        if language not in support:
            support[language] = support_on_page(page)
        draft = page.get_latest_revision_as_object()
        draft.locale = locales[draft.locale_id]
        report.findings.extend(check_page(draft, support_available=support[language]))
        report.pages += 1
    return report
