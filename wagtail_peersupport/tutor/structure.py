"""Turn lesson HTML into a flat sequence of headings, paragraphs, lists and quotes.

WordPress content arrives in every shape: paragraphs inside ``<div>`` wrappers,
loose text with ``<br>`` line breaks, unclosed ``<p>`` and ``<li>`` tags (which
Python's HTML parser nests rather than closes), and text pasted from documents
where "•" characters stand in for a bulleted list. This module flattens all of
that into ``Item``\\ s in reading order, so the mapping step only has to look at
what comes after what.
"""

import re
from dataclasses import dataclass

from bs4 import NavigableString, Tag

from .parse import text_of

__all__ = ["Item", "flatten"]

INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike",
    "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MEDIA = {"img", "picture", "video", "audio", "source", "track", "map", "area"}
BULLETS = ("•", "●", "▪", "◦", "‣")
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# Page builders nest wrappers deeply, but not this deeply; past it, text is kept flat.
MAX_DEPTH = 100


@dataclass
class Item:
    """One piece of a lesson: a heading, a paragraph, a list, a quotation, or media."""

    kind: str  # "heading", "paragraph", "list", "quote", "video", "media", "note"
    node: Tag | None = None
    level: int = 0
    text: str = ""
    bullets: bool = False  # a list made from "•" paragraphs

    @property
    def plain(self):
        return self.text or text_of(self.node)


def _is_block(node):
    return isinstance(node, Tag) and node.name not in INLINE


class _Flattener:
    def __init__(self, soup):
        self.soup = soup
        self.items = []
        self.run = []
        self.depth = 0

    def walk(self, container):
        for child in list(container.children):
            if isinstance(child, NavigableString):
                self.run.append(child)
            elif child.name in INLINE and not child.find(_is_block):
                self.run.append(child)
            else:
                self.flush()
                self.block(child)

    def block(self, tag):
        name = tag.name
        if name in HEADINGS:
            # An unclosed heading swallows what follows it; keep that as content.
            rest = [child for child in tag.children if _is_block(child)]
            for child in rest:
                child.extract()
            text = text_of(tag)
            if text:
                self.items.append(Item("heading", tag, level=int(name[1]), text=text))
            for child in rest:
                self.block(child)
        elif name in ("ul", "ol"):
            _fix_list(tag)
            if tag.find("li") is not None:
                self.items.append(Item("list", tag))
        elif name == "blockquote":
            self.items.append(Item("quote", tag))
        elif name == "p" and tag.get("data-import") == "video":
            self.items.append(Item("video", tag))
        elif name in MEDIA or (name == "figure" and tag.find(MEDIA) and not tag.find("p")):
            self.items.append(Item("media", tag, text=_describe_media(tag)))
        elif name == "table":
            self.items.append(Item("note", text="a table became paragraphs, one for each row"))
            for cell_row in tag.find_all("tr"):
                row = " – ".join(text_of(cell) for cell in cell_row.find_all(["th", "td"]))
                if row.strip(" –"):
                    self.paragraph_from([NavigableString(row)])
        elif name == "hr":
            return
        elif self.depth > MAX_DEPTH:
            self.items.append(Item("note", text="deeply nested markup was kept as plain text"))
            self.paragraph_from([NavigableString(text_of(tag))])
        else:
            self.depth += 1
            self.walk(tag)
            self.flush()
            self.depth -= 1

    def flush(self):
        run, self.run = self.run, []
        for part in _split_paragraphs(run):
            self.paragraph_from(part)

    def paragraph_from(self, nodes):
        lead, bullets = _split_bullets(nodes)
        if _has_text(lead):
            self.items.append(Item("paragraph", self._wrap("p", lead)))
        if bullets:
            if not (self.items and self.items[-1].bullets):
                self.items.append(Item("list", self.soup.new_tag("ul"), bullets=True))
            for bullet in bullets:
                self.items[-1].node.append(self._wrap("li", bullet))

    def _wrap(self, name, nodes):
        tag = self.soup.new_tag(name)
        for node in nodes:
            tag.append(node.extract() if node.parent is not None else node)
        return tag


def _has_text(nodes):
    return any(
        (isinstance(n, NavigableString) and n.strip()) or (isinstance(n, Tag) and text_of(n))
        for n in nodes
    )


def _split_paragraphs(run):
    """Split inline nodes into paragraphs at blank lines and double ``<br>``."""
    parts, current, breaks = [], [], 0
    for node in run:
        if isinstance(node, Tag) and node.name == "br":
            breaks += 1
            if breaks >= 2:
                parts.append(current)
                current, breaks = [], 0
            else:
                current.append(node)
            continue
        if isinstance(node, NavigableString):
            if not node.strip():
                current.append(node)
                continue
            pieces = BLANK_LINE.split(str(node))
            for index, piece in enumerate(pieces):
                if index:
                    parts.append(current)
                    current = []
                current.append(NavigableString(piece))
            if node.parent is not None:
                node.extract()
        else:
            current.append(node)
        breaks = 0
    parts.append(current)
    return [part for part in parts if _has_text(part)]


def _split_bullets(nodes):
    """``(lead, [item nodes, …])``: a paragraph split where lines start with "•"."""
    lead, bullets = [], []
    current = lead
    line_start = True
    for node in nodes:
        if isinstance(node, Tag):
            if node.name == "br":
                line_start = True
                continue
            current.append(node)
            line_start = line_start and not text_of(node)
            continue
        for index, line in enumerate(str(node).split("\n")):
            if index:
                line_start = True
                line = " " + line
            stripped = line.lstrip()
            if line_start and stripped.startswith(BULLETS):
                current = []
                bullets.append(current)
                line = stripped[1:]
            if line.strip():
                line_start = False
            current.append(NavigableString(line))
    return lead, [bullet for bullet in bullets if _has_text(bullet)]


def _fix_list(tag):
    """Undo the nesting an HTML parser makes of unclosed ``<li>`` and ``<p>`` tags."""
    for item in tag.find_all("li"):
        if item.parent is not None and item.parent.name == "li":
            item.parent.insert_after(item.extract())
    for item in tag.find_all("li"):
        for block in item.find_all(["p", "div"], recursive=False):
            block.insert_before(" ")
            block.unwrap()


def _describe_media(tag):
    media = tag if tag.name in MEDIA else tag.find(MEDIA)
    source = media.get("src") or (media.find("source") or {}).get("src") or ""
    name = {"img": "an image", "picture": "an image", "video": "a video file"}.get(
        media.name, f"a {media.name} element"
    )
    return f"{name} {source}".strip()


def flatten(fragment, soup):
    """The lesson content in ``fragment`` as a list of ``Item``\\ s, in reading order."""
    flattener = _Flattener(soup)
    flattener.walk(fragment)
    flattener.flush()
    return flattener.items
