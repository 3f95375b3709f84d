"""What a visitor sees on each page type of a course."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page

from tests.testapp.models import FacilitatedLessonPage
from wagtail_peersupport.models import CoursePage, LessonPage, ResourcesPage, SessionPage

from .conftest import children

pytestmark = pytest.mark.django_db


def text(tag):
    return " ".join(tag.get_text(" ", strip=True).split())


def test_course_page_shows_numbered_outline_with_aims_and_lessons(course, get_soup):
    soup = get_soup(course)

    assert text(soup.find("h1")) == "Peer Support Training"
    outline = soup.find("section", class_="ps-outline--full")
    assert text(outline.find("h2")) == "Course content"
    sessions = outline.select("ol.ps-outline__sessions > li")
    assert [text(li.find("h3")) for li in sessions] == [
        "Session 1 Session title 1",
        "Session 2 Session title 2",
        "Session 3 Session title 3",
    ]
    assert [text(li.find("p", class_="ps-outline__aim")) for li in sessions] == [
        "The aim of session 1.",
        "The aim of session 2.",
        "The aim of session 3.",
    ]
    assert [text(a) for a in sessions[1].select("ul.ps-outline__lessons a")] == [
        "Lesson 2.1",
        "Lesson 2.2",
    ]
    assert soup.find("a", string="Useful resources")["href"].endswith("/resources/")


def test_course_page_shows_what_the_course_is_and_who_it_is_for(course, get_soup):
    soup = get_soup(course)
    about = soup.find("section", class_="ps-course-about")
    assert [text(h) for h in about.find_all("h3")] == [
        "Who it is for",
        "What you will be able to do",
        "How long it takes",
    ]
    assert [text(li) for li in about.select("ul.ps-outcomes li")] == [
        "Explain the recovery approach."
    ]
    assert "3 sessions" in text(about)


def test_session_numbers_follow_tree_order_after_a_move(course, get_soup):
    first, second, third = children(course)[:3]
    third.move(course, pos="first-child")

    soup = get_soup(course)
    titles = [text(a) for a in soup.select(".ps-outline__session-title a")]
    assert titles == ["Session title 3", "Session title 1", "Session title 2"]
    moved = SessionPage.objects.get(pk=third.pk)
    assert text(get_soup(moved).find("p", class_="ps-page__kicker")) == "Session 1 of 3"
    assert SessionPage.objects.get(pk=second.pk).number == 3


def test_unpublished_pages_are_left_out_of_the_outline(course, get_soup):
    session = children(course)[0]
    children(session)[0].unpublish()
    soup = get_soup(course)
    lessons = [text(a) for a in soup.select(".ps-outline__lessons a")]
    assert "Lesson 1.1" not in lessons and "Lesson 1.2" in lessons


def test_session_page_shows_aim_body_and_its_lessons(course, get_soup):
    session = children(course)[1]
    soup = get_soup(session)
    main = soup.find("main")
    assert text(main.find("h1")) == "Session title 2"
    assert text(main.find("p", class_="ps-session-page__aim")) == "The aim of session 2."
    assert [text(a) for a in main.select(".ps-session-lessons__list a")] == [
        "Lesson 2.1",
        "Lesson 2.2",
    ]
    current = soup.find("nav", class_="ps-outline--sidebar").find(attrs={"aria-current": "page"})
    assert "Session title 2" in text(current)


def test_lesson_page_renders_body_blocks_in_order(course, get_soup):
    lesson = children(children(course)[0])[0]
    soup = get_soup(lesson)
    body = soup.find("div", class_="ps-body")
    kinds = [el.get("class")[0] for el in body.find_all(recursive=False)]
    assert kinds == [
        "ps-heading",
        "ps-rich-text",
        "ps-key-points",
        "ps-finding",
        "ps-story",
        "ps-reflection",
    ]
    assert body.find("figure", class_="ps-story").find("blockquote") is not None
    assert [text(li) for li in body.select("section.ps-reflection ol li .ps-reflection__text")] == [
        "How did it feel to read this recovery story?",
        "Why are personal stories so powerful?",
    ]


def test_previous_and_next_cross_session_boundaries(course, get_soup):
    session_one, session_two = children(course)[:2]
    last_of_one = children(session_one)[-1]
    first_of_two = children(session_two)[0]

    pager = get_soup(last_of_one).find("nav", class_="ps-pager")
    assert text(pager.find("a", rel="next")) == "Next lesson Lesson 2.1"
    assert pager.find("a", rel="next")["href"] == first_of_two.url

    pager = get_soup(first_of_two).find("nav", class_="ps-pager")
    assert pager.find("a", rel="prev")["href"] == last_of_one.url


def test_first_and_last_lessons_have_one_neighbour(course, get_soup):
    sessions = [s for s in children(course) if isinstance(s, SessionPage)]
    first = children(sessions[0])[0]
    last = children(sessions[-1])[-1]
    assert get_soup(first).find("nav", class_="ps-pager").find("a", rel="prev") is None
    pager = get_soup(last).find("nav", class_="ps-pager")
    assert pager.find("a", rel="next") is None
    assert pager.find("a", rel="prev") is not None


def test_lesson_without_exercise_files_says_so(course, get_soup):
    lesson = LessonPage.objects.first()
    section = get_soup(lesson).find("section", class_="ps-exercise-files")
    assert text(section.find("h2")) == "Exercise files"
    assert text(section.find("p", class_="ps-empty")) == "This lesson has no exercise files."


def test_lesson_lists_exercise_files_with_type_and_size(course, get_soup):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Recovery workbook", file=ContentFile(b"x" * 2048, name="workbook.pdf")
    )
    lesson = LessonPage.objects.first()
    lesson.exercise_files = [{"type": "file", "value": {"document": document.pk, "title": ""}}]
    lesson.save_revision().publish()

    section = get_soup(lesson).find("section", class_="ps-exercise-files")
    link = section.select_one("li.ps-exercise-file a")
    assert text(link) == "Recovery workbook"
    assert link["href"] == document.url
    assert text(section.find("span", class_="ps-exercise-file__meta")) == "(PDF document, 2.0 KB)"
    assert section.find("p", class_="ps-empty") is None


def test_resources_page_lists_resources(course, get_soup):
    resources = ResourcesPage.objects.get()
    soup = get_soup(resources)
    item = soup.select_one("section.ps-resources li.ps-resource")
    assert text(item.find("h3")) == "Scottish Recovery Network"
    assert item.find("a")["href"] == "https://www.scottishrecovery.net/"
    assert text(item.find("span", class_="ps-resource__kind")) == "Website"


@pytest.mark.parametrize("model", [CoursePage, SessionPage, LessonPage, ResourcesPage])
def test_pages_render_inside_the_host_sites_base_template(course, get_soup, model):
    soup = get_soup(model.objects.first())
    assert soup.find("header", id="charity-header") is not None
    assert soup.find("footer", id="charity-footer") is not None
    assert len(soup.find_all("h1")) == 1
    assert len(soup.find_all("main")) == 1
    stylesheet = soup.find("link", rel="stylesheet")
    assert stylesheet["href"] == "/static/wagtail_peersupport/css/peersupport.css"
    # One script, from the site's own static files: nothing inline, nothing from elsewhere.
    scripts = soup.find_all("script")
    assert [script.get("src") for script in scripts] == [
        "/static/wagtail_peersupport/js/peersupport.js"
    ]
    assert all(not script.string for script in scripts)
    assert not [
        tag.name for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)
    ]


def test_title_names_page_and_course(course, get_soup):
    lesson = LessonPage.objects.first()
    assert text(get_soup(lesson).find("title")) == (
        "Lesson 1.1 · Peer Support Training | Test charity"
    )


def test_stylesheet_can_be_left_out(course, get_soup, settings):
    settings.WAGTAIL_PEERSUPPORT_INCLUDE_CSS = False
    soup = get_soup(course)
    assert soup.find("link", href="/static/wagtail_peersupport/css/peersupport.css") is None


def test_missing_base_template_names_the_setting(course, client, settings):
    settings.WAGTAIL_PEERSUPPORT_BASE_TEMPLATE = "no/such/base.html"
    with pytest.raises(ImproperlyConfigured) as excinfo:
        client.get(course.url)
    message = str(excinfo.value)
    assert "WAGTAIL_PEERSUPPORT_BASE_TEMPLATE" in message
    assert "no/such/base.html" in message


def wagtail_start_base_template(directory):
    """Write the base.html that `wagtail start mysite` creates into ``directory``."""
    import wagtail
    from django.template import Context, Engine

    source = Path(wagtail.__file__).parent / "project_template/project_name/templates/base.html"
    rendered = Engine().from_string(source.read_text()).render(Context({"project_name": "mysite"}))
    (directory / "base.html").write_text(rendered)


def test_site_made_with_wagtail_start_works_unchanged(course, client, settings, tmp_path):
    wagtail_start_base_template(tmp_path)
    del settings.WAGTAIL_PEERSUPPORT_BASE_TEMPLATE  # the default is "base.html"
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    lesson = LessonPage.objects.first()
    soup = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    assert text(soup.find("title")) == "Lesson 1.1 · Peer Support Training"
    assert soup.find("link", href="/static/css/mysite.css") is not None
    assert soup.find("link", href="/static/wagtail_peersupport/css/peersupport.css") is not None
    assert text(soup.find("main").find("h1")) == "Lesson 1.1"


def test_site_subclass_of_lesson_page_takes_part_in_the_course(course, get_soup):
    session = children(course)[0]
    custom = session.add_child(
        instance=FacilitatedLessonPage(
            title="Facilitated lesson", slug="facilitated", facilitator_notes="Bring tea."
        )
    )
    soup = get_soup(custom)
    assert text(soup.find("h1")) == "Facilitated lesson"
    outline = soup.find("nav", class_="ps-outline--sidebar")
    assert text(outline.find(attrs={"aria-current": "page"})) == "Facilitated lesson"
    pager = soup.find("nav", class_="ps-pager")
    assert text(pager.find("a", rel="prev")) == "Previous lesson Lesson 1.2"
    assert Page.objects.get(pk=custom.pk).specific_class is FacilitatedLessonPage


# Routing --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["course", "session"])
def test_a_workbook_is_routed_as_wagtail_routes_sub_pages(course, client, kind):
    """RoutablePageMixin's resolver match is on the request, as Wagtail's templates expect."""
    page = course if kind == "course" else SessionPage.objects.child_of(course).first()
    response = client.get(page.url + "workbook/")
    assert response.status_code == 200
    match = response.wsgi_request.routable_resolver_match
    assert match.url_name == "workbook"
    assert response.context["page"].pk == page.pk


def test_a_lesson_found_by_the_course_routing_knows_its_course_and_parent(course, client):
    lesson = LessonPage.objects.descendant_of(course).order_by("path").last()
    response = client.get(lesson.url)
    assert response.status_code == 200
    page = response.context["page"]
    assert type(page) is LessonPage and page.pk == lesson.pk
    assert page.course.pk == course.pk
    assert page.get_parent().pk == lesson.get_parent().pk


def test_a_path_the_course_does_not_hold_is_not_found(course, client):
    session = SessionPage.objects.child_of(course).first()
    assert client.get(session.url).status_code == 200
    assert client.get(course.url + "no-such-session/").status_code == 404
    assert client.get(session.url + "no-such-lesson/").status_code == 404
