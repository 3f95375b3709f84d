"""Check and clean StreamField data from a file, block by block, before blocks see it.

The data is walked alongside the page's own block definitions, so every block is
covered, nested ones and any block added later included:

- a value of the wrong kind (a list where text goes, a mapping as a block type, text
  where a number goes) is refused with its place in the file;
- rich text goes through the HTML gate (``clean_html``) with that block's own
  features, and what the gate removed is noted with its place;
- links go through ``clean_link``, and the cleaned link is what is kept.

Blocks then validate the cleaned data as they validate what editors enter.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from ..cleaning import clean_html, clean_link
from .errors import CoursePackageError, describe, short

__all__ = ["clean_rich_text", "clean_stream_data", "expect_text"]

CHOOSER_BLOCKS = blocks.ChooserBlock
NUMBER_BLOCKS = blocks.IntegerBlock | blocks.FloatBlock | blocks.DecimalBlock
TEXT_BLOCKS = (
    blocks.CharBlock | blocks.TextBlock | blocks.RegexBlock | blocks.EmailBlock | blocks.ChoiceBlock
)


def expect_text(value, path):
    """``value`` if it is text (or nothing); otherwise a ``CoursePackageError``."""
    if value is None or isinstance(value, str):
        return value
    hint = " (put it in quotes to use it as text)" if isinstance(value, int | float) else ""
    raise CoursePackageError(f"expected text, found {describe(value)}{hint}", path)


def clean_rich_text(value, features, path, removed):
    """Rich text from a file, cleaned for ``features``; removals are added to ``removed``."""
    value = expect_text(value, path)
    if not value:
        return value
    cleaned = clean_html(value, features)
    if cleaned.removed:
        removed.append(f"{path}: removed {', '.join(cleaned.removed)}")
    return cleaned.html


def clean_stream_data(block, raw, path, removed):
    """``raw`` data for ``block``, checked and cleaned; removals are added to ``removed``."""
    if isinstance(block, blocks.StreamBlock):
        return _stream(block, raw, path, removed)
    if isinstance(block, blocks.ListBlock):
        return _list(block, raw, path, removed)
    if isinstance(block, ImageBlock):
        return _image(raw, path)
    if isinstance(block, blocks.StructBlock):
        return _struct(block, raw, path, removed)
    return _leaf(block, raw, path, removed)


def _stream(block, raw, path, removed):
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise CoursePackageError(f"expected a list of blocks, found {describe(raw)}", path)
    cleaned = []
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(item, dict) or "type" not in item:
            raise CoursePackageError('expected a block: {"type": …, "value": …}', where)
        unknown = sorted(str(key) for key in item if key not in ("type", "value", "id"))
        if unknown:
            raise CoursePackageError(
                f"unknown key {short(unknown[0])} in a block (a block has a type, a value "
                "and, optionally, an id)",
                where,
            )
        block_type = item["type"]
        if not isinstance(block_type, str) or block_type not in block.child_blocks:
            raise CoursePackageError(
                f"unknown block type {short(block_type)} (this field accepts: "
                f"{', '.join(block.child_blocks)})",
                where,
            )
        child = block.child_blocks[block_type]
        entry = {
            "type": block_type,
            "value": clean_stream_data(child, item.get("value"), where, removed),
        }
        if "id" in item:
            entry["id"] = expect_text(item["id"], f"{where}.id")
        cleaned.append(entry)
    return cleaned


def _list(block, raw, path, removed):
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise CoursePackageError(f"expected a list, found {describe(raw)}", path)
    cleaned = []
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        if block._item_is_in_block_format(item):
            item = {
                **item,
                "value": clean_stream_data(block.child_block, item["value"], where, removed),
            }
        else:
            item = clean_stream_data(block.child_block, item, where, removed)
        cleaned.append(item)
    return cleaned


def _struct(block, raw, path, removed):
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CoursePackageError(f"expected a mapping of fields, found {describe(raw)}", path)
    for key in raw:
        if key not in block.child_blocks:
            raise CoursePackageError(
                f"unknown field {short(key)} (expected one of: {', '.join(block.child_blocks)})",
                f"{path}.{key}" if isinstance(key, str) else path,
            )
    return {
        name: clean_stream_data(block.child_blocks[name], value, f"{path}.{name}", removed)
        for name, value in raw.items()
    }


def _image(raw, path):
    # ImageBlock keeps either an image id or a mapping with the image and its alt text.
    if raw is None or (isinstance(raw, int) and not isinstance(raw, bool)):
        return raw
    if not isinstance(raw, dict):
        raise CoursePackageError(f"expected an image id or a mapping, found {describe(raw)}", path)
    expect_text(raw.get("alt_text"), f"{path}.alt_text")
    return raw


def _leaf(block, raw, path, removed):
    if raw is None:
        return raw
    if isinstance(block, blocks.RichTextBlock):
        return clean_rich_text(raw, block.features, path, removed)
    if isinstance(block, blocks.URLBlock):
        try:
            return clean_link(expect_text(raw, path))
        except ValidationError as exc:
            raise CoursePackageError(
                f"{short(raw)} is not a link this field can hold. {' '.join(exc.messages)}", path
            ) from exc
    if isinstance(block, blocks.MultipleChoiceBlock):
        if not isinstance(raw, list):
            raise CoursePackageError(f"expected a list of choices, found {describe(raw)}", path)
        for index, choice in enumerate(raw):
            expect_text(choice, f"{path}[{index}]")
        return raw
    if isinstance(block, TEXT_BLOCKS):
        return expect_text(raw, path)
    if isinstance(block, blocks.BooleanBlock) and not isinstance(raw, bool):
        raise CoursePackageError(f"expected true or false, found {describe(raw)}", path)
    if isinstance(block, CHOOSER_BLOCKS) and (isinstance(raw, bool) or not isinstance(raw, int)):
        raise CoursePackageError(f"expected an id (a whole number), found {describe(raw)}", path)
    if isinstance(block, NUMBER_BLOCKS) and (
        isinstance(raw, bool) or not isinstance(raw, int | float)
    ):
        raise CoursePackageError(f"expected a number, found {describe(raw)}", path)
    return raw
