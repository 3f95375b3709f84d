from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail_peersupport.coursepackage import CoursePackageError, load_course
from wagtail_peersupport.tutor import (
    import_tutor_pages,
    output_format,
    package_text,
)

from ._base import get_parent


class Command(BaseCommand):
    help = (
        "Make a course package from web pages saved from a Tutor LMS course (lesson pages or "
        "the course page), print a report of what each block was made from and what was "
        "removed, and optionally load it. See docs/importing-from-tutor.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="A saved page (.html), or a folder of them"
        )
        parser.add_argument(
            "-o", "--output", help="The package to write, .yaml or .json (default: YAML on stdout)"
        )
        parser.add_argument("--title", help="The course title, if the pages do not show it")
        parser.add_argument("--load", action="store_true", help="Load the course straight away")
        parser.add_argument(
            "--parent",
            type=int,
            help="With --load: ID of the page to load under (default: the default site's root)",
        )
        parser.add_argument("--publish", action="store_true", help="With --load: publish it")

    def handle(self, *args, paths, output=None, title=None, load=False, parent=None, **options):
        publish = options["publish"]
        if (parent is not None or publish) and not load:
            raise CommandError("Nothing was imported. --parent and --publish only go with --load.")
        try:
            kind = output_format(output) if output else "yaml"
            parent_page = get_parent(parent) if load else None
            result = import_tutor_pages(paths, title=title)
        except CoursePackageError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        text = package_text(result, kind)
        # The report goes to stderr when the package itself goes to stdout.
        out = self.stdout if (output or load) else self.stderr
        if options["verbosity"] > 0:
            out.write(result.report.render(), ending="")
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Nothing was written. {output}: {exc.strerror}") from exc
            out.write(self.style.SUCCESS(f"Wrote the course package to {output}."))
        elif not load:
            self.stdout.write(text, ending="")
        if load:
            try:
                report = load_course(result.package, parent_page, publish=publish)
            except CoursePackageError as exc:
                kept = f" The package was written to {output}." if output else ""
                raise CommandError(f"Nothing was loaded. {exc}{kept}") from exc
            for line in report.held_lines():
                out.write(self.style.WARNING(line))
            out.write(self.style.SUCCESS(report.summary()))
            if not publish:
                out.write("Saved as drafts: review them in the admin, then publish.")
