"""What a link typed into a URL field may point at, and its cleaned form.

A resource list must be able to link a helpline's phone number and an email
address as well as a website, and a page of the site by its path. Nothing else
is a link a visitor should be sent to: ``javascript:``, ``data:`` and
``vbscript:`` run code or show content the site did not write; ``//host/…`` and
``\\\\host`` leave the site while looking like a path; a bare ``example.org/x`` is a
path on this site, not the website it looks like.
"""

import re
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

__all__ = ["LINK_SCHEMES", "LinkFormField", "clean_link", "is_safe_link"]

LINK_SCHEMES = ("http", "https", "mailto", "tel")
ALLOWED = _(
    "Use a web address starting with https:// or http://, an email address as "
    "mailto:name@example.org, a phone number as tel:+44116123, or a page of this site "
    "as a path starting with a single /."
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")
_PHONE = re.compile(r"^\+?[0-9]{2,20}$")
_web = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def clean_link(value):
    """The cleaned form of a link, or a ``ValidationError`` saying what is allowed.

    An empty value stays empty. Spaces around the link are removed and spaces inside
    a web address are encoded; a phone number keeps its digits and a leading ``+``.
    """
    text = str(value or "").strip()
    if not text:
        return ""
    if _CONTROL.search(text):
        raise ValidationError(ALLOWED, code="invalid_link")
    if text.startswith("/"):
        if text.startswith("//"):
            raise ValidationError(ALLOWED, code="invalid_link")
        return quote(text, safe="/?#&=+%:@!$'()*,;~-._")
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme in ("http", "https"):
        url = scheme + text[len(scheme) :].replace(" ", "%20")
        try:
            _web(url)
        except ValidationError:
            raise ValidationError(ALLOWED, code="invalid_link") from None
        return url
    if scheme == "mailto":
        address = text[len("mailto:") :].split("?", 1)[0]
        try:
            _email(address)
        except ValidationError:
            raise ValidationError(ALLOWED, code="invalid_link") from None
        return "mailto:" + text[len("mailto:") :]
    if scheme == "tel":
        number = "".join(ch for ch in text[len("tel:") :] if ch not in " -().")
        if not _PHONE.match(number):
            raise ValidationError(ALLOWED, code="invalid_link")
        return "tel:" + number
    raise ValidationError(ALLOWED, code="invalid_link")


def is_safe_link(value):
    """Whether ``value`` is a link ``clean_link`` accepts (checked again when rendering)."""
    try:
        return bool(clean_link(value))
    except ValidationError:
        return False


class LinkFormField(forms.CharField):
    """A form field for a link: a web address, ``mailto:``, ``tel:`` or a site path."""

    default_error_messages = {"invalid_link": ALLOWED}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_link(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "url")
        return attrs
