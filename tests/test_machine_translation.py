"""Machine-translated drafts of a whole course, with wagtail-localize's machine translator."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.machine_translators.dummy import DummyTranslator, translate_html
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.strings import StringValue

from tests import translating
from tests.safety import database_dump
from wagtail_peersupport.localize import (
    CourseTranslationError,
    course_pages,
    machine_translate_course,
    translate_course,
)

pytestmark = pytest.mark.django_db
admin_client = translating.admin_client
linked_course = translating.linked_course

DUMMY = "wagtail_localize.machine_translators.dummy.DummyTranslator"
HOSTILE_MARKUP = "<!-- --!><img src=x onerror=alert(1)> -->"


class HostileTranslator(DummyTranslator):
    """A translation service that slips markup into everything it returns."""

    display_name = "Hostile translator"

    def translate(self, source_locale, target_locale, strings):
        return {string: StringValue(string.data + HOSTILE_MARKUP) for string in strings}


class NoArabicTranslator(DummyTranslator):
    display_name = "No-Arabic translator"

    def can_translate(self, source_locale, target_locale):
        return target_locale.language_code != "ar"


class UnavailableTranslator(DummyTranslator):
    def translate(self, source_locale, target_locale, strings):
        raise ConnectionError("service unavailable")


@pytest.fixture
def translator(settings):
    """Use the translator class named ``path`` as wagtail-localize's machine translator."""

    def use(path=DUMMY):
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": path}

    return use


@pytest.fixture
def dummy(translator):
    translator()


def segments_of(page):
    source = TranslationSource.objects.get_for_instance(page)
    return list(StringSegment.objects.filter(source=source).select_related("string", "context"))


def translation_of(segment, locale):
    return StringTranslation.objects.get(
        translation_of=segment.string, locale=locale, context=segment.context
    )


def draft(page):
    """The latest revision of ``page``, as the page it would publish."""
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def test_every_untranslated_string_is_filled_and_marked_machine(course, locales, dummy):
    _report, filled = machine_translate_course(course, "cy")
    pages = course_pages(course)
    strings = 0
    for page in pages:
        for segment in segments_of(page):
            translated = translation_of(segment, locales["cy"])
            assert translated.data == translate_html(segment.string.data)
            assert translated.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
            assert translated.tool_name == "Dummy translator"
            assert not translated.has_error
            strings += 1
    assert filled.strings == strings > 100
    assert filled.pages == pages
    assert filled.summary() == (
        f"Machine-translated {strings} strings on {len(pages)} pages into Welsh; "
        "0 translated by people kept."
    )


def test_new_pages_are_drafts_holding_the_machine_text(course, locales, dummy):
    machine_translate_course(course, "cy")
    for page in course_pages(course):
        welsh = page.get_translation(locales["cy"])
        assert not welsh.live
        assert welsh.live_revision_id is None
    welsh_course = course.get_translation(locales["cy"])
    assert draft(welsh_course).title == translate_html(course.title)


def test_live_translations_stay_as_published(course, locales, dummy, get_soup):
    translate_course(course, "cy", publish=True)
    lesson = course_pages(course)[2]
    before = get_soup(lesson.get_translation(locales["cy"]).url).get_text(" ")
    machine_translate_course(course, "cy")
    welsh = lesson.get_translation(locales["cy"])
    assert welsh.live and welsh.has_unpublished_changes
    assert welsh.title == lesson.title  # the published title, untranslated
    assert draft(welsh).title == translate_html(lesson.title)
    assert get_soup(welsh.url).get_text(" ") == before


def test_a_persons_translation_is_never_replaced(course, locales, dummy):
    translate_course(course, "cy")
    title = next(s for s in segments_of(course) if s.context.path == "title")
    StringTranslation.objects.create(
        translation_of=title.string,
        locale=locales["cy"],
        context=title.context,
        data="Hyfforddiant Cymorth gan Gymheiriaid",
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
    )
    _report, filled = machine_translate_course(course, "cy")
    kept = translation_of(title, locales["cy"])
    assert kept.data == "Hyfforddiant Cymorth gan Gymheiriaid"
    assert kept.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL
    assert draft(course.get_translation(locales["cy"])).title == kept.data
    assert filled.summary().endswith("; 1 translated by people kept.")

    # Run again, nothing is left to fill and every translation stays as it was.
    machine = StringTranslation.objects.filter(translation_type="machine")
    before = sorted(machine.values_list("pk", "data"))
    _report, again = machine_translate_course(course, "cy")
    assert again.strings == 0
    assert sorted(machine.values_list("pk", "data")) == before
    assert again.summary() == (
        "Machine-translated 0 strings on 0 pages into Welsh; 1 translated by people kept; "
        f"{len(before)} machine-translated before kept."
    )


def test_rich_text_keeps_its_links(linked_course, locales, dummy):
    machine_translate_course(linked_course, "cy")
    introduction = BeautifulSoup(
        str(draft(linked_course.get_translation(locales["cy"])).introduction), "html.parser"
    )
    links = {a.get_text(): a.get("href") or a.get("linktype") for a in introduction.find_all("a")}
    assert links == {"guide Mind the": "https://www.mind.org.uk/", "session first the": "page"}


def test_markup_from_the_translator_is_not_stored(course, locales, translator):
    translator("tests.test_machine_translation.HostileTranslator")
    _report, filled = machine_translate_course(course, "cy")
    assert filled.strings == 0
    assert not StringTranslation.objects.filter(locale=locales["cy"]).exists()
    assert len(filled.not_translated) == sum(len(segments_of(p)) for p in course_pages(course))
    assert "left untranslated" in filled.summary()
    assert "markup that is not allowed" in filled.summary()
    for page in course_pages(course):
        assert "onerror" not in json.dumps(draft(page.get_translation(locales["cy"])).to_json())


def test_wagtail_localize_editor_shows_them_as_machine_translations(
    course, locales, dummy, admin_client
):
    machine_translate_course(course, "cy")
    welsh = course_pages(course)[2].get_translation(locales["cy"])
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[welsh.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    props = json.loads(soup.find(class_="js-translation-editor")["data-props"])
    comments = [item["comment"] for item in props["initialStringTranslations"]]
    assert comments and all(c.startswith("Translated with Dummy translator") for c in comments)


# The "Translate whole course" screen


def translate_url(course):
    return reverse("wagtail_peersupport_translate_course", args=[course.pk])


def machine_checkbox(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find("input", attrs={"name": "machine", "type": "checkbox"}), soup


def test_checkbox_is_shown_only_when_a_translator_is_configured(
    course, locales, admin_client, translator
):
    checkbox, _soup = machine_checkbox(admin_client.get(translate_url(course)))
    assert checkbox is None
    translator()
    checkbox, soup = machine_checkbox(admin_client.get(translate_url(course)))
    label = soup.find("label", attrs={"for": checkbox["id"]})
    assert label.get_text(strip=True) == (
        "Fill untranslated text with machine translation, as drafts for review"
    )


def test_checkbox_fills_the_course_as_drafts(course, locales, admin_client, dummy):
    response = admin_client.post(
        translate_url(course), {"locales": [locales["cy"].pk], "machine": "on"}, follow=True
    )
    messages = [" ".join(li.get_text(" ").split()) for li in BeautifulSoup(
        response.content, "html.parser").select(".messages li")]  # fmt: skip
    strings = sum(len(segments_of(page)) for page in course_pages(course))
    pages = len(course_pages(course))
    assert messages[-1] == (
        f"Machine-translated {strings} strings on {pages} pages into Welsh; "
        "0 translated by people kept."
    )
    assert StringTranslation.objects.filter(translation_type="machine").count() == strings
    assert not any(page.get_translation(locales["cy"]).live for page in course_pages(course))


def test_checkbox_with_publish_or_an_impossible_language_writes_nothing(
    course, locales, admin_client, translator
):
    translator("tests.test_machine_translation.NoArabicTranslator")
    before = database_dump()
    for data, error in (
        ({"locales": [locales["cy"].pk], "machine": "on", "publish": "on"}, "untick"),
        (
            {"locales": [locales["cy"].pk, locales["ar"].pk], "machine": "on"},
            "No-Arabic translator cannot translate from English (en) into Arabic (ar)",
        ),
    ):
        response = admin_client.post(translate_url(course), data)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        errors = " ".join(e.get_text(" ") for e in soup.select(".error-message"))
        assert error in errors
        assert database_dump() == before


# The command


def run(course, *codes, **options):
    out = StringIO()
    languages = [argument for code in codes for argument in ("--locale", code)]
    call_command("peersupport_translate", course.pk, *languages, "--machine", stdout=out, **options)
    return out.getvalue().strip().splitlines()


def test_command_shows_progress_and_a_summary(course, locales, dummy):
    lines = run(course, "cy")
    pages = course_pages(course)
    strings = [len(segments_of(page)) for page in pages]
    assert (
        lines[0]
        == f"[1/{len(pages)}] created {course.title}: {strings[0]} strings machine-translated"
    )
    assert len(lines) == len(pages) + 2
    assert lines[-1] == (
        f"Machine-translated {sum(strings)} strings on {len(pages)} pages into Welsh; "
        "0 translated by people kept."
    )
    assert "saved as drafts, nothing was published" in lines[-2]
    assert not course.get_translation(locales["cy"]).live


@pytest.mark.parametrize(
    ("path", "codes", "message"),
    [
        (
            None,
            ("cy",),
            "Nothing was translated into 'cy': no machine translator is configured; set "
            "WAGTAILLOCALIZE_MACHINE_TRANSLATOR in the site's settings, as wagtail-localize's "
            "documentation describes.",
        ),
        (
            "tests.test_machine_translation.NoArabicTranslator",
            ("cy", "ar"),
            "Nothing was translated into 'ar': No-Arabic translator cannot translate from "
            "English (en) into Arabic (ar).",
        ),
        (
            "tests.test_machine_translation.UnavailableTranslator",
            ("cy",),
            "Nothing was translated into 'cy': Dummy translator could not translate "
            "“Peer Support Training”: service unavailable.",
        ),
        (
            "tests.test_machine_translation.Missing",
            ("cy",),
            "Nothing was translated into 'cy': the machine translator named in "
            "WAGTAILLOCALIZE_MACHINE_TRANSLATOR cannot be loaded",
        ),
    ],
)
def test_command_refuses_with_one_clear_line_and_writes_nothing(
    course, locales, translator, path, codes, message
):
    if path:
        translator(path)
    before = database_dump()
    with pytest.raises(CommandError) as excinfo:
        run(course, *codes)
    assert str(excinfo.value).startswith(message)
    assert "\n" not in str(excinfo.value)
    assert database_dump() == before


def test_unknown_language_is_refused_before_the_translator_is_asked(course, locales, dummy):
    with pytest.raises(CourseTranslationError, match="unknown locale 'xx'"):
        machine_translate_course(course, "xx")
