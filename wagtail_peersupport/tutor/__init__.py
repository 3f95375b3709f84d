"""Import a course from saved Tutor LMS pages into a course package.

``import_tutor_pages(paths)`` reads web pages saved from a WordPress site running
Tutor LMS (1.x or 2.x and later) and returns the course package data and a
report of what every block was made from and what was removed. See
docs/importing-from-tutor.md.
"""

from .importer import OUTPUT_FORMATS, TutorImport, import_tutor_pages, output_format, package_text
from .parse import parse_tutor_html, read_tutor_page
from .report import LessonReport, SessionReport, TutorImportReport
from .source import TutorImportError, read_html

__all__ = [
    "OUTPUT_FORMATS",
    "TutorImportReport",
    "LessonReport",
    "SessionReport",
    "TutorImport",
    "TutorImportError",
    "import_tutor_pages",
    "output_format",
    "package_text",
    "parse_tutor_html",
    "read_html",
    "read_tutor_page",
]
