"""The one gate for rich text that did not come through Wagtail's editor.

Course packages, PO files and imported pages are written by people and programs
the site does not control, and what they hold is shown to visitors who may be in
crisis (and to editors, on the same origin as the admin). ``clean_html`` puts such
HTML through the conversion Wagtail applies when an editor saves rich text
(``EditorHTMLConverter(features).to_database_format()``, built on
``wagtail.whitelist``), for exactly the features of the field it is going into, and
says what it took out.

Two steps come before Wagtail's conversion, because of what that conversion keeps:

- Wagtail unwraps an element it does not allow and keeps its text, so a script's
  code or a style sheet would survive as visible text. Elements whose content is
  not text for a reader (the HTML standard's raw-text elements, and the ones a
  browser never shows as text) are removed with their content first.
- Wagtail's conversion reads the editor's form of links and embeds
  (``data-linktype``, ``data-embedtype``), while files hold the stored form
  (``linktype``, ``embedtype``). The stored form is read as the editor's, so that the
  handlers of the field's own features decide what is kept, as they do for an editor.

``clean_page_content`` applies the gate to every rich text of a page, in its fields and
in its blocks; the package's page types call it whenever a page or a revision is saved
and before a preview, so content that reaches a page by any other way (wagtail-localize's
editor, a script) is cleaned as well.
"""

import logging
from dataclasses import dataclass
from functools import cache, lru_cache

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import PreformattedString
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import features as feature_registry

from .conf import get_setting

# Links are cleaned by their own module, which page models and blocks import; they are
# named here too, so code that cleans content finds both in one place.
from .links import LINK_SCHEMES, LinkFormField, clean_link, is_safe_link  # noqa: F401

__all__ = [
    "CleanedHTML",
    "clean_html",
    "clean_link",
    "clean_page_content",
    "clean_stream",
    "is_safe_link",
]

logger = logging.getLogger(__name__)

# Elements whose content is code, styling, markup for another parser or fallback that
# browsers do not show: removed together with what they hold.
NOT_TEXT = (
    "script", "style", "template", "textarea", "title", "xmp", "iframe", "noembed",
    "noframes", "noscript", "plaintext", "object", "frameset", "frame", "select",
)  # fmt: skip


@dataclass(frozen=True)
class CleanedHTML:
    """HTML as the field stores it, and what was taken out, e.g. ``("<script>", "onerror")``."""

    html: str
    removed: tuple = ()

    def __str__(self):
        return self.html


@cache
def _rules(features):
    from . import whitelisting  # Wagtail's converters need the page model: see that module

    return whitelisting.converter_rules(features), whitelisting.ReportingWhitelister


def _as_editor_html(soup):
    """Read the stored form of links and embeds as the editor's form."""
    for tag in soup.find_all(True):
        if "linktype" in tag.attrs or "embedtype" in tag.attrs:
            tag.attrs = {
                (name if name.startswith("data-") else f"data-{name}"): value
                for name, value in tag.attrs.items()
            }


def clean_html(html, features=None):
    """``html`` cleaned for a rich text field or block with ``features``.

    ``features`` is the field's own list (``None`` means Wagtail's default features,
    as for a ``RichTextField`` that names none). Returns a ``CleanedHTML``.
    """
    if features is None:
        features = feature_registry.get_default_features()
    return _clean(str(html or ""), tuple(features), bool(get_setting("EMBED_VIDEOS", False)))


# Pages are cleaned each time they are saved, mostly with HTML that is clean already:
# the answer for the same HTML, features and setting is kept.
@lru_cache(maxsize=4096)
def _clean(html, features, embed_videos):
    soup = BeautifulSoup(html, "html.parser")
    removed = []
    # Comments, CDATA sections, processing instructions and declarations: a browser
    # ends some of them earlier than Python's parser does, which would let markup out.
    for node in soup.find_all(string=lambda text: isinstance(text, PreformattedString)):
        what = "comment" if isinstance(node, Comment) else f"<{type(node).__name__}>"
        if what not in removed:
            removed.append(what)
        node.extract()
    for tag in soup.find_all(NOT_TEXT):
        if isinstance(tag, Tag) and not tag.decomposed:
            if f"<{tag.name}>" not in removed:
                removed.append(f"<{tag.name}>")
            tag.decompose()
    _as_editor_html(soup)
    # A whitelister per call: it keeps what it removed, and requests run in threads.
    rules, whitelister_class = _rules(features)
    whitelister = whitelister_class(rules, embed_videos=embed_videos)
    cleaned = whitelister.clean(str(soup)).strip()
    removed += [what for what in whitelister.removed if what not in removed]
    return CleanedHTML(cleaned, tuple(removed))


def clean_stream(block, raw, path="", removed=None):
    """Stored StreamField data with every rich text in it cleaned for its block's features.

    Data of the wrong shape is left as it is: this is for data a page already holds.
    ``removed``, when given, gets a line for each place that was cleaned.
    """
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for index, item in enumerate(raw):
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                item["value"] = clean_stream(child, item.get("value"), f"{path}[{index}]", removed)
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for index, item in enumerate(raw):
            where = f"{path}[{index}]"
            if block._item_is_in_block_format(item):
                item["value"] = clean_stream(block.child_block, item["value"], where, removed)
            else:
                raw[index] = clean_stream(block.child_block, item, where, removed)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            if name in raw:
                raw[name] = clean_stream(child, raw[name], f"{path}.{name}", removed)
    elif isinstance(block, blocks.RichTextBlock) and isinstance(raw, str) and raw:
        cleaned = clean_html(raw, block.features)
        if cleaned.removed and removed is not None:
            removed.append(f"{path}: removed {', '.join(cleaned.removed)}")
        return cleaned.html
    return raw


def clean_page_content(page):
    """Clean every rich text of ``page`` in place, page fields and blocks; say what went.

    The last line of defence: page types of the package call it whenever a page is
    saved, a revision is saved or a page is previewed, whoever wrote the content
    (an import, a translator in wagtail-localize's editor, a script). HTML from
    Wagtail's own editor is clean already and comes through unchanged.
    """
    removed = []
    for field in page._meta.concrete_fields:
        value = getattr(page, field.attname, None)
        if isinstance(field, RichTextField) and value:
            cleaned = clean_html(value, field.features)
            if cleaned.removed:
                removed.append(f"{field.name}: removed {', '.join(cleaned.removed)}")
                setattr(page, field.attname, cleaned.html)
        elif isinstance(field, StreamField) and value is not None:
            found = []
            raw = clean_stream(field.stream_block, field.stream_block.get_prep_value(value),
                               field.name, found)  # fmt: skip
            if found:
                removed += found
                setattr(page, field.attname, raw)
    if removed:
        logger.warning(
            "Removed markup that is not allowed from page %s (%r): %s",
            page.pk, page.title, "; ".join(removed),
        )  # fmt: skip
    return removed
