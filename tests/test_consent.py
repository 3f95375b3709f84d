"""Consent before publishing: a recovery story goes live only once its narrator agreed."""

import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.models import GroupPagePermission, Locale, Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from wagtail_peersupport.blocks import RecoveryStoryBlock
from wagtail_peersupport.consent import (
    ConsentRequired,
    stories_awaiting_consent,
    stories_in_value,
)
from wagtail_peersupport.coursepackage import check_package, load_course
from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, SessionPage
from wagtail_peersupport.sample import sample_package

pytestmark = pytest.mark.django_db

REPORT = reverse("wagtail_peersupport_consent_report")
MESSAGE = (
    "This page can't be published yet: the recovery story “Sam's story” (Body) is waiting "
    "for consent. Tick “The person agreed to this use of their story” once you have the "
    "narrator's permission, or save a draft."
)


def story(title="Sam's story", consent=False, name="Sam"):
    return {
        "type": "recovery_story",
        "value": {
            "title": title,
            "story": "<p>Having acceptance means taking charge of my life.</p>",
            "narrator_type": "pseudonym",
            "narrator_name": name,
            "source_title": "",
            "source_url": "",
            "content_warnings": [],
            "consent_confirmed": consent,
        },
    }


def consent_package(**kwargs):
    """A course of two sessions, two lessons each; lesson 1.2 holds an unconsented story."""
    package = sample_package(title="Consent course", sessions=2, lessons_per_session=2, **kwargs)
    package["sessions"][0]["lessons"][1]["body"] = [story()]
    return package


@pytest.fixture
def held_course(home):
    """The consent course, loaded with ``publish``: everything but lesson 1.2 is live."""
    return load_course(check_package(consent_package()), home, publish=True)


def held_lesson():
    return LessonPage.objects.get(slug="lesson-1-2", locale__language_code="en")


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def messages_in(soup):
    """The admin's messages, without the "Go to the first error" button error messages get."""
    texts = [" ".join(li.get_text(" ").split()) for li in soup.select(".messages li")]
    return [text.removesuffix(" Go to the first error") for text in texts]


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def limited_editor(name, *pages):
    """An admin user who may add, edit and publish the pages below each of ``pages`` only."""
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = Group.objects.create(name=f"{name} group")
    for page in pages:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
    user.groups.add(group)
    return user


# Finding the stories


def test_stories_are_found_through_nested_blocks():
    block = blocks.StreamBlock(
        [
            ("recovery_story", RecoveryStoryBlock()),
            (
                "group",
                blocks.StructBlock(
                    [
                        ("heading", blocks.CharBlock()),
                        (
                            "stories",
                            blocks.ListBlock(
                                blocks.StreamBlock([("recovery_story", RecoveryStoryBlock())])
                            ),
                        ),
                    ],
                    label="Story group",
                ),
            ),
        ]
    )
    raw = [
        story("Top level"),
        story("Cleared", consent=True),
        {
            "type": "group",
            "value": {
                "heading": "More stories",
                "stories": [
                    [story("Cleared too", consent=True)],
                    [story("Deep down", name="Alex"), story("Anonymous one", name="")],
                ],
            },
        },
    ]
    raw[2]["value"]["stories"][1][1]["value"]["narrator_type"] = "anonymous"

    found = stories_in_value(block, block.to_python(raw), "Body")

    assert [(s.title, s.narrator, s.location) for s in found] == [
        ("Top level", "Sam", "Body"),
        ("Deep down", "Alex", "Body › Story group › Stories › Item 2"),
        ("Anonymous one", "Anonymous", "Body › Story group › Stories › Item 2"),
    ]


def test_a_page_lists_its_unconsented_stories_only(held_course):
    assert [(s.title, s.location) for s in stories_awaiting_consent(held_lesson())] == [
        ("Sam's story", "Body")
    ]
    assert stories_awaiting_consent(LessonPage.objects.get(slug="lesson-1-1")) == []


# The loader


def test_load_with_publish_keeps_the_page_as_a_draft_and_says_so(home, tmp_path):
    path = tmp_path / "course.json"
    path.write_text(json.dumps(consent_package()))
    out = io.StringIO()

    call_command("peersupport_load", str(path), "--publish", stdout=out)

    lines = out.getvalue().splitlines()
    lesson = held_lesson()
    assert not lesson.live
    assert lesson.get_latest_revision() is not None
    assert LessonPage.objects.filter(live=True).count() == 3
    assert SessionPage.objects.filter(live=False).count() == 0
    kept = [line for line in lines if line.startswith("Kept as a draft")]
    assert kept == [
        f"Kept as a draft: 'Lesson 1.2' (page {lesson.pk}), its recovery stories awaiting "
        "consent: “Sam's story” (Body)"
    ]
    assert "1 kept as drafts (stories awaiting consent)" in lines[-1]


def test_load_publishes_the_page_once_consent_is_ticked(held_course, home):
    package = consent_package()
    package["sessions"][0]["lessons"][1]["body"] = [story(consent=True)]

    report = load_course(check_package(package), home, publish=True)

    assert report.held == []
    assert held_lesson().live


# Publishing from code


def test_revision_publish_from_code_is_refused(held_course):
    lesson = held_lesson()
    with pytest.raises(ConsentRequired) as raised:
        lesson.save_revision().publish()
    assert raised.value.messages == [MESSAGE]
    assert not held_lesson().live


def test_scheduled_publishing_holds_the_page_back_and_publishes_the_rest(held_course):
    lesson = held_lesson()
    other = LessonPage.objects.get(slug="lesson-2-1")
    other.title = "Lesson 2.1, revised"
    past = timezone.now() - datetime.timedelta(hours=1)
    for page in (lesson, other):
        revision = page.save_revision()
        Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)

    call_command("publish_scheduled", stdout=io.StringIO())

    assert not held_lesson().live
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()
    assert LessonPage.objects.get(pk=other.pk).live_revision.as_object().title == (
        "Lesson 2.1, revised"
    )


# The admin's Publish button


def edit_data(lesson, title, consent, **action):
    value = dict(story(consent=consent)["value"])
    value["story"] = rich_text(value["story"])
    value["consent_confirmed"] = "on" if consent else ""
    value["content_warnings"] = []
    return nested_form_data(
        {
            "title": title,
            "slug": lesson.slug,
            "body": streamfield([("recovery_story", value)]),
            "exercise_files": streamfield([]),
            **action,
        }
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_publish_in_the_admin_is_refused_and_the_draft_kept(held_course, superuser, client):
    lesson = held_lesson()
    response = client.post(
        edit_url(lesson),
        edit_data(lesson, "Lesson 1.2, edited", consent=False, **{"action-publish": "publish"}),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == edit_url(lesson)
    assert MESSAGE in messages_in(soup_of(response))
    lesson = held_lesson()
    assert not lesson.live
    assert lesson.get_latest_revision_as_object().title == "Lesson 1.2, edited"


def test_publish_in_the_admin_goes_ahead_once_consent_is_ticked(held_course, superuser, client):
    lesson = held_lesson()
    response = client.post(
        edit_url(lesson),
        edit_data(lesson, "Lesson 1.2", consent=True, **{"action-publish": "publish"}),
    )

    assert response.status_code == 302
    lesson = held_lesson()
    assert lesson.live
    assert lesson.body[0].value["consent_confirmed"] is True


def test_saving_a_draft_still_works(held_course, superuser, client):
    lesson = held_lesson()
    response = client.post(edit_url(lesson), edit_data(lesson, "Draft title", consent=False))

    assert response.status_code == 302
    assert held_lesson().get_latest_revision_as_object().title == "Draft title"
    assert not held_lesson().live


def test_a_story_added_to_a_live_page_keeps_the_live_version(held_course, superuser, client):
    lesson = LessonPage.objects.get(slug="lesson-1-1")
    response = client.post(
        edit_url(lesson),
        edit_data(lesson, "Lesson 1.1", consent=False, **{"action-publish": "publish"}),
        follow=True,
    )

    assert MESSAGE in messages_in(soup_of(response))
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.live and lesson.has_unpublished_changes
    assert stories_awaiting_consent(lesson) == []


def test_approving_the_last_workflow_task_is_refused(held_course, superuser, client):
    lesson = held_lesson()
    response = client.post(
        edit_url(lesson), edit_data(lesson, "Lesson 1.2", consent=False, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    assert held_lesson().current_workflow_state is not None

    response = client.post(
        edit_url(lesson),
        edit_data(
            lesson,
            "Lesson 1.2, approved",
            consent=False,
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        ),
    )

    assert response.status_code == 200
    soup = soup_of(response)
    assert any(MESSAGE in message for message in messages_in(soup)), messages_in(soup)
    assert soup.find("input", attrs={"name": "title"})["value"] == "Lesson 1.2, approved"
    lesson = held_lesson()
    assert not lesson.live
    assert lesson.current_workflow_state.status == "in_progress"


def test_approving_from_the_dashboard_publishes_nothing(held_course, superuser, client):
    lesson = held_lesson()
    client.post(
        edit_url(lesson), edit_data(lesson, "Lesson 1.2", consent=False, **{"action-submit": "1"})
    )
    task_state = held_lesson().current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(lesson.pk, "approve", task_state.pk))

    response = client.post(url, {"comment": ""})

    assert response.status_code == 302
    lesson = held_lesson()
    assert not lesson.live
    assert lesson.current_workflow_state.status == "in_progress"


# Bulk publishing


def bulk_publish_url(*pages):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    ids = "&".join(f"id={page.pk}" for page in pages)
    return f"{url}?{ids}&next={reverse('wagtailadmin_home')}"


def test_bulk_publish_keeps_unconsented_pages_as_drafts(held_course, superuser, client):
    lesson = held_lesson()
    other = LessonPage.objects.get(slug="lesson-2-2")
    other.unpublish()

    response = client.post(bulk_publish_url(lesson, other), follow=True)

    assert response.status_code == 200
    shown = messages_in(soup_of(response))
    assert f"“Lesson 1.2” was kept as a draft. {MESSAGE}" in shown
    assert "1 page has been published" in shown
    assert not held_lesson().live
    assert LessonPage.objects.get(pk=other.pk).live


def test_bulk_publish_with_descendants_skips_the_unconsented_one(held_course, superuser, client):
    session = SessionPage.objects.get(slug="session-1")
    for page in (session, LessonPage.objects.get(slug="lesson-1-1")):
        page.unpublish()

    response = client.post(bulk_publish_url(session), {"include_descendants": "on"}, follow=True)

    shown = messages_in(soup_of(response))
    assert "1 page and 1 child page have been published" in shown
    assert SessionPage.objects.get(pk=session.pk).live
    assert LessonPage.objects.get(slug="lesson-1-1").live
    assert not held_lesson().live


# The report


def report_rows(client, query=""):
    response = client.get(REPORT + query)
    assert response.status_code == 200
    return [
        [" ".join(td.get_text(" ").split()) for td in tr.find_all("td")]
        for tr in soup_of(response).select("table tbody tr")
    ]


def test_report_lists_each_story_awaiting_consent(held_course, superuser, client):
    lesson = LessonPage.objects.get(slug="lesson-2-1")
    lesson.body = [story("Jo's story", name="Jo"), story("Alex's story", name="Alex")]
    lesson.save_revision()  # a draft of a live page

    rows = report_rows(client)

    assert [row[:7] for row in rows] == [
        ["Lesson 1.2", "Sam's story", "Sam", "Body", "Consent course", "English", "draft"],
        ["Lesson 2.1", "Jo's story", "Jo", "Body", "Consent course", "English", "live + draft"],
        ["Lesson 2.1", "Alex's story", "Alex", "Body", "Consent course", "English", "live + draft"],
    ]
    link = soup_of(client.get(REPORT)).select_one("table tbody tr td a")
    assert link["href"] == edit_url(held_lesson())


def test_report_downloads_as_csv(held_course, superuser, client):
    response = client.get(REPORT + "?export=csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))

    assert rows == [
        ["Page", "Story", "Narrator", "Where", "Course", "Language", "Status"],
        ["Lesson 1.2", "Sam's story", "Sam", "Body", "Consent course", "English", "draft"],
    ]


def test_report_downloads_as_xlsx(held_course, superuser, client):
    from openpyxl import load_workbook

    response = client.get(REPORT + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active

    assert [cell.value for cell in sheet[2]] == [
        "Lesson 1.2", "Sam's story", "Sam", "Body", "Consent course", "English", "draft"
    ]  # fmt: skip


def test_report_queries_do_not_grow_with_the_stories(held_course, superuser, client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            report_rows(client)
        return len(captured)

    before = queries()
    for slug in ("lesson-2-1", "lesson-2-2"):
        lesson = LessonPage.objects.get(slug=slug)
        lesson.body = [story("Jo's story", name="Jo")]
        lesson.save_revision()

    assert len(report_rows(client)) == 3
    assert queries() == before


def test_report_has_an_empty_state(course, superuser, client):
    response = client.get(REPORT)

    soup = soup_of(response)
    assert soup.select("table tbody tr") == []
    assert "No recovery stories are waiting for consent." in soup.get_text()


def test_report_shows_an_editor_only_the_pages_they_may_edit(held_course, home, client):
    session_2 = SessionPage.objects.get(slug="session-2")
    lesson = LessonPage.objects.get(slug="lesson-2-1")
    lesson.body = [story("Jo's story", name="Jo")]
    lesson.save_revision()
    client.force_login(limited_editor("jo", session_2))

    assert [row[:2] for row in report_rows(client)] == [["Lesson 2.1", "Jo's story"]]


def test_editor_without_course_pages_is_refused_and_has_no_menu_item(held_course, home, client):
    outsider = limited_editor("sam")
    client.force_login(outsider)

    # Refused as Wagtail's own admin views refuse: back to the dashboard.
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    reports_menu = soup_of(client.get(reverse("wagtailadmin_home"))).get_text()
    assert "Stories awaiting consent" not in reports_menu

    client.force_login(limited_editor("jo", held_course.course))
    assert "Stories awaiting consent" in soup_of(client.get(reverse("wagtailadmin_home"))).decode()


# Translations


def test_a_translation_follows_its_source_s_consent(held_course, home, locales):
    from wagtail_peersupport.localize import translate_course

    translate_course(held_course.course, "cy", publish=True)
    welsh = held_lesson().get_translation(locales["cy"])
    assert not welsh.live
    with pytest.raises(ConsentRequired):
        welsh.get_latest_revision().publish()
    assert not LessonPage.objects.get(pk=welsh.pk).live

    package = consent_package()
    package["sessions"][0]["lessons"][1]["body"] = [story(consent=True)]
    load_course(check_package(package), home, publish=True)
    translate_course(held_course.course, "cy", publish=True)

    welsh = LessonPage.objects.get(pk=welsh.pk)
    assert welsh.live
    assert welsh.body[0].value["consent_confirmed"] is True


def test_translating_a_live_page_with_an_unconsented_story_keeps_its_translation_a_draft(
    held_course,
):
    # A page made live before its story was added, e.g. by an older version of the package.
    live = LessonPage.objects.get(slug="lesson-1-1", locale__language_code="en")
    live.body = [story(title="Jo's story", name="Jo")]
    live.save()
    Locale.objects.get_or_create(language_code="cy")

    report = translate_course(held_course.course, "cy", publish=True)

    welsh = LessonPage.objects.get(translation_key=live.translation_key, locale__language_code="cy")
    assert not welsh.live
    assert [page.pk for page in report.held] == [welsh.pk]
    assert (
        "1 page kept as a draft, because its recovery story is waiting for consent: “Lesson 1.1"
        in (report.summary())
    )
    others = LessonPage.objects.filter(locale__language_code="cy").exclude(pk=welsh.pk)
    assert others.filter(live=True).count() == 2  # lessons 2.1 and 2.2; 1.2 is a draft in English
