from django.core.management.base import BaseCommand, CommandError

from wagtail_peersupport.localize import CourseTranslationError, translate_course

from ._base import get_course


class Command(BaseCommand):
    help = (
        "Create or update the translation of a course and every page below it "
        "(wagtail-localize). Run it again after editing the source course. Translated "
        "pages edited by hand and no longer synced are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_id", type=int, help="ID of the course page to translate")
        parser.add_argument(
            "--locale",
            action="append",
            required=True,
            help="Language code to translate into, e.g. 'cy' (repeat for several)",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Save the translated pages as drafts instead of publishing them",
        )

    def handle(self, *args, course_id, locale, draft=False, **options):
        course = get_course(course_id)
        progress = self.stdout.write if options["verbosity"] > 0 else None
        for language_code in locale:
            try:
                report = translate_course(
                    course, language_code, publish=not draft, progress=progress
                )
            except CourseTranslationError as exc:
                raise CommandError(
                    f"Nothing was translated into {language_code!r}: {exc}."
                ) from exc
            style = (
                self.style.WARNING if report.kept or report.refused_links else self.style.SUCCESS
            )
            self.stdout.write(style(report.summary()))
