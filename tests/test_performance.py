"""Page cost does not grow with the course: query counts, and the outline cache.

Queries are counted with ``connection.execute_wrapper`` around the whole request
(``CaptureQueriesContext`` around a second request undercounts: the request resets
the query log). "Cold" is the first request after the cache is cleared; "warm" the next.
"""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from wagtail.models import Page

from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, SessionPage
from wagtail_peersupport.sample import make_course

COLD_LIMIT = 12
WARM_LIMIT = 8


class QueryCounter:
    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append(sql)
        return execute(sql, params, many, context)


def queries_for(client, url):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200, url
    return len(counter.queries)


def pages_of(course):
    session = SessionPage.objects.descendant_of(course).order_by("path")[1]
    lesson = LessonPage.objects.descendant_of(session).order_by("path").last()
    return {"course": course, "session": session, "lesson": lesson}


def cold_and_warm(client, page):
    caches["default"].clear()
    return queries_for(client, page.url), queries_for(client, page.url)


@pytest.mark.django_db
def test_query_counts_are_small_and_the_same_for_a_course_of_any_size(home, client, contacts):
    small = make_course(home, title="Small course", sessions=5, lessons_per_session=2)
    large = make_course(home, title="Large course", sessions=40, lessons_per_session=8)
    assert LessonPage.objects.descendant_of(large).count() == 320
    counts = {}
    for size, course in (("5x2", small), ("40x8", large)):
        for kind, page in pages_of(course).items():
            counts[size, kind] = cold_and_warm(client, page)
    for (size, kind), (cold, warm) in counts.items():
        assert cold <= COLD_LIMIT, f"{kind} page of the {size} course: {cold} queries cold"
        assert warm <= WARM_LIMIT, f"{kind} page of the {size} course: {warm} queries warm"
    for kind in ("course", "session", "lesson"):
        assert counts["5x2", kind] == counts["40x8", kind], kind


@pytest.mark.django_db
def test_translated_pages_cost_only_what_wagtail_adds_for_a_language(
    home, client, contacts, locales
):
    """Wagtail finds a language's own site root (and any alias pages above the course),
    which costs the same for any page; the course's pages add nothing to that."""
    from tests.testapp.models import ArticlePage

    course = make_course(home, title="Course", sessions=3, lessons_per_session=2)
    translate_course(course, "cy")
    plain = home.add_child(instance=ArticlePage(title="Plain", body="<p>Text.</p>"))
    welsh_plain = plain.copy_for_translation(locales["cy"], copy_parents=True)
    welsh_plain.save_revision().publish()
    plain_cold, plain_warm = cold_and_warm(client, plain)
    welsh_cold, welsh_warm = cold_and_warm(client, welsh_plain)
    language_cold, language_warm = welsh_cold - plain_cold, welsh_warm - plain_warm
    for kind, page in pages_of(course).items():
        english_cold, english_warm = cold_and_warm(client, page)
        cold, warm = cold_and_warm(client, page.get_translation(locales["cy"]))
        assert cold <= english_cold + language_cold, kind
        assert warm <= english_warm + language_warm, kind


@pytest.mark.django_db
def test_a_lesson_costs_no_more_queries_than_a_plain_page_at_its_depth(home, client, contacts):
    from tests.testapp.models import ArticlePage

    course = make_course(home, title="Course", sessions=2, lessons_per_session=2)
    lesson = pages_of(course)["lesson"]
    parent = home
    while parent.depth < lesson.depth - 1:
        parent = parent.add_child(instance=ArticlePage(title=f"Level {parent.depth}"))
    plain = parent.add_child(instance=ArticlePage(title="Plain", body="<p>Text.</p>"))
    assert plain.depth == lesson.depth
    lesson_cold, lesson_warm = cold_and_warm(client, lesson)
    plain_cold, plain_warm = cold_and_warm(client, plain)
    # The course reads its sessions and lessons in one query when routing, which pays
    # for the outline, the language switcher and the support contacts once cached.
    assert lesson_warm <= plain_warm
    assert lesson_cold <= plain_cold + 3


# The outline cache ------------------------------------------------------------------


def outline_titles(get_soup, page):
    nav = get_soup(page).find("nav", class_="ps-outline--sidebar")
    return [" ".join(a.get_text(" ", strip=True).split()) for a in nav.select("ol a")]


@pytest.fixture
def cached_course(home, client, django_capture_on_commit_callbacks):
    course = make_course(home, title="Course", sessions=3, lessons_per_session=2)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    client.get(lesson.url)  # the outline is cached now
    assert queries_for(client, lesson.url) <= WARM_LIMIT
    return course, lesson


def test_publishing_a_change_shows_in_the_outline_at_once(cached_course, get_soup):
    course, lesson = cached_course
    session = SessionPage.objects.descendant_of(course).order_by("path")[2]
    session.title = "Looking after yourself"
    session.save_revision().publish()
    assert "Session 3 Looking after yourself" in outline_titles(get_soup, lesson)


def test_a_saved_draft_does_not_change_the_outline(cached_course, get_soup):
    course, lesson = cached_course
    session = SessionPage.objects.descendant_of(course).order_by("path")[2]
    session.title = "Not published yet"
    session.save_revision()
    titles = outline_titles(get_soup, lesson)
    assert "Session 3 Session title 3" in titles


def test_unpublishing_and_deleting_a_lesson_take_it_out_of_the_outline(cached_course, get_soup):
    course, lesson = cached_course
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    get_soup(course)  # the course page's outline is cached too
    lessons[1].unpublish()
    assert lessons[1].title not in outline_titles(get_soup, lesson)
    lessons[2].delete()
    titles = [a.get_text(strip=True) for a in get_soup(course).select(".ps-outline--full li li a")]
    assert titles == [lessons[0].title, lessons[3].title, lessons[4].title, lessons[5].title]


def test_moving_a_session_renumbers_the_outline(cached_course, get_soup):
    course, lesson = cached_course
    sessions = list(SessionPage.objects.descendant_of(course).order_by("path"))
    sessions[2].move(sessions[0], pos="left")
    titles = [t for t in outline_titles(get_soup, lesson) if t.startswith("Session")]
    assert titles == [
        "Session 1 Session title 3",
        "Session 2 Session title 1",
        "Session 3 Session title 2",
    ]


def test_moving_a_lesson_to_another_course_changes_both_outlines(cached_course, get_soup):
    course, lesson = cached_course
    other = make_course(course.get_parent(), title="Other course", sessions=1)
    other_lesson = LessonPage.objects.descendant_of(other).order_by("path").first()
    outline_titles(get_soup, other_lesson)  # the other course's outline is cached too
    moving = LessonPage.objects.descendant_of(course).order_by("path").last()
    moving.move(SessionPage.objects.child_of(other).get(), pos="last-child")
    assert moving.title not in outline_titles(get_soup, lesson)
    assert moving.title in outline_titles(get_soup, other_lesson)


def test_deleting_a_course_costs_the_same_queries_here_whatever_its_size(home, monkeypatch):
    """The handlers find the courses around each deleted page from a cached index."""
    from wagtail_peersupport import signal_handlers

    looked_up = []
    original = signal_handlers.courses_around

    def counted(*pages):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            keys = original(*pages)
        looked_up.append(len(counter.queries))
        return keys

    monkeypatch.setattr(signal_handlers, "courses_around", counted)
    costs = {}
    for sessions, lessons in ((2, 1), (8, 5)):
        course = make_course(home, title=f"Course {sessions}", sessions=sessions,
                             lessons_per_session=lessons)  # fmt: skip
        pages = Page.objects.descendant_of(course, inclusive=True).count()
        caches["default"].clear()
        looked_up.clear()
        course.delete()
        assert len(looked_up) >= pages  # every deleted page was looked at
        costs[pages] = sum(looked_up)
    assert list(costs.values()) == [1, 1], costs  # reading the index, once


def test_a_new_course_is_found_by_the_handlers_at_once(home, get_soup):
    first = make_course(home, title="First course", sessions=1)
    get_soup(first)  # the index of courses is cached now
    second = make_course(home, title="Second course", sessions=2)
    lesson = LessonPage.objects.descendant_of(second).order_by("path").first()
    assert lesson.title in outline_titles(get_soup, lesson)
    lesson.title = "A renamed lesson"
    lesson.save_revision().publish()
    assert "A renamed lesson" in outline_titles(get_soup, lesson)


def test_publishing_a_translation_adds_it_to_the_language_switcher_at_once(
    cached_course, locales, get_soup
):
    course, lesson = cached_course
    assert get_soup(lesson).find(class_="ps-languages") is None
    translate_course(course, "cy")
    switcher = get_soup(lesson).find(class_="ps-languages")
    assert [a["hreflang"] for a in switcher.find_all("a")] == ["en", "cy"]


def test_a_new_support_contact_shows_at_once(cached_course, get_soup, contacts):
    _course, lesson = cached_course
    names = [h.get_text() for h in get_soup(lesson).select("#ps-support h3")]
    assert names == ["Samaritans", "Shout"]
    shout = contacts[1]
    shout.name = "Shout 85258"
    shout.save()
    names = [h.get_text() for h in get_soup(lesson).select("#ps-support h3")]
    assert names == ["Samaritans", "Shout 85258"]


def shared_caches(kind, tmp_path):
    """Two cache aliases over the same store, as two app servers would have."""
    if kind == "file":
        config = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    else:
        config = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "peersupport_test_cache",
        }
    return {"default": config, "server-b": dict(config)}


@pytest.mark.parametrize("kind", ["file", "database"])
def test_the_cache_works_across_servers_with_any_django_cache_backend(
    home, client, get_soup, tmp_path, kind, django_capture_on_commit_callbacks
):
    """Nothing is kept in the process: server B's change reaches server A's pages."""
    with override_settings(CACHES=shared_caches(kind, tmp_path)):
        if kind == "database":
            call_command("createcachetable", verbosity=0)
        course = make_course(home, title="Course", sessions=2, lessons_per_session=2)
        lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
        with override_settings(WAGTAIL_PEERSUPPORT_CACHE="default"):  # server A
            client.get(lesson.url)
            warm = queries_for(client, lesson.url)
        with override_settings(WAGTAIL_PEERSUPPORT_CACHE="server-b"):  # server B
            # B reads what A cached: no more queries than A's own warm request.
            assert queries_for(client, lesson.url) == warm
            session = SessionPage.objects.descendant_of(course).order_by("path").first()
            session.title = "Changed on server B"
            session.save_revision().publish()
        with override_settings(WAGTAIL_PEERSUPPORT_CACHE="default"):  # server A again
            assert "Session 1 Changed on server B" in outline_titles(get_soup, lesson)


def test_the_sidebar_lists_the_lessons_of_the_current_session_only(home, get_soup):
    course = make_course(home, title="Course", sessions=3, lessons_per_session=2)
    lesson = LessonPage.objects.descendant_of(course).order_by("path")[2]  # session 2
    nav = get_soup(lesson).find("nav", class_="ps-outline--sidebar")
    assert len(nav.select(".ps-outline__sessions > li")) == 3
    lessons = [a.get_text(strip=True) for a in nav.select(".ps-outline__lessons a")]
    assert lessons == ["Lesson 2.1", "Lesson 2.2"]


def test_a_cached_page_shows_a_changed_document_at_once(cached_course, get_soup):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    _course, lesson = cached_course
    document = get_document_model().objects.create(
        title="Workbook", file=ContentFile(b"x" * 2048, name="workbook.pdf")
    )
    lesson.exercise_files = [{"type": "file", "value": {"document": document.pk, "title": ""}}]
    lesson.save_revision().publish()
    assert get_soup(lesson).select_one("li.ps-exercise-file a").get_text() == "Workbook"
    # The document changes outside the course: the cached page follows.
    document.title = "Recovery workbook, second edition"
    document.save()
    link = get_soup(lesson).select_one("li.ps-exercise-file a")
    assert link.get_text() == "Recovery workbook, second edition"


def test_previews_are_rendered_afresh(cached_course, admin_client):
    _course, lesson = cached_course
    lesson.title = "A draft title"
    lesson.save_revision()
    response = admin_client.get(f"/admin/pages/{lesson.pk}/view_draft/")
    assert response.status_code == 200
    assert "A draft title" in response.content.decode()


@pytest.mark.django_db
def test_a_site_without_support_contacts_stays_within_the_limits(home, client):
    course = make_course(home, title="Course", sessions=5, lessons_per_session=2)
    for kind, page in pages_of(course).items():
        cold, warm = cold_and_warm(client, page)
        assert cold <= COLD_LIMIT and warm <= WARM_LIMIT, (kind, cold, warm)
