"""Translating whole courses with wagtail-localize: in one step, or through one PO file."""

from .course import CourseTranslationError, TranslateReport, course_pages, translate_course
from .kept import kept_translation
from .permissions import can_publish_translation, can_translate_course
from .po import export_course_po, exported_pages
from .po_import import import_course_po
from .po_report import POImportReport
from .pofile import parse_po, read_po

__all__ = [
    "CourseTranslationError",
    "POImportReport",
    "TranslateReport",
    "can_publish_translation",
    "can_translate_course",
    "course_pages",
    "export_course_po",
    "exported_pages",
    "import_course_po",
    "kept_translation",
    "parse_po",
    "read_po",
    "translate_course",
]
