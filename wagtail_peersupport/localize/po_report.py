"""What a PO import did, in a form a person can read: one line, naming what went wrong."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from .course import NAMED_IN_SUMMARY, CourseTranslationError, describe_pages

__all__ = ["AllRejectedError", "POImportReport", "Rejected"]


@dataclass(frozen=True)
class Rejected:
    """A translated string that was not imported: where it is, and why."""

    place: str
    reason: str

    def __str__(self):
        return f"{self.place} ({self.reason})"


def describe_rejected(rejected):
    listed = "; ".join(str(item) for item in rejected[:NAMED_IN_SUMMARY])
    more = len(rejected) - NAMED_IN_SUMMARY
    if more > 0:
        listed += "; " + ngettext("and %(count)d more", "and %(count)d more", more) % {
            "count": more
        }
    return listed


class AllRejectedError(CourseTranslationError):
    """No string of a PO file could be imported; ``rejected`` lists each one."""

    def __init__(self, rejected, *, source=""):
        self.rejected = rejected
        super().__init__(
            ngettext(
                "the %(count)d translated string was rejected: %(rejected)s",
                "all %(count)d translated strings were rejected: %(rejected)s",
                len(rejected),
            )
            % {"count": len(rejected), "rejected": describe_rejected(rejected)},
            source=source,
        )


@dataclass
class POImportReport:
    course: Page
    language_code: str
    published: bool = False
    strings: int = 0
    skipped_fuzzy: int = 0
    pages: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    kept_strings: int = 0
    refused_links: list = field(default_factory=list)
    seconds: float = 0.0

    def summary(self):
        parts = [
            ngettext(
                "Imported %(strings)d string into %(pages)d pages of “%(course)s” (%(code)s)",
                "Imported %(strings)d strings into %(pages)d pages of “%(course)s” (%(code)s)",
                self.strings,
            )
            % {
                "strings": self.strings,
                "pages": len(self.pages),
                "course": self.course.title,
                "code": self.language_code,
            }
        ]
        if self.rejected:
            parts.append(
                _("rejected %(count)d: %(rejected)s")
                % {"count": len(self.rejected), "rejected": describe_rejected(self.rejected)}
            )
        text = ", ".join(parts)
        notes = []
        if self.skipped_fuzzy:
            notes.append(
                ngettext(
                    "%(count)d fuzzy string left for review",
                    "%(count)d fuzzy strings left for review",
                    self.skipped_fuzzy,
                )
                % {"count": self.skipped_fuzzy}
            )
        if self.kept:
            notes.append(
                ngettext(
                    "%(strings)d strings not imported into %(count)d page kept as it is, "
                    "because it is edited by hand and not synced: %(pages)s",
                    "%(strings)d strings not imported into %(count)d pages kept as they are, "
                    "because they are edited by hand and not synced: %(pages)s",
                    len(self.kept),
                )
                % {
                    "strings": self.kept_strings,
                    "count": len(self.kept),
                    "pages": describe_pages(self.kept),
                }
            )
        if self.refused_links:
            notes.append(
                ngettext(
                    "%(count)d replacement link not used, because it is not a web, email, "
                    "phone or site address",
                    "%(count)d replacement links not used, because they are not web, email, "
                    "phone or site addresses",
                    len(self.refused_links),
                )
                % {"count": len(self.refused_links)}
            )
        if self.pages and not self.published:
            notes.append(_("saved as drafts, nothing was published"))
        return "; ".join([text, *notes]) + _(", in %(seconds).1f s.") % {"seconds": self.seconds}
