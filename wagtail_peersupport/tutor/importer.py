"""Import saved Tutor LMS pages as a course package: read them all, then build and check it."""

import copy
import json
from dataclasses import dataclass
from pathlib import Path

from ..coursepackage import check_package, dump_package
from .course import build_package
from .parse import read_tutor_page
from .report import TutorImportReport
from .source import TutorImportError, expand_paths

__all__ = ["TutorImport", "import_tutor_pages", "package_text", "output_format", "OUTPUT_FORMATS"]

OUTPUT_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


@dataclass
class TutorImport:
    """A course package made from Tutor LMS pages, and the report on how it was made."""

    package: dict
    report: TutorImportReport


def import_tutor_pages(paths, title=None):
    """Read the saved pages (files, or folders of them) and make a checked course package.

    Every page is read before anything is built, and a ``TutorImportError`` lists
    every page that was refused, so nothing is made from a partial set of pages.
    """
    problems, pages = [], []
    try:
        files = expand_paths(paths)
    except TutorImportError as exc:
        problems.append(exc)
        files = []
    for path in files:
        try:
            pages.append(read_tutor_page(path))
        except TutorImportError as exc:
            problems.append(exc)
    if problems:
        if len(problems) == 1:
            raise problems[0]
        raise TutorImportError(
            f"{len(problems)} pages were refused:\n" + "\n".join(f"  {p}" for p in problems)
        )
    if not pages:
        raise TutorImportError("no pages to import")
    package, report = build_package(pages, title=title)
    # The importer should only ever make valid packages; checking here means a
    # mistake in it is caught before anything is written, with the place named.
    check_package(copy.deepcopy(package))
    return TutorImport(package=package, report=report)


def package_text(result, output_format="yaml"):
    """The package as YAML (with a comment for reviewers) or JSON text."""
    if output_format == "json":
        return json.dumps(result.package, ensure_ascii=False, indent=2) + "\n"
    pages = ", ".join(name for name, _layout, _held in result.report.pages)
    placeholders = len(result.report.placeholder_lessons)
    header = (
        "# A course package imported from saved Tutor LMS pages by peersupport_import_tutor.\n"
        f"# Pages: {pages}\n"
        f"# Review it before loading: {placeholders} placeholder lesson(s); the import report\n"
        "# lists every block, what it was made from, and everything removed.\n\n"
    )
    return header + dump_package(result.package)


def output_format(path):
    """``"yaml"`` or ``"json"`` from an output file's name."""
    found = OUTPUT_FORMATS.get(Path(path).suffix.lower())
    if found is None:
        raise TutorImportError(
            "the output file must end in .yaml, .yml or .json", source=Path(path)
        )
    return found
