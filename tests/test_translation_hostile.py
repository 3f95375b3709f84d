"""No translator can put code on a page: not by replacing a link, not through
wagtail-localize's own editor, and not with any payload of tests/hostile/xss.txt in a PO file."""

import json
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation

from tests import translating
from tests.safety import database_dump, payloads, problems, shipped_elements
from tests.translating import LINKED, entry, import_po, write_po
from wagtail_peersupport.localize import (
    CourseTranslationError,
    course_pages,
    export_course_po,
    import_course_po,
    translate_course,
)
from wagtail_peersupport.models import LessonPage, ResourcesPage

pytestmark = pytest.mark.django_db
admin_client = translating.admin_client
linked_course = translating.linked_course


# Links a translator replaced --------------------------------------------------------------


def override(page, locale, path_end, value):
    """Store a translator's replacement for a link on ``page``, as wagtail-localize's editor
    does."""
    segment = OverridableSegment.objects.get(
        source__object_id=page.translation_key, context__path__endswith=path_end
    )
    return SegmentOverride.objects.create(
        locale=locale, context=segment.context, data_json=json.dumps(value)
    )


@pytest.fixture
def replaced_links(linked_course, locales):
    """The Welsh course, its translator having replaced three links, two of them with code."""
    translate_course(linked_course, "cy")
    welsh = locales["cy"]
    lesson = LessonPage.objects.get(slug="lesson-1-1", locale=linked_course.locale)
    resources = ResourcesPage.objects.get(locale=linked_course.locale)
    return [
        override(linked_course, welsh, "'https://www.mind.org.uk/'", "javascript:alert(1)"),
        override(lesson, welsh, "source_url", " java\tscript:alert(1)"),
        override(resources, welsh, ".url", "https://www.scottishrecovery.net/cy/"),
    ]


def assert_unsafe_links_not_used(course, locales, get_soup, replaced_links):
    welsh = locales["cy"]
    soup = get_soup(course.get_translation(welsh))
    assert soup.find("a", string="the Mind guide")["href"] == "https://www.mind.org.uk/"
    lesson = LessonPage.objects.get(slug="lesson-1-1", locale=welsh)
    [story] = [block for block in lesson.body if block.block_type == "recovery_story"]
    assert story.value["source_url"] == "https://example.org/stories/sam"
    resources = ResourcesPage.objects.get(locale=welsh)
    assert get_soup(resources).find("a", string="Scottish Recovery Network")["href"] == (
        "https://www.scottishrecovery.net/cy/"
    )
    # The translator's values are still there, as they left them.
    for stored in replaced_links:
        assert SegmentOverride.objects.get(pk=stored.pk).data_json == stored.data_json
        assert not SegmentOverride.objects.get(pk=stored.pk).has_error


def test_translating_does_not_use_unsafe_replacement_links(
    linked_course, locales, get_soup, replaced_links
):
    report = translate_course(linked_course, "cy")
    assert sorted(link.value for _page, link in report.refused_links) == [
        " java\tscript:alert(1)",
        "javascript:alert(1)",
    ]
    assert "2 replacement links not used, because they are not web, email, phone or site" in (
        report.summary()
    )
    assert_unsafe_links_not_used(linked_course, locales, get_soup, replaced_links)


def test_po_import_does_not_use_unsafe_replacement_links(
    linked_course, locales, get_soup, replaced_links, tmp_path
):
    po = export_course_po(linked_course, "cy")
    entry(po, "Peer Support Training").msgstr = "Hyfforddiant Cymorth gan Gymheiriaid"
    entry(po, "Finding my feet").msgstr = "Dod o hyd i'm traed"
    entry(po, "Useful resources").msgstr = "Adnoddau defnyddiol"
    summary = import_po(write_po(po, tmp_path / "course-cy.po"), publish=True)
    assert "2 replacement links not used" in summary
    assert_unsafe_links_not_used(linked_course, locales, get_soup, replaced_links)


def publish_in_wagtail_localize(client, page):
    """Press "Publish" in wagtail-localize's editor of a translated page."""
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
    )
    assert response.status_code == 302


# wagtail-localize's own editor publishes what a translator stored without checking it; the
# package's page types put rich text through the HTML gate whenever a page is saved.


def test_wagtail_localize_editor_publishing_a_replaced_rich_text_link(
    linked_course, locales, admin_client, get_soup, django_capture_on_commit_callbacks
):
    translate_course(linked_course, "cy")
    welsh = linked_course.get_translation(locales["cy"])
    translation = Translation.objects.get(
        source__object_id=linked_course.translation_key, target_locale=locales["cy"]
    )
    segment = OverridableSegment.objects.get(
        source=translation.source, context__path__endswith="'https://www.mind.org.uk/'"
    )
    response = admin_client.put(
        reverse("wagtail_localize:edit_override", args=[translation.pk, segment.pk]),
        data=urlencode({"value": "javascript:alert(1)"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_wagtail_localize(admin_client, welsh)
    link = get_soup(welsh).find("a", string="the Mind guide")
    assert link is not None and "href" not in link.attrs
    assert "javascript:" not in str(Page.objects.get(pk=welsh.pk).specific.introduction)


def test_wagtail_localize_editor_publishing_a_comment_in_rich_text(
    linked_course, locales, admin_client, client, django_capture_on_commit_callbacks
):
    translate_course(linked_course, "cy")
    welsh = linked_course.get_translation(locales["cy"])
    translation = Translation.objects.get(
        source__object_id=linked_course.translation_key, target_locale=locales["cy"]
    )
    segment = translation.source.stringsegment_set.get(string__data=LINKED)
    response = admin_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        data=urlencode({"value": "<!-- --!><img src=x onerror=alert(1)> -->" + LINKED}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_wagtail_localize(admin_client, welsh)
    # A browser ends that comment at "--!>", and runs the image's onerror.
    assert "onerror" not in client.get(welsh.url).content.decode()


# Hostile translators ----------------------------------------------------------------------


@pytest.fixture
def hostile_course(home, locales):
    """A small course with every kind of block, and links in its rich text, in Welsh."""
    from wagtail_peersupport.coursepackage import check_package, load_course
    from wagtail_peersupport.sample import sample_package

    package = sample_package(title="Peer Support Training", sessions=1, lessons_per_session=1)
    package["course"]["introduction"] = (
        '<p>Read <a href="https://www.mind.org.uk/">the Mind guide</a> or '
        '<a href="mailto:info@example.org">write to us</a>.</p>'
    )
    course = load_course(check_package(package), home, publish=True).course
    translate_course(course, "cy")
    return course


def rendered(client, course, locale):
    """Every translated page of the course, and the workbooks, parsed, by URL."""
    caches_clear()
    pages = {}
    for page in course_pages(course.get_translation(locale)):
        urls = [page.url] + ([page.url + "workbook/"] if hasattr(page, "workbook") else [])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = BeautifulSoup(response.content, "html.parser")
    return pages


def caches_clear():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def test_hostile_translations_cannot_put_code_on_a_page(hostile_course, locales, client):
    welsh = locales["cy"]
    po = export_course_po(hostile_course, "cy")
    for item in po:
        item.msgstr = item.msgid + ("-cy" if item.msgctxt.endswith("|slug") else " (cy)")
    assert not import_course_po(po, publish=True).rejected
    # What each page shows of frames, forms, meta tags, comments… with harmless text: what
    # the package and the site write, which a translation may not add to.
    harmless = {}
    for number, soup in enumerate(rendered(client, hostile_course, welsh).values()):
        assert problems(soup, shipped_elements(soup)) == []
        harmless[number] = shipped_elements(soup)

    accepted, refused = 0, 0
    assert len(payloads()) > 50
    for payload in payloads():
        for item in po:
            item.msgstr = payload
        # The bad PO file tests compare whole dumps; here, the first refusal is enough.
        before = database_dump() if not refused else None
        try:
            report = import_course_po(po, publish=True)
        except CourseTranslationError:
            assert before is None or database_dump() == before, payload
            refused += 1
            continue  # nothing changed, so the pages are as they were last checked
        accepted += report.strings
        for number, (url, soup) in enumerate(rendered(client, hostile_course, welsh).items()):
            assert problems(soup, harmless[number]) == [], (payload, url)
    # Some payloads are plain text, which any string may hold, escaped when shown.
    assert accepted > 0 and refused > 0


def test_the_check_finds_code():
    harmless = '<p>Text</p><script src="/static/wagtail_peersupport/js/peersupport.js"></script>'
    hostile = harmless + (
        '<img src=x onerror=alert(1)><a href=" java\tscript:alert(1)">x</a>'
        '<form action="https://evil.example/"></form><meta http-equiv="refresh" content="0">'
        "<script>alert(1)</script><iframe src=/></iframe><!-- a comment -->"
    )
    found = problems(
        BeautifulSoup(hostile, "html.parser"),
        shipped_elements(BeautifulSoup(harmless, "html.parser")),
    )
    kinds = ("<img onerror>", "<a href=", "form ", "meta ", "script ", "iframe ", "comment ")
    assert len(found) == len(kinds), found
    for kind in kinds:
        assert [problem for problem in found if problem.startswith(kind)] != [], (kind, found)
    assert problems(BeautifulSoup(harmless, "html.parser")) == []
