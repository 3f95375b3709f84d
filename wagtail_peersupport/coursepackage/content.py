"""The content of course pages as plain data, the same whether read from a file or a page.

The loader compares what a file says with what a page holds, and the exporter
writes what a page holds; both go through ``page_content``, so a page loaded from a
file and exported again gives back the same data. The fields are those of
``fields.package_fields``.
"""

import hashlib
import json

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .fields import OUTCOMES, STREAM, VALUE, WARNINGS, package_fields

__all__ = ["block_data", "page_content", "package_content", "page_values", "digest"]


def block_data(block, value):
    """A block value as plain data: lists, mappings, text, numbers and IDs."""
    if isinstance(block, blocks.StreamBlock):
        return [
            {"type": child.block_type, "value": block_data(child.block, child.value)}
            for child in value
        ]
    if isinstance(block, blocks.ListBlock):
        return [block_data(block.child_block, item) for item in value]
    if isinstance(block, blocks.StructBlock) and not isinstance(block, ImageBlock):
        return {
            name: block_data(child, value.get(name)) for name, child in block.child_blocks.items()
        }
    return block.get_prep_value(value)


def page_content(page, kind):
    """What ``page`` holds, in the fields a course package describes."""
    content = {}
    for field in package_fields(type(page), kind):
        value = getattr(page, field.name)
        if field.how == STREAM:
            value = block_data(field.field.stream_block, value)
        elif field.how == OUTCOMES:
            value = [str(child.value) for child in value]
        elif field.how == WARNINGS:
            value = list(value or [])
        elif field.how == VALUE:
            content[field.name] = field.plain(value)
            continue
        content[field.name] = value or field.empty()
    return content


def package_content(spec, model, kind):
    """What a (checked) package entry says for a page of ``model``, as ``page_content``.

    It is the content of a page given the values the loader would write, so a file and
    the page loaded from it always compare equal.
    """
    return page_content(model(**page_values(spec, model, kind)), kind)


def page_values(spec, model, kind):
    """Model field values for a page of ``model`` from a (checked) package entry."""
    values = {}
    for field in package_fields(model, kind):
        value = spec.get(field.name)
        if field.how == OUTCOMES:
            value = [("outcome", text) for text in value or []]
        elif field.how == STREAM:
            # Hand the page native block values, not raw data, so that it stores every
            # list item with its own ID: wagtail-localize extracts list items only then.
            value = field.field.stream_block.to_python(value or [])
            list(value)  # StreamValue converts lazily; convert every block now
        elif field.how == VALUE:
            value = field.plain(value) if field.name in spec else field.field.get_default()
            values[field.name] = value
            continue
        values[field.name] = value if value is not None else field.empty()
    return values


def digest(content):
    """A fingerprint of page content, to tell whether it has changed."""
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
