"""Every block in the editor's block picker shows a real preview, in the visitor's look."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from wagtail_peersupport.models import LessonPage, ResourcesPage, SessionPage

pytestmark = pytest.mark.django_db

STYLESHEET = "wagtail_peersupport/css/peersupport.css"


def picker_blocks():
    """Each block an editor can choose in a course page's StreamFields, by name."""
    found = {}

    def walk(stream_block):
        for name, child in stream_block.child_blocks.items():
            if isinstance(child, blocks.StreamBlock):
                walk(child)
            else:
                found.setdefault(f"{type(child).__name__}:{name}", child)

    for model, field in [
        (LessonPage, "body"),
        (LessonPage, "exercise_files"),
        (SessionPage, "body"),
        (ResourcesPage, "body"),
    ]:
        walk(model._meta.get_field(field).stream_block)
    return found


PICKER = picker_blocks()
# Wagtail's own image block needs an image from the site's library to show anything.
PREVIEWED = {key: block for key, block in PICKER.items() if not isinstance(block, ImageBlock)}


def preview_url(block):
    return reverse("wagtailadmin_block_preview") + "?id=" + block.definition_prefix


def words(html):
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def test_every_kind_of_course_block_is_in_the_picker():
    names = {key.split(":")[1] for key in PICKER}
    assert {
        "heading",
        "paragraph",
        "key_points",
        "callout",
        "recovery_story",
        "reflection_prompt",
        "content_warning",
        "support_contacts",
        "assessment_task",
        "knowledge_check",
        "research_finding",
        "resource_list",
        "video",
        "image",
        "file",
    } <= names


@pytest.mark.parametrize("key", sorted(PREVIEWED))
def test_block_preview_shows_the_block_as_visitors_see_it(client, editor, key):
    block = PREVIEWED[key]
    assert block.is_previewable, f"{key} has no preview in the block picker"

    response = client.get(preview_url(block))

    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("link", rel="stylesheet", href=lambda href: href.endswith(STYLESHEET))
    content = soup.select_one(".ps-course-layout .ps-main")
    shown = " ".join(content.get_text(" ").split())
    assert shown, f"{key}: the preview is empty"
    # The preview shows the block's own sample text.
    sample = block.get_searchable_content(block.get_preview_value())
    assert sample, f"{key}: the preview value has no text"
    assert words(str(sample[0])) in shown
    # Nothing only editors see reaches a visitor's view of the block.
    assert "consent" not in shown.lower()


@pytest.mark.parametrize("key", sorted(PREVIEWED))
def test_every_block_says_what_it_is_for(key):
    with translation.override("en"):
        assert str(PREVIEWED[key].get_description()).strip(), f"{key} has no description"


def test_a_story_preview_is_credited_to_a_pseudonym_with_its_source(client, editor):
    story = PICKER["RecoveryStoryBlock:recovery_story"]
    response = client.get(preview_url(story))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".ps-story blockquote").get_text(strip=True)
    value = story.get_preview_value()
    assert value["narrator_type"] == "pseudonym"
    caption = soup.select_one(".ps-story figcaption").get_text(" ", strip=True)
    assert value["narrator_name"] in caption
    assert str(value["source_title"]) in caption


def test_previews_speak_the_editors_language(client, editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "cy"
    profile.save()
    prompt = PICKER["ReflectionPromptBlock:reflection_prompt"]
    response = client.get(preview_url(prompt))
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "cy"


def test_the_preview_view_is_for_signed_in_editors_only(client):
    block = PICKER["RecoveryStoryBlock:recovery_story"]
    response = client.get(preview_url(block))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_the_preview_view_refuses_a_signed_in_user_without_admin_access(client):
    user = get_user_model().objects.create_user("visitor", "visitor@example.org", "pw")
    client.force_login(user)
    response = client.get(preview_url(PICKER["RecoveryStoryBlock:recovery_story"]))
    assert response.status_code in (302, 403)
    assert "Finding acceptance" not in response.content.decode()
