"""Read a course package file and check it, naming the place of every problem.

A package is read into plain data, checked against the page fields the loader
knows, and every StreamField body is handed to its page's own StreamBlock, so
blocks validate their values with the messages editors see in the admin.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks

__all__ = ["FORMAT_VERSION", "CoursePackageError", "read_package", "check_package", "stream_block"]

FORMAT_VERSION = 1

PAGE_FIELDS = {"title", "slug", "seo_title", "search_description"}
COURSE_FIELDS = PAGE_FIELDS | {"introduction", "audience", "learning_outcomes", "duration"}
SESSION_FIELDS = PAGE_FIELDS | {"aim", "content_warnings", "body", "lessons"}
LESSON_FIELDS = PAGE_FIELDS | {"content_warnings", "body", "exercise_files"}
RESOURCES_FIELDS = PAGE_FIELDS | {"introduction", "body"}
TOP_LEVEL = {"format", "course", "sessions", "resources"}


class CoursePackageError(Exception):
    """A problem with a course package, with where it is: file, path in the file, line."""

    def __init__(self, message, path="", source=""):
        self.message = message
        self.path = path
        self.source = source
        super().__init__(str(self))

    def __str__(self):
        where = ", ".join(part for part in (str(self.source), self.path) if part)
        return f"{where}: {self.message}" if where else self.message


def read_package(path):
    """Read and check the package at ``path``; return its data with slugs filled in."""
    path = Path(path)
    if not path.is_file():
        raise CoursePackageError("no such file", source=path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CoursePackageError(
            f"the file is not UTF-8 text (byte {exc.start} cannot be read)", source=path
        ) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise CoursePackageError(
            f"{where}the file is not valid YAML or JSON ({exc.problem or exc.context})",
            source=path,
        ) from exc
    except yaml.YAMLError as exc:
        raise CoursePackageError(
            f"the file is not valid YAML or JSON ({exc})", source=path
        ) from exc
    try:
        return check_package(data)
    except CoursePackageError as exc:
        exc.source = path
        raise


def _require_mapping(value, path, allowed, required=()):
    if not isinstance(value, dict):
        raise CoursePackageError(f"expected a mapping of fields, found {_kind(value)}", path)
    for key in value:
        if key not in allowed:
            raise CoursePackageError(
                f"unknown field {key!r} (expected one of: {', '.join(sorted(allowed))})",
                _join(path, str(key)),
            )
    for key in required:
        if not isinstance(value.get(key), str) or not value[key].strip():
            raise CoursePackageError("this field is required and must be text", _join(path, key))
    for key in value.keys() & {"title", "slug", "aim", "duration", "introduction", "audience"}:
        if value[key] is not None and not isinstance(value[key], str):
            raise CoursePackageError(f"expected text, found {_kind(value[key])}", _join(path, key))


def _require_list(value, path):
    if value is None:
        return []
    if not isinstance(value, list):
        raise CoursePackageError(f"expected a list, found {_kind(value)}", path)
    return value


def _check_warnings(value, path):
    from ..blocks.stories import CONTENT_WARNING_TOPICS

    topics = [key for key, _label in CONTENT_WARNING_TOPICS]
    for index, topic in enumerate(_require_list(value, path)):
        if topic not in topics:
            raise CoursePackageError(
                f"unknown content warning {topic!r} (expected some of: {', '.join(topics)})",
                f"{path}[{index}]",
            )


def _kind(value):
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


def _join(path, key):
    return f"{path}.{key}" if path else key


def _fill_slugs(pages, path):
    seen = {}
    for index, page in enumerate(pages):
        slug = page.get("slug") or slugify(page["title"])
        if not slug:
            raise CoursePackageError("cannot make a slug from this title; add a slug", path(index))
        if slug != slugify(slug):
            raise CoursePackageError(
                f"{slug!r} is not a valid slug (use lowercase letters, numbers and hyphens)",
                _join(path(index), "slug"),
            )
        if slug in seen:
            raise CoursePackageError(
                f"the slug {slug!r} is already used by {path(seen[slug])}; "
                "pages side by side need different slugs",
                _join(path(index), "slug"),
            )
        seen[slug] = index
        page["slug"] = slug


def check_package(data):
    """Check package data; return it with every slug filled in."""
    _require_mapping(data, "", TOP_LEVEL)
    if data.get("format") != FORMAT_VERSION:
        raise CoursePackageError(
            f"this is not a course package of format {FORMAT_VERSION} "
            f"(found format: {data.get('format')!r})",
            "format",
        )
    from ..models import LessonPage, ResourcesPage, SessionPage

    course = data.get("course")
    _require_mapping(course, "course", COURSE_FIELDS, required=["title"])
    outcomes = _require_list(course.get("learning_outcomes"), "course.learning_outcomes")
    for index, outcome in enumerate(outcomes):
        if not isinstance(outcome, str):
            raise CoursePackageError("expected text", f"course.learning_outcomes[{index}]")
    _fill_slugs([course], lambda i: "course")

    sessions = data["sessions"] = _require_list(data.get("sessions"), "sessions")
    for s, session in enumerate(sessions):
        where = f"sessions[{s}]"
        _require_mapping(session, where, SESSION_FIELDS, required=["title", "aim"])
        _check_warnings(session.get("content_warnings"), f"{where}.content_warnings")
        check_stream(SessionPage, "body", session.get("body"), f"{where}.body")
        lessons = session["lessons"] = _require_list(session.get("lessons"), f"{where}.lessons")
        for i, lesson in enumerate(lessons):
            lesson_where = f"{where}.lessons[{i}]"
            _require_mapping(lesson, lesson_where, LESSON_FIELDS, required=["title"])
            _check_warnings(lesson.get("content_warnings"), f"{lesson_where}.content_warnings")
            check_stream(LessonPage, "body", lesson.get("body"), f"{lesson_where}.body")
            check_stream(
                LessonPage,
                "exercise_files",
                lesson.get("exercise_files"),
                f"{lesson_where}.exercise_files",
            )
        _fill_slugs(lessons, lambda i, where=where: f"{where}.lessons[{i}]")
    _fill_slugs(sessions, lambda i: f"sessions[{i}]")

    resources = data.get("resources")
    if resources is not None:
        _require_mapping(resources, "resources", RESOURCES_FIELDS, required=["title"])
        check_stream(ResourcesPage, "body", resources.get("body"), "resources.body")
        _fill_slugs([resources], lambda i: "resources")
    return data


def stream_block(model, field_name):
    return model._meta.get_field(field_name).stream_block


def check_stream(model, field_name, raw, path):
    """Check StreamField data against the page's StreamBlock; return the checked value."""
    raw = _require_list(raw, path)
    block = stream_block(model, field_name)
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(item, dict) or "type" not in item:
            raise CoursePackageError('expected a block: {"type": …, "value": …}', where)
        if item["type"] not in block.child_blocks:
            raise CoursePackageError(
                f"unknown block type {item['type']!r} (this field accepts: "
                f"{', '.join(block.child_blocks)})",
                where,
            )
    try:
        value = block.to_python(raw)
        block.clean(value)
    except ValidationError as exc:
        path_in, message = _first_error(exc)
        raise CoursePackageError(message, path + path_in) from exc
    except (TypeError, ValueError, AttributeError, KeyError, LookupError) as exc:
        raise CoursePackageError(f"a block value has the wrong shape ({exc})", path) from exc
    return value


def _first_error(error, path=""):
    """The path and message of the first problem inside a (nested) block validation error."""
    if isinstance(error, blocks.StreamBlockValidationError | blocks.ListBlockValidationError):
        for index, child in sorted(error.block_errors.items()):
            return _first_error(child, f"{path}[{index}]")
    elif isinstance(error, blocks.StructBlockValidationError):
        for name, child in error.block_errors.items():
            return _first_error(child, f"{path}.{name}")
    non_block = getattr(error, "non_block_errors", None)
    if non_block:
        return path, " ".join(str(message) for message in non_block.as_data()[0].messages)
    return path, " ".join(str(message) for message in error.messages)
