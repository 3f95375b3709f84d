"""Model fields the page types share."""

from django import forms
from django.db import models

from ..blocks.stories import CONTENT_WARNING_TOPICS

__all__ = ["ContentWarningsField"]


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
