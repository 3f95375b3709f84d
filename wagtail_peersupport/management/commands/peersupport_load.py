from django.core.management.base import BaseCommand, CommandError

from wagtail_peersupport.coursepackage import (
    CoursePackageError,
    load_course,
    read_package,
    shipped_course_path,
)

from ._base import get_parent


class Command(BaseCommand):
    help = (
        "Load a course package (YAML or JSON) under a page. Without PATH, loads the "
        "Peer Support Training course that ships with wagtail-peersupport."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="Course package file (default: the shipped course)"
        )
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the page to load the course under (default: the default site's root page)",
        )
        parser.add_argument("--locale", help="Language code of the pages to create, e.g. 'en'")
        publishing = parser.add_mutually_exclusive_group()
        publishing.add_argument("--publish", action="store_true", help="Publish what is loaded")
        publishing.add_argument(
            "--draft", action="store_true", help="Save what is loaded as drafts (the default)"
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace pages that editors have changed since the last load",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Load nothing if any rich text holds markup that has to be removed",
        )

    def handle(self, *args, path=None, parent=None, locale=None, strict=False, **options):
        try:
            package = read_package(path or shipped_course_path())
            if strict:
                for line in package.removed:
                    self.stderr.write(self.style.ERROR(f"Not allowed: {line}"))
            report = load_course(
                package,
                get_parent(parent),
                locale=locale,
                publish=options["publish"],
                overwrite=options["overwrite"],
                strict=strict,
                progress=self.stdout.write if options["verbosity"] > 0 else None,
            )
        except CoursePackageError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        for line in report.removed:
            self.stderr.write(self.style.WARNING(f"Cleaned {line}"))
        for line in report.held_lines():
            self.stdout.write(self.style.WARNING(line))
        self.stdout.write(self.style.SUCCESS(report.summary()))
        publish = options["publish"]
        if not publish and (report.created or report.updated):
            self.stdout.write(
                "Saved as drafts: publish them in the admin, or run again with --publish."
            )
