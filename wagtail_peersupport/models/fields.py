"""Model fields the page types share."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from ..links import LinkFormField, clean_link
from ..topics import CONTENT_WARNING_TOPICS

__all__ = ["ContentWarningsField", "LinkField"]


class ContentWarningsField(models.JSONField):
    """The difficult topics a page deals with, stored as a list of topic keys.

    Editors tick topics from the same list the recovery story and content warning
    blocks use. It works on every database (no array type) and, not being text,
    wagtail-localize keeps it in step with the source page rather than asking for
    a translation.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=CONTENT_WARNING_TOPICS,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name[:1].upper() + self.verbose_name[1:]),
            help_text=self.help_text,
        )


class LinkField(models.CharField):
    """A link: a web address, a ``mailto:`` or ``tel:`` link, or a path on the site.

    Stored as text and cleaned on the way in (see ``wagtail_peersupport.links``).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)
        self.validators.append(_validate_link)

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return clean_link(value) if value else value
        except ValidationError:
            return value  # left for the validator, which says what is allowed

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LinkFormField, **kwargs})


def _validate_link(value):
    clean_link(value)
