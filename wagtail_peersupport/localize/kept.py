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

from wagtail_localize.models import Translation

__all__ = ["kept_translation", "synced_translation"]


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
