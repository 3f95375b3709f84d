"""How far each page of a course is translated into each of the site's other languages.

Each page of the course (its source tree) is, in each language, one of:

- **translated**: wagtail-localize keeps its translation in sync, every string of it is
  translated, and neither the page nor its translation source changed since the
  translated page was last built;
- **in progress**: synced and up to date, but some strings are not translated yet (the
  page shows them in the course's language);
- **out of date**: the page changed since its translation was built. Either its
  content differs from what wagtail-localize last took from it (its
  ``TranslationSource``), or the source was taken again since (for another language,
  or by "Sync translated pages") and this language's page was not rebuilt from it;
- **missing**: there is no page in that language, or only an alias, a copy of the
  original that mirrors it untranslated;
- **no longer synced**: a page exists in that language but wagtail-localize does not
  sync it: someone chose "Stop synced translation", or the page was made by hand.

The answer is read with a fixed number of queries, whatever the size of the course.
"""

import json
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page
from wagtail.permissions import page_permission_policy
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from ..models.mixins import course_page_models
from .permissions import SUBMIT_TRANSLATION

__all__ = [
    "IN_PROGRESS",
    "MISSING",
    "NOT_SYNCED",
    "OUT_OF_DATE",
    "STATUSES",
    "TRANSLATED",
    "CourseStatus",
    "LanguageStatus",
    "PageStatus",
    "course_status",
    "translatable_courses",
]

TRANSLATED = "translated"
IN_PROGRESS = "in_progress"
OUT_OF_DATE = "out_of_date"
MISSING = "missing"
NOT_SYNCED = "not_synced"

STATUSES = {
    TRANSLATED: _("Translated"),
    IN_PROGRESS: _("In progress"),
    OUT_OF_DATE: _("Out of date"),
    MISSING: _("Missing"),
    NOT_SYNCED: _("No longer synced"),
}

# Fields of Wagtail's Page that a translation takes from its source: the rest record the
# page's place in the tree and its history (publishing, locking, drafts), which change
# without anything to translate.
_PAGE_CONTENT_FIELDS = {"title", "slug", "seo_title", "search_description", "show_in_menus"}


def _not_content():
    names = {f.name for f in Page._meta.concrete_fields} - _PAGE_CONTENT_FIELDS
    return names | {"pk", "wagtail_admin_comments"}


def _content(data):
    ignored = _not_content()
    return {key: value for key, value in data.items() if key not in ignored}


@dataclass
class PageStatus:
    """One page of the course in one language: its status, its numbers and where to act."""

    page: Page
    locale: Locale
    status: str
    url: str = ""
    translated_page_id: int | None = None
    live: bool = False
    unpublished_changes: bool = False
    strings: int = 0
    strings_translated: int = 0
    strings_machine: int = 0
    is_alias: bool = False
    course_title: str = ""

    @property
    def title(self):
        return self.page.title

    @property
    def depth(self):
        return self.page.depth

    @property
    def language(self):
        return self.locale.get_display_name()

    @property
    def status_label(self):
        return str(STATUSES[self.status])

    @property
    def link_label(self):
        if self.status == MISSING:
            return _("Translate whole course")
        if self.status == NOT_SYNCED:
            return _("Edit page")
        return _("Edit translation")

    @property
    def details(self):
        """What else a translator needs to know about this page, in a few words."""
        parts = []
        if self.is_alias:
            parts.append(_("a copy of the original, not translated yet"))
        if self.status in (TRANSLATED, IN_PROGRESS, OUT_OF_DATE) and self.strings:
            parts.append(
                ngettext(
                    "%(done)d of %(count)d text translated",
                    "%(done)d of %(count)d texts translated",
                    self.strings,
                )
                % {"done": self.strings_translated, "count": self.strings}
            )
        if self.strings_machine:
            parts.append(
                ngettext(
                    "%(count)d machine translation to review",
                    "%(count)d machine translations to review",
                    self.strings_machine,
                )
                % {"count": self.strings_machine}
            )
        if self.translated_page_id and not self.is_alias:
            if not self.live:
                parts.append(_("not published"))
            elif self.unpublished_changes:
                parts.append(_("has changes not yet published"))
        return "; ".join(str(part) for part in parts)


@dataclass
class LanguageStatus:
    """Every page of the course in one language."""

    locale: Locale
    pages: list = field(default_factory=list)

    def count(self, status):
        return sum(1 for page in self.pages if page.status == status)

    def summary(self):
        """'Welsh: 20 of 26 pages translated, 3 out of date, 3 missing'."""
        total = len(self.pages)
        line = ngettext(
            "%(language)s: %(done)d of %(count)d page translated",
            "%(language)s: %(done)d of %(count)d pages translated",
            total,
        ) % {
            "language": self.locale.get_display_name(),
            "done": self.count(TRANSLATED),
            "count": total,
        }
        parts = [line]
        for status, words in (
            (IN_PROGRESS, lambda n: ngettext("%(count)d in progress", "%(count)d in progress", n)),
            (OUT_OF_DATE, lambda n: ngettext("%(count)d out of date", "%(count)d out of date", n)),
            (MISSING, lambda n: ngettext("%(count)d missing", "%(count)d missing", n)),
            (
                NOT_SYNCED,
                lambda n: ngettext("%(count)d no longer synced", "%(count)d no longer synced", n),
            ),
        ):
            number = self.count(status)
            if number:
                parts.append(words(number) % {"count": number})
        to_review = sum(1 for page in self.pages if page.strings_machine)
        if to_review:
            parts.append(
                ngettext(
                    "%(count)d with machine translations to review",
                    "%(count)d with machine translations to review",
                    to_review,
                )
                % {"count": to_review}
            )
        return ", ".join(parts)


@dataclass
class CourseStatus:
    """The translation status of a course: a ``LanguageStatus`` for each other language."""

    course: Page
    languages: list = field(default_factory=list)

    def rows(self):
        """One row per page of the course, with its ``PageStatus`` in each language."""
        if not self.languages:
            return []
        columns = zip(*(language.pages for language in self.languages), strict=True)
        return [(statuses[0].page, statuses) for statuses in columns]

    def page_statuses(self):
        """Every ``PageStatus``: the pages of the first language, then the next."""
        return [status for language in self.languages for status in language.pages]


def _source_pages(course):
    """The course and the pages below it, specific, with what ``to_json`` reads prefetched."""
    pages = list(Page.objects.descendant_of(course, inclusive=True).specific().order_by("path"))
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, instances in by_model.items():
        relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
        if relations:
            prefetch_related_objects(instances, *relations)
    return pages


def _editable(user, page_ids):
    if user is None or not page_ids:
        return set(page_ids)
    return set(
        page_permission_policy.instances_user_has_permission_for(user, "change")
        .filter(pk__in=page_ids)
        .values_list("pk", flat=True)
    )


def course_status(course, *, locales=None, user=None):
    """The ``CourseStatus`` of ``course`` in ``locales`` (every other language by default).

    Links go to wagtail-localize's editor of a translated page (its edit view), or for a
    missing page to the course's "Translate whole course" screen. With ``user``, a page
    they may not edit gets no link.
    """
    if locales is None:
        locales = Locale.objects.exclude(pk=course.locale_id).order_by("language_code")
    locales = [locale for locale in locales if locale.pk != course.locale_id]
    status = CourseStatus(course=course)
    if not locales:
        return status
    pages = _source_pages(course)
    keys = [page.translation_key for page in pages]
    translated = {
        (row["translation_key"], row["locale_id"]): row
        for row in Page.objects.filter(
            translation_key__in=keys, locale_id__in=[locale.pk for locale in locales]
        ).values(
            "pk",
            "translation_key",
            "locale_id",
            "alias_of_id",
            "live",
            "has_unpublished_changes",
            "latest_revision_created_at",
        )  # fmt: skip
    }
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(
            object_id__in=keys, locale_id=course.locale_id
        ).only("pk", "object_id", "content_json", "last_updated_at")
    }
    synced = set(
        Translation.objects.filter(source__in=list(sources.values()), enabled=True).values_list(
            "source_id", "target_locale_id"
        )
    )
    segments = {}
    for source_id, string_id, context_id in StringSegment.objects.filter(
        source__in=list(sources.values())
    ).values_list("source_id", "string_id", "context_id"):
        segments.setdefault(source_id, set()).add((string_id, context_id))
    done = {}
    for string_id, context_id, locale_id, kind, has_error in StringTranslation.objects.filter(
        context__object_id__in=keys, locale_id__in=[locale.pk for locale in locales]
    ).values_list("translation_of_id", "context_id", "locale_id", "translation_type", "has_error"):
        if not has_error:
            done[(string_id, context_id, locale_id)] = kind
    editable = _editable(user, [row["pk"] for row in translated.values()])
    whole_course_url = reverse("wagtail_peersupport_translate_course", args=[course.pk])

    changed = {}
    for page in pages:
        source = sources.get(page.translation_key)
        changed[page.pk] = source is not None and _content(json.loads(page.to_json())) != _content(
            json.loads(source.content_json)
        )

    for locale in locales:
        language = LanguageStatus(locale=locale)
        for page in pages:
            row = translated.get((page.translation_key, locale.pk))
            source = sources.get(page.translation_key)
            item = PageStatus(page=page, locale=locale, status=MISSING, course_title=course.title)
            language.pages.append(item)
            if row is None or row["alias_of_id"] is not None:
                item.is_alias = row is not None
                item.url = whole_course_url
                continue
            item.translated_page_id = row["pk"]
            item.live, item.unpublished_changes = row["live"], row["has_unpublished_changes"]
            if row["pk"] in editable:
                item.url = reverse("wagtailadmin_pages:edit", args=[row["pk"]])
            if source is None or (source.pk, locale.pk) not in synced:
                item.status = NOT_SYNCED
                continue
            wanted = segments.get(source.pk, set())
            kinds = [done.get((string, context, locale.pk)) for string, context in wanted]
            item.strings = len(wanted)
            item.strings_translated = sum(1 for kind in kinds if kind is not None)
            item.strings_machine = sum(
                1 for kind in kinds if kind == StringTranslation.TRANSLATION_TYPE_MACHINE
            )
            built = row["latest_revision_created_at"]
            if changed[page.pk] or built is None or source.last_updated_at > built:
                item.status = OUT_OF_DATE
            elif item.strings_translated < item.strings:
                item.status = IN_PROGRESS
            else:
                item.status = TRANSLATED
        status.languages.append(language)
    return status


def translatable_courses(user):
    """The original courses (not translations of one) that ``user`` may translate, by title.

    That is what ``can_translate_course`` allows: the ``submit_translation`` permission
    and permission to edit the course.
    """
    if not user.has_perm(SUBMIT_TRANSLATION):
        return Page.objects.none()
    translation_of_another = Translation.objects.filter(
        source__object_id=OuterRef("translation_key"), target_locale_id=OuterRef("locale_id")
    )
    return (
        page_permission_policy.instances_user_has_permission_for(user, "change")
        .type(*course_page_models("course"))
        .filter(alias_of__isnull=True)
        .exclude(Exists(translation_of_another))
        .select_related("locale")
        .order_by("title", "pk")
    )
