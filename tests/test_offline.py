"""Reading offline, as the server sends it: the course's service worker, the list of pages it
saves, the controls on the course page, and the setting that turns it all off.

The browser tests (tests/browser/test_offline.py) check the worker at work.
"""

import json

import pytest

from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, ResourcesPage, SessionPage
from wagtail_peersupport.sample import make_course

from .test_performance import COLD_LIMIT, queries_for

STATIC = [
    "/static/wagtail_peersupport/css/peersupport.css",
    "/static/wagtail_peersupport/js/peersupport.js",
]


def text(tag):
    return " ".join(tag.get_text(" ", strip=True).split())


def worker_settings(response):
    """The settings the worker route puts above the script, and the script."""
    first, _, script = response.content.decode().partition("\n")
    assert first.startswith("var PS = ") and first.endswith(";")
    return json.loads(first[len("var PS = ") : -1]), script


def every_page(course):
    """The course's course, session, lesson and resources pages."""
    session = SessionPage.objects.descendant_of(course).first()
    return {
        "course": course.url,
        "session": session.url,
        "lesson": LessonPage.objects.descendant_of(course).first().url,
        "resources": ResourcesPage.objects.descendant_of(course).first().url,
        "privacy": course.url + "privacy/",
    }


# The worker -------------------------------------------------------------------------


def test_the_worker_is_javascript_allowed_to_look_after_the_whole_course(course, client):
    response = client.get(course.url + "offline/worker/")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "text/javascript"
    # Served below the course, at offline/worker/, it may still look after all of it.
    assert course.url == "/en/peer-support-training/"
    assert response["Service-Worker-Allowed"] == course.url
    assert response["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in response.headers
    settings, script = worker_settings(response)
    assert settings == {
        "scope": course.url,
        "cache": f"wagtail-peersupport:offline:{course.translation_key}:en",
        "pages": course.url + "offline/pages/",
        "assets": STATIC,
        "max": 200,
    }
    assert "self.onfetch" in script and "import" not in script  # nothing from elsewhere


def test_the_most_pages_kept_is_a_setting(course, client, settings):
    settings.WAGTAIL_PEERSUPPORT_OFFLINE_MAX_PAGES = 25
    assert worker_settings(client.get(course.url + "offline/worker/"))[0]["max"] == 25


def test_each_language_has_its_own_scope_and_cache(course, client, locales):
    translate_course(course, "ar")
    arabic = course.get_translation(locales["ar"])
    response = client.get(arabic.url + "offline/worker/")
    assert response["Service-Worker-Allowed"] == arabic.url == "/ar/peer-support-training/"
    settings, _ = worker_settings(response)
    assert settings["scope"] == arabic.url
    assert settings["cache"] == f"wagtail-peersupport:offline:{course.translation_key}:ar"
    pages = client.get(arabic.url + "offline/pages/").json()["pages"]
    assert pages and all(url.startswith("/ar/") for url in pages)


def test_only_the_course_has_a_worker(course, client):
    session = SessionPage.objects.descendant_of(course).first()
    lesson = LessonPage.objects.descendant_of(session).first()
    for page in (session, lesson):
        assert client.get(page.url + "offline/worker/").status_code == 404
        assert client.get(page.url + "offline/pages/").status_code == 404
    # The course's own routes do not hide its sessions and lessons.
    assert client.get(session.url).status_code == 200
    assert client.get(lesson.url).status_code == 200


# The pages it saves -----------------------------------------------------------------


def test_the_list_names_every_live_page_of_the_course_and_its_files(course, client):
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    lessons[1].unpublish()
    listed = client.get(course.url + "offline/pages/").json()
    live = [page.url for page in course.get_descendants(inclusive=True).live().order_by("path")]
    assert listed["pages"] == [*live, course.url + "privacy/"]
    assert lessons[1].url not in listed["pages"] and lessons[0].url in listed["pages"]
    assert (
        len(listed["pages"]) == 1 + 3 + 5 + 1 + 1
    )  # course, sessions, lessons, resources, privacy
    assert listed["assets"] == STATIC
    # Every page listed is there to be saved.
    for url in listed["pages"]:
        assert client.get(url).status_code == 200, url


def test_the_list_keeps_to_its_language(course, client, locales):
    translate_course(course, "cy")
    welsh = course.get_translation(locales["cy"])
    english = client.get(course.url + "offline/pages/").json()["pages"]
    cymraeg = client.get(welsh.url + "offline/pages/").json()["pages"]
    assert all(url.startswith("/en/") for url in english)
    assert all(url.startswith("/cy/") for url in cymraeg)
    assert len(english) == len(cymraeg)


@pytest.mark.django_db
def test_the_list_costs_the_same_few_queries_for_a_course_of_any_size(
    home, client, django_assert_max_num_queries
):
    from django.core.cache import caches

    small = make_course(home, title="Small course", sessions=2, lessons_per_session=2)
    large = make_course(home, title="Large course", sessions=30, lessons_per_session=8)
    counts = {}
    for name, course in (("small", small), ("large", large)):
        caches["default"].clear()
        cold = queries_for(client, course.url + "offline/pages/")
        warm = queries_for(client, course.url + "offline/pages/")
        counts[name] = (cold, warm)
    assert counts["small"] == counts["large"]
    caches["default"].clear()
    with django_assert_max_num_queries(COLD_LIMIT):  # what any course page may cost cold
        response = client.get(large.url + "offline/pages/")
    assert len(response.json()["pages"]) == 1 + 30 + 30 * 8 + 1 + 1


# The controls, and the setting ------------------------------------------------------


def test_the_course_page_offers_to_save_the_course(course, get_soup):
    soup = get_soup(course)
    box = soup.select_one("[data-ps-offline-box]")
    assert box.has_attr("hidden")  # shown by the script once the worker is there
    assert text(box.find("h2")) == "Reading offline"
    buttons = [(text(b), b["data-ps-offline-job"]) for b in box.find_all("button")]
    assert buttons == [
        ("Save this course to read offline", "save"),
        ("Remove the offline copy", "remove"),
    ]
    assert box.find(attrs={"role": "status"}) is not None
    assert box["data-ps-saved"] == "Pages saved for reading offline: [pages] ([size] MB)."
    for name in ("saving", "failed", "removed"):
        assert box[f"data-ps-{name}"]
    # Beside the privacy controls, which remove the saved copy too.
    assert box.find_next("section")["class"] == ["ps-privacy"]


def test_every_course_page_registers_the_course_worker(course, get_soup):
    for kind, url in every_page(course).items():
        layout = get_soup(url).select_one(".ps-course-layout")
        assert layout["data-ps-offline"] == course.url + "offline/worker/", kind
        assert layout["data-ps-offline-scope"] == course.url, kind


def test_the_privacy_page_says_what_is_saved_and_how_to_remove_it(course, get_soup):
    body = text(get_soup(course.url + "privacy/").find("main"))
    assert "so that you can read them again with no internet connection" in body
    assert "any copy of the course saved for reading offline" in body


def test_reading_offline_can_be_turned_off(course, client, get_soup, settings):
    get_soup(course)  # cached with reading offline on
    settings.WAGTAIL_PEERSUPPORT_OFFLINE = False
    assert client.get(course.url + "offline/worker/").status_code == 404
    assert client.get(course.url + "offline/pages/").status_code == 404
    for kind, url in every_page(course).items():
        soup = get_soup(url)
        assert soup.select("[data-ps-offline-box], [data-ps-offline-scope]") == [], kind
        # An empty address tells the script to remove a worker registered before.
        assert soup.select_one(".ps-course-layout")["data-ps-offline"] == "", kind
    body = text(get_soup(course.url + "privacy/").find("main"))
    assert "read them again with no internet connection" not in body
