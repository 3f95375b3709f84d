from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from wagtail_peersupport.coursepackage import dump_package, export_course
from wagtail_peersupport.models import AbstractCoursePage


class Command(BaseCommand):
    help = "Write a course and every page below it as a course package (YAML)."

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="ID of the course page")
        parser.add_argument("-o", "--output", help="File to write (default: standard output)")

    def handle(self, *args, page_id, output=None, **options):
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"There is no page with id {page_id}.")
        page = page.specific
        if not isinstance(page, AbstractCoursePage):
            raise CommandError(
                f"Page {page_id} ({page.title!r}) is a {page._meta.verbose_name}, not a course."
            )
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
