"""Translated pages that whole-course translation and PO import leave alone.

wagtail-localize keeps a ``Translation`` record for each source page and target
language. "Stop syncing" in its editor sets that record's ``enabled`` to False and
hands the page back to Wagtail's ordinary editor, where people then change it by
hand. A translated page can also exist with no record at all: made by hand in the
admin, or loaded directly in its language. Writing the source's text over any of
these would destroy someone's work, so they are kept as they are.

An alias (a page that mirrors its source, as wagtail-localize's locale
synchronisation makes them) holds no one's work: wagtail-localize itself turns
aliases into translated pages, and so does this package.
"""

from dataclasses import dataclass

from django.db.models import Model
from wagtail_localize.models import Translation

__all__ = ["TranslationState", "kept_translation", "synced_translation", "translation_state"]


def synced_translation(page, locale):
    """The enabled wagtail-localize ``Translation`` of ``page`` into ``locale``, or None."""
    return Translation.objects.filter(
        source__object_id=page.translation_key,
        source__locale_id=page.locale_id,
        target_locale=locale,
        enabled=True,
    ).first()


def kept_translation(page, locale):
    """The translation of ``page`` into ``locale`` if it must be left alone, else None.

    That is a translated page which is not an alias and is not kept in sync from
    ``page`` by an enabled ``Translation``.
    """
    translated = page.get_translation_or_none(locale)
    if translated is None or translated.alias_of_id is not None:
        return None
    if synced_translation(page, locale) is not None:
        return None
    return translated


@dataclass(frozen=True)
class TranslationState:
    """Where the ``locale`` translation of a page stands: its page and its record, if any."""

    translated: Model | None
    """The translated page, as ``page.get_translation_or_none(locale)`` finds it."""
    record: Translation | None
    """The wagtail-localize ``Translation`` of the page into the locale, enabled or not."""

    @property
    def kept(self):
        """The translated page if it must be left alone (see ``kept_translation``), else None."""
        if self.translated is None or self.translated.alias_of_id is not None:
            return None
        if self.record is not None and self.record.enabled:
            return None
        return self.translated


def translation_state(page, locale):
    """The ``TranslationState`` of ``page`` in ``locale``, in two queries.

    Whole-course translation reads it just before it writes each page, so that a
    translator who stops syncing a page while the course is being translated still
    has that page kept.
    """
    record = Translation.objects.filter(
        source__object_id=page.translation_key,
        source__locale_id=page.locale_id,
        target_locale=locale,
    ).first()
    return TranslationState(translated=page.get_translation_or_none(locale), record=record)
