"""With ``wagtail.contrib.frontend_cache``, a change to any page of a course purges every
URL of the course, in every language, from the front-end cache (a CDN).

The test settings install the app; a test sets ``WAGTAILFRONTENDCACHE`` to a backend
that records what it is asked to purge. Wagtail purges the page published or
unpublished itself, and sends each URL in every content language.
"""

import re

import pytest
from django.test import override_settings
from django_tasks import default_task_backend
from wagtail.models import Page

from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import AbstractCoursePage, AbstractSessionPage, LessonPage
from wagtail_peersupport.signal_handlers import _all_connections

from .conftest import children
from .frontend_cache_backend import PURGED

LANGUAGES = ("en", "cy", "es", "ar")
# What visitors fetch below each kind of page, besides the page itself.
SUB_ROUTES = {
    "course": ["workbook/", "privacy/", "offline/worker/", "offline/pages/", "search/"],
    "session": ["workbook/"],
}


@pytest.fixture
def recorder(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.frontend_cache_backend.RecordingBackend"}
    }
    PURGED.clear()
    yield PURGED
    PURGED.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def welsh_course(course, locales, committed):
    with committed():
        translate_course(course, "cy")
    return course.get_translation(locales["cy"])


def purged():
    return {url for batch in PURGED for url in batch}


def in_every_language(urls):
    """The URLs as Wagtail sends them: each with every content language's prefix."""
    pattern = re.compile(r"^(https?://[^/]+)/(?:" + "|".join(LANGUAGES) + ")/")
    return {pattern.sub(rf"\1/{code}/", url) for url in urls for code in LANGUAGES}


def page_urls(page):
    """The full URLs of a page and of the sub-routes visitors fetch below it."""
    page = page.specific
    url = page.get_full_url()
    if isinstance(page, AbstractCoursePage):
        kind = "course"
    elif isinstance(page, AbstractSessionPage):
        kind = "session"
    else:
        kind = "lesson"
    return {url, *(url + route for route in SUB_ROUTES.get(kind, []))}


def course_urls(*courses):
    """Every URL of the live pages of ``courses``."""
    urls = set()
    for course in courses:
        for page in Page.objects.descendant_of(course, inclusive=True).live():
            urls |= page_urls(page)
    return urls


def first_lesson(course):
    return LessonPage.objects.descendant_of(course).order_by("path").first()


@pytest.mark.django_db
def test_publishing_a_lesson_purges_every_url_of_the_course_in_every_language(
    course, welsh_course, recorder, committed
):
    lesson = first_lesson(course)
    PURGED.clear()
    with committed():
        lesson.save_revision().publish()
    expected = course_urls(course, welsh_course)
    assert len(expected) == 2 * (1 + 5 + 3 * 2 + 6 + 1)  # course, sessions, lessons, resources
    assert "http://localhost/cy/peer-support-training/session-1/workbook/" in expected
    assert purged() == in_every_language(expected)
    # The lesson itself is purged once, by Wagtail; the course's other URLs once, by us.
    lesson_url = lesson.get_full_url()
    assert sum(batch.count(lesson_url) for batch in PURGED) == 1
    course_url = course.get_full_url() + "privacy/"
    assert sum(batch.count(course_url) for batch in PURGED) == 1


@pytest.mark.django_db
def test_wagtails_own_purge_of_a_course_page_reaches_its_sub_routes(course, recorder):
    course.save_revision().publish()  # not committed: only Wagtail's own purge runs
    assert purged() == in_every_language(page_urls(course))


@pytest.mark.django_db
def test_unpublishing_a_lesson_purges_the_course_and_the_lesson(
    course, welsh_course, recorder, committed
):
    lesson = first_lesson(course)
    PURGED.clear()
    with committed():
        lesson.unpublish()
    expected = course_urls(course, welsh_course) | page_urls(lesson)
    assert purged() == in_every_language(expected)


@pytest.mark.django_db
def test_moving_a_lesson_purges_its_old_and_new_addresses(course, recorder, committed):
    sessions = children(course)
    lesson = first_lesson(course)
    old_url = lesson.get_full_url()
    with committed():
        lesson.move(sessions[2], pos="last-child")
    lesson.refresh_from_db()
    assert lesson.get_full_url() != old_url
    # Wagtail's redirects app purges the redirect it makes from the old path, too.
    redirect = old_url.rstrip("/")
    assert purged() == in_every_language(course_urls(course) | {old_url, redirect})


@pytest.mark.django_db
def test_moving_a_course_purges_every_old_and_new_address(home, course, recorder, committed):
    old = course_urls(course)
    # Wagtail's redirects app makes a redirect from each page's old path, and purges it.
    redirects = {
        page.get_full_url().rstrip("/")
        for page in Page.objects.descendant_of(course, inclusive=True).live()
    }
    section = home.add_child(instance=Page(title="Training", slug="training"))
    with committed():
        Page.objects.get(pk=course.pk).move(section, pos="last-child")
    new = course_urls(Page.objects.get(pk=course.pk))
    assert "http://localhost/en/training/peer-support-training/session-1/workbook/" in new
    assert purged() == in_every_language(old | new | redirects)


@pytest.mark.django_db
def test_deleting_a_session_purges_its_pages_old_addresses(
    course, welsh_course, recorder, committed
):
    session = children(course)[0]
    gone = set()
    for page in Page.objects.descendant_of(session, inclusive=True):
        gone |= page_urls(page)
    assert len(gone) == 4  # the session, its workbook and two lessons
    with committed():
        session.delete()
    assert purged() == in_every_language(course_urls(course, welsh_course) | gone)


@pytest.mark.django_db
def test_deleting_a_course_purges_every_url_it_had(course, recorder, committed):
    every = course_urls(course)
    with committed():
        Page.objects.get(pk=course.pk).delete()
    assert purged() == in_every_language(every)


@pytest.mark.django_db
def test_a_page_outside_a_course_purges_only_what_wagtail_purges(home, course, recorder, committed):
    from tests.testapp.models import ArticlePage

    with committed():
        article = home.add_child(instance=ArticlePage(title="News", body="<p>Text.</p>"))
        article.save_revision().publish()
    assert purged() == in_every_language({"http://localhost/en/news/"})


@pytest.fixture
def queued():
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        default_task_backend.clear()
        yield lambda name: [r.args for r in default_task_backend.results if r.task.name == name]


@pytest.mark.django_db
def test_urls_are_worked_out_in_a_task_after_the_commit(course, recorder, committed, queued):
    lesson = first_lesson(course)
    with committed():
        lesson.save_revision().publish()
        assert queued("purge_course_task") == []
    assert queued("purge_course_task") == [[str(course.translation_key), [lesson.pk], [], []]]


@pytest.mark.django_db
def test_without_a_front_end_cache_setting_nothing_is_enqueued(course, committed, queued):
    with committed():
        first_lesson(course).save_revision().publish()
    assert queued("purge_course_task") == []
    assert queued("build_outlines_task") == [[str(course.translation_key)]]


@pytest.mark.django_db
def test_without_the_app_nothing_of_ours_runs(course, recorder, committed, queued, monkeypatch):
    """A site without the app: the registry says so (replacing INSTALLED_APPS itself would
    build every URL configuration again)."""
    from django.apps import apps

    assert any("cdn" in uid for *_, uid in _all_connections())
    installed = apps.is_installed
    monkeypatch.setattr(
        apps,
        "is_installed",
        lambda name: name != "wagtail.contrib.frontend_cache" and installed(name),
    )
    assert not any("cdn" in uid for *_, uid in _all_connections())
    with committed():
        first_lesson(course).save_revision().publish()
    assert queued("purge_course_task") == []
    assert queued("build_outlines_task") == [[str(course.translation_key)]]
