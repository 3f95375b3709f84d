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
"""

import re
from dataclasses import dataclass
from functools import cache

from bs4 import BeautifulSoup, Tag
from bs4.element import PreformattedString
from wagtail.admin.rich_text.converters.editor_html import DbWhitelister, EditorHTMLConverter
from wagtail.rich_text import features as feature_registry
from wagtail.whitelist import check_url

from .conf import get_setting

# Links are cleaned by their own module, which page models and blocks import; they are
# named here too, so code that cleans content finds both in one place.
from .links import LINK_SCHEMES, LinkFormField, clean_link, is_safe_link  # noqa: F401

__all__ = ["CleanedHTML", "clean_html", "clean_link", "is_safe_link"]

# Elements whose content is code, styling, markup for another parser or fallback that
# browsers do not show: removed together with what they hold.
NOT_TEXT = (
    "script", "style", "template", "textarea", "title", "xmp", "iframe", "noembed",
    "noframes", "noscript", "plaintext", "object", "frameset", "frame", "select",
)  # fmt: skip
_DIGITS = re.compile(r"^[0-9]{1,18}$")


@dataclass(frozen=True)
class CleanedHTML:
    """HTML as the field stores it, and what was taken out, e.g. ``("<script>", "onerror")``."""

    html: str
    removed: tuple = ()

    def __str__(self):
        return self.html


class _ReportingWhitelister(DbWhitelister):
    """Wagtail's database whitelister, noting each element and attribute it drops."""

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
        if embed_type == "media" and not get_setting("EMBED_VIDEOS", False):
            # Rendering a media embed asks its provider for the player, from the server,
            # and shows a third-party frame to visitors: only when the site chose that.
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


@cache
def _rules(features):
    return tuple(EditorHTMLConverter(features=list(features)).converter_rules)


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
    soup = BeautifulSoup(str(html or ""), "html.parser")
    removed = []
    # Comments, CDATA sections, processing instructions and declarations: a browser
    # ends some of them earlier than Python's parser does, which would let markup out.
    for node in soup.find_all(string=lambda text: isinstance(text, PreformattedString)):
        node.extract()
    for tag in soup.find_all(NOT_TEXT):
        if isinstance(tag, Tag) and not tag.decomposed:
            removed.append(f"<{tag.name}>")
            tag.decompose()
    _as_editor_html(soup)
    # A whitelister per call: it keeps what it removed, and requests run in threads.
    whitelister = _ReportingWhitelister(_rules(tuple(features)))
    cleaned = whitelister.clean(str(soup)).strip()
    for what in whitelister.removed:
        if what not in removed:
            removed.append(what)
    return CleanedHTML(cleaned, tuple(removed))
