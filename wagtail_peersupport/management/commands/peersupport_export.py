from pathlib import Path

from django.core.management.base import BaseCommand

from wagtail_peersupport.coursepackage import dump_package, export_course

from ._base import get_course


class Command(BaseCommand):
    help = "Write a course and every page below it as a course package (YAML)."

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="ID of the course page")
        parser.add_argument("-o", "--output", help="File to write (default: standard output)")

    def handle(self, *args, page_id, output=None, **options):
        page = get_course(page_id)
        package = export_course(page)
        text = dump_package(package)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            lessons = sum(len(s["lessons"]) for s in package["sessions"])
            self.stderr.write(
                f"Wrote {page.title!r} to {output}: {len(package['sessions'])} sessions, "
                f"{lessons} lessons."
            )
        else:
            self.stdout.write(text, ending="")
