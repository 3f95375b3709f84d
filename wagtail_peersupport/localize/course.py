"""Create or update the translation of a course and every page below it, in one step."""

import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationLog, TranslationSource

from ..consent import stories_awaiting_consent
from .kept import translation_state
from .overrides import without_refused_links

__all__ = [
    "CourseTranslationError",
    "TranslateReport",
    "course_pages",
    "describe_pages",
    "save_translation",
    "translate_course",
]

# How many pages or strings a one-line summary names before it says "and N more".
NAMED_IN_SUMMARY = 5


class CourseTranslationError(Exception):
    """A course cannot be translated, or a file cannot be used to translate it.

    ``source`` names the file and ``place`` where in it the problem is, when known.
    """

    def __init__(self, message, *, source="", place=""):
        self.message = str(message)
        self.source = str(source or "")
        self.place = str(place or "")
        super().__init__(str(self))

    def __str__(self):
        where = ", ".join(part for part in (self.source, self.place) if part)
        return f"{where}: {self.message}" if where else self.message


def describe_pages(pages):
    """'“A”, “B” and 3 more': page titles for a one-line summary."""
    titles = [f"“{page.title}”" for page in pages[:NAMED_IN_SUMMARY]]
    more = len(pages) - len(titles)
    if more:
        titles.append(ngettext("%(count)d more", "%(count)d more", more) % {"count": more})
    return ", ".join(titles)


@dataclass
class TranslateReport:
    """What ``translate_course`` did: pages created, updated and kept, links left out."""

    course: Page
    locale: Locale
    published: bool = True
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    refused_links: list = field(default_factory=list)
    held: list = field(default_factory=list)
    """Translated pages saved as drafts only: their recovery stories await consent."""
    seconds: float = 0.0

    def summary(self):
        parts = [
            _(
                "Translated %(course)r into %(language)s (%(code)s): "
                "%(created)d pages created, %(updated)d updated"
            )
            % {
                "course": self.course.title,
                "language": self.locale.get_display_name(),
                "code": self.locale.language_code,
                "created": len(self.created),
                "updated": len(self.updated),
            }
        ]
        if self.kept:
            parts.append(
                ngettext(
                    "%(count)d page kept as it is, because it is edited by hand and not "
                    "synced: %(pages)s",
                    "%(count)d pages kept as they are, because they are edited by hand and "
                    "not synced: %(pages)s",
                    len(self.kept),
                )
                % {"count": len(self.kept), "pages": describe_pages(self.kept)}
            )
        if self.refused_links:
            parts.append(
                ngettext(
                    "%(count)d replacement link not used, because it is not a web, email, "
                    "phone or site address: %(links)s",
                    "%(count)d replacement links not used, because they are not web, email, "
                    "phone or site addresses: %(links)s",
                    len(self.refused_links),
                )
                % {
                    "count": len(self.refused_links),
                    "links": ", ".join(
                        f"“{page.title}” {link.context}"
                        for page, link in self.refused_links[:NAMED_IN_SUMMARY]
                    ),
                }
            )
        if self.held:
            parts.append(
                ngettext(
                    "%(count)d page kept as a draft, because its recovery story is waiting "
                    "for consent: %(pages)s",
                    "%(count)d pages kept as drafts, because their recovery stories are "
                    "waiting for consent: %(pages)s",
                    len(self.held),
                )
                % {"count": len(self.held), "pages": describe_pages(self.held)}
            )
        if not self.published:
            parts.append(_("saved as drafts, nothing was published"))
        return "; ".join(parts) + _(", in %(seconds).1f s.") % {"seconds": self.seconds}


def course_pages(course):
    """The course and every page below it, in tree order, drafts included, read afresh."""
    return list(Page.objects.descendant_of(course, inclusive=True).specific().order_by("path"))


def target_locale(course, language_code):
    """The locale to translate ``course`` into, or a clear error."""
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        known = ", ".join(Locale.objects.values_list("language_code", flat=True))
        raise CourseTranslationError(
            _(
                "unknown locale %(code)r (this site's locales: %(known)s); add it under "
                "Settings > Locales in the admin first"
            )
            % {"code": language_code, "known": known}
        )
    if locale.pk == course.locale_id:
        raise CourseTranslationError(
            _(
                "%(course)r is already in %(language)s (%(code)s); "
                "choose the language to translate it into"
            )
            % {"course": course.title, "language": locale.get_display_name(), "code": language_code}
        )
    return locale


def save_translation(page, translation, *, publish, user=None, held=None):
    """Save the translated version of ``page``, publishing it if asked.

    Returns the translated page and the translator's replacement links that were
    left out because ``is_safe_link`` refuses them (see ``overrides``). A page holding
    a recovery story without consent is not published: it is added to ``held`` when
    that list is given, and ``ConsentRequired`` is raised otherwise.

    wagtail-localize publishes when the transaction commits, from page objects
    read before any child pages were added: publishing a whole tree that way
    writes back stale tree data. Saving a draft and publishing it straight away,
    before any page below it is added, keeps the tree intact.

    wagtail-localize also saves a draft into the page itself, which is what visitors
    see of a live page; so a draft of a live translated page is saved as a revision
    only, and the published page stays as it was until someone publishes the draft.
    """
    existing = page.get_translation_or_none(translation.target_locale)
    _target, refused = _save(page, translation, existing, publish=publish, user=user, held=held)
    return page.get_translation(translation.target_locale), refused


def _save(page, translation, existing, *, publish, user, held):
    """``save_translation``, given the translated page as it was (or None); returns the
    translated page as saved, not read again, and the refused links."""
    # A story without its narrator's consent stays off the site (see consent): the
    # translation is saved as a draft, as it would be without ``publish``.
    holding = publish and held is not None and bool(stories_awaiting_consent(page))
    publish = publish and not holding
    with without_refused_links(translation) as refused:
        if not publish and existing is not None and existing.live and not existing.alias_of_id:
            save_draft_revision(translation, user=user)
            target = existing
        else:
            # What ``translation.save_target(publish=False)`` does, keeping the page it saves.
            target, _created = translation.source.create_or_update_translation(
                translation.target_locale,
                user=user,
                publish=False,
                fallback=True,
                copy_parent_pages=True,
            )
    if holding:
        held.append(target)
    elif publish:
        # The revision just saved, and the page object it belongs to, hold the page's
        # place in the tree as it is now.
        target.latest_revision.publish(user=user)
    return target, refused


def save_draft_revision(translation, *, user=None):
    """Save a revision of ``translation``'s translated page, leaving the page itself as it is."""
    source, locale = translation.source, translation.target_locale
    draft = source.get_ephemeral_translated_instance(locale, fallback=True)
    revision = draft.save_revision(user=user)
    TranslationLog.objects.create(source=source, locale=locale, revision=revision)
    return revision


def synced_translation_for(page, locale):
    """The ``Translation`` that keeps ``page``'s ``locale`` version in sync, made if need be.

    Its source is refreshed from the page first. Call it only for a page that is not
    kept (see ``kept``): it enables the record.
    """
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    return translation


def _enable(page, locale, record, locales):
    """``synced_translation_for``, given the page's ``Translation`` record as it was (or
    None) and ``locales``, the ``Locale`` objects already read, by id."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    if record is None:
        record = Translation.objects.create(source=source, target_locale=locale, enabled=True)
    elif not record.enabled:
        record.enabled = True
        record.save(update_fields=["enabled"])
    # Saving the page reads both records and the source's locale: they are at hand.
    record.source, record.target_locale = source, locale
    if source.locale_id in locales:
        source.locale = locales[source.locale_id]
    else:
        locales[source.locale_id] = source.locale
    return record


def translate_course(course, language_code, *, user=None, publish=True, progress=None, fill=None):
    """Create or update the ``language_code`` translation of ``course`` and all pages below it.

    Each page's translation source is refreshed from the page first, so edits made to
    the course since the last translation reach the translated pages; text already
    translated is kept, and text not yet translated shows in the source language.
    With ``publish``, translated pages are published when their source page is live;
    without it they are saved as drafts. A translated page that is not synced from
    its source (see ``kept``) is left exactly as it is and listed in ``report.kept``.
    ``fill``, when given, is called as ``fill(page, translation)`` before each synced
    page is saved, to add string translations (see ``machine``); what it returns, if
    anything, is added to that page's progress line.
    """
    started = time.perf_counter()
    locale = target_locale(course, language_code)
    report = TranslateReport(course=course, locale=locale, published=publish)
    pages = course_pages(course)
    locales = {locale.pk: locale}
    with transaction.atomic():
        for number, page in enumerate(pages, 1):
            # Read just before the page is written: a translator may stop syncing a page
            # while the course is being translated.
            state = translation_state(page, locale)
            kept = state.kept
            if kept is not None:
                report.kept.append(kept)
                if progress:
                    progress(
                        _("[%(number)d/%(total)d] kept %(title)s (edited by hand, not synced)")
                        % {"number": number, "total": len(pages), "title": kept.title}
                    )
                continue
            existed = state.translated is not None
            translation = _enable(page, locale, state.record, locales)
            note = fill(page, translation) if fill else None
            target, refused = _save(
                page,
                translation,
                state.translated,
                publish=publish and page.live,
                user=user,
                held=report.held,
            )
            if refused:
                target.refresh_from_db()
            report.refused_links += [(target, link) for link in refused]
            (report.updated if existed else report.created).append(page)
            if progress:
                line = (
                    _("[%(number)d/%(total)d] updated %(title)s")
                    if existed
                    else _("[%(number)d/%(total)d] created %(title)s")
                )
                line = line % {"number": number, "total": len(pages), "title": page.title}
                progress(f"{line}: {note}" if note else line)
    report.seconds = time.perf_counter() - started
    return report
