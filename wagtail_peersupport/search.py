"""Searching a course: what is indexed, which pages a visitor's search may find, and the
snippet each result shows.

Course pages are indexed by Wagtail's search app whenever they are saved (the loader,
wagtail-localize and the admin all save them), with their blocks' text as each block's
``get_searchable_content`` gives it: what a visitor's page shows, never what only
editors see (the consent flag of a story, a heading's level) and never the name of the
narrator of an anonymous story.

Visitors' searches are not recorded: no ``Query.add_hit()``, no logging. What someone
looks for on a mental health course can say a lot about them.
"""

import re

from django.utils import translation
from django.utils.html import strip_tags
from wagtail.search import index

__all__ = [
    "MAX_QUERY_LENGTH",
    "LocalisedSearchField",
    "LocalisedAutocompleteField",
    "text_search_fields",
    "clean_query",
    "search_course",
    "page_text",
    "snippet",
]

# Longer queries are cut: nobody types more to find a lesson, and long ones cost the
# database more.
MAX_QUERY_LENGTH = 200
# About how many characters of a result's text its snippet shows.
SNIPPET_LENGTH = 220

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


class InPageLanguage:
    """Reads a search field's value in its page's language.

    A block's searchable content holds the names of choices (a story's content
    warnings, a resource's kind) as the active language gives them; the index of a
    Welsh page should hold them in Welsh, whatever language the process that saved it
    (a command, a translator's request) had active.
    """

    def get_value(self, obj):
        locale = getattr(obj, "locale", None)
        if locale is None:
            return super().get_value(obj)
        with translation.override(locale.language_code):
            return super().get_value(obj)


class LocalisedSearchField(InPageLanguage, index.SearchField):
    """A full-text search field, read in its page's language."""


class LocalisedAutocompleteField(InPageLanguage, index.AutocompleteField):
    """An autocomplete field, read in its page's language.

    Wagtail's admin page search matches autocomplete fields only; a course's pages are
    found there by the words of their blocks as well as their titles.
    """


def text_search_fields(*names):
    """A full-text and an autocomplete field for each of ``names``, in the page's language."""
    fields = []
    for name in names:
        fields += [LocalisedSearchField(name), LocalisedAutocompleteField(name)]
    return fields


def clean_query(text):
    """The query as searched: spaces collapsed, at most ``MAX_QUERY_LENGTH`` characters,
    cut between words (a word cut in two would match nothing)."""
    query = _SPACES.sub(" ", str(text or "")).strip()
    if len(query) > MAX_QUERY_LENGTH:
        cut = query[: MAX_QUERY_LENGTH + 1].rfind(" ")
        query = query[: cut if cut > 0 else MAX_QUERY_LENGTH]
    return query.strip()


def search_course(course, query):
    """The course's pages a visitor may read that match ``query``, best first, specific.

    Live pages only, with no view restriction, of the course itself and below it, in
    the course's language.
    """
    # Imported here: the page models import this module for ``LocalisedSearchField``.
    from .models.tree import base_pages

    pages = (
        base_pages(course)
        .live()
        .public()
        .descendant_of(course, inclusive=True)
        .filter(locale=course.locale)
        .specific()
    )
    return pages.search(query)


def page_text(page):
    """The text of ``page`` a search looks at besides its title, as one string."""
    parts = [page.search_description or ""]
    for field in type(page).get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        value = field.get_value(page)
        values = value if isinstance(value, list | tuple) else [value]
        parts.extend(strip_tags(str(item)) for item in values if item)
    return _SPACES.sub(" ", " ".join(parts)).strip()


def snippet(text, query, length=SNIPPET_LENGTH):
    """A short passage of ``text`` around the first word of ``query`` it holds.

    A list of ``(text, matched)`` pairs, so that a template can mark the words found
    without trusting any of the text as HTML. From the start of ``text`` when no word
    of the query is in it.
    """
    words = sorted({word for word in _WORD.findall(query.lower()) if len(word) > 1}, key=len)
    pattern = (
        re.compile(r"\b(" + "|".join(re.escape(w) for w in reversed(words)) + r")\b", re.I)
        if words
        else None
    )
    found = pattern.search(text) if pattern else None
    start = 0
    if found and found.start() > length // 3:
        start = text.rfind(" ", 0, found.start() - length // 3) + 1
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    passage = text[start:end]
    parts = []
    position = 0
    for match in pattern.finditer(passage) if pattern else ():
        if match.start() > position:
            parts.append((passage[position : match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    if position < len(passage):
        parts.append((passage[position:], False))
    if start > 0:
        parts.insert(0, ("… ", False))
    if end < len(text):
        parts.append((" …", False))
    return parts
