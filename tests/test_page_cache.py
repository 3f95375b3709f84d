"""Course pages in caches: the page-HTML cache, Cache-Control for CDNs, the full-page cache.

Nothing may be served another request's page: keys hold the address and the route,
a site template with a form is never kept, previews and signed-in editors are never
served from the cache or stored in it.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import Client
from wagtail.models import Page

from tests.testapp.models import FacilitatedLessonPage
from wagtail_peersupport.middleware import CACHE_HEADER
from wagtail_peersupport.models import CoursePage, LessonPage, SessionPage
from wagtail_peersupport.sample import make_course

MIDDLEWARE = "wagtail_peersupport.middleware.CoursePageCacheMiddleware"


@pytest.fixture
def full_page_cache(settings):
    """The site's middleware with the full-page cache first, as the README says."""
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    # The layout with Wagtail's userbar, which looks at request.user: Vary: Cookie.
    settings.WAGTAIL_PEERSUPPORT_BASE_TEMPLATE = "charity/userbar_layout.html"


@pytest.fixture
def lesson(course):
    return LessonPage.objects.descendant_of(course).live().order_by("path").first()


def html_keys():
    return [key for key in caches["default"]._cache if ":page-html:" in key]


def full_page_keys():
    return [key for key in caches["default"]._cache if ":full-page:" in key and "cache_page" in key]


def heading(response):
    return BeautifulSoup(response.content, "html.parser").find("h1").get_text(strip=True)


# Cache-Control for browsers and CDNs -------------------------------------------------


def test_an_anonymous_course_page_may_be_kept_by_browsers_and_cdns(client, lesson):
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert not response.cookies


@pytest.mark.parametrize("kind", [CoursePage, SessionPage, LessonPage])
def test_every_kind_of_course_page_is_public_without_a_cookie_or_vary_cookie(
    client, course, full_page_cache, kind
):
    page = kind.objects.descendant_of(course, inclusive=True).live().first()
    response = client.get(page.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies  # no session, no CSRF cookie


def test_without_the_middleware_the_userbar_layout_still_varies_on_the_cookie(
    client, lesson, settings
):
    # Documented: a CDN needs the middleware (or its own rules) to share such pages.
    settings.WAGTAIL_PEERSUPPORT_BASE_TEMPLATE = "charity/userbar_layout.html"
    response = client.get(lesson.url)
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" in response["Vary"]


def test_the_max_age_is_a_setting_and_none_leaves_the_header_to_the_site(client, lesson, settings):
    settings.WAGTAIL_PEERSUPPORT_PUBLIC_MAX_AGE = 3600
    assert client.get(lesson.url)["Cache-Control"] == "public, max-age=3600"
    settings.WAGTAIL_PEERSUPPORT_PUBLIC_MAX_AGE = None
    assert not client.get(lesson.url).has_header("Cache-Control")


def test_a_signed_in_editor_gets_no_public_page(admin_client, lesson, full_page_cache):
    response = admin_client.get(lesson.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert "Cookie" in response["Vary"]  # the userbar is the editor's own
    assert CACHE_HEADER not in response


def test_search_results_stay_private(client, course, full_page_cache):
    url = course.url + course.reverse_subpage("search") + "?q=recovery"
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    assert CACHE_HEADER not in client.get(url)
    assert not full_page_keys()


# The full-page cache -----------------------------------------------------------------


def test_a_second_visitor_is_served_from_the_cache_without_a_query(
    client, lesson, full_page_cache, django_assert_num_queries
):
    first = client.get(lesson.url)
    assert first[CACHE_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(lesson.url)
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=300"
    assert "cookie" not in second.get("Vary", "").lower()


def test_publishing_a_change_shows_at_once(client, course, lesson, full_page_cache):
    other = lesson.get_next_siblings().live().first().specific  # in the lesson's sidebar
    client.get(lesson.url)
    assert client.get(lesson.url)[CACHE_HEADER] == "hit"
    other.title = "Hope and small steps"
    other.save_revision().publish()
    response = client.get(lesson.url)
    assert response[CACHE_HEADER] == "miss"
    assert "Hope and small steps" in response.content.decode()

    other.unpublish()
    response = client.get(lesson.url)
    assert response[CACHE_HEADER] == "miss"
    assert "Hope and small steps" not in response.content.decode()


def test_a_saved_draft_is_not_shown_and_a_preview_is_never_stored(
    client, admin_client, lesson, full_page_cache
):
    client.get(lesson.url)
    lesson.title = "A draft title"
    lesson.save_revision()
    preview = admin_client.get(f"/admin/pages/{lesson.pk}/view_draft/")
    assert preview.status_code == 200
    assert "A draft title" in preview.content.decode()
    assert "public" not in preview.get("Cache-Control", "")
    response = client.get(lesson.url)
    assert response[CACHE_HEADER] == "hit"
    text = response.content.decode()
    assert "A draft title" not in text


def test_a_visitor_with_a_session_cookie_is_never_served_or_stored(
    client, lesson, full_page_cache, settings
):
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone"
    assert CACHE_HEADER not in client.get(lesson.url)
    assert not full_page_keys()
    assert Client().get(lesson.url)[CACHE_HEADER] == "miss"


def test_other_pages_of_the_site_are_left_alone(client, home, full_page_cache):
    response = client.get(home.url)
    assert response.status_code == 200
    assert CACHE_HEADER not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_query_string_and_a_sub_route_each_have_their_own_entry(client, course, full_page_cache):
    workbook = course.url + course.reverse_subpage("workbook")
    privacy = course.url + course.reverse_subpage("privacy")
    pages = {
        course.url: client.get(course.url).content,
        course.url + "?from=newsletter": client.get(course.url + "?from=newsletter").content,
        workbook: client.get(workbook).content,
        privacy: client.get(privacy).content,
    }
    assert len(set(pages.values())) == 3  # the course page, its workbook, its privacy page
    assert len(full_page_keys()) == 4
    for url, content in pages.items():
        response = Client().get(url)
        assert response[CACHE_HEADER] == "hit", url
        assert response.content == content, url
    soup = BeautifulSoup(pages[privacy], "html.parser")
    assert soup.find("h1").get_text(strip=True) != heading(Client().get(course.url))


def test_the_setting_turns_both_page_caches_off(client, lesson, full_page_cache, settings):
    settings.WAGTAIL_PEERSUPPORT_PAGE_CACHE = False
    client.get(lesson.url)
    response = Client().get(lesson.url)
    assert CACHE_HEADER not in response
    assert response["Cache-Control"] == "public, max-age=300"
    assert not html_keys()
    assert not full_page_keys()


# The page-HTML cache -----------------------------------------------------------------


def test_the_page_html_key_holds_the_route_of_a_sub_route(client, course):
    privacy = course.url + course.reverse_subpage("privacy")
    course_page = client.get(course.url).content.decode()
    privacy_page = client.get(privacy).content.decode()
    assert len(html_keys()) == 2
    assert client.get(privacy).content.decode() == privacy_page
    assert client.get(course.url).content.decode() == course_page
    assert privacy_page != course_page


def test_the_page_html_cache_can_be_turned_off(client, lesson, settings):
    settings.WAGTAIL_PEERSUPPORT_PAGE_CACHE = False
    client.get(lesson.url)
    assert not html_keys()
    lesson.title = "Changed without a signal"
    Page.objects.filter(pk=lesson.pk).update(title=lesson.title)
    assert "Changed without a signal" in client.get(lesson.url).content.decode()


# A site's template with a form inside the course's content ---------------------------


FORM_TEMPLATE = """{% extends "wagtail_peersupport/lesson_page.html" %}
{% block peersupport_content %}{{ block.super }}
<form method="post" action="/feedback/" id="feedback">{% csrf_token %}
<label for="said">Tell us what helped</label><textarea id="said" name="said"></textarea>
<button>Send</button></form>{% endblock %}"""


@pytest.fixture
def form_lesson(course, settings, tmp_path):
    folder = tmp_path / "templates" / "testapp"
    folder.mkdir(parents=True)
    (folder / "facilitated_lesson_page.html").write_text(FORM_TEMPLATE)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    session = SessionPage.objects.descendant_of(course).order_by("path").first()
    page = FacilitatedLessonPage(title="Planning a session together", slug="together")
    session.add_child(instance=page)
    page.save_revision().publish()
    return page


def form_token(response):
    field = BeautifulSoup(response.content, "html.parser").find(
        "input", attrs={"name": "csrfmiddlewaretoken"}
    )
    return field["value"]


@pytest.mark.parametrize("full_page", [False, True])
def test_a_site_template_with_a_form_gives_each_visitor_their_own_token(
    form_lesson, settings, full_page
):
    if full_page:
        settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one, two = first.get(form_lesson.url), second.get(form_lesson.url)
    assert one.status_code == two.status_code == 200
    assert form_token(one) != form_token(two)
    for client, response in ((first, one), (second, two)):
        # Each token goes with the visitor's own CSRF cookie, so their form is accepted.
        assert client.cookies["csrftoken"].value
        assert "public" not in response.get("Cache-Control", "")
        assert CACHE_HEADER not in response
    assert not [key for key in html_keys() if f":page-html:{form_lesson.pk}:" in key]
    assert not full_page_keys()
    # Other course pages are still kept.
    other = LessonPage.objects.exclude(pk=form_lesson.pk).live().first()
    first.get(other.url)
    assert html_keys()


def test_another_course_is_a_separate_entry(client, home, full_page_cache):
    one = make_course(home, title="Course one", sessions=1, lessons_per_session=1)
    two = make_course(home, title="Course two", sessions=1, lessons_per_session=1)
    assert heading(client.get(one.url)) == "Course one"
    assert heading(client.get(two.url)) == "Course two"
    assert heading(Client().get(one.url)) == "Course one"


def test_a_changed_support_contact_shows_at_once(client, lesson, full_page_cache, contacts):
    assert "Samaritans" in client.get(lesson.url).content.decode()
    assert client.get(lesson.url)[CACHE_HEADER] == "hit"
    samaritans = contacts[0]
    samaritans.name = "Samaritans Cymru"
    samaritans.save()
    response = client.get(lesson.url)
    assert response[CACHE_HEADER] == "miss"
    assert "Samaritans Cymru" in response.content.decode()
