"""Rich text in Wagtail's stored form, through Wagtail's own conversion.

``EditorHTMLConverter(features=…).to_database_format()`` is the conversion
Wagtail applies to rich text HTML it is given: it keeps only the elements and
attributes the listed editor features allow (here the package's
``RICH_TEXT_FEATURES``) and drops the rest, keeping their text. Imported text is
sanitised before it gets here, because that conversion would keep a script's code
as text.
"""

from functools import cache

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from ..blocks import RICH_TEXT_FEATURES

__all__ = ["rich_text"]


@cache
def _converter():
    return EditorHTMLConverter(features=RICH_TEXT_FEATURES)


def rich_text(nodes):
    """The HTML of ``nodes`` (paragraphs and lists) as stored rich text."""
    html = "".join(str(_tidy(node)) for node in nodes)
    return _converter().to_database_format(html).strip()


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
