"""The first visit after a change finds the course outline built, with the right URLs.

The outline's URLs are worked out from each page's ``url_path`` and the course's own
URL; they must be exactly what Wagtail gives each page. After a page of a course is
published, unpublished, moved or deleted, a task builds the outline of the course in
every language, for every site that serves it, so the next visitor finds it cached.
"""

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import translation
from django_tasks import default_task_backend
from wagtail.models import Page, Site

from wagtail_peersupport.cache import PREFIX, get_cache
from wagtail_peersupport.coursepackage import load_course
from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, SessionPage
from wagtail_peersupport.outline import (
    build_outline,
    outline_key,
    request_for_site,
    uses_wagtail_urls,
)
from wagtail_peersupport.sample import make_course, sample_package

from .conftest import children


def outline_urls(outline):
    """``{page id: url}`` of every page the outline lists."""
    entries = [*outline.sessions, *outline.lessons, *outline.resources]
    return {entry.id: entry.url for entry in entries}


def wagtail_urls(course, request):
    """``{page id: url}`` of every live session, lesson and resources page, from Wagtail."""
    pages = Page.objects.descendant_of(course).live().specific()
    return {page.pk: page.get_url(request=request) for page in pages}


def request_to(site, path="/"):
    return RequestFactory().get(path, HTTP_HOST=site.hostname, SERVER_PORT=site.port)


# Outline URLs


@pytest.mark.django_db
def test_outline_urls_are_wagtails_on_a_site_at_the_root(course):
    request = request_to(Site.objects.get(is_default_site=True))
    urls = outline_urls(build_outline(course, request=request))
    assert len(urls) == 10  # 3 sessions, 6 lessons, the resources page
    assert urls == wagtail_urls(course, request)
    assert urls[children(course)[0].pk] == "/en/peer-support-training/session-1/"


@pytest.mark.django_db
def test_outline_urls_are_wagtails_on_two_sites_and_a_course_below_a_sub_page(home):
    """A second site whose root is a sub-page of the first site's home: the course is on
    both, with a path of its own on each."""
    section = home.add_child(instance=Page(title="Partner charity", slug="partner"))
    course = make_course(section, title="Partner course", sessions=2, lessons_per_session=2)
    partner = Site.objects.create(hostname="partner.example", port=80, root_page=section)
    default = Site.objects.get(is_default_site=True)
    for site in (partner, default):
        request = request_to(site)
        urls = outline_urls(build_outline(course, request=request))
        assert urls == wagtail_urls(course, request), site
    session = children(course)[0]
    assert outline_urls(build_outline(course, request=request_to(partner)))[session.pk] == (
        "/en/partner-course/session-1/"
    )
    assert outline_urls(build_outline(course, request=request_to(default)))[session.pk] == (
        "/en/partner/partner-course/session-1/"
    )


@pytest.mark.django_db
def test_outline_urls_are_wagtails_when_a_site_root_lies_inside_the_course(course):
    """A session that is the root of another site: on that site, its lessons have paths
    of that site's own, and the rest of the course is on the first site."""
    session = children(course)[1]
    other = Site.objects.create(hostname="session.example", port=80, root_page=session)
    for site in Site.objects.all():
        request = request_to(site)
        assert outline_urls(build_outline(course, request=request)) == wagtail_urls(course, request)
    urls = outline_urls(build_outline(course, request=request_to(other)))
    assert urls[children(session)[0].pk] == "/en/lesson-2-1/"
    assert urls[children(course)[0].pk] == "http://localhost/en/peer-support-training/session-1/"


@pytest.mark.django_db
def test_outline_urls_are_wagtails_in_a_translated_course(course, locales):
    translate_course(course, "cy")
    welsh = course.get_translation(locales["cy"])
    welsh_lesson = children(children(welsh)[0])[0]
    # A slug a translator changed, with letters that reverse() quotes.
    welsh_lesson.slug = "gwers-ŵyl"
    welsh_lesson.save_revision().publish()
    welsh.refresh_from_db()
    request = request_to(Site.objects.get(is_default_site=True), "/cy/")
    with translation.override("cy"):
        urls = outline_urls(build_outline(welsh, request=request))
        assert urls == wagtail_urls(welsh, request)
    assert urls[welsh_lesson.pk] == "/cy/peer-support-training/session-1/gwers-%C5%B5yl/"


@pytest.mark.django_db
def test_outline_urls_without_a_trailing_slash(course, settings):
    """Wagtail reads WAGTAIL_APPEND_SLASH once: the outline asks it for each URL then."""
    settings.WAGTAIL_APPEND_SLASH = False
    request = request_to(Site.objects.get(is_default_site=True))
    assert outline_urls(build_outline(course, request=request)) == wagtail_urls(course, request)


@pytest.mark.django_db
def test_a_page_type_with_its_own_urls_keeps_them_in_the_outline(course, monkeypatch):
    def get_url_parts(self, request=None):
        site_id, root_url, path = Page.get_url_parts(self, request=request)
        return site_id, root_url, path.replace("/session-", "/lessons-of-session-")

    assert uses_wagtail_urls(LessonPage)
    monkeypatch.setattr(LessonPage, "get_url_parts", get_url_parts, raising=False)
    assert not uses_wagtail_urls(LessonPage)
    assert uses_wagtail_urls(SessionPage)
    request = request_to(Site.objects.get(is_default_site=True))
    urls = outline_urls(build_outline(course, request=request))
    assert urls == wagtail_urls(course, request)
    lesson = children(children(course)[0])[0]
    assert urls[lesson.pk] == "/en/peer-support-training/lessons-of-session-1/lesson-1-1/"
    assert urls[children(course)[0].pk] == "/en/peer-support-training/session-1/"


@pytest.mark.django_db
def test_an_outline_built_for_a_site_equals_one_built_for_its_request(home):
    section = home.add_child(instance=Page(title="Partner charity", slug="partner"))
    course = make_course(section, title="Partner course", sessions=2, lessons_per_session=2)
    partner = Site.objects.create(hostname="partner.example", port=80, root_page=section)
    for site in Site.objects.all():
        with_request = build_outline(course, request=request_to(site))
        assert build_outline(course, site=site) == with_request
        assert build_outline(course, request=request_for_site(site)) == with_request
        assert outline_key(course, site=site) == outline_key(course, request=request_to(site))
    assert build_outline(course, site=partner) != build_outline(
        course, site=Site.objects.get(is_default_site=True)
    )


# Outlines built after a change


class SQL:
    """The SQL of every query run inside a ``with`` block, the whole request included."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)

    @property
    def outline_queries(self):
        # The outline's one query names the sessions' aims "session_aim".
        return [sql for sql in self.queries if '"session_aim"' in sql]


def visit(client, url):
    with SQL() as sql:
        response = client.get(url)
    assert response.status_code == 200, url
    return sql, response


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run code as if its transaction committed, as on a site."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def queued():
    """Tasks are queued, not run: what was enqueued, by name."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        default_task_backend.clear()

        def enqueued(name):
            return [
                result.args for result in default_task_backend.results if result.task.name == name
            ]

        yield enqueued


def publish_new_revision(page, title):
    page.title = title
    page.save_revision().publish()


@pytest.mark.django_db
def test_after_publishing_a_lesson_its_outline_is_ready_in_every_language(
    course, locales, client, committed
):
    with committed():
        translate_course(course, "cy")
    welsh = course.get_translation(locales["cy"])
    first, second = lessons_of(course)[:2]
    with committed():
        publish_new_revision(first, "A lesson with a new title")
    for version in (course, welsh):
        for site in Site.objects.all():
            assert get_cache().get(f"{PREFIX}:{outline_key(version, site=site)}") is not None
    for lesson in (second, second.get_translation(locales["cy"])):
        sql, response = visit(client, lesson.url)
        assert sql.outline_queries == [], lesson.url
    assert "A lesson with a new title" in visit(client, second.url)[1].content.decode()


@pytest.mark.django_db
def test_without_the_task_the_first_visit_builds_the_outline(course, client, committed, queued):
    first, second = lessons_of(course)[:2]
    with committed():
        publish_new_revision(first, "A lesson with a new title")
    assert queued("build_outlines_task") == [[str(course.translation_key)]]
    sql, response = visit(client, second.url)
    assert len(sql.outline_queries) == 1
    assert "A lesson with a new title" in response.content.decode()
    sql, _ = visit(client, second.url)
    assert sql.outline_queries == []


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["unpublish", "move", "delete"])
def test_other_changes_leave_the_outline_built_too(course, client, committed, change):
    sessions = children(course)
    lesson = children(sessions[0])[0]
    other = children(sessions[1])[0]
    with committed():
        if change == "unpublish":
            lesson.unpublish()
        elif change == "move":
            lesson.move(sessions[1], pos="last-child")
        else:
            lesson.delete()
    sql, response = visit(client, other.url)
    assert sql.outline_queries == []
    from bs4 import BeautifulSoup

    sidebar = BeautifulSoup(response.content, "html.parser").select_one(".ps-outline--sidebar")
    titles = [a.get_text(strip=True) for a in sidebar.select(".ps-outline__lessons a")]
    assert (lesson.title in titles) == (change == "move"), titles


@pytest.mark.django_db
def test_publishing_a_page_outside_any_course_enqueues_nothing(home, course, committed, queued):
    from tests.testapp.models import ArticlePage

    with committed():
        article = home.add_child(instance=ArticlePage(title="News", body="<p>Text.</p>"))
        article.save_revision().publish()
    assert queued("build_outlines_task") == []


@pytest.mark.django_db
def test_a_course_loaded_in_one_go_enqueues_one_task_and_ends_with_its_outline_built(
    home, client, committed, queued
):
    with committed():
        report = load_course(sample_package(sessions=4, lessons_per_session=3), home, publish=True)
    assert queued("build_outlines_task") == [[str(report.course.translation_key)]]


@pytest.mark.django_db
def test_a_loaded_course_has_its_outline_built(home, client, committed):
    with committed():
        report = load_course(sample_package(sessions=4, lessons_per_session=3), home, publish=True)
    lesson = lessons_of(report.course)[5]
    sql, response = visit(client, lesson.url)
    assert sql.outline_queries == []
    assert response.content.decode().count('data-ps-lesson="') == 3
