"""Read a course package file, with bounds on what reading it may cost.

A package comes from outside the site, so reading it is bounded before anything
else happens: the file's size is checked before it is read (a setting, 10 MB by
default), and YAML anchors and aliases (``&name`` / ``*name``), which let a few
hundred bytes expand to gigabytes, are refused, as is nesting deeper than any
course needs. No course package needs either: an exported course has neither.
"""

from pathlib import Path

import yaml
from yaml.composer import ComposerError

from ..conf import get_setting
from .errors import CoursePackageError

__all__ = ["MAX_DEPTH", "max_package_bytes", "load_yaml", "read_text"]

# A lesson body block inside a list inside a struct inside a list is about 12 deep.
MAX_DEPTH = 64
SIZE_SETTING = "WAGTAIL_PEERSUPPORT_MAX_PACKAGE_SIZE"


def max_package_bytes():
    """The largest file a package or PO file may be, in bytes (default 10 MB)."""
    return int(get_setting("MAX_PACKAGE_SIZE", 10 * 1024 * 1024))


# libyaml's parser, when PyYAML has it, reads a multi-megabyte value in milliseconds
# where the pure-Python one takes tens of seconds; both build plain data only.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_events(events):
    """Refuse anchors, aliases and deep nesting as the parser meets them, before any
    data is built: an alias bomb is stopped at its first anchor."""
    depth = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ComposerError(
                None,
                None,
                "anchors and aliases (& and *) are not allowed in a course package; "
                "write the text out in full",
                event.start_mark,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    event.start_mark,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_text(path, *, what="course package"):
    """The text of the file at ``path``, checked for size and encoding first."""
    path = Path(path)
    if not path.is_file():
        raise CoursePackageError("no such file", source=path)
    limit = max_package_bytes()
    size = path.stat().st_size
    if size > limit:
        raise CoursePackageError(
            f"the file is {_megabytes(size)}, larger than the {_megabytes(limit)} a {what} "
            f"may be ({SIZE_SETTING})",
            source=path,
        )
    data = path.read_bytes()
    try:
        # utf-8-sig: editors on Windows start files with a byte-order mark.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CoursePackageError(
            f"the file is not UTF-8 text (line {line}, byte {exc.start} cannot be read); "
            "save it as UTF-8",
            source=path,
        ) from exc


def load_yaml(text, source=""):
    """Plain data (mappings, lists, text, numbers) from YAML or JSON text."""
    try:
        _check_events(yaml.parse(text, Loader=_SafeLoader))
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - PyYAML's safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = str(exc.problem or exc.context)[:200]
        if "nesting depth" in problem:  # libyaml's own limit, met before ours
            problem = f"the data is nested more than {MAX_DEPTH} levels deep"
        raise CoursePackageError(
            f"{where}the file is not valid YAML or JSON ({problem})", source=source
        ) from exc
    except yaml.YAMLError as exc:
        raise CoursePackageError(
            f"the file is not valid YAML or JSON ({str(exc)[:200]})", source=source
        ) from exc


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"
