"""Searching the course: what is indexed, the course's search page, and the admin's search.

Queries are whole words, so that the tests hold with SQLite's full-text index and with
PostgreSQL's (CI), which stems words but never matches part of one.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from tests import test_example_site, translating
from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import CoursePage, LessonPage, SessionPage
from wagtail_peersupport.sample import make_course
from wagtail_peersupport.search import MAX_QUERY_LENGTH, search_course

pytestmark = pytest.mark.django_db
admin_client = translating.admin_client
example_site = test_example_site.example_site

HISTORY = "How the recovery approach developed"
STORY = "Activity 1: Personal story of recovery"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run code as if its transaction committed: wagtail-localize publishes translations then."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def search_page(client, course, query, status=200, **params):
    response = client.get(course.url + "search/", {"q": query, **params})
    assert response.status_code == status
    return response, BeautifulSoup(response.content, "html.parser")


def result_titles(soup):
    return [li.find("h3").get_text(strip=True) for li in soup.select(".ps-search-result")]


def lesson_of(course, slug):
    return LessonPage.objects.descendant_of(course).get(slug=slug)


def found(course, query):
    return [page.title for page in search_course(course, query)]


# Each kind of block holds a word no other block (nor the sample course) has.
EVERY_BLOCK = [
    {"type": "heading", "value": {"text": "Lighthouse keepers", "level": "h2"}},
    {"type": "paragraph", "value": "<p>A jar of <b>marmalade</b> on the table.</p>"},
    {
        "type": "key_points",
        "value": {"lead_in": "Think of a kestrel.", "points": ["A pinecone falls."]},
    },
    {
        "type": "callout",
        "value": {"kind": "information", "heading": "Lantern", "text": "<p>The harbour.</p>"},
    },
    {
        "type": "recovery_story",
        "value": {
            "title": "Sunflower days",
            "story": "<p>I walked the cobblestone street every morning.</p>",
            "narrator_type": "named",
            "narrator_name": "Rosalind",
            "source_title": "The Gazette",
            "consent_confirmed": True,
        },
    },
    {
        "type": "reflection_prompt",
        "value": {
            "heading": "Reflection",
            "introduction": "Picture a meadow.",
            "questions": ["What does a tangerine taste like?"],
        },
    },
    {"type": "content_warning", "value": {"topics": ["suicide"], "note": "A thunderstorm."}},
    {
        "type": "assessment_task",
        "value": {"title": "Portfolio task", "brief": "<p>Paint a watercolour.</p>"},
    },
    {
        "type": "knowledge_check",
        "value": {
            "heading": "Check",
            "introduction": "",
            "questions": [
                {
                    "question": "Where is the glacier?",
                    "kind": "single",
                    "options": [
                        {"text": "Near a volcano", "correct": True, "feedback": "An archipelago."},
                        {"text": "Nowhere", "correct": False, "feedback": ""},
                    ],
                    "explanation": "Around the equator.",
                }
            ],
        },
    },
    {
        "type": "research_finding",
        "value": {
            "study": "Orchard study",
            "summary": "<p>A longitudinal look.</p>",
            "figures": [{"figure": "68%", "measure": "took up carpentry"}],
            "citation": "Harding et al 1987",
        },
    },
    {
        "type": "resource_list",
        "value": {
            "heading": "Bookshelf",
            "introduction": "",
            "items": [
                {
                    "title": "Almanac",
                    "description": "Look through a telescope.",
                    "kind": "website",
                    "url": "https://example.org/",
                }
            ],
        },
    },
    {
        "type": "video",
        "value": {
            "url": "https://www.youtube.com/watch?v=abc123",
            "title": "Documentary",
            "transcript": "<p>A saxophone plays.</p>",
        },
    },
]

BLOCK_WORDS = {
    "heading": "Lighthouse",
    "paragraph": "marmalade",
    "key points lead-in": "kestrel",
    "key point": "pinecone",
    "callout heading": "Lantern",
    "callout text": "harbour",
    "story title": "Sunflower",
    "story text": "cobblestone",
    "named narrator": "Rosalind",
    "story source": "Gazette",
    "reflection introduction": "meadow",
    "reflection question": "tangerine",
    "content warning note": "thunderstorm",
    "assessment task title": "Portfolio",
    "assessment brief": "watercolour",
    "knowledge check question": "glacier",
    "knowledge check answer": "volcano",
    "knowledge check feedback": "archipelago",
    "knowledge check explanation": "equator",
    "research study": "Orchard",
    "research summary": "longitudinal",
    "research figure": "carpentry",
    "research citation": "Harding",
    "resource list heading": "Bookshelf",
    "resource title": "Almanac",
    "resource description": "telescope",
    "video title": "Documentary",
    "video transcript": "saxophone",
}


def add_lesson(session, title, body, publish=True):
    lesson = session.add_child(instance=LessonPage(title=title, body=json.dumps(body), live=False))
    revision = lesson.save_revision()
    if publish:
        revision.publish()
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def block_lesson(course):
    session = course.get_children().first().specific
    return add_lesson(session, "Every kind of block", EVERY_BLOCK)


@pytest.fixture
def anonymous_lesson(course):
    session = course.get_children().first().specific
    story = {
        "type": "recovery_story",
        "value": {
            "title": "Quiet mornings",
            "story": "<p>The kettle whistled while I watched the sparrows.</p>",
            "narrator_type": "anonymous",
            # A name left behind when the story was made anonymous: never to be shown.
            "narrator_name": "Bartholomew",
            "consent_confirmed": True,
        },
    }
    return add_lesson(session, "An anonymous story", [story])


# Indexing


def test_shipped_course_lessons_are_found_by_a_phrase_from_their_story(shipped_course):
    assert found(shipped_course, "hospitalized in Texas") == [STORY]
    assert HISTORY in found(shipped_course, "historical influences")


@pytest.mark.parametrize(("where", "word"), BLOCK_WORDS.items())
def test_a_word_from_each_kind_of_block_is_found(block_lesson, course, client, where, word):
    assert found(course, word) == ["Every kind of block"], where
    _response, soup = search_page(client, course, word)
    assert result_titles(soup) == ["Every kind of block"], where


def test_an_anonymous_narrators_name_is_not_indexed(anonymous_lesson, course, client):
    assert found(course, "sparrows") == ["An anonymous story"]
    assert found(course, "Bartholomew") == []
    _response, soup = search_page(client, course, "Bartholomew")
    assert result_titles(soup) == []
    content = " ".join(
        LessonPage._meta.get_field("body").get_searchable_content(anonymous_lesson.body)
    )
    assert "Bartholomew" not in content


def test_nothing_only_editors_see_is_indexed(block_lesson, anonymous_lesson):
    texts = []
    for lesson in (block_lesson, anonymous_lesson):
        texts += LessonPage._meta.get_field("body").get_searchable_content(lesson.body)
    content = " ".join(str(text) for text in texts)
    for editors_only in (
        "agreed",  # the consent flag's label
        "True",
        "Their name",  # how a narrator chose to be credited, as editors see it
        "Anonymous",
        "Section heading",  # a heading's level
        "One right answer",  # a knowledge check's kind of question
        "https://",  # links
    ):
        assert editors_only not in content, editors_only
    # What visitors do see of a story is there: the warnings' names too.
    assert "Rosalind" in content
    assert "Suicide" in content


def test_drafts_and_private_pages_are_not_found(course, client):
    session = course.get_children().first().specific
    add_lesson(
        session, "A draft lesson", [{"type": "paragraph", "value": "<p>Gooseberry.</p>"}], False
    )
    published = add_lesson(
        session, "Published lesson", [{"type": "paragraph", "value": "<p>Raspberry.</p>"}]
    )
    # A change saved as a draft of a live page is not found until it is published.
    published.body = json.dumps([{"type": "paragraph", "value": "<p>Blackcurrant.</p>"}])
    published.save_revision()
    private_session = course.get_children().type(SessionPage).last().specific
    add_lesson(
        private_session,
        "Private lesson",
        [{"type": "paragraph", "value": "<p>Elderberry.</p>"}],
    )
    PageViewRestriction.objects.create(
        page=private_session, restriction_type=PageViewRestriction.LOGIN
    )
    group_session = course.get_children().type(SessionPage).first().specific
    restricted = PageViewRestriction.objects.create(
        page=add_lesson(
            group_session, "Group lesson", [{"type": "paragraph", "value": "<p>Cloudberry.</p>"}]
        ),
        restriction_type=PageViewRestriction.GROUPS,
    )
    restricted.groups.add(Group.objects.create(name="Tutors"))

    assert found(course, "Raspberry") == ["Published lesson"]
    for hidden in ("Gooseberry", "Blackcurrant", "Elderberry", "Cloudberry"):
        assert found(course, hidden) == [], hidden
        _response, soup = search_page(client, course, hidden)
        assert result_titles(soup) == [], hidden
        assert soup.select_one("[role=status]").get_text(strip=True) == f"No results for “{hidden}”"


def test_pages_of_another_course_are_not_found(home, shipped_course):
    other = make_course(home, title="Another course", sessions=1, lessons_per_session=1)
    assert other.pk != shipped_course.pk
    assert found(other, "Texas") == []
    assert found(shipped_course, "Texas") == [STORY]


def test_the_loaded_and_translated_course_is_found_in_its_own_language(
    shipped_course, locales, client, committed
):
    english_lesson = lesson_of(shipped_course, "activity-1-personal-story-of-recovery")
    with committed():
        translate_course(shipped_course, "cy")
    translating.translate_string(
        english_lesson,
        locales["cy"],
        "Pan oeddwn yn chwech ar hugain oed, euthum i'r ysbyty yn Nhecsas.",
        data__contains="Texas",
    )
    with committed():
        translate_course(shipped_course, "cy")
    welsh_course = shipped_course.get_translation(locales["cy"])
    welsh_lesson = english_lesson.get_translation(locales["cy"])

    assert found(welsh_course, "Nhecsas") == [welsh_lesson.title]
    assert found(shipped_course, "Nhecsas") == []
    assert found(welsh_course, "Texas") == []
    # Untranslated text shows (and is found) in English on the Welsh pages, in Welsh only.
    english_history = lesson_of(shipped_course, "how-the-recovery-approach-developed")
    assert [p.pk for p in search_course(welsh_course, "historical influences")] == [
        english_history.get_translation(locales["cy"]).pk
    ]
    assert all(p.locale_id == locales["cy"].pk for p in search_course(welsh_course, "recovery"))

    _response, soup = search_page(client, welsh_course, "Nhecsas")
    assert soup.html["lang"] == "cy"
    [link] = soup.select(".ps-search-result a")
    assert link["href"] == welsh_lesson.url
    _response, soup = search_page(client, shipped_course, "Nhecsas")
    assert result_titles(soup) == []


def test_choice_names_are_indexed_in_the_pages_language(shipped_course, locales, committed):
    with committed():
        translate_course(shipped_course, "cy")
    welsh_course = shipped_course.get_translation(locales["cy"])
    # The story's content warning, "Hospitalisation", as Welsh visitors read it.
    welsh = LessonPage.objects.get(
        slug="activity-1-personal-story-of-recovery", locale=locales["cy"]
    )
    assert [p.pk for p in search_course(welsh_course, "ysbyty")] == [welsh.pk]
    assert found(shipped_course, "ysbyty") == []


# The course's search page


def test_search_page_lists_results_with_their_session_and_a_snippet(shipped_course, client):
    response, soup = search_page(client, shipped_course, "hospitalized Texas")
    assert result_titles(soup) == [STORY]
    [result] = soup.select(".ps-search-result")
    lesson = lesson_of(shipped_course, "activity-1-personal-story-of-recovery")
    assert result.find("a")["href"] == lesson.url
    assert result.select_one(".ps-search-result__session").get_text(strip=True) == (
        "In session 3: Personal Recovery"
    )
    snippet = result.select_one(".ps-search-result__snippet")
    assert "was hospitalized in Texas" in snippet.get_text()
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["hospitalized", "Texas"]
    assert soup.title.get_text(strip=True).startswith("1 result for “hospitalized Texas”")


def test_search_page_is_accessible(shipped_course, client):
    _response, soup = search_page(client, shipped_course, "recovery")
    main = soup.find("main")
    [h1] = main.find_all("h1")
    assert h1.get_text(strip=True) == "Search this course"
    form = main.find("form", role="search")
    field = form.find("input", attrs={"name": "q"})
    label = form.find("label", attrs={"for": field["id"]})
    assert label.get_text(strip=True) == "Search this course"
    assert field["type"] == "search"
    assert field["value"] == "recovery"
    heading = main.find("h2", id="ps-search-results-heading")
    assert heading.get_text(strip=True) == "Results"
    status = main.select_one("[role=status]")
    count = int(status.get_text().split()[0])
    assert status.get_text(strip=True) == f"{count} results for “recovery”"
    assert count == len(list(search_course(shipped_course, "recovery")))
    # Each result is an item of an ordered list, its title a heading below the results'.
    items = main.select("ol.ps-search-results__list > li")
    assert items and all(item.find("h3").find("a")["href"] for item in items)
    # Ids are unique: the page has one search box, not the bar's as well.
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert len(soup.find_all("form", role="search")) == 1


def test_an_empty_search_shows_the_form_only(shipped_course, client):
    _response, soup = search_page(client, shipped_course, "")
    assert soup.find("input", attrs={"name": "q"})["value"] == ""
    assert soup.select(".ps-search-results") == []


def test_no_results_says_so(shipped_course, client):
    _response, soup = search_page(client, shipped_course, "xylophone")
    assert soup.select_one("[role=status]").get_text(strip=True) == "No results for “xylophone”"
    assert soup.select(".ps-search-result") == []
    assert soup.title.get_text(strip=True).startswith("0 results for “xylophone”")


def test_results_are_paginated(shipped_course, client, monkeypatch):
    monkeypatch.setattr(CoursePage, "search_results_per_page", 3)
    total = len(list(search_course(shipped_course, "recovery")))
    assert total > 6
    _response, first = search_page(client, shipped_course, "recovery")
    _response, second = search_page(client, shipped_course, "recovery", page=2)
    assert len(result_titles(first)) == len(result_titles(second)) == 3
    assert not set(result_titles(first)) & set(result_titles(second))
    assert second.select_one("ol.ps-search-results__list")["start"] == "4"
    pager = first.find("nav", attrs={"aria-label": "Pages of results"})
    assert pager.find("a", rel="next")["href"] == "?q=recovery&page=2"
    # A page number past the end shows the last page rather than an error.
    _response, last = search_page(client, shipped_course, "recovery", page=999)
    assert result_titles(last)


def test_a_long_query_is_cut(shipped_course, client):
    query = "Texas " * 100
    _response, soup = search_page(client, shipped_course, query)
    field = soup.find("main").find("input", attrs={"name": "q"})
    assert len(field["value"]) <= MAX_QUERY_LENGTH
    assert field["maxlength"] == str(MAX_QUERY_LENGTH)
    assert "Only the first 200 characters" in soup.select_one(".ps-search-results__note").text
    assert result_titles(soup) == [STORY]


def test_search_results_are_never_cached(shipped_course, client):
    response, soup = search_page(client, shipped_course, "Texas")
    assert result_titles(soup) == [STORY]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    _response, soup = search_page(client, shipped_course, "historical influences")
    assert result_titles(soup) == [HISTORY]
    _response, soup = search_page(client, shipped_course, "Texas")
    assert result_titles(soup) == [STORY]
    # None of the search pages was kept in the page-HTML cache; the course page is.
    assert page_html_keys() == []
    client.get(shipped_course.url)
    assert len(page_html_keys()) == 1


def page_html_keys():
    return [key for key in caches["default"]._cache if ":page-html:" in key]


def test_a_new_lesson_is_found_at_once(course, client):
    _response, soup = search_page(client, course, "Raspberry")
    assert result_titles(soup) == []
    add_lesson(
        course.get_children().first().specific,
        "Fruit",
        [{"type": "paragraph", "value": "<p>Raspberry.</p>"}],
    )
    _response, soup = search_page(client, course, "Raspberry")
    assert result_titles(soup) == ["Fruit"]


def test_course_pages_have_a_search_box(shipped_course, get_soup):
    lesson = lesson_of(shipped_course, "activity-1-personal-story-of-recovery")
    for page in (shipped_course, lesson):
        soup = get_soup(page)
        form = soup.select_one(".ps-search-bar form[role=search]")
        assert form["action"] == shipped_course.url + "search/"
        field = form.find("input", attrs={"name": "q"})
        assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True) == (
            "Search this course"
        )
        assert field["value"] == ""


def test_a_draft_course_has_no_search_page(course, client):
    course.unpublish()
    assert client.get(course.url + "search/?q=recovery").status_code == 404


# Wagtail's admin


def test_admin_search_finds_a_lesson_by_a_phrase_from_its_story(shipped_course, admin_client):
    response = admin_client.get("/admin/pages/search/", {"q": "hospitalized in Texas"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    assert STORY in text
    assert HISTORY not in text
    response = admin_client.get("/admin/pages/search/", {"q": "historical influences"})
    assert HISTORY in " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_admin_search_needs_a_user_who_may_edit_pages(shipped_course, client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("visitor", "visitor@example.org", "pw")
    client.force_login(user)
    response = client.get("/admin/pages/search/", {"q": "Texas"})
    assert response.status_code == 302
    assert STORY not in response.content.decode()


# The example site


def test_example_sites_search_finds_a_lesson_by_a_phrase_from_its_story(example_site):
    example_site("setup_demo")
    visit = (
        "from django.test import Client\n"
        "response = Client().get('/en/search/', {'query': 'hospitalized in Texas'})\n"
        "print(response.status_code)\n"
        "print(response.content.decode())\n"
    )
    status, html = example_site("shell", "--no-imports", "-c", visit).split("\n", 1)
    assert status == "200"
    soup = BeautifulSoup(html, "html.parser")
    assert [h2.get_text(strip=True) for h2 in soup.select("main li h2")] == [STORY]
    form = soup.find("form", role="search")
    field = form.find("input", attrs={"name": "query"})
    assert form.find("label", attrs={"for": field["id"]})
    assert field["value"] == "hospitalized in Texas"
    assert "hospitalized" in soup.find("main").find("mark").get_text()
