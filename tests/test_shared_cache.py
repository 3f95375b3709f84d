"""The course caches on a real Redis server, shared by two app servers.

``redis_caches`` (tests/redis_server.py) gives Django two cache aliases over one Redis
server, each with its own connections. Server A uses ``default`` and server B
``server-b``, and each has its own test client, so its own middleware and whatever that
keeps in its process. Every scenario caches pages on A, changes the content on B (so B's
signal handlers write the new versions through B's connection), then reads on A: A must
show the change at once. Each runs with the cached fragments alone (outline, language
switcher, page HTML, support contacts) and with the full-page cache middleware in front.
"""

from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings

from wagtail_peersupport import cache as peersupport_cache
from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.middleware import CACHE_HEADER
from wagtail_peersupport.models import LessonPage, SessionPage
from wagtail_peersupport.sample import make_course

MIDDLEWARE = "wagtail_peersupport.middleware.CoursePageCacheMiddleware"


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Server:
    """One app server: its own connection to the shared cache, its own visitors' client."""

    def __init__(self, alias):
        self.alias = alias
        self.client = Client()

    @contextmanager
    def active(self):
        """Run code (an editor's change, a lookup) as this server does."""
        with override_settings(WAGTAIL_PEERSUPPORT_CACHE=self.alias):
            yield

    def fetch(self, page_or_url, status=200):
        """A visitor's GET: the response, and the queries it cost."""
        url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
        counter = QueryCounter()
        with self.active(), connection.execute_wrapper(counter):
            response = self.client.get(url)
        assert response.status_code == status, (self.alias, url, response.status_code)
        return response, counter.count

    def soup(self, page_or_url, status=200):
        return BeautifulSoup(self.fetch(page_or_url, status)[0].content, "html.parser")

    def sidebar(self, page):
        nav = self.soup(page).find("nav", class_="ps-outline--sidebar")
        return [" ".join(a.get_text(" ", strip=True).split()) for a in nav.select("ol a")]

    def outline_lessons(self, course):
        return [
            a.get_text(strip=True) for a in self.soup(course).select(".ps-outline--full li li a")
        ]

    def heading(self, page):
        return self.soup(page).find("h1").get_text(" ", strip=True)

    def languages(self, page):
        switcher = self.soup(page).find(class_="ps-languages")
        return [a["hreflang"] for a in switcher.find_all("a")] if switcher else []


@pytest.fixture(params=["fragments", "full page"])
def layers(request, redis_caches, settings):
    """The caches in use: the cached fragments alone, or the full-page cache in front."""
    others = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    settings.MIDDLEWARE = [MIDDLEWARE, *others] if request.param == "full page" else others
    return request.param


@pytest.fixture
def servers(redis_caches):
    return Server("default"), Server("server-b")


def redis_keys(redis_server, part):
    with redis_server.client() as client:
        return sorted(key.decode() for key in client.keys(f"*{part}*"))


@pytest.fixture
def cached_course(home, layers, servers, redis_caches):
    """A course of three sessions with two lessons each, its pages cached by server A."""
    a, _b = servers
    course = make_course(home, title="Course", sessions=3, lessons_per_session=2)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    for page in (course, *lessons):
        a.fetch(page)
    assert redis_keys(redis_caches, ":page-html:")
    return course, lessons


# The versions --------------------------------------------------------------------------


def test_version_tokens_are_shared_between_connections_and_never_expire(
    redis_caches, servers, course
):
    a, b = servers
    key = str(course.translation_key)
    assert caches["default"] is not caches["server-b"]
    with a.active():
        course_before = peersupport_cache.course_version(key)
        content_before = peersupport_cache.content_version()
    with b.active():
        assert peersupport_cache.course_version(key) == course_before
        assert peersupport_cache.content_version() == content_before
        peersupport_cache.bump_course_version(key)
        peersupport_cache.bump_content_version()
        course_after = peersupport_cache.course_version(key)
    with a.active():
        assert peersupport_cache.course_version(key) == course_after != course_before
        assert peersupport_cache.content_version() != content_before
    with redis_caches.client() as client:
        versions = redis_keys(redis_caches, ":version")
        assert len(versions) >= 2
        for name in versions:
            assert client.ttl(name) == -1, name  # kept until replaced


def test_server_b_is_served_what_server_a_cached(cached_course, servers, layers):
    _course, lessons = cached_course
    a, b = servers
    first, _queries = a.fetch(lessons[0])
    _second, warm = a.fetch(lessons[0])
    response, queries = b.fetch(lessons[0])
    assert response.content == first.content
    if layers == "full page":
        assert response[CACHE_HEADER] == "hit"
        assert queries == 0
    else:
        # B builds nothing: it reads A's outline, switcher, contacts and page HTML.
        assert queries == warm


# Changes made on server B, seen on server A ----------------------------------------------


def test_publishing_a_session_title_shows_in_the_outline_at_once(cached_course, servers):
    course, lessons = cached_course
    a, b = servers
    with b.active():
        session = SessionPage.objects.descendant_of(course).order_by("path")[2]
        session.title = "Looking after yourself"
        session.save_revision().publish()
    assert "Session 3 Looking after yourself" in a.sidebar(lessons[0])
    assert "Looking after yourself" in a.soup(course).get_text()


def test_a_saved_draft_changes_nothing(cached_course, servers, layers):
    course, lessons = cached_course
    a, b = servers
    before, _queries = a.fetch(lessons[0])
    with b.active():
        session = SessionPage.objects.descendant_of(course).order_by("path")[2]
        session.title = "Not published yet"
        session.save_revision()
    after, _queries = a.fetch(lessons[0])
    assert after.content == before.content
    if layers == "full page":
        assert after[CACHE_HEADER] == "hit"


def test_unpublishing_and_deleting_lessons_take_them_out_of_the_outline(cached_course, servers):
    course, lessons = cached_course
    a, b = servers
    with b.active():
        lessons[1].unpublish()
    assert lessons[1].title not in a.sidebar(lessons[0])
    assert lessons[1].title not in a.outline_lessons(course)
    a.fetch(lessons[1], status=404)
    with b.active():
        lessons[2].delete()
    assert a.outline_lessons(course) == [
        lessons[0].title,
        lessons[3].title,
        lessons[4].title,
        lessons[5].title,
    ]
    a.fetch(lessons[2].url, status=404)


def test_moving_a_session_renumbers_the_outline(cached_course, servers):
    course, lessons = cached_course
    a, b = servers
    with b.active():
        sessions = list(SessionPage.objects.descendant_of(course).order_by("path"))
        sessions[2].move(sessions[0], pos="left")
    titles = [t for t in a.sidebar(lessons[0]) if t.startswith("Session")]
    assert titles == [
        "Session 1 Session title 3",
        "Session 2 Session title 1",
        "Session 3 Session title 2",
    ]


def test_moving_a_lesson_to_another_course_changes_both_outlines(cached_course, servers):
    course, lessons = cached_course
    a, b = servers
    with b.active():
        other = make_course(course.get_parent(), title="Other course", sessions=1)
    other_lesson = LessonPage.objects.descendant_of(other).order_by("path").first()
    a.sidebar(other_lesson)  # the other course's outline is cached too
    with b.active():
        lessons[5].move(SessionPage.objects.child_of(other).get(), pos="last-child")
    assert lessons[5].title not in a.sidebar(lessons[4])
    assert lessons[5].title in a.sidebar(other_lesson)


def test_publishing_and_unpublishing_a_translation_changes_the_language_switcher(
    cached_course, servers, locales
):
    course, lessons = cached_course
    a, b = servers
    assert a.languages(lessons[0]) == []
    with b.active():
        translate_course(course, "cy")
    assert a.languages(lessons[0]) == ["en", "cy"]
    with b.active():
        lessons[0].get_translation(locales["cy"]).unpublish()
    assert a.languages(lessons[0]) == []


def test_a_lessons_own_page_shows_its_published_change(cached_course, servers):
    _course, lessons = cached_course
    a, b = servers
    with b.active():
        lesson = LessonPage.objects.get(pk=lessons[0].pk)
        lesson.title = "Listening without judging"
        lesson.save_revision().publish()
    assert a.heading(lessons[0]) == "Listening without judging"
    assert "Listening without judging" in a.sidebar(lessons[1])


def test_a_changed_document_shows_on_a_cached_page(cached_course, servers):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    _course, lessons = cached_course
    a, b = servers
    with b.active():
        document = get_document_model().objects.create(
            title="Workbook", file=ContentFile(b"x" * 2048, name="workbook.pdf")
        )
        lesson = LessonPage.objects.get(pk=lessons[0].pk)
        lesson.exercise_files = [{"type": "file", "value": {"document": document.pk, "title": ""}}]
        lesson.save_revision().publish()
    assert a.soup(lessons[0]).select_one("li.ps-exercise-file a").get_text() == "Workbook"
    with b.active():
        document.title = "Recovery workbook, second edition"
        document.save()
    link = a.soup(lessons[0]).select_one("li.ps-exercise-file a")
    assert link.get_text() == "Recovery workbook, second edition"


def test_a_changed_support_contact_shows_at_once(cached_course, servers, contacts):
    _course, lessons = cached_course
    a, b = servers
    assert [h.get_text() for h in a.soup(lessons[0]).select("#ps-support h3")] == [
        "Samaritans",
        "Shout",
    ]
    with b.active():
        shout = contacts[1]
        shout.name = "Shout 85258"
        shout.save()
    assert [h.get_text() for h in a.soup(lessons[0]).select("#ps-support h3")] == [
        "Samaritans",
        "Shout 85258",
    ]


def test_after_a_change_server_b_is_served_what_server_a_rebuilt(cached_course, servers, layers):
    course, lessons = cached_course
    a, b = servers
    with b.active():
        lessons[3].unpublish()
    rebuilt, _queries = a.fetch(course)
    response, queries = b.fetch(course)
    assert response.content == rebuilt.content
    assert lessons[3].title not in response.content.decode()
    if layers == "full page":
        assert rebuilt[CACHE_HEADER] == "miss"
        assert response[CACHE_HEADER] == "hit"
        assert queries == 0


def test_a_page_stored_by_a_is_served_by_b_whatever_language_b_served_last(
    redis_caches, servers, course, locales, settings
):
    """A server's previous visitor, in another language, makes no difference to the key."""
    settings.MIDDLEWARE = [MIDDLEWARE, *(m for m in settings.MIDDLEWARE if m != MIDDLEWARE)]
    a, b = servers
    translate_course(course, "cy")
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    welsh = lesson.get_translation(locales["cy"])
    stored, _queries = a.fetch(welsh)
    assert stored[CACHE_HEADER] == "miss"
    b.fetch(lesson)  # B's last visitor read English
    response, queries = b.fetch(welsh)
    assert response[CACHE_HEADER] == "hit"
    assert queries == 0
    assert response.content == stored.content
