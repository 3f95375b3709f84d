"""Translating whole courses with wagtail-localize: in one step, or through one PO file."""

from .course import CourseTranslationError, course_pages, translate_course
from .po import export_course_po, import_course_po, read_po

__all__ = [
    "CourseTranslationError",
    "course_pages",
    "export_course_po",
    "import_course_po",
    "read_po",
    "translate_course",
]
