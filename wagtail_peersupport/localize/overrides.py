"""Links a translator replaced, checked before a translated page is saved.

wagtail-localize does not translate a link: a URL block's value and each ``href``
in rich text become an "overridable segment", and a translator may store a
replacement for their language (a ``SegmentOverride``), which is written into the
translated page as it is. Nothing in wagtail-localize checks what that
replacement points at, so a ``javascript:`` address typed in its editor would
reach visitors.

Before this package saves a translated page, each replacement of a link that
``is_safe_link`` refuses is left out: it is marked as having an error for the
length of the save, so that wagtail-localize uses the source's link, and then
restored as the translator left it. Their value is kept, and the report names it.
"""

import contextlib
import json
from dataclasses import dataclass

from django.db import DatabaseError
from wagtail_localize.models import OverridableSegment, SegmentOverride, TemplateSegment

from ..cleaning import is_safe_link

__all__ = ["RefusedLink", "refused_links", "without_refused_links"]


@dataclass(frozen=True)
class RefusedLink:
    """A translator's replacement link that was not used: where it is and what it holds."""

    context: str
    value: str


def _is_link(path, source_value, rich_text_paths):
    if not isinstance(source_value, str):
        return False  # an image, a page or a document, chosen by id
    if is_safe_link(source_value):
        return True
    # An href of rich text: its path is the rich text's path, a dot and the quoted href.
    return path.split(".'", 1)[0] in rich_text_paths


def refused_links(translation):
    """The overrides of ``translation``'s links that ``is_safe_link`` refuses.

    Returns ``(override, RefusedLink)`` pairs; only overrides wagtail-localize
    would use (those without an error) are looked at.
    """
    source = translation.source
    # Most pages hold no replacement at all: one query finds that out.
    overrides = list(
        SegmentOverride.objects.filter(
            locale_id=translation.target_locale_id,
            context__object_id=source.object_id,
            has_error=False,
        )
    )
    if not overrides:
        return []
    rich_text_paths = set(
        TemplateSegment.objects.filter(source=source).values_list("context__path", flat=True)
    )
    segments = {
        segment.context_id: segment
        for segment in OverridableSegment.objects.filter(source=source).select_related("context")
    }
    refused = []
    for override in overrides:
        segment = segments.get(override.context_id)
        if segment is None:
            continue  # a replacement for a link the source no longer has
        try:
            source_value = json.loads(segment.data_json)
            value = json.loads(override.data_json)
        except ValueError:
            continue
        path = segment.context.path
        if not _is_link(path, source_value, rich_text_paths):
            continue
        if not isinstance(value, str) or not is_safe_link(value):
            refused.append((override, RefusedLink(context=path, value=str(value))))
    return refused


@contextlib.contextmanager
def without_refused_links(translation):
    """Within the block, wagtail-localize skips the refused link overrides of ``translation``.

    Yields the list of ``RefusedLink``. Call it inside a transaction.
    """
    refused = refused_links(translation)
    ids = [override.pk for override, _ in refused]
    if ids:
        SegmentOverride.objects.filter(pk__in=ids).update(has_error=True)
    try:
        yield [link for _, link in refused]
    finally:
        # After a database error the transaction is rolled back, flags and all.
        if ids:
            with contextlib.suppress(DatabaseError):
                SegmentOverride.objects.filter(pk__in=ids).update(has_error=False)
