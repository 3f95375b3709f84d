from django.core.management.base import BaseCommand, CommandError

from wagtail_peersupport.localize import CourseTranslationError, translate_course

from ._base import get_course


class Command(BaseCommand):
    help = (
        "Create or update the translation of a course and every page below it "
        "(wagtail-localize). Run it again after editing the source course."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_id", type=int, help="ID of the course page to translate")
        parser.add_argument(
            "--locale",
            action="append",
            required=True,
            help="Language code to translate into, e.g. 'cy' (repeat for several)",
        )

    def handle(self, *args, course_id, locale, **options):
        course = get_course(course_id)
        progress = self.stdout.write if options["verbosity"] > 0 else None
        for language_code in locale:
            try:
                report = translate_course(course, language_code, progress=progress)
            except CourseTranslationError as exc:
                raise CommandError(
                    f"Nothing was translated into {language_code!r}: {exc}."
                ) from exc
            self.stdout.write(self.style.SUCCESS(report.summary()))
