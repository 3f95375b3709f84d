"""The fields a course package holds for each kind of page, and how each one is carried.

This is the one list of fields per kind of page: the schema checks them, the loader
writes them, and ``content`` reads them back for the exporter and for comparing a
page with a file. A site's subclass of a page type adds its own fields to the
list: text, rich text, numbers, true/false, dates and times, choices and
StreamFields are carried; relations and files are not.
"""

import datetime
import decimal
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from wagtail.fields import RichTextField, StreamField

from ..models.fields import ContentWarningsField
from ..page_types import default_model

__all__ = ["KIND_FIELDS", "STRUCTURE_KEYS", "PackageField", "package_fields"]

KIND_FIELDS = {
    "course": ("title", "seo_title", "search_description", "introduction", "audience",
               "learning_outcomes", "duration"),
    "session": ("title", "seo_title", "search_description", "aim", "content_warnings", "body",
                "last_reviewed", "next_review_due", "reviewed_by"),
    "lesson": ("title", "seo_title", "search_description", "content_warnings", "body",
               "exercise_files", "last_reviewed", "next_review_due", "reviewed_by"),
    "resources": ("title", "seo_title", "search_description", "introduction", "body"),
}  # fmt: skip
"""The fields of the package's own page types, in the order a file gives them."""

STRUCTURE_KEYS = {
    "course": {"slug", "page_type"},
    "session": {"slug", "page_type", "lessons"},
    "lesson": {"slug", "page_type"},
    "resources": {"slug", "page_type"},
}
"""Keys of a page's entry that are not fields of the page."""

TEXT = "text"
RICH_TEXT = "rich text"
STREAM = "stream"
OUTCOMES = "outcomes"
WARNINGS = "warnings"
VALUE = "value"

_VALUE_FIELDS = (
    models.IntegerField,
    models.FloatField,
    models.DecimalField,
    models.BooleanField,
    models.DateField,  # DateTimeField too
    models.TimeField,
)


@dataclass(frozen=True)
class PackageField:
    """A page field as a course package carries it."""

    name: str
    how: str
    field: models.Field
    own: bool = False
    """Whether the field is a site's own, added by a subclass of the page type."""

    @property
    def required(self):
        """Whether a page cannot be saved without a value for this field from the file
        (a page's title, a session's aim, a site's own field that may not be blank)."""
        return not self.field.blank and not self.field.has_default()

    def empty(self):
        """The content of this field when a file leaves it out."""
        if self.how in (STREAM, OUTCOMES, WARNINGS):
            return []
        if self.how == VALUE:
            return self.plain(self.field.get_default())
        return ""

    def plain(self, value):
        """A plain field's value in one form, whether it came from a page or a file."""
        if value is None:
            return None
        if value == "":
            return None if self.field.null else ""
        value = self.field.to_python(value)
        if isinstance(value, decimal.Decimal) and self.field.decimal_places is not None:
            value = value.quantize(decimal.Decimal(1).scaleb(-self.field.decimal_places))
        return value

    def for_file(self, value):
        """A plain field's content as a file holds it (YAML has no decimals or times)."""
        if isinstance(value, decimal.Decimal):
            return str(value)
        if isinstance(value, datetime.time):
            return value.isoformat()
        return value


def _how(field):
    if isinstance(field, ContentWarningsField):
        return WARNINGS
    if isinstance(field, StreamField):
        return STREAM
    if isinstance(field, RichTextField):
        return RICH_TEXT
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        return TEXT
    if isinstance(field, _VALUE_FIELDS) or (field.choices and not field.is_relation):
        return VALUE
    return None


@lru_cache
def package_fields(model, kind):
    """The fields a course package holds for a page of ``model``, a page type of ``kind``."""
    fields = []
    for name in KIND_FIELDS[kind]:
        field = model._meta.get_field(name)
        fields.append(
            PackageField(name, OUTCOMES if name == "learning_outcomes" else _how(field), field)
        )
    known = {field.name for field in default_model(kind)._meta.get_fields()}
    for field in model._meta.concrete_fields:
        if field.name in known or not field.editable or field.is_relation or field.primary_key:
            continue
        how = _how(field)
        if how is not None:
            fields.append(PackageField(field.name, how, field, own=True))
    return tuple(fields)
