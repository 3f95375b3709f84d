"""Whether a translator's string may stand in for the source string it translates.

wagtail-localize stores a string as a fragment of HTML: plain text escaped, rich
text with its inline tags, and each link of rich text as a placeholder,
``<a id="a1">``, whose address stays with the source. What it checks when a
translation is saved (``StringValue.from_translated_html``) is that the fragment
holds only inline tags without attributes, and that it names no link the source
does not have. It does not mind a link being dropped, and it does not look at
comments, CDATA sections or processing instructions at all: a rich text
translation such as ``<!-- --!><img src=x onerror=alert(1)> -->`` passes, and a
browser, which ends that comment at ``--!>``, would run the script.

``translation_problem`` adds the rest, so that a PO file can only bring in what an
editor could have typed: the translation, with its links' addresses put back,
goes through the package's rich text gate (``clean_html``) for the field's
features, or for no features at all for plain text; anything the gate would take
out that the source does not have is refused, and so is any change to the links
or any markup that is not text (a comment, say). A plain text string that fits
no page field (a title too long, say) is refused too, with the field's own message.
"""

from collections import Counter

from bs4 import BeautifulSoup, Tag
from bs4.element import PreformattedString
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail_localize.strings import StringValue, validate_translation_links

from ..blocks import RICH_TEXT_FEATURES
from ..cleaning import clean_html

__all__ = ["field_problem", "translation_problem"]


def _soup(html):
    return BeautifulSoup(html, "html.parser")


def _not_text(soup):
    """Comments, CDATA sections, processing instructions and declarations, as written."""
    return [
        node.output_ready()
        for node in soup.find_all(string=lambda text: isinstance(text, PreformattedString))
    ]


def _links(soup):
    """Link placeholders (``<a id="…">``) by id, and the number of bare ``<a>`` tags."""
    placeholders, bare = Counter(), 0
    for tag in soup.find_all("a"):
        if set(tag.attrs) == {"id"}:
            placeholders[tag["id"]] += 1
        elif not tag.attrs:
            bare += 1
    return placeholders, bare


def _with_addresses(soup, attrs):
    """The fragment as the page would hold it: each link placeholder given its attributes."""
    soup = _soup(str(soup))
    for tag in soup.find_all("a"):
        if set(tag.attrs) == {"id"}:
            # A placeholder the source does not have is a link problem, checked next.
            tag.attrs = dict(attrs.get(tag["id"], {}))
    return str(soup)


def _link_text(soup, link_id):
    tag = soup.find("a", id=link_id)
    return " ".join(tag.get_text(" ").split()) if isinstance(tag, Tag) else link_id


def translation_problem(source, translated, *, attrs=None, rich_text=False):
    """Why ``translated`` cannot replace the source string ``source``, or None if it can.

    Both are wagtail-localize string data; ``attrs`` is the source segment's map of
    link placeholders to attributes, and ``rich_text`` says whether the string is
    part of a rich text field or block (the package's ``RICH_TEXT_FEATURES``) rather
    than plain text.
    """
    attrs = attrs or {}
    source_soup, soup = _soup(source), _soup(translated)

    added = [node for node in _not_text(soup) if node not in _not_text(source_soup)]
    if added:
        return _("markup that is not allowed: %(markup)s") % {
            "markup": _("a comment or other markup that is not text")
        }

    features = RICH_TEXT_FEATURES if rich_text else []
    removed = clean_html(_with_addresses(soup, attrs), features).removed
    expected = clean_html(_with_addresses(source_soup, attrs), features).removed
    new = [what for what in removed if what not in expected]
    if new:
        return _("markup that is not allowed: %(markup)s") % {"markup": ", ".join(new)}

    (wanted, source_bare), (found, bare) = _links(source_soup), _links(soup)
    missing = wanted - found
    if missing:
        texts = ", ".join(f"“{_link_text(source_soup, link_id)}”" for link_id in sorted(missing))
        return _("a link of the original is missing or changed: %(links)s") % {"links": texts}
    if found - wanted or bare > source_bare:
        return _("it adds a link the original does not have")

    try:
        StringValue.from_translated_html(translated)
        validate_translation_links(source, translated)
    except ValueError as exc:
        return str(exc)
    return None


def field_problem(page, path, translated):
    """Why ``translated`` does not fit the page field at ``path``, or None.

    Only a field of the page model itself is checked, as wagtail-localize stores it:
    as text (a slug after ``slugify``). Wagtail checks a draft page's title with a
    message wagtail-localize cannot place (it expects one naming the field), so it is
    checked here first.
    """
    try:
        model_field = page._meta.get_field(path)
    except FieldDoesNotExist:
        return None
    if not isinstance(model_field, models.CharField | models.TextField):
        return None
    value = StringValue(translated).render_text()
    if isinstance(model_field, models.SlugField):
        value = slugify(value)  # as wagtail-localize does
    try:
        model_field.clean(value, page)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None
