from django.core.management.base import BaseCommand, CommandError

from wagtail_peersupport.localize import (
    CourseTranslationError,
    machine_translate_course,
    machine_translator_for,
    translate_course,
)

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
        parser.add_argument(
            "--machine",
            action="store_true",
            help=(
                "Fill untranslated text with the machine translator configured in "
                "WAGTAILLOCALIZE_MACHINE_TRANSLATOR, keeping every existing translation; "
                "the pages are saved as drafts for review (implies --draft)"
            ),
        )

    def handle(self, *args, course_id, locale, draft=False, machine=False, **options):
        course = get_course(course_id)
        progress = self.stdout.write if options["verbosity"] > 0 else None
        if machine:
            # Every language is checked before any is translated.
            for language_code in locale:
                try:
                    machine_translator_for(course, language_code)
                except CourseTranslationError as exc:
                    raise CommandError(
                        f"Nothing was translated into {language_code!r}: {exc}."
                    ) from exc
        for language_code in locale:
            filled = None
            try:
                if machine:
                    report, filled = machine_translate_course(
                        course, language_code, progress=progress
                    )
                else:
                    report = translate_course(
                        course, language_code, publish=not draft, progress=progress
                    )
            except CourseTranslationError as exc:
                raise CommandError(
                    f"Nothing was translated into {language_code!r}: {exc}."
                ) from exc
            style = (
                self.style.WARNING
                if report.kept or report.refused_links or report.held
                else self.style.SUCCESS
            )
            self.stdout.write(style(report.summary()))
            if filled is not None:
                style = self.style.WARNING if filled.not_translated else self.style.SUCCESS
                self.stdout.write(style(filled.summary()))
