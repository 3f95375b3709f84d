"""Translating whole courses with wagtail-localize: in one step, or through one PO file."""

from .course import CourseTranslationError, TranslateReport, course_pages, translate_course
from .kept import kept_translation
from .machine import (
    MachineReport,
    has_machine_translator,
    machine_translate_course,
    machine_translator_for,
)
from .permissions import can_publish_translation, can_translate_course
from .po import export_course_po, exported_pages
from .po_import import import_course_po
from .po_report import POImportReport
from .pofile import parse_po, read_po
from .status import STATUSES, CourseStatus, course_status

__all__ = [
    "CourseStatus",
    "CourseTranslationError",
    "MachineReport",
    "POImportReport",
    "STATUSES",
    "TranslateReport",
    "can_publish_translation",
    "can_translate_course",
    "course_pages",
    "course_status",
    "export_course_po",
    "exported_pages",
    "has_machine_translator",
    "import_course_po",
    "kept_translation",
    "machine_translate_course",
    "machine_translator_for",
    "parse_po",
    "read_po",
    "translate_course",
]
