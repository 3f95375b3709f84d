"""Course packages: a course as one human-editable YAML file, loaded into pages and back.

See docs/course-package.md for the format.
"""

from pathlib import Path

from .exporter import dump_package, export_course
from .loader import LoadReport, load_course
from .schema import CoursePackage, CoursePackageError, check_package, read_package

__all__ = [
    "CoursePackage",
    "CoursePackageError",
    "LoadReport",
    "check_package",
    "dump_package",
    "export_course",
    "load_course",
    "read_package",
    "shipped_course_path",
]


def shipped_course_path():
    """The Peer Support Training course that ships with the package."""
    return Path(__file__).resolve().parent.parent / "course" / "peer-support-training.yaml"
