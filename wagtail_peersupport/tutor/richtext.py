"""Rich text in Wagtail's stored form, through the package's HTML gate.

``clean_html`` keeps only what the package's editor features
(``RICH_TEXT_FEATURES``) allow, with Wagtail's own conversion, as for every other
rich text that does not come through the editor. Imported text is sanitised
before it gets here, so that the report can say what was taken out of each lesson.
"""

from ..blocks import RICH_TEXT_FEATURES
from ..cleaning import clean_html

__all__ = ["rich_text"]


def rich_text(nodes):
    """The HTML of ``nodes`` (paragraphs and lists) as stored rich text."""
    html = "".join(str(_tidy(node)) for node in nodes)
    return clean_html(html, RICH_TEXT_FEATURES).html


def _tidy(tag):
    """Collapse whitespace the way a browser shows it, and trim it at block edges."""
    for string in tag.find_all(string=True):
        text = str(string)
        words = " ".join(text.split())
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() and words else ""
        if lead + words + trail != text:
            string.replace_with(lead + words + trail)
    lists = [tag] if tag.name in ("ul", "ol") else []
    for container in lists + tag.find_all(["ul", "ol"]):
        # Line breaks between list items are not text.
        for child in container.find_all(string=True, recursive=False):
            if not child.strip():
                child.extract()
    for block in [tag, *tag.find_all(["p", "li"])]:
        _trim(block.find_all(string=True), str.lstrip)
        _trim(reversed(block.find_all(string=True)), str.rstrip)
    return tag


def _trim(strings, strip):
    for string in strings:
        text = strip(str(string))
        if text != string:
            string.replace_with(text)
        if text:
            return
