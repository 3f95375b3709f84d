"""What course pages and their blocks give through Wagtail's API v2.

The page types list their fields in ``api_fields`` with the serializers below, and
each block shapes its own value in ``get_api_representation`` with the helpers
below. The API answers with what a visitor's page shows, as JSON:

- rich text is cleaned by the package's HTML gate and rendered as Wagtail renders it
  for a page (internal links and documents resolved to addresses), whatever
  ``?rich_text_format=`` asks for, since it is the only form that is safe to show;
- links are checked again (``links.is_safe_link``) and pages and documents are given
  with their addresses;
- choices come with their labels, in the language of the page they are on;
- nothing only editors see (a story's consent, a page's reviewer) is given at all.

See ``docs/api.md`` for the shape of every page type and block.
"""

from dataclasses import replace

from django.utils import translation
from rest_framework.fields import Field
from wagtail.models import Page
from wagtail.rich_text import RichText, expand_db_html

from . import conf
from .cleaning import clean_html, is_safe_link
from .outline import CourseOutline
from .topics import CONTENT_WARNING_TOPICS

__all__ = [
    "rendered_rich_text",
    "topics",
    "choice_label",
    "safe_link",
    "document_data",
    "page_link",
    "contact_data",
    "image_data",
    "PageField",
    "RichTextField",
    "StreamField",
    "ContentWarningsField",
    "TextListField",
    "CourseField",
    "SessionField",
    "NumberField",
    "ReviewDateField",
    "LessonsField",
    "OutlineField",
]


def rendered_rich_text(value, features=None):
    """Rich text as a visitor's page shows it: through the HTML gate, then rendered.

    ``value`` is a ``RichText`` or database HTML; ``features`` those of its field or
    block (``None``: Wagtail's defaults).
    """
    source = value.source if isinstance(value, RichText) else str(value or "")
    return expand_db_html(clean_html(source, features).html)


def topics(keys):
    """Content warning topics as ``{"key", "label"}``, in the list's order."""
    chosen = set(keys or [])
    return [
        {"key": key, "label": str(label)} for key, label in CONTENT_WARNING_TOPICS if key in chosen
    ]


def choice_label(block, key):
    """The label ``block`` (a ``ChoiceBlock``) shows for ``key``, in the active language."""
    return str(dict(block.field.choices).get(key, "")) if key else ""


def safe_link(value):
    """``value`` if it is a link visitors may follow, else ``""``."""
    return value if value and is_safe_link(value) else ""


def _request(context):
    return (context or {}).get("request")


def _full_url(request, path):
    # Imported here: Wagtail's API modules read the page model when imported.
    from wagtail.api.v2.utils import get_full_url

    return get_full_url(request, path)


def document_data(document, context=None):
    """A document's id, title, address (in full), file type (extension) and size in bytes."""
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": _full_url(_request(context), document.url),
        "file_type": document.file_extension.lower(),
        "file_size": document.get_file_size(),
    }


def page_link(page, context=None):
    """A linked page's id and address, as its own page gives it (``None`` unless live).

    The address is ``Page.get_url(request)``: a path when the page is on the site the
    API was asked on, as in the page's HTML.
    """
    if page is None or not page.live:
        return None
    return {"id": page.pk, "url": page.get_url(request=_request(context)) or ""}


def contact_data(contact):
    """A support contact as the page lists it: how to get in touch, and when it was checked."""
    return {
        "name": contact.name,
        "audience": contact.audience,
        "phone": contact.phone,
        "phone_href": contact.phone_href if contact.phone else "",
        "phone_note": contact.phone_note,
        "text_number": contact.text_number,
        "text_message": contact.text_message,
        "text_href": contact.text_href if contact.text_number else "",
        "website": safe_link(contact.website),
        "opening_hours": contact.opening_hours,
        "last_checked": contact.last_checked.isoformat() if contact.last_checked else None,
    }


def image_data(image, context=None):
    """An image from Wagtail's ``ImageBlock``: the image, its alt text and a rendition.

    The rendition is what Wagtail's ``ImageRenditionField`` gives, made with the
    ``WAGTAIL_PEERSUPPORT_API_IMAGE_RENDITION`` filter; the image itself can be read
    from ``/api/v2/images/<id>/``.
    """
    if image is None:
        return None
    from wagtail.images.api.fields import ImageRenditionField

    alt_text = getattr(image, "contextual_alt_text", None)
    decorative = bool(getattr(image, "decorative", False))
    alt_text = "" if decorative else (alt_text or image.default_alt_text)
    rendition = dict(ImageRenditionField(conf.api_image_rendition()).to_representation(image))
    if "alt" in rendition:
        rendition["alt"] = alt_text
    return {
        "id": image.pk,
        "title": image.title,
        "width": image.width,
        "height": image.height,
        "alt_text": alt_text,
        "decorative": decorative,
        "rendition": rendition,
    }


class PageField(Field):
    """One of a page's fields (or properties) in the API, in the page's own language.

    Labels (topic names, kinds of question) follow the active language, and an API
    request has the visitor's; each field is therefore given with the language of the
    page it belongs to active. Subclasses shape the value in ``represent()``.
    ``attribute`` defaults to the field's name in ``api_fields``.
    """

    def __init__(self, attribute=None, **kwargs):
        self.attribute = attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.attribute = self.attribute or field_name

    def to_representation(self, page):
        with translation.override(self._language(page)):
            return self.represent(page, getattr(page, self.attribute))

    def represent(self, page, value):
        return value

    def _language(self, page):
        # One query per locale for the whole response, however many pages and fields.
        languages = self.context.setdefault("_peersupport_languages", {})
        if page.locale_id not in languages:
            languages[page.locale_id] = page.locale.language_code
        return languages[page.locale_id]

    @property
    def request(self):
        return self.context.get("request")


class RichTextField(PageField):
    """A ``RichTextField``, cleaned and rendered (see ``rendered_rich_text``)."""

    def represent(self, page, value):
        features = page._meta.get_field(self.attribute).features
        return rendered_rich_text(value, features)


class StreamField(PageField):
    """A ``StreamField``: each block as its ``get_api_representation`` gives it."""

    def represent(self, page, value):
        return value.stream_block.get_api_representation(value, context=self.context)


class ContentWarningsField(PageField):
    """A page's content warnings: ``[{"key", "label"}]``."""

    def represent(self, page, value):
        return topics(value)


class TextListField(PageField):
    """A stream of short texts (such as learning outcomes) as a list of strings."""

    def represent(self, page, value):
        return [str(child.value) for child in value]


def _hidden_ids(course, context):
    """The ids of the course's pages the API does not give: those behind a view
    restriction (a password, a login, groups), their own or an ancestor's, as
    Wagtail's pages endpoint leaves them out. One query per course and response."""
    hidden = context.setdefault("_peersupport_hidden", {})
    if course.pk not in hidden:
        hidden[course.pk] = set(
            Page.objects.descendant_of(course).not_public().values_list("pk", flat=True)
        )
    return hidden[course.pk]


def _public_outline(course, context):
    """The course's outline (cached, as its pages use it) without the pages the API
    does not give. Numbers stay as the course's pages show them."""
    outline = course.get_outline(context.get("request"))
    hidden = _hidden_ids(course, context)
    if not hidden:
        return outline
    sessions = [
        replace(session, lessons=[x for x in session.lessons if x.id not in hidden])
        for session in outline.sessions
        if session.id not in hidden
    ]
    resources = [x for x in outline.resources if x.id not in hidden]
    return CourseOutline(sessions=sessions, resources=resources)


def _outline(page, context):
    course = page.course
    return _public_outline(course, context) if course else None


class CourseField(PageField):
    """The course a page belongs to: ``{"id", "title"}``, or ``None``."""

    def __init__(self, **kwargs):
        super().__init__(attribute="course", **kwargs)

    def represent(self, page, course):
        return {"id": course.pk, "title": course.title} if course else None


class SessionField(PageField):
    """The session a lesson belongs to: ``{"id", "number", "title"}``, or ``None``."""

    def __init__(self, **kwargs):
        super().__init__(attribute="pk", **kwargs)

    def represent(self, page, pk):
        outline = _outline(page, self.context)
        session = outline.session_of(pk) if outline else None
        if session is None:
            return None
        return {"id": session.id, "number": session.number, "title": session.title}


class NumberField(PageField):
    """A session's number in its course, or a lesson's in its session, from 1 (0: neither)."""

    def __init__(self, **kwargs):
        super().__init__(attribute="pk", **kwargs)

    def represent(self, page, pk):
        outline = _outline(page, self.context)
        entries = (outline.sessions + outline.lessons) if outline else []
        entry = next((entry for entry in entries if entry.id == pk), None)
        return entry.number if entry else 0


class ReviewDateField(PageField):
    """A review date as ``YYYY-MM-DD``; ``None`` when unset or when the site shows
    visitors no review dates (``WAGTAIL_PEERSUPPORT_SHOW_REVIEW_DATES = False``)."""

    def represent(self, page, value):
        return value.isoformat() if value and conf.show_review_dates() else None


def _entry(entry):
    return {"id": entry.id, "number": entry.number, "title": entry.title, "url": entry.url}


class LessonsField(PageField):
    """A session's live lessons, in order: ``[{"id", "number", "title", "url"}]``."""

    def __init__(self, **kwargs):
        super().__init__(attribute="pk", **kwargs)

    def represent(self, page, pk):
        outline = _outline(page, self.context)
        session = outline.session_of(pk) if outline else None
        return [_entry(lesson) for lesson in session.lessons] if session else []


class OutlineField(PageField):
    """A course's outline: its live sessions with their lessons, and its resources."""

    def __init__(self, **kwargs):
        super().__init__(attribute="pk", **kwargs)

    def represent(self, page, pk):
        outline = _public_outline(page, self.context)
        return {
            "sessions": [
                {
                    **_entry(session),
                    "aim": session.aim,
                    "lessons": [_entry(x) for x in session.lessons],
                }
                for session in outline.sessions
            ],
            "resources": [
                {"id": entry.id, "title": entry.title, "url": entry.url}
                for entry in outline.resources
            ],
        }
