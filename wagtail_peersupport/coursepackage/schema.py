"""Check a course package, naming the place of every problem, and clean what it holds.

A package is read into plain data (``reader``), checked against the page fields the
loader knows, and every StreamField body is walked alongside its page's own
StreamBlock (``streams``): wrong kinds of value are refused, rich text goes through
the HTML gate and links are cleaned. Blocks then validate the cleaned values with
the messages editors see in the admin.
"""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.text import slugify
from wagtail import blocks

from ..page_types import page_model, resolve_page_type
from ..topics import TOPIC_KEYS
from .errors import CoursePackageError, describe, short
from .fields import (
    OUTCOMES,
    RICH_TEXT,
    STREAM,
    STRUCTURE_KEYS,
    TEXT,
    WARNINGS,
    package_fields,
)
from .reader import load_yaml, read_text
from .streams import clean_rich_text, clean_stream_data, expect_text

__all__ = [
    "FORMAT_VERSION",
    "CoursePackage",
    "CoursePackageError",
    "read_package",
    "check_package",
    "spec_model",
    "stream_block",
]

FORMAT_VERSION = 1

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


def _require_mapping(value, path, allowed):
    if not isinstance(value, dict):
        raise CoursePackageError(f"expected a mapping of fields, found {describe(value)}", path)
    for key in value:
        if key not in allowed:
            raise CoursePackageError(
                f"unknown field {short(key)} (expected one of: {', '.join(sorted(allowed))})",
                _join(path, str(key)[:60]),
            )


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
    _require_mapping(data, "", TOP_LEVEL)
    if data.get("format") != FORMAT_VERSION:
        raise CoursePackageError(
            f"this is not a course package of format {FORMAT_VERSION} "
            f"(found format: {short(data.get('format'))})",
            "format",
        )
    package = CoursePackage(data)
    removed = []

    _check_page(package.get("course"), "course", "course", removed)
    _fill_slugs([package["course"]], lambda i: "course")

    sessions = package["sessions"] = _require_list(package.get("sessions"), "sessions")
    for s, session in enumerate(sessions):
        where = f"sessions[{s}]"
        _check_page(session, "session", where, removed)
        lessons = session["lessons"] = _require_list(session.get("lessons"), f"{where}.lessons")
        for i, lesson in enumerate(lessons):
            _check_page(lesson, "lesson", f"{where}.lessons[{i}]", removed)
        _fill_slugs(lessons, lambda i, where=where: f"{where}.lessons[{i}]")
    _fill_slugs(sessions, lambda i: f"sessions[{i}]")

    if package.get("resources") is not None:
        _check_page(package["resources"], "resources", "resources", removed)
        _fill_slugs([package["resources"]], lambda i: "resources")
    package.removed = tuple(removed)
    return package


def spec_model(spec, kind):
    """The page type a (checked) package entry is made of: its ``page_type``, or the site's."""
    if "page_type" in spec:
        return resolve_page_type(kind, spec["page_type"])
    return page_model(kind)


def _check_page(spec, kind, path, removed):
    """Check and clean one page's entry, field by field, for the page type it is made of."""
    if not isinstance(spec, dict):
        raise CoursePackageError(f"expected a mapping of fields, found {describe(spec)}", path)
    try:
        model = spec_model(spec, kind)
    except ValueError as exc:
        raise CoursePackageError(str(exc), _join(path, "page_type")) from None
    except ImproperlyConfigured as exc:
        raise CoursePackageError(str(exc).rstrip(".")) from None
    fields = package_fields(model, kind)
    _require_mapping(spec, path, {field.name for field in fields} | STRUCTURE_KEYS[kind])
    expect_text(spec.get("slug"), _join(path, "slug"))
    for field in fields:
        where = _join(path, field.name)
        value = spec.get(field.name)
        if field.required and (value is None or isinstance(value, str) and not value.strip()):
            must = " and must be text" if field.how == TEXT else ""
            raise CoursePackageError(f"this field is required{must}", where)
        if field.name not in spec:
            continue
        if field.how == TEXT:
            expect_text(value, where)
            if field.own:
                _check_plain(field, value, where)
        elif field.how == RICH_TEXT:
            spec[field.name] = clean_rich_text(value, field.field.features, where, removed)
        elif field.how == STREAM:
            check_stream(model, field.name, spec, path, removed)
        elif field.how == OUTCOMES:
            for index, outcome in enumerate(_require_list(value, where)):
                if not isinstance(outcome, str):
                    raise CoursePackageError(
                        f"expected text, found {describe(outcome)}", f"{where}[{index}]"
                    )
        elif field.how == WARNINGS:
            _check_warnings(value, where)
        else:
            _check_plain(field, value, where)
    return model


def _check_plain(field, value, path):
    """Check a site's own plain field (a number, a date, a choice…) as the model would."""
    if isinstance(value, dict | list):
        raise CoursePackageError(f"expected a single value, found {describe(value)}", path)
    try:
        field.field.clean(value, None)
    except ValidationError as exc:
        raise CoursePackageError(" ".join(str(message) for message in exc.messages), path) from None
    except (TypeError, ValueError) as exc:
        raise CoursePackageError(f"not a valid value ({str(exc)[:120]})", path) from None


def stream_block(model, field_name):
    return model._meta.get_field(field_name).stream_block


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
