"""The content of course pages as plain data, the same whether read from a file or a page.

The loader compares what a file says with what a page holds, and the exporter
writes what a page holds; both go through ``page_content`` and
``package_content``, so a page loaded from a file and exported again gives back
the same data.
"""

import hashlib
import json

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .schema import stream_block

__all__ = ["block_data", "page_content", "package_content", "digest", "FIELDS_BY_KIND"]

FIELDS_BY_KIND = {
    "course": ["title", "seo_title", "search_description", "introduction", "audience",
               "learning_outcomes", "duration"],
    "session": ["title", "seo_title", "search_description", "aim", "content_warnings", "body"],
    "lesson": ["title", "seo_title", "search_description", "content_warnings", "body",
               "exercise_files"],
    "resources": ["title", "seo_title", "search_description", "introduction", "body"],
}  # fmt: skip
STREAM_FIELDS = {"body", "exercise_files"}
LIST_FIELDS = STREAM_FIELDS | {"learning_outcomes", "content_warnings"}


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
    for name in FIELDS_BY_KIND[kind]:
        value = getattr(page, name)
        if name in STREAM_FIELDS:
            value = block_data(page._meta.get_field(name).stream_block, value)
        elif name == "learning_outcomes":
            value = [str(child.value) for child in value]
        elif name == "content_warnings":
            value = list(value or [])
        content[name] = value or ([] if name in LIST_FIELDS else "")
    return content


def package_content(spec, model, kind):
    """What a (checked) package entry says, in the same form as ``page_content``."""
    content = {}
    for name in FIELDS_BY_KIND[kind]:
        value = spec.get(name)
        if name in STREAM_FIELDS:
            block = stream_block(model, name)
            value = block_data(block, block.to_python(value or []))
        elif name == "learning_outcomes":
            value = [str(outcome) for outcome in value or []]
        elif name == "content_warnings":
            value = list(value or [])
        content[name] = value or ([] if name in LIST_FIELDS else "")
    return content


def digest(content):
    """A fingerprint of page content, to tell whether it has changed."""
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
