"""The headless API: course pages and their blocks through Wagtail's API v2."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.translating import translate_string
from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, SessionPage

pytestmark = pytest.mark.django_db

STORY_LESSON = "activity-1-personal-story-of-recovery"
CHECK_LESSON = "how-the-recovery-approach-developed"


@pytest.fixture
def api(client):
    """Fetch ``/api/v2/<path>`` as a visitor and return the decoded JSON."""

    def fetch(path, status=200, headers=None, **params):
        response = client.get(f"/api/v2/{path}", params, headers=headers)
        assert response.status_code == status, (path, response.content[:300])
        return response.json()

    return fetch


def lesson(course, slug):
    return LessonPage.objects.descendant_of(course).get(slug=slug)


def blocks_of(data, block_type):
    return [item["value"] for item in data["body"] if item["type"] == block_type]


def soup(html):
    return BeautifulSoup(html, "html.parser")


def keys_in(data):
    """Every key of every object in a JSON value, however deeply nested."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from keys_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from keys_in(value)


@pytest.fixture
def document():
    return get_document_model().objects.create(
        title="Recovery workbook", file=ContentFile(b"w" * 2345, name="workbook.txt")
    )


@pytest.fixture
def linked_lesson(shipped_course, document):
    """The story lesson with an exercise file, a resource list of each kind of link,
    and text that links a page and the document."""
    page = lesson(shipped_course, STORY_LESSON)
    target = lesson(shipped_course, CHECK_LESSON)
    body = page.body.raw_data
    body.append(
        {
            "type": "paragraph",
            "value": (
                f'<p>Go back to <a linktype="page" id="{target.pk}">the first lesson</a> or '
                f'read <a linktype="document" id="{document.pk}">the workbook</a>.</p>'
            ),
        }
    )
    body.append(
        {
            "type": "resource_list",
            "value": {
                "heading": "More to read",
                "introduction": "",
                "items": [
                    {"title": "Lesson one", "kind": "article", "url": "", "page": target.pk},
                    {"title": "Workbook", "kind": "document", "url": "", "document": document.pk},
                    {"title": "Samaritans", "kind": "helpline", "url": "tel:116123"},
                ],
            },
        }
    )
    page.body = body
    page.exercise_files = [{"type": "file", "value": {"document": document.pk, "title": ""}}]
    page.save_revision().publish()
    return page


def test_lesson_listing_gives_each_lessons_place_in_the_course(shipped_course, api):
    fields = "content_warnings,reading_minutes,number,course,session,next_review_due"
    data = api("pages/", type="wagtail_peersupport.LessonPage", fields=fields)
    lessons = list(LessonPage.objects.descendant_of(shipped_course).live().order_by("path"))
    assert [item["id"] for item in data["items"]] == [page.pk for page in lessons]
    sessions = list(SessionPage.objects.child_of(shipped_course).order_by("path"))
    for item, page in zip(data["items"], lessons, strict=True):
        session = page.get_parent()
        assert item["course"] == {"id": shipped_course.pk, "title": shipped_course.title}
        assert item["session"] == {
            "id": session.pk,
            "number": [s.pk for s in sessions].index(session.pk) + 1,
            "title": session.title,
        }
        assert item["number"] == 1  # each session of the shipped course has one lesson
        assert item["reading_minutes"] == page.reading_minutes > 1
        assert item["content_warnings"] == []
        assert "body" not in item  # the listing gives the fields asked for


def test_recovery_story_gives_what_the_page_shows(shipped_course, api):
    page = lesson(shipped_course, STORY_LESSON)
    data = api(f"pages/{page.pk}/")
    stored = next(b.value for b in page.body if b.block_type == "recovery_story")
    [story] = blocks_of(data, "recovery_story")
    assert story["title"] == stored["title"] == "A personal story of recovery"
    assert soup(story["text"]).get_text() == soup(stored["story"].source).get_text()
    assert len(soup(story["text"]).find_all("p")) == 4
    assert story["narrator"] == {"type": "anonymous", "label": "Anonymous", "name": ""}
    assert story["source"] == {
        "title": "National Alliance on Mental Illness website",
        "url": "https://www.nami.org/",
    }
    assert story["warnings"] == [
        {"key": "hospitalisation", "label": "Hospitalisation"},
        {"key": "police-contact", "label": "Contact with the police"},
    ]
    assert [w["key"] for w in story["warnings"]] == stored["content_warnings"]
    [reflection] = blocks_of(data, "reflection_prompt")
    assert reflection["questions"][0] == "How did it feel to read this recovery story?"


def test_knowledge_check_gives_questions_answers_and_feedback(shipped_course, api):
    page = lesson(shipped_course, CHECK_LESSON)
    data = api(f"pages/{page.pk}/")
    stored = next(b.value for b in page.body if b.block_type == "knowledge_check")
    [check] = blocks_of(data, "knowledge_check")
    assert check["heading"] == stored["heading"]
    assert len(check["questions"]) == len(stored["questions"]) == 3
    for question, value in zip(check["questions"], stored["questions"], strict=True):
        assert question["question"] == value["question"]
        assert question["kind"] == value["kind"]
        assert question["explanation"] == value["explanation"]
        assert question["options"] == [
            {"text": o["text"], "correct": o["correct"], "feedback": o["feedback"]}
            for o in value["options"]
        ]
    assert [q["kind_label"] for q in check["questions"]] == [
        "One or more right answers",
        "One right answer",
        "True or false",
    ]


def test_documents_and_internal_links_are_resolved(
    linked_lesson, shipped_course, document, api, client
):
    target = lesson(shipped_course, CHECK_LESSON)
    data = api(f"pages/{linked_lesson.pk}/")
    document_url = f"http://localhost{document.url}"
    expected_document = {
        "id": document.pk,
        "title": "Recovery workbook",
        "url": document_url,
        "file_type": "txt",
        "file_size": 2345,
    }
    assert data["exercise_files"] == [
        {
            "type": "file",
            "value": {"title": "Recovery workbook", "document": expected_document},
            "id": data["exercise_files"][0]["id"],
        }
    ]
    links = soup(blocks_of(data, "paragraph")[-1]).find_all("a")
    assert [a["href"] for a in links] == [target.url, document.url]
    assert not [a for a in links if a.has_attr("linktype") or a.has_attr("id")]
    [resources] = blocks_of(data, "resource_list")
    page_item, document_item, phone_item = resources["items"]
    assert (
        page_item["url"]
        == target.url
        == "/en/peer-support-training/what-is-recovery/how-the-recovery-approach-developed/"
    )
    assert page_item["page"] == {"id": target.pk, "url": target.url}
    assert document_item["url"] == document_url
    assert document_item["document"] == expected_document
    assert (phone_item["url"], phone_item["kind_label"]) == ("tel:116123", "Helpline")
    # The address given is the document itself.
    download = client.get(document_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"w" * 2345


def test_nothing_only_editors_see_is_given(shipped_course, api):
    SessionPage.objects.descendant_of(shipped_course).update(reviewed_by="Dr Reviewer Name")
    LessonPage.objects.descendant_of(shipped_course).update(reviewed_by="Dr Reviewer Name")
    responses = [
        api("pages/", type=model, fields="*")
        for model in (
            "wagtail_peersupport.CoursePage",
            "wagtail_peersupport.SessionPage",
            "wagtail_peersupport.LessonPage",
            "wagtail_peersupport.ResourcesPage",
        )
    ]
    ids = [item["id"] for response in responses for item in response["items"]]
    responses += [api(f"pages/{pk}/") for pk in ids]
    assert len(ids) == 1 + 11 + 2 + 1
    everything = json.dumps(responses)
    assert "recovery_story" in everything
    found = set(keys_in(responses))
    assert {"warnings", "narrator", "last_reviewed"} <= found
    assert "consent_confirmed" not in found and "consent" not in everything
    assert "reviewed_by" not in found and "Dr Reviewer Name" not in everything


def test_course_gives_its_texts_and_outline(shipped_course, api):
    data = api(f"pages/{shipped_course.pk}/")
    assert data["introduction"] == shipped_course.introduction
    assert soup(data["audience"]).p.get_text().startswith("People with lived experience")
    assert data["learning_outcomes"] == [b.value for b in shipped_course.learning_outcomes]
    assert len(data["learning_outcomes"]) == 5
    assert data["duration"] == "11 sessions"
    sessions = list(SessionPage.objects.child_of(shipped_course).order_by("path"))
    outline = data["outline"]
    assert [(s["id"], s["number"], s["title"], s["aim"]) for s in outline["sessions"]] == [
        (page.pk, number, page.title, page.aim) for number, page in enumerate(sessions, 1)
    ]
    second = outline["sessions"][1]
    assert second["lessons"] == [
        {
            "id": page.pk,
            "number": 1,
            "title": page.title,
            "url": page.url,
        }
        for page in LessonPage.objects.child_of(sessions[1])
    ]
    [resources] = outline["resources"]
    assert resources["title"] == shipped_course.get_children().last().title


def test_session_gives_its_aim_number_and_lessons(shipped_course, api):
    session = SessionPage.objects.child_of(shipped_course).get(slug="personal-recovery")
    session.content_warnings = ["trauma", "self-harm"]
    session.save_revision().publish()
    data = api(f"pages/{session.pk}/")
    assert data["aim"] == session.aim
    assert data["number"] == 3
    assert data["course"]["id"] == shipped_course.pk
    assert [x["title"] for x in data["lessons"]] == ["Activity 1: Personal story of recovery"]
    # In the list's order, not the order they were ticked.
    assert data["content_warnings"] == [
        {"key": "self-harm", "label": "Self-harm"},
        {"key": "trauma", "label": "Trauma"},
    ]
    assert data["body"] == []


def test_resources_page_gives_its_lists(shipped_course, api):
    page = shipped_course.get_children().last().specific
    data = api(f"pages/{page.pk}/")
    assert data["course"] == {"id": shipped_course.pk, "title": shipped_course.title}
    stored = [b.value for b in page.body if b.block_type == "resource_list"]
    lists = blocks_of(data, "resource_list")
    assert [x["heading"] for x in lists] == [value["heading"] for value in stored]
    items = [item for x in lists for item in x["items"]]
    assert len(items) == 3
    assert {item["kind_label"] for item in items} == {"Discussion paper", "Website", "Article"}
    assert all(item["url"].startswith("https://") for item in items)
    assert all(item["page"] is None and item["document"] is None for item in items)


def test_review_dates_follow_the_setting(shipped_course, api, settings):
    page = lesson(shipped_course, STORY_LESSON)
    LessonPage.objects.filter(pk=page.pk).update(
        last_reviewed="2026-03-01", next_review_due="2027-03-01"
    )
    data = api(f"pages/{page.pk}/")
    assert (data["last_reviewed"], data["next_review_due"]) == ("2026-03-01", "2027-03-01")
    settings.WAGTAIL_PEERSUPPORT_SHOW_REVIEW_DATES = False
    data = api(f"pages/{page.pk}/")
    assert (data["last_reviewed"], data["next_review_due"]) == (None, None)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run code as if its transaction committed: wagtail-localize publishes translations then."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


WELSH_TITLE = "Stori bersonol am adferiad"


def test_welsh_translation_is_given_in_welsh(shipped_course, locales, api, committed):
    page = lesson(shipped_course, STORY_LESSON)
    with committed():
        translate_course(shipped_course, "cy")
    translate_string(page, locales["cy"], WELSH_TITLE, data="A personal story of recovery")
    with committed():
        translate_course(shipped_course, "cy")
    welsh = page.get_translation(locales["cy"])
    data = api(f"pages/{welsh.pk}/")
    assert data["meta"]["locale"] == "cy"
    [story] = blocks_of(data, "recovery_story")
    assert story["title"] == WELSH_TITLE
    assert story["narrator"]["label"] == "Dienw"
    assert [w["label"] for w in story["warnings"]] == ["Derbyn i'r ysbyty", "Cyswllt â'r heddlu"]
    assert data["session"]["id"] == welsh.get_parent().pk
    # Whatever language the request asks for, each page speaks its own.
    english = api(f"pages/{page.pk}/", headers={"accept-language": "cy"})
    assert blocks_of(english, "recovery_story")[0]["narrator"]["label"] == "Anonymous"
    listing = api("pages/", locale="cy", type="wagtail_peersupport.LessonPage", fields="body")
    titles = [
        story["title"] for item in listing["items"] for story in blocks_of(item, "recovery_story")
    ]
    assert titles == [WELSH_TITLE]


def test_lesson_detail_takes_a_bounded_number_of_queries(
    linked_lesson, document, api, django_assert_max_num_queries
):
    api(f"pages/{linked_lesson.pk}/")  # the outline and the site are cached from here on
    # Wagtail's own work for a page's detail (the page, its parent, the site, view
    # restrictions) and one query for each kind of thing the blocks link to.
    with django_assert_max_num_queries(20) as first:
        api(f"pages/{linked_lesson.pk}/")
    queries = len(first)
    resources = next(b for b in linked_lesson.body.raw_data if b["type"] == "resource_list")
    linked_lesson.body = list(linked_lesson.body.raw_data) + [resources] * 4
    linked_lesson.exercise_files = list(linked_lesson.exercise_files.raw_data) * 5
    linked_lesson.save_revision().publish()
    api(f"pages/{linked_lesson.pk}/")
    # Links to pages and documents are read together, however many blocks hold them.
    with django_assert_max_num_queries(queries) as second:
        data = api(f"pages/{linked_lesson.pk}/")
    assert len(blocks_of(data, "resource_list")) == 5
    assert len(data["exercise_files"]) == 5
    assert len(second) == queries > 0


def test_content_that_bypassed_the_editor_is_cleaned(shipped_course, api):
    """Rich text and links written straight to the database come out as the page shows them."""
    page = lesson(shipped_course, STORY_LESSON)
    body = list(page.body.raw_data)
    story = next(b for b in body if b["type"] == "recovery_story")
    story["value"]["source_url"] = "javascript:alert(1)"
    story["value"]["story"] = '<p onclick="alert(1)">Hello<script>alert(2)</script></p>'
    body.append({"type": "paragraph", "value": '<p>Hi <img src="x" onerror="alert(3)"></p>'})
    page.body = body
    LessonPage.objects.filter(pk=page.pk).update(body=page.body)
    type(shipped_course).objects.filter(pk=shipped_course.pk).update(
        introduction='<p>Welcome<style>p{}</style><a href="javascript:alert(4)">here</a></p>'
    )
    data = api(f"pages/{page.pk}/")
    [story] = blocks_of(data, "recovery_story")
    assert story["source"]["url"] == ""
    assert story["text"] == "<p>Hello</p>"
    assert blocks_of(data, "paragraph")[-1] == "<p>Hi </p>"
    introduction = soup(api(f"pages/{shipped_course.pk}/")["introduction"])
    assert introduction.get_text() == "Welcomehere"
    assert not introduction.find_all(["style", "script"])
    assert not introduction.find("a").has_attr("href")


def png(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return ImageFile(buffer, name="meeting.png")


def test_every_block_of_a_lesson_has_a_json_shape(shipped_course, contacts, api, settings):
    settings.WAGTAIL_PEERSUPPORT_EMBED_VIDEOS = True
    image = get_image_model().objects.create(title="A group meeting", file=png(2000, 1000))
    session = SessionPage.objects.child_of(shipped_course).first()
    blocks = [
        ("heading", {"text": "Before you start", "level": "h3"}),
        ("key_points", {"lead_in": "", "points": ["One", "Two"], "numbered": True}),
        ("callout", {"kind": "important", "heading": "Note", "text": "<p>Take care</p>"}),
        ("content_warning", {"topics": ["suicide", "abuse"], "note": "About loss"}),
        ("support_contacts", {"heading": "Need support now?", "introduction": ""}),
        ("assessment_task", {"title": "Task 1", "brief": "<p>Write</p>", "word_count": 900}),
        (
            "research_finding",
            {
                "study": "Vermont",
                "summary": "<p>Findings</p>",
                "figures": [{"figure": "68%", "measure": "recovered"}],
                "citation": "Harding et al 1987",
                "source_url": "https://doi.org/10.1176/ajp.144.6.718",
            },
        ),
        ("image", {"image": image.pk, "alt_text": "People in a circle", "decorative": False}),
        (
            "video",
            {
                "url": "https://youtu.be/abcDEF12345",
                "title": "Recovery",
                "transcript": "<p>Words</p>",
            },
        ),
    ]
    body = [{"type": block_type, "value": value} for block_type, value in blocks]
    page = session.add_child(instance=LessonPage(title="Every block", body=body))
    page.save_revision().publish()
    data = api(f"pages/{page.pk}/")
    value = {item["type"]: item["value"] for item in data["body"]}
    assert value["heading"] == {"text": "Before you start", "level": "h3"}
    assert value["key_points"] == {"lead_in": "", "points": ["One", "Two"], "numbered": True}
    assert value["callout"] == {
        "kind": "important",
        "kind_label": "Important",
        "heading": "Note",
        "text": "<p>Take care</p>",
    }
    assert value["content_warning"] == {
        "topics": [{"key": "suicide", "label": "Suicide"}, {"key": "abuse", "label": "Abuse"}],
        "note": "About loss",
    }
    # The contacts of the page's language (English), not the Welsh one.
    support = value["support_contacts"]
    assert [c["name"] for c in support["contacts"]] == ["Samaritans", "Shout"]
    assert support["contacts"][0]["phone_href"] == "tel:116123"
    assert support["contacts"][1]["text_href"] == "sms:85258?body=SHOUT"
    assert support["contacts"][0]["last_checked"] == "2026-11-23"
    assert value["assessment_task"] == {
        "title": "Task 1",
        "brief": "<p>Write</p>",
        "word_count": 900,
    }
    assert value["research_finding"]["figures"] == [{"figure": "68%", "measure": "recovered"}]
    assert value["research_finding"]["summary"] == "<p>Findings</p>"
    picture = value["image"]
    assert (picture["id"], picture["width"], picture["alt_text"]) == (
        image.pk,
        2000,
        "People in a circle",
    )
    rendition = picture["rendition"]
    assert (rendition["width"], rendition["height"], rendition["alt"]) == (
        1600,
        800,
        "People in a circle",
    )
    assert rendition["url"] == image.renditions.get().url
    assert value["video"] == {
        "title": "Recovery",
        "url": "https://www.youtube.com/watch?v=abcDEF12345",
        "service": "YouTube",
        "video_id": "abcDEF12345",
        "embed_url": "https://www.youtube-nocookie.com/embed/abcDEF12345",
        "embed": True,
        "transcript": "<p>Words</p>",
    }


def strings_in(data):
    """Every string in a JSON value, keys aside, however deeply nested."""
    if isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)
    elif isinstance(data, str):
        yield data


def assert_not_given(client, url):
    """The API answers "not found". Django's LocaleMiddleware first sends a visitor
    from an address it cannot find to the same address under the language prefix."""
    response = client.get(url, follow=True)
    assert response.status_code == 404
    assert [hop for hop, _ in response.redirect_chain] in ([], ["/en" + url])


def test_drafts_and_private_pages_are_not_given(shipped_course, api, client):
    from wagtail.models import PageViewRestriction

    session = SessionPage.objects.child_of(shipped_course).get(slug="personal-recovery")
    draft = session.add_child(instance=LessonPage(title="Not ready yet", live=False))
    draft.save_revision()
    private = lesson(shipped_course, STORY_LESSON)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="cohort"
    )
    hidden_session = SessionPage.objects.child_of(shipped_course).get(slug="introduction")
    PageViewRestriction.objects.create(
        page=hidden_session, restriction_type=PageViewRestriction.LOGIN
    )
    shown = lesson(shipped_course, CHECK_LESSON)
    # A live page's changes that are not yet published stay unpublished.
    shown.title = "A title still in draft"
    body = list(shown.body.raw_data)
    body.append(
        {
            "type": "resource_list",
            "value": {
                "heading": "Coming soon",
                "introduction": "",
                "items": [{"title": "Next", "kind": "article", "url": "", "page": draft.pk}],
            },
        }
    )
    shown.body = body
    shown.save_revision()
    LessonPage.objects.filter(pk=shown.pk).update(body=shown.body)  # the live content

    for page in (draft, private, hidden_session):
        assert_not_given(client, f"/api/v2/pages/{page.pk}/")
    path = "/peer-support-training/personal-recovery/activity-1-personal-story-of-recovery/"
    assert_not_given(client, f"/api/v2/pages/find/?html_path={path}")
    listing = api("pages/", type="wagtail_peersupport.LessonPage", fields="body")
    assert [(item["id"], item["title"]) for item in listing["items"]] == [
        (shown.pk, "How the recovery approach developed")
    ]
    sessions = api("pages/", type="wagtail_peersupport.SessionPage")["items"]
    assert hidden_session.pk not in [item["id"] for item in sessions]
    assert len(sessions) == 10
    # The draft a resource links to leads nowhere.
    lists = blocks_of(listing["items"][0], "resource_list")
    [coming] = [x for x in lists if x["heading"] == "Coming soon"]
    assert coming["items"][0]["page"] is None and coming["items"][0]["url"] == ""
    # Course outlines and session listings name only what the API gives.
    session_data = api(f"pages/{session.pk}/")
    assert session_data["lessons"] == []
    outline = api(f"pages/{shipped_course.pk}/")["outline"]
    assert hidden_session.pk not in [s["id"] for s in outline["sessions"]]
    assert [s["number"] for s in outline["sessions"]] == list(range(2, 12))
    personal = next(s for s in outline["sessions"] if s["id"] == session.pk)
    assert personal["lessons"] == []
    everything = json.dumps(
        [listing, session_data, outline, api("pages/", fields="*"), api(f"pages/{shown.pk}/")]
    )
    for text in ("Not ready yet", "A title still in draft", private.title, hidden_session.title):
        assert text not in everything


def test_fields_only_editors_see_cannot_be_asked_for(shipped_course, api):
    for name in (
        "reviewed_by",
        "consent_confirmed",
        "owner",
        "locked_by",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
    ):
        data = api("pages/", type="wagtail_peersupport.LessonPage", fields=name, status=400)
        assert name in data["message"]
        page = lesson(shipped_course, STORY_LESSON)
        data = api(f"pages/{page.pk}/", fields=name, status=400)
        assert name in data["message"]


EDITOR_ONLY = {
    "consent",
    "consent_given",
    "consent_confirmed",
    "reviewed_by",
    "reviewer",
    "owner",
    "locked",
    "locked_by",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
}


def test_stories_credit_narrators_as_chosen_and_keep_consent_to_editors(shipped_course, api):
    page = lesson(shipped_course, STORY_LESSON)
    body = list(page.body.raw_data)
    [story] = [b for b in body if b["type"] == "recovery_story"]
    story["value"]["consent_confirmed"] = True
    story["value"]["narrator_name"] = "Someone Who Chose Anonymity"  # left over, never shown
    for narrator_type, name in (("named", "Jo Bloggs"), ("pseudonym", "Hope")):
        body.append(
            {
                "type": "recovery_story",
                "value": {
                    **story["value"],
                    "narrator_type": narrator_type,
                    "narrator_name": name,
                },
            }
        )
    page.body = body
    page.save_revision().publish()
    data = api(f"pages/{page.pk}/")
    assert [s["narrator"] for s in blocks_of(data, "recovery_story")] == [
        {"type": "anonymous", "label": "Anonymous", "name": ""},
        {"type": "named", "label": "Their name", "name": "Jo Bloggs"},
        {"type": "pseudonym", "label": "A pseudonym", "name": "Hope"},
    ]
    assert "Someone Who Chose Anonymity" not in json.dumps(data)
    keys = set(keys_in(data))
    assert not keys & EDITOR_ONLY
    assert sorted(key for key in keys if "consent" in key or "review" in key) == [
        "last_reviewed",
        "next_review_due",
    ]
    assert {"narrator", "warnings", "source", "text"} <= keys


def test_no_editor_only_name_anywhere_in_any_course_page(linked_lesson, shipped_course, api):
    pages = api("pages/", descendant_of=shipped_course.pk, limit=20)["items"]
    responses = [api(f"pages/{shipped_course.pk}/")] + [
        api(f"pages/{item['id']}/") for item in pages
    ]
    assert len(responses) == 1 + 11 + 2 + 1
    keys = set(keys_in(responses))
    types = {item["type"] for data in responses for item in data.get("body", [])}
    assert {"recovery_story", "knowledge_check", "resource_list", "paragraph"} <= types
    assert {"document", "page", "narrator", "warnings"} <= keys
    assert not keys & EDITOR_ONLY
    assert not [key for key in keys if "consent" in key]


def test_rich_text_links_are_resolved_everywhere(shipped_course, document, api):
    target = lesson(shipped_course, CHECK_LESSON)
    links = (
        f'<p>See <a linktype="page" id="{target.pk}">the lesson</a> and '
        f'<a linktype="document" id="{document.pk}">the workbook</a>.</p>'
    )
    session = SessionPage.objects.child_of(shipped_course).first()
    blocks = [
        ("paragraph", links),
        ("callout", {"kind": "important", "heading": "Note", "text": links}),
        (
            "recovery_story",
            {
                "title": "A story",
                "story": links,
                "narrator_type": "anonymous",
                "consent_confirmed": True,
            },
        ),
        ("research_finding", {"study": "A study", "summary": links, "figures": []}),
        ("assessment_task", {"title": "Task", "brief": links, "word_count": 500}),
        ("video", {"url": "https://youtu.be/abcDEF12345", "title": "V", "transcript": links}),
    ]
    page = session.add_child(
        instance=LessonPage(
            title="Links everywhere",
            body=[{"type": block_type, "value": value} for block_type, value in blocks],
        )
    )
    page.save_revision().publish()
    resources = shipped_course.get_children().last().specific
    for model, pk in ((type(shipped_course), shipped_course.pk), (type(resources), resources.pk)):
        model.objects.filter(pk=pk).update(introduction=links)
    type(shipped_course).objects.filter(pk=shipped_course.pk).update(audience=links)

    for params in ({}, {"rich_text_format": "db_html"}, {"rich_text_format": "markdown"}):
        responses = [
            api(f"pages/{pk}/", **params) for pk in (page.pk, shipped_course.pk, resources.pk)
        ]
        texts = [text for text in strings_in(responses) if "the workbook" in text]
        # Eight rich texts in the lesson's blocks, the course's two, the resources page's one.
        assert len(texts) == 9
        for text in texts:
            assert "linktype" not in text
            hrefs = [a["href"] for a in soup(text).find_all("a")]
            assert hrefs == [target.url, document.url], text


def test_reflection_and_research_blocks_give_every_field(shipped_course, api):
    story_lesson = lesson(shipped_course, STORY_LESSON)
    [stored] = [b.value for b in story_lesson.body if b.block_type == "reflection_prompt"]
    [reflection] = blocks_of(api(f"pages/{story_lesson.pk}/"), "reflection_prompt")
    assert reflection == {
        "heading": stored["heading"],
        "introduction": stored["introduction"],
        "questions": list(stored["questions"]),
    }
    assert len(reflection["questions"]) == 3
    check_lesson = lesson(shipped_course, CHECK_LESSON)
    [stored] = [b.value for b in check_lesson.body if b.block_type == "research_finding"]
    [finding] = blocks_of(api(f"pages/{check_lesson.pk}/"), "research_finding")
    assert set(finding) == {"study", "summary", "figures", "citation", "source_url"}
    assert finding["study"] == stored["study"]
    assert finding["citation"] == "Harding et al 1987"
    assert finding["source_url"] == "https://doi.org/10.1176/ajp.144.6.718"
    assert soup(finding["summary"]).get_text() == soup(stored["summary"].source).get_text()
    assert finding["figures"][0] == {
        "figure": "262",
        "measure": "previously long-stay patients were followed up, 25 years after their first "
        "assessment",
    }


def test_exercise_file_titles_and_missing_documents(shipped_course, document, api):
    page = lesson(shipped_course, STORY_LESSON)
    page.exercise_files = [
        {"type": "file", "value": {"document": document.pk, "title": "Worksheet for session 3"}},
        {"type": "file", "value": {"document": document.pk, "title": ""}},
    ]
    page.save_revision().publish()
    files = api(f"pages/{page.pk}/")["exercise_files"]
    assert [f["value"]["title"] for f in files] == ["Worksheet for session 3", "Recovery workbook"]
    assert {f["value"]["document"]["file_size"] for f in files} == {2345}
    document.delete()
    files = api(f"pages/{page.pk}/")["exercise_files"]
    assert [f["value"] for f in files] == [
        {"title": "Worksheet for session 3", "document": None},
        {"title": "", "document": None},
    ]
