"""Finding the recovery stories in a page whose narrator's consent is not yet confirmed.

Stories are found wherever a page's StreamFields can hold them: at the top of a
body, or nested in Struct, List and Stream blocks. The search reads the blocks'
stored data, so it needs no database queries (images and snippets inside other
blocks are never fetched).
"""

import json
from dataclasses import dataclass
from functools import cache

from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import get_page_models

from ..blocks import RecoveryStoryBlock

__all__ = [
    "AwaitingStory",
    "story_page_models",
    "stories_awaiting_consent",
    "stories_in_fields",
    "stories_in_revision",
    "stories_in_value",
]

SEPARATOR = " › "


@dataclass(frozen=True)
class AwaitingStory:
    """A recovery story whose consent box is not ticked, and where it is in its page."""

    title: str
    """The story's title, or "Untitled story"."""
    narrator: str
    """How the narrator is credited: their name or pseudonym, or "Anonymous"."""
    location: str
    """Where the story is, e.g. "Body" or "Body › Questions › Item 2"."""
    block_id: str = ""


def _story(block, raw, location, block_id):
    if raw.get("consent_confirmed"):
        return None
    narrator_type = raw.get("narrator_type") or "anonymous"
    name = (raw.get("narrator_name") or "").strip()
    return AwaitingStory(
        title=(raw.get("title") or "").strip() or gettext("Untitled story"),
        narrator=name if narrator_type != "anonymous" and name else gettext("Anonymous"),
        location=location,
        block_id=block_id or "",
    )


def _label(block):
    return str(capfirst(block.label)) if block.label else ""


def _walk(block, raw, location, block_id=""):
    """Yield an ``AwaitingStory`` for each unconsented story in ``raw``, ``block``'s stored data."""
    if isinstance(block, RecoveryStoryBlock):
        if isinstance(raw, dict):
            story = _story(block, raw, location, block_id)
            if story:
                yield story
    elif isinstance(block, blocks.StreamBlock):
        for item in raw if isinstance(raw, list) else ():
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                # A story directly in a stream is named by the stream's place alone.
                inner = location
                if not isinstance(child, RecoveryStoryBlock):
                    inner = location + SEPARATOR + _label(child)
                yield from _walk(child, item.get("value"), inner, item.get("id", ""))
    elif isinstance(block, blocks.ListBlock):
        for number, item in enumerate(raw if isinstance(raw, list) else (), start=1):
            # Wagtail stores list items as {"type": "item", "value": ..., "id": ...}; older
            # data holds the bare values.
            wrapped = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            value = item["value"] if wrapped else item
            item_id = item.get("id", "") if wrapped else ""
            place = location + SEPARATOR + gettext("Item %(number)s") % {"number": number}
            yield from _walk(block.child_block, value, place, item_id)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if isinstance(raw, dict) and name in raw:
                yield from _walk(child, raw[name], location + SEPARATOR + _label(child))


def stories_in_value(block, value, location=""):
    """The unconsented stories in ``value``, a value (or the stored data) of ``block``."""
    raw = value
    if isinstance(value, str) and isinstance(block, (blocks.StreamBlock, blocks.ListBlock)):
        raw = json.loads(value or "[]")
    elif not isinstance(value, (list, dict)) and value is not None:
        raw = block.get_prep_value(value)
    return list(_walk(block, raw, location))


def _stream_fields(model):
    return [f for f in model._meta.get_fields() if isinstance(f, StreamField)]


def _holds_stories(block):
    if isinstance(block, RecoveryStoryBlock):
        return True
    if isinstance(block, blocks.ListBlock):
        return _holds_stories(block.child_block)
    if isinstance(block, (blocks.StreamBlock, blocks.StructBlock)):
        return any(_holds_stories(child) for child in block.child_blocks.values())
    return False


@cache
def _story_fields(model):
    return [f for f in _stream_fields(model) if _holds_stories(f.stream_block)]


@cache
def story_page_models():
    """Every concrete page model with a StreamField that can hold a recovery story."""
    return tuple(model for model in get_page_models() if _story_fields(model))


def stories_in_fields(model, values):
    """The unconsented stories in ``values`` (field name: StreamField value) of ``model``."""
    found = []
    for field in _story_fields(model):
        if field.name in values:
            label = str(capfirst(field.verbose_name))
            found.extend(stories_in_value(field.stream_block, values[field.name], label))
    return found


def stories_awaiting_consent(page):
    """Every recovery story in ``page``'s StreamFields whose consent box is not ticked.

    Reads the content of the page object as it is (for a page read from the database,
    its live content, or its draft if it was never published). Returns a list of
    ``AwaitingStory``, in the order the page shows them.
    """
    model = type(page)
    return stories_in_fields(model, {f.name: getattr(page, f.name) for f in _story_fields(model)})


def stories_in_revision(revision, model=None):
    """Every unconsented recovery story in a page revision's content, as above."""
    model = model or revision.content_type.model_class()
    if model is None:
        return []
    return stories_in_fields(model, revision.content or {})
