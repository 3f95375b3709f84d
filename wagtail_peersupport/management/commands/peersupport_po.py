from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail_peersupport.localize import (
    CourseTranslationError,
    export_course_po,
    exported_pages,
    import_course_po,
    read_po,
)
from wagtail_peersupport.localize.course import describe_pages, target_locale

from ._base import get_course


class Command(BaseCommand):
    help = "Export a whole course's strings to one PO file for a translator, or import it back."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Write a course's strings to a PO file")
        export.add_argument("course_id", type=int, help="ID of the course page")
        export.add_argument("--locale", required=True, help="Language to translate into, e.g. 'cy'")
        export.add_argument("-o", "--output", help="File to write (default: standard output)")
        imported = actions.add_parser("import", help="Read translations from a PO file")
        imported.add_argument("path", help="The PO file")
        imported.add_argument("--publish", action="store_true", help="Publish translated pages")
        imported.add_argument(
            "--course", type=int, help="Refuse the file unless it is for this course"
        )
        imported.add_argument("--locale", help="Refuse the file unless it is in this language")

    def handle(self, *args, action, **options):
        try:
            if action == "export":
                self.export(**options)
            else:
                self.import_(**options)
        except CourseTranslationError as exc:
            for rejected in getattr(exc, "rejected", []):
                self.stderr.write(_("rejected: %(string)s") % {"string": rejected})
            message = str(exc)
            ending = "" if message.endswith((".", "?", "!")) else "."
            raise CommandError(f"Nothing was {action}ed: {message}{ending}") from exc

    def export(self, course_id, locale, output=None, **options):
        course = get_course(course_id)
        po = export_course_po(course, locale)
        if not output:
            self.stdout.write(str(po), ending="")
            return
        Path(output).write_text(str(po), encoding="utf-8")
        fuzzy = sum(1 for e in po if "fuzzy" in e.flags)
        translated = sum(1 for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags)
        active = sum(1 for e in po if not e.obsolete)
        self.stdout.write(
            f"Wrote {active} strings of {course.title!r} to {output}: {translated} translated, "
            f"{fuzzy} fuzzy (source changed), {active - translated - fuzzy} to translate."
        )
        _pages, kept = exported_pages(course, target_locale(course, locale))
        if kept:
            self.stdout.write(
                _("Left out %(count)d pages edited by hand and not synced: %(pages)s.")
                % {"count": len(kept), "pages": describe_pages(kept)}
            )

    def import_(self, path, publish=False, course=None, locale=None, **options):
        po = read_po(path)
        progress = self.stdout.write if options["verbosity"] > 0 else None
        report = import_course_po(
            po,
            course=get_course(course) if course else None,
            language_code=locale,
            publish=publish,
            source=path,
            progress=progress,
        )
        for rejected in report.rejected:
            self.stderr.write(_("rejected: %(string)s") % {"string": rejected})
        style = self.style.WARNING if report.rejected or report.kept else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
