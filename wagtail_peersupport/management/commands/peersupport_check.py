from django.core.management.base import BaseCommand, CommandError

from wagtail_peersupport.safemessaging import check_course

from ._base import get_course


class Command(BaseCommand):
    help = (
        "Check a course, in every language, against safe-messaging guidance: phrases to "
        "avoid, suicide or self-harm without a content warning, and recovery stories on "
        "pages with no way to reach support. Exits with an error when there is a finding."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_id", type=int, help="ID of the course page to check")

    def handle(self, *args, course_id, **options):
        course = get_course(course_id)
        progress = self.stdout.write if options["verbosity"] > 0 else None
        report = check_course(course, progress=progress)
        for line in report.lines():
            self.stdout.write(line)
        if report.findings:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
