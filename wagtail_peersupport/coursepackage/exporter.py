"""Write a course back out as a course package."""

import yaml

from ..models import AbstractLessonPage, AbstractResourcesPage, AbstractSessionPage
from ..page_types import default_model
from .content import page_content
from .fields import VALUE, package_fields
from .schema import FORMAT_VERSION

__all__ = ["export_course", "dump_package"]


def _entry(page, kind):
    content = page_content(page.get_latest_revision_as_object(), kind)
    entry = {"title": content.pop("title"), "slug": page.slug}
    if type(page) is not default_model(kind):
        entry["page_type"] = page._meta.label
    # Optional fields are written only when they hold something, to keep files short;
    # a number, a date or a choice is written unless it is the field's default.
    for field in package_fields(type(page), kind):
        value = content.get(field.name)
        if field.how == VALUE:
            if value != field.empty():
                entry[field.name] = field.for_file(value)
        elif value or field.name == "aim":
            entry[field.name] = value
    return entry


def export_course(course):
    """The package data for ``course`` and every page below it, drafts included."""
    package = {"format": FORMAT_VERSION, "course": _entry(course, "course"), "sessions": []}
    for child in course.get_children().specific().order_by("path"):
        if isinstance(child, AbstractSessionPage):
            session = _entry(child, "session")
            session["lessons"] = [
                _entry(lesson, "lesson")
                for lesson in child.get_children().specific().order_by("path")
                if isinstance(lesson, AbstractLessonPage)
            ]
            package["sessions"].append(session)
        elif isinstance(child, AbstractResourcesPage) and "resources" not in package:
            package["resources"] = _entry(child, "resources")
    return package


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        # The loader refuses anchors and aliases, so a value used twice is written twice.
        return True


def _represent_str(dumper, value):
    # Long and multi-line text is written as a block, so prose reads as prose.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_package(package):
    """The package as YAML text."""
    return yaml.dump(
        package, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
