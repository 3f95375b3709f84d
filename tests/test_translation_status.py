"""How far each page of a course is translated: on the whole-course screen and in a report."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.models import GroupPagePermission
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from wagtail_peersupport.localize import course_pages, course_status, translate_course
from wagtail_peersupport.localize.course import save_translation, synced_translation_for
from wagtail_peersupport.models import LessonPage
from wagtail_peersupport.sample import make_course

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/course-translations/"


def translate_url(course):
    return reverse("wagtail_peersupport_translate_course", args=[course.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def make_user(name, *pages, translate=True):
    """An admin user who may add, edit and publish below each of ``pages``."""
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if translate:
        user.user_permissions.add(Permission.objects.get(codename="submit_translation"))
    group = Group.objects.create(name=f"{name} group")
    for page in pages:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
    user.groups.add(group)
    return user


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return user


def translate_every_string(page, locale):
    """What a translator does in wagtail-localize's editor: every string, then publish."""
    translation = synced_translation_for(page, locale)
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"[{locale.language_code}] {segment.string.data}"},
        )
    save_translation(page, translation, publish=True)


def lesson(course, title):
    return LessonPage.objects.descendant_of(course).get(title=title)


def screen(client, course):
    response = client.get(translate_url(course))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def cell(soup, title, language_code):
    """``(status in words, link, details)`` of a page in one language, as the table shows it."""
    table = soup.find("table", class_="ps-translation-status")
    row = next(tr for tr in table.select("tbody tr") if tr.th.get_text(strip=True) == title)
    td = row.find("td", attrs={"data-language": language_code})
    link = td.find("a")
    words = (link.contents[0] if link else td.contents[0]).strip()
    details = td.find(class_="help")
    return words, link["href"] if link else None, details.get_text(strip=True) if details else ""


def summaries(soup):
    return [li.get_text(strip=True) for li in soup.select(".ps-translation-summary li")]


def test_a_page_with_every_string_translated_is_translated(superuser, client, course, locales):
    translate_course(course, "cy")
    first = lesson(course, "Lesson 1.1")
    translate_every_string(first, locales["cy"])
    soup = screen(client, course)
    welsh = first.get_translation(locales["cy"])
    assert cell(soup, "Lesson 1.1", "cy") == (
        "Translated",
        edit_url(welsh),
        "22 of 22 texts translated",
    )
    # The others wait for their strings, shown in English meanwhile.
    words, link, details = cell(soup, "Lesson 1.2", "cy")
    assert (words, details) == ("In progress", "0 of 22 texts translated")
    assert link == edit_url(lesson(course, "Lesson 1.2").get_translation(locales["cy"]))
    assert course_status(course).languages[1].pages[2].status == "translated"


def test_a_page_with_some_strings_translated_is_in_progress(superuser, client, course, locales):
    translate_course(course, "cy")
    page = lesson(course, "Lesson 2.1")
    translate_every_string(page, locales["cy"])
    StringTranslation.objects.filter(
        locale=locales["cy"], context__object_id=page.translation_key
    ).first().delete()
    assert cell(screen(client, course), "Lesson 2.1", "cy")[::2] == (
        "In progress",
        "21 of 22 texts translated",
    )


def test_publishing_a_change_to_the_original_makes_its_translation_out_of_date(
    superuser, client, course, locales
):
    translate_course(course, "cy")
    page = lesson(course, "Lesson 1.1")
    translate_every_string(page, locales["cy"])
    page.title = "Lesson 1.1: recovery"
    page.save_revision().publish()
    soup = screen(client, course)
    assert cell(soup, "Lesson 1.1: recovery", "cy")[:2] == (
        "Out of date",
        edit_url(page.get_translation(locales["cy"])),
    )
    # Translating the course again brings the change in: only the new title waits.
    translate_course(course, "cy")
    assert cell(screen(client, course), "Lesson 1.1: recovery", "cy")[::2] == (
        "In progress",
        "21 of 22 texts translated",
    )


def test_drafts_and_comments_on_the_original_leave_its_translation_translated(
    superuser, client, course, locales
):
    translate_course(course, "cy")
    page = lesson(course, "Lesson 1.1")
    translate_every_string(page, locales["cy"])
    page = LessonPage.objects.get(pk=page.pk)
    page.title = "A draft title nobody published"
    page.save_revision(user=superuser)
    assert cell(screen(client, course), "Lesson 1.1", "cy")[0] == "Translated"


def test_a_language_not_rebuilt_after_the_source_was_synced_for_another_is_out_of_date(
    superuser, client, course, locales
):
    translate_course(course, "cy")
    page = lesson(course, "Lesson 1.2")
    translate_every_string(page, locales["cy"])
    page.title = "Lesson 1.2: hope"
    page.save_revision().publish()
    # Translating into Spanish takes the change from the page; the Welsh page lags behind.
    translate_course(course, "es")
    soup = screen(client, course)
    assert cell(soup, "Lesson 1.2: hope", "cy")[0] == "Out of date"
    assert cell(soup, "Lesson 1.2: hope", "es")[0] == "In progress"


def test_pages_taken_out_of_sync_or_made_by_hand_are_no_longer_synced(
    superuser, client, course, locales
):
    translate_course(course, "cy")
    page = lesson(course, "Lesson 3.1")
    # Stop synced translation, in wagtail-localize's editor.
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locales["cy"]
    )
    response = client.post(
        reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    # A Spanish page made by Wagtail's own "copy for translation", not synced by anything.
    by_hand = page.copy_for_translation(locales["es"], copy_parents=True)
    soup = screen(client, course)
    assert cell(soup, "Lesson 3.1", "cy")[:2] == (
        "No longer synced",
        edit_url(page.get_translation(locales["cy"])),
    )
    assert cell(soup, "Lesson 3.1", "es")[:2] == ("No longer synced", edit_url(by_hand))


def test_missing_pages_and_aliases_link_to_the_whole_course_screen(
    superuser, client, course, locales
):
    alias = course.copy_for_translation(locales["es"], copy_parents=True, alias=True)
    assert alias.alias_of_id == course.pk
    soup = screen(client, course)
    assert cell(soup, "Lesson 1.1", "ar") == ("Missing", translate_url(course), "")
    assert cell(soup, course.title, "es") == (
        "Missing",
        translate_url(course),
        "a copy of the original, not translated yet",
    )
    cy = soup.find("table", class_="ps-translation-status").find(
        "td", attrs={"data-language": "cy"}
    )
    # The link says what it does and for which page, for a screen reader.
    assert cy.a.get_text(" ", strip=True) == (
        f"Missing : Translate whole course, {course.title}, Welsh"
    )


def test_one_line_per_language_counts_the_pages(superuser, client, course, locales):
    translate_course(course, "cy")
    translate_every_string(lesson(course, "Lesson 1.1"), locales["cy"])
    translate_every_string(lesson(course, "Lesson 1.2"), locales["cy"])
    stale = lesson(course, "Lesson 2.1")
    translate_every_string(stale, locales["cy"])
    stale.title = "Lesson 2.1: changed"
    stale.save_revision().publish()
    Translation.objects.filter(
        source__object_id=lesson(course, "Lesson 2.2").translation_key
    ).update(enabled=False)
    lesson(course, "Lesson 3.2").get_translation(locales["cy"]).delete()
    pages = len(course_pages(course))
    assert summaries(screen(client, course)) == [
        f"Arabic: 0 of {pages} pages translated, {pages} missing",
        f"Welsh: 2 of {pages} pages translated, {pages - 5} in progress, 1 out of date, "
        "1 missing, 1 no longer synced",
        f"Spanish: 0 of {pages} pages translated, {pages} missing",
    ]


def test_links_only_to_translated_pages_the_user_may_edit(client, course, locales):
    translate_course(course, "cy")
    client.force_login(make_user("lee", course))
    soup = screen(client, course)
    words, link, _details = cell(soup, "Lesson 1.1", "cy")
    assert (words, link) == ("In progress", None)
    assert cell(soup, "Lesson 1.1", "es")[:2] == ("Missing", translate_url(course))

    welsh_course = course.get_translation(locales["cy"])
    client.force_login(make_user("cerys", course, welsh_course))
    welsh = lesson(course, "Lesson 1.1").get_translation(locales["cy"])
    assert cell(screen(client, course), "Lesson 1.1", "cy")[1] == edit_url(welsh)


def test_status_reads_the_same_few_queries_however_big_the_course(home, locales, superuser):
    small = make_course(home, title="Small", sessions=1, lessons_per_session=1)
    large = make_course(home, title="Large", sessions=5, lessons_per_session=4)
    for course in (small, large):
        translate_course(course, "cy")
        translate_every_string(course_pages(course)[-1], locales["cy"])
        translate_course(course, "es")
    with CaptureQueriesContext(connection) as few:
        course_status(small, user=superuser)
    with CaptureQueriesContext(connection) as many:
        status = course_status(large, user=superuser)
    assert len(status.page_statuses()) == 3 * (2 + 5 + 5 * 4)
    assert len(many) == len(few) <= 20


def test_status_query_bound_for_a_limited_user(django_assert_max_num_queries, course, locales):
    translate_course(course, "cy")
    user = make_user("lee", course)
    with django_assert_max_num_queries(20):
        status = course_status(course, user=user)
    assert {page.status for page in status.page_statuses()} == {"missing", "in_progress"}


# The report


def report_rows(client, query=""):
    response = client.get(REPORT + query)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = []
    for tr in soup.select("table tbody tr"):
        rows.append([" ".join(td.get_text(" ").split()) for td in tr.find_all("td")])
    return rows


def report_links(client, query=""):
    soup = BeautifulSoup(client.get(REPORT + query).content, "html.parser")
    return [tr.td.a["href"] if tr.td.a else None for tr in soup.select("table tbody tr")]


@pytest.fixture
def two_courses(course, home, locales):
    other = make_course(home, title="Listening Well", sessions=1, lessons_per_session=1)
    translate_course(course, "cy")
    translate_every_string(lesson(course, "Lesson 1.1"), locales["cy"])
    return course, other


def test_report_lists_every_page_in_every_language_with_links(
    superuser, client, two_courses, locales
):
    course, other = two_courses
    rows = report_rows(client)
    pages = len(course_pages(course)) + len(course_pages(other))
    assert len(rows) == pages * 3
    welsh_lesson = lesson(course, "Lesson 1.1").get_translation(locales["cy"])
    assert [
        "Lesson 1.1",
        "Peer Support Training",
        "Welsh",
        "Translated",
        "22 of 22 texts translated",
    ] in rows
    assert edit_url(welsh_lesson) in report_links(client)


def test_report_filters_by_course_language_and_status(superuser, client, two_courses):
    course, other = two_courses
    listening = report_rows(client, f"?course={other.pk}")
    assert {row[1] for row in listening} == {"Listening Well"}
    assert len(listening) == 3 * len(course_pages(other))
    welsh = report_rows(client, "?locale=cy")
    assert {row[2] for row in welsh} == {"Welsh"}
    assert len(welsh) == len(course_pages(course)) + len(course_pages(other))
    translated = report_rows(client, "?status=translated")
    assert [row[:4] for row in translated] == [
        ["Lesson 1.1", "Peer Support Training", "Welsh", "Translated"]
    ]
    missing_welsh = report_rows(client, f"?course={course.pk}&locale=cy&status=missing")
    assert missing_welsh == []
    assert report_links(client, f"?course={other.pk}&locale=ar")[0] == translate_url(other)


def test_report_downloads_as_csv(superuser, client, two_courses, locales):
    course, _other = two_courses
    response = client.get(REPORT + "?status=translated&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    welsh = lesson(course, "Lesson 1.1").get_translation(locales["cy"])
    assert rows == [
        ["Page", "Course", "Language", "Status", "Details", "Link"],
        ["Lesson 1.1", course.title, "Welsh", "Translated", "22 of 22 texts translated",
         edit_url(welsh)],
    ]  # fmt: skip


def test_report_shows_only_courses_the_user_may_translate(client, two_courses):
    course, other = two_courses
    client.force_login(make_user("lee", other))
    rows = report_rows(client)
    assert {row[1] for row in rows} == {"Listening Well"}
    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    choices = [o.get_text(strip=True) for o in soup.select("select[name=course] option")]
    assert choices == ["All courses", "Listening Well"]
    # Another course's id is no valid choice: the report shows their own course, nothing else.
    assert {row[1] for row in report_rows(client, f"?course={course.pk}")} == {"Listening Well"}
    exported = b"".join(client.get(REPORT + "?export=csv").streaming_content).decode()
    assert course.title not in exported


def test_translations_of_a_course_are_not_listed_as_courses(superuser, client, two_courses):
    rows = report_rows(client)
    assert {row[1] for row in rows} == {"Peer Support Training", "Listening Well"}
    assert "Cwrs" not in " ".join(row[1] for row in rows)
    assert {row[2] for row in rows} == {"Welsh", "Spanish", "Arabic"}


def reports_menu_shows(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    items = [hook() for hook in hooks.get_hooks("register_reports_menu_item")]
    item = next(item for item in items if item.name == "peersupport-course-translations")
    return item.is_shown(request)


def test_report_and_menu_refused_to_users_who_may_not_translate_a_course(client, course):
    for user in (make_user("no-perm", course, translate=False), make_user("no-pages")):
        client.force_login(user)
        assert client.get(REPORT).status_code == 302
        assert client.get(REPORT + "?export=csv").status_code == 302
        assert not reports_menu_shows(user)
    translator = make_user("lee", course)
    client.force_login(translator)
    assert client.get(REPORT).status_code == 200
    assert reports_menu_shows(translator)


def test_whole_course_screen_links_to_the_report(superuser, client, course):
    soup = screen(client, course)
    links = [a["href"] for a in soup.select("#ps-translation-status ~ p a")]
    assert links == [REPORT]
    assert client.get(REPORT).status_code == 200
    assert TranslationSource.objects.count() == 0  # looking changes nothing
