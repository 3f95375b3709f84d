"""Wagtail's database whitelister, reporting what it drops: the engine of ``clean_html``.

Kept apart from ``cleaning`` because Wagtail's rich text converters load the page model
when they are imported, and page models import ``cleaning``: ``cleaning`` imports this
module when it first cleans something, once every model is loaded.
"""

import re

from wagtail.admin.rich_text.converters.editor_html import DbWhitelister, EditorHTMLConverter
from wagtail.whitelist import check_url

__all__ = ["ReportingWhitelister", "converter_rules"]

_DIGITS = re.compile(r"^[0-9]{1,18}$")


def converter_rules(features):
    """The editor's conversion rules for ``features``."""
    return tuple(EditorHTMLConverter(features=list(features)).converter_rules)


class ReportingWhitelister(DbWhitelister):
    """Wagtail's database whitelister, noting each element and attribute it drops.

    Media embeds are kept only with ``embed_videos``: rendering one asks its provider
    for the player, from the server, and shows a third-party frame to visitors.
    """

    def __init__(self, converter_rules, *, embed_videos=False):
        super().__init__(converter_rules)
        self.embed_videos = embed_videos

    def clean(self, html):
        self.removed = []
        return super().clean(html)

    def note(self, what):
        if what not in self.removed:
            self.removed.append(what)

    def clean_tag_node(self, doc, tag):
        if "data-embedtype" in tag.attrs:
            self.clean_embed(doc, tag)
        elif tag.name == "a" and "data-linktype" in tag.attrs:
            self.clean_link(doc, tag)
        else:
            before = dict(tag.attrs)
            super().clean_tag_node(doc, tag)
            if tag.name not in self.element_rules:
                # Unwrapped with its attributes: name the ones that were there to do harm.
                self.note(f"<{tag.name}>")
                dropped = [
                    name
                    for name, value in before.items()
                    if name.lower().startswith("on")
                    or (name in ("href", "src") and check_url(str(value)) is None)
                ]
            else:
                dropped = before.keys() - tag.attrs.keys()
            for name in sorted(dropped):
                self.note(_describe_attribute(name, before[name]))

    def clean_embed(self, doc, tag):
        embed_type = str(tag["data-embedtype"])
        if embed_type not in self.embed_handlers:
            self.note(_describe_embed(embed_type, tag))
            tag.decompose()
            return
        if embed_type == "media" and not self.embed_videos:
            self.note(_describe_embed(embed_type, tag))
            tag.decompose()
            return
        if "data-id" in tag.attrs and not _DIGITS.match(str(tag["data-id"])):
            self.note(f"{embed_type} embed with a broken id")
            tag.decompose()
            return
        try:
            kept = self.embed_handlers[embed_type].get_db_attributes(tag)
        except (KeyError, ValueError):
            self.note(f"incomplete {embed_type} embed")
            tag.decompose()
            return
        extra = set(tag.attrs) - {"data-embedtype"} - {f"data-{name}" for name in kept}
        super().clean_tag_node(doc, tag)
        for name in sorted(extra):
            self.note(_describe_attribute(name.removeprefix("data-"), ""))

    def clean_link(self, doc, tag):
        link_type = str(tag["data-linktype"])
        extra = set(tag.attrs) - {"data-linktype", "data-id", "data-parent-id", "href"}
        problem = None
        if link_type not in self.link_handlers:
            problem = f"{link_type} link (the text is kept)"
        elif "data-id" in tag.attrs and not _DIGITS.match(str(tag["data-id"])):
            problem = f"{link_type} link with a broken id (the text is kept)"
        if problem:
            for child in list(tag.contents):
                self.clean_node(doc, child)
            self.note(problem)
            tag.unwrap()
            return
        try:
            super().clean_tag_node(doc, tag)
        except (KeyError, ValueError):
            self.note(f"incomplete {link_type} link (the text is kept)")
            tag.unwrap()
            return
        for name in sorted(extra):
            self.note(_describe_attribute(name.removeprefix("data-"), ""))


def _describe_attribute(name, value):
    if name in ("href", "src") and check_url(str(value)) is None:
        scheme = str(value).split(":", 1)[0].strip().lower()
        scheme = "".join(ch for ch in scheme if ch.isalnum())[:20]
        return f"{scheme}: address"
    return name


def _describe_embed(embed_type, tag):
    if embed_type == "media":
        return "media embed (use a video block for videos)"
    return f"{embed_type} embed"
