"""Check a course package, naming the place of every problem, and clean what it holds.

A package is read into plain data (``reader``), checked against the page fields the
loader knows, and every StreamField body is walked alongside its page's own
StreamBlock (``streams``): wrong kinds of value are refused, rich text goes through
the HTML gate and links are cleaned. Blocks then validate the cleaned values with
the messages editors see in the admin.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks

from ..topics import TOPIC_KEYS
from .errors import CoursePackageError, describe, short
from .reader import load_yaml, read_text
from .streams import clean_rich_text, clean_stream_data, expect_text

__all__ = [
    "FORMAT_VERSION",
    "CoursePackage",
    "CoursePackageError",
    "read_package",
    "check_package",
    "stream_block",
]

FORMAT_VERSION = 1

PAGE_FIELDS = {"title", "slug", "seo_title", "search_description"}
COURSE_FIELDS = PAGE_FIELDS | {"introduction", "audience", "learning_outcomes", "duration"}
SESSION_FIELDS = PAGE_FIELDS | {"aim", "content_warnings", "body", "lessons"}
LESSON_FIELDS = PAGE_FIELDS | {"content_warnings", "body", "exercise_files"}
RESOURCES_FIELDS = PAGE_FIELDS | {"introduction", "body"}
TEXT_FIELDS = PAGE_FIELDS | {"aim", "duration"}
RICH_TEXT_FIELDS = {"introduction", "audience"}
TOP_LEVEL = {"format", "course", "sessions", "resources"}


class CoursePackage(dict):
    """Checked package data, and what the HTML gate removed from it, place by place.

    It is the package's data as a mapping; ``removed`` lists lines such as
    ``sessions[2].lessons[0].body[3].story: removed <script>, onerror``.
    """

    removed = ()


def read_package(path):
    """Read, check and clean the package at ``path``; return a ``CoursePackage``."""
    text = read_text(path)
    data = load_yaml(text, source=path)
    try:
        return check_package(data)
    except CoursePackageError as exc:
        exc.source = path
        raise


def _require_mapping(value, path, allowed, required=()):
    if not isinstance(value, dict):
        raise CoursePackageError(f"expected a mapping of fields, found {describe(value)}", path)
    for key in value:
        if key not in allowed:
            raise CoursePackageError(
                f"unknown field {short(key)} (expected one of: {', '.join(sorted(allowed))})",
                _join(path, str(key)[:60]),
            )
    for key in value.keys() & (TEXT_FIELDS | RICH_TEXT_FIELDS):
        expect_text(value[key], _join(path, key))
    for key in required:
        if not isinstance(value.get(key), str) or not value[key].strip():
            raise CoursePackageError("this field is required and must be text", _join(path, key))


def _require_list(value, path):
    if value is None:
        return []
    if not isinstance(value, list):
        raise CoursePackageError(f"expected a list, found {describe(value)}", path)
    return value


def _check_warnings(value, path):
    for index, topic in enumerate(_require_list(value, path)):
        if not isinstance(topic, str) or topic not in TOPIC_KEYS:
            raise CoursePackageError(
                f"unknown content warning {short(topic)} "
                f"(expected some of: {', '.join(TOPIC_KEYS)})",
                f"{path}[{index}]",
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
                f"{short(slug)} is not a valid slug (use lowercase letters, numbers and hyphens)",
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
    """Check and clean package data; return a ``CoursePackage`` with every slug filled in.

    Rich text is put through the HTML gate and links are cleaned: the data returned
    holds the cleaned values, and its ``removed`` says what the gate took out, where.
    """
    from ..models import CoursePage, LessonPage, ResourcesPage, SessionPage

    _require_mapping(data, "", TOP_LEVEL)
    if data.get("format") != FORMAT_VERSION:
        raise CoursePackageError(
            f"this is not a course package of format {FORMAT_VERSION} "
            f"(found format: {short(data.get('format'))})",
            "format",
        )
    package = CoursePackage(data)
    removed = []

    course = package.get("course")
    _require_mapping(course, "course", COURSE_FIELDS, required=["title"])
    _clean_rich_fields(CoursePage, course, "course", removed)
    outcomes = _require_list(course.get("learning_outcomes"), "course.learning_outcomes")
    for index, outcome in enumerate(outcomes):
        if not isinstance(outcome, str):
            raise CoursePackageError(
                f"expected text, found {describe(outcome)}", f"course.learning_outcomes[{index}]"
            )
    _fill_slugs([course], lambda i: "course")

    sessions = package["sessions"] = _require_list(package.get("sessions"), "sessions")
    for s, session in enumerate(sessions):
        where = f"sessions[{s}]"
        _require_mapping(session, where, SESSION_FIELDS, required=["title", "aim"])
        _check_warnings(session.get("content_warnings"), f"{where}.content_warnings")
        check_stream(SessionPage, "body", session, where, removed)
        lessons = session["lessons"] = _require_list(session.get("lessons"), f"{where}.lessons")
        for i, lesson in enumerate(lessons):
            lesson_where = f"{where}.lessons[{i}]"
            _require_mapping(lesson, lesson_where, LESSON_FIELDS, required=["title"])
            _check_warnings(lesson.get("content_warnings"), f"{lesson_where}.content_warnings")
            check_stream(LessonPage, "body", lesson, lesson_where, removed)
            check_stream(LessonPage, "exercise_files", lesson, lesson_where, removed)
        _fill_slugs(lessons, lambda i, where=where: f"{where}.lessons[{i}]")
    _fill_slugs(sessions, lambda i: f"sessions[{i}]")

    resources = package.get("resources")
    if resources is not None:
        _require_mapping(resources, "resources", RESOURCES_FIELDS, required=["title"])
        _clean_rich_fields(ResourcesPage, resources, "resources", removed)
        check_stream(ResourcesPage, "body", resources, "resources", removed)
        _fill_slugs([resources], lambda i: "resources")
    package.removed = tuple(removed)
    return package


def stream_block(model, field_name):
    return model._meta.get_field(field_name).stream_block


def _clean_rich_fields(model, spec, path, removed):
    """Put a page's rich text fields through the HTML gate, with each field's features."""
    for name in RICH_TEXT_FIELDS & spec.keys():
        features = model._meta.get_field(name).features
        spec[name] = clean_rich_text(spec[name], features, _join(path, name), removed)


def check_stream(model, field_name, spec, path, removed):
    """Check and clean ``spec[field_name]``, StreamField data for the page's StreamBlock.

    The cleaned data replaces what the file said; the checked value is returned.
    """
    where = _join(path, field_name)
    block = stream_block(model, field_name)
    raw = spec[field_name] = clean_stream_data(block, spec.get(field_name), where, removed)
    try:
        value = block.to_python(raw)
        block.clean(value)
    except ValidationError as exc:
        path_in, message = _first_error(exc)
        raise CoursePackageError(message, where + path_in) from exc
    except (TypeError, ValueError, AttributeError, KeyError, LookupError) as exc:
        raise CoursePackageError(
            f"a block value has the wrong shape ({str(exc)[:120]})", where
        ) from exc
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
