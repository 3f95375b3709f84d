"""Translating a whole course: every text a visitor reads, in every page and block."""

import re

import pytest
from bs4 import BeautifulSoup, NavigableString
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    TranslationSource,
)

from wagtail_peersupport.localize import course_pages, translate_course
from wagtail_peersupport.models import SessionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run code as if its transaction committed: wagtail-localize publishes translations then."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


MARK = "⟪cy⟫"


def mark(data):
    """A 'translation' that changes every word: text upper-cased and marked, tags kept."""
    soup = BeautifulSoup(data, "html.parser")
    for node in list(soup.find_all(string=True)):
        if node.strip():
            node.replace_with(NavigableString(f"{MARK}{node.upper()}"))
    return str(soup)


def sentences(data):
    """The source-language sentences in a segment worth looking for: three words or more."""
    text = " ".join(strip_tags(data).split())
    return [s for s in re.split(r"(?<=[.?!:])\s+", text) if len(s.split()) >= 3]


def body_text(soup):
    """What the course shows a visitor: the page and its outline, not the host's frame, the
    language names or the support contacts (which each language keeps for itself)."""
    layout = soup.find("div", class_="ps-course-layout")
    for part in layout.select(".ps-languages, #ps-support"):
        part.decompose()
    return " ".join(layout.get_text(" ").split())


def test_every_text_of_the_course_is_a_segment(shipped_course, locales, client, committed):
    with committed():
        translate_course(shipped_course, "cy")
    source_sentences = []
    for page in course_pages(shipped_course):
        source = TranslationSource.objects.get_for_instance(page)
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        ):
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locales["cy"],
                context=segment.context,
                data=mark(segment.string.data),
            )
            source_sentences += sentences(segment.string.data)
        with committed():
            source.translations.get(target_locale=locales["cy"]).save_target(publish=True)
    assert len(source_sentences) > 100

    pages_checked = 0
    for page in course_pages(shipped_course):
        english = body_text(BeautifulSoup(client.get(page.url).content, "html.parser"))
        welsh = page.get_translation(locales["cy"])
        assert welsh.live
        response = client.get(welsh.url)
        assert response.status_code == 200, welsh.url
        text = body_text(BeautifulSoup(response.content, "html.parser"))
        assert MARK in text
        # Every sentence the English page shows, content and interface alike, is gone.
        left = [s for s in source_sentences + sentences(english) if s in text]
        assert left == [], f"{welsh.url} still shows source text: {left[:3]}"
        pages_checked += 1
    assert pages_checked == 15


def test_urls_can_be_overridden_per_locale(shipped_course, locales, get_soup, committed):
    with committed():
        translate_course(shipped_course, "cy")
    session = SessionPage.objects.get(slug="personal-recovery", locale__language_code="en")
    lesson = session.get_children().get().specific
    source = TranslationSource.objects.get_for_instance(lesson)
    url_segment = OverridableSegment.objects.get(
        source=source, context__path__endswith=".source_url"
    )
    assert url_segment.data_json == '"https://www.nami.org/"'
    SegmentOverride.objects.create(
        locale=locales["cy"], context=url_segment.context, data_json='"https://www.nami.org/cy/"'
    )
    with committed():
        source.translations.get(target_locale=locales["cy"]).save_target(publish=True)
    soup = get_soup(lesson.get_translation(locales["cy"]))
    assert soup.find("blockquote")["cite"] == "https://www.nami.org/cy/"


def test_translate_command_creates_then_updates_the_whole_course(
    shipped_course, locales, capsys, committed
):
    with committed():
        call_command("peersupport_translate", shipped_course.pk, locale=["cy"])
    out = capsys.readouterr().out
    assert "[15/15]" in out
    assert "15 pages created, 0 updated" in out
    welsh_course = shipped_course.get_translation(locales["cy"])
    assert Page.objects.descendant_of(welsh_course, inclusive=True).live().count() == 15

    session = SessionPage.objects.get(slug="what-is-recovery", locale__language_code="en")
    session.aim = "A new aim for the English course."
    session.save_revision().publish()
    with committed():
        call_command("peersupport_translate", shipped_course.pk, locale=["cy"])
    assert "0 pages created, 15 updated" in capsys.readouterr().out
    # Not yet translated: the new aim shows in English until a translator gets to it.
    assert session.get_translation(locales["cy"]).aim == "A new aim for the English course."


@pytest.mark.parametrize(
    ("locale", "message"),
    [("xx", "unknown locale 'xx'"), ("en", "is already in English")],
)
def test_translate_command_refuses_bad_locales(shipped_course, locales, locale, message, committed):
    pages = Page.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("peersupport_translate", shipped_course.pk, locale=[locale], verbosity=0)
    assert Page.objects.count() == pages


def test_arabic_pages_are_right_to_left(shipped_course, locales, get_soup, committed):
    with committed():
        translate_course(shipped_course, "ar")
    soup = get_soup(shipped_course.get_translation(locales["ar"]))
    assert soup.find("html")["lang"] == "ar"
    assert soup.find("html")["dir"] == "rtl"
    english = get_soup(shipped_course)
    assert (english.find("html")["lang"], english.find("html")["dir"]) == ("en", "ltr")


def test_language_switcher_lists_translations_in_their_own_language(
    shipped_course, locales, get_soup, committed
):
    with committed():
        translate_course(shipped_course, "cy")
    with committed():
        translate_course(shipped_course, "ar")
    soup = get_soup(shipped_course)
    switcher = soup.find(class_="ps-languages")
    links = switcher.find_all("a")
    assert [(a.get_text(), a["hreflang"], a["lang"]) for a in links] == [
        ("English", "en", "en"),
        ("Cymraeg", "cy", "cy"),
        ("العربيّة", "ar", "ar"),
    ]
    assert links[0]["aria-current"] == "page"
    assert links[1]["href"] == "/cy/peer-support-training/"
    assert links[2]["dir"] == "rtl"
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates == {
        "en": "http://localhost/en/peer-support-training/",
        "cy": "http://localhost/cy/peer-support-training/",
        "ar": "http://localhost/ar/peer-support-training/",
    }


def test_no_switcher_for_a_page_in_one_language(shipped_course, get_soup, committed):
    soup = get_soup(shipped_course)
    assert soup.find(class_="ps-languages") is None
    assert soup.find("link", rel="alternate") is None
