"""What block values say about themselves, without a template.

The course package exporter and an API read these from values made with
``block.to_python``, as the templates do: the link a resource points at, the
names of a warning's topics, the video an address is. Making them must not
change what is stored, cached or offered to translators.
"""

import pickle

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor

from wagtail_peersupport import blocks
from wagtail_peersupport.models import LessonPage

from .test_blocks import resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return get_document_model().objects.create(
        title="Discussion paper", file=ContentFile(b"x" * 3000, name="paper.pdf")
    )


# Resources -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://www.scottishrecovery.net/", "tel:116123", "/help/"])
def test_a_resource_links_to_its_web_address(url):
    value = blocks.ResourceItemBlock().to_python(resource(url=url))
    assert isinstance(value, blocks.ResourceValue)
    assert value.get_href() == url
    assert value.kind_label == "Discussion paper"
    assert (value.file_type, value.file_size) == ("", None)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "evil.example/login",
    ],
)
def test_a_hostile_web_address_gives_no_link(url):
    # Stored data that never went through the editor, such as a bad translation.
    value = blocks.ResourceItemBlock().to_python(resource(url=url))
    assert value.get_href() == ""


def test_a_link_replaced_in_place_is_checked_again():
    # wagtail-localize writes a translated link into the value it already has.
    value = blocks.ResourceItemBlock().to_python(resource(url="https://example.org/"))
    assert value.get_href() == "https://example.org/"
    value["url"] = "javascript:alert(1)"
    assert value.get_href() == ""


def test_a_resource_links_to_a_page_for_the_site_of_the_request(home):
    other_root = Page.objects.get(depth=1).add_child(title="Other charity", slug="other")
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    here = home.add_child(title="Getting help", slug="getting-help")
    there = other_root.add_child(title="Their help", slug="their-help")
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    block = blocks.ResourceItemBlock()

    value = block.to_python(resource(page=here.pk))
    assert value.get_href(request) == here.get_url(request) == "/en/getting-help/"
    # Without a request there is no current site, so the address is a full one.
    assert value.get_href() == here.get_url() == "http://localhost/en/getting-help/"
    assert block.to_python(resource(page=there.pk)).get_href(request) == (
        "http://other.example/en/their-help/"
    )


def test_a_resource_for_a_page_since_deleted_has_no_link(home):
    page = home.add_child(title="Getting help", slug="getting-help")
    data = resource(page=page.pk)
    page.delete()
    assert blocks.ResourceItemBlock().to_python(data).get_href() == ""


def test_a_resource_document_gives_its_link_type_and_size(document):
    value = blocks.ResourceItemBlock().to_python(resource(document=document.pk, kind="document"))
    assert value.get_href() == document.url
    assert value.file_type == "PDF"
    assert value.file_size == 3000
    assert value.kind_label == "Document"


def test_a_resource_kind_is_named_in_the_active_language():
    value = blocks.ResourceItemBlock().to_python(resource(url="https://example.org/"))
    with translation.override("cy"):
        assert value.kind_label == "Papur trafod"
    assert blocks.ResourceItemBlock().to_python(resource(kind="unknown")).kind_label == ""


def test_resources_in_a_list_carry_their_values(document):
    value = blocks.ResourceListBlock().to_python(
        {
            "heading": "Further reading",
            "introduction": "",
            "items": [resource(url="javascript:alert(1)"), resource(document=document.pk)],
        }
    )
    assert [item.get_href() for item in value["items"]] == ["", document.url]


def test_an_exercise_file_gives_its_document_type_and_size(document):
    value = blocks.ExerciseFileBlock().to_python({"document": document.pk, "title": ""})
    assert isinstance(value, blocks.ExerciseFileValue)
    assert (value.file_type, value.file_size) == ("PDF", 3000)


# Content warnings and stories ----------------------------------------------------------


def test_a_content_warning_names_its_topics_in_the_list_order():
    value = blocks.ContentWarningBlock().to_python(
        {"topics": ["police-contact", "suicide", "no-such-topic"], "note": ""}
    )
    assert isinstance(value, blocks.ContentWarningValue)
    assert value.topic_labels == ["Suicide", "Contact with the police"]
    with translation.override("cy"):
        assert value.topic_labels[0] == "Hunanladdiad"


def test_a_recovery_story_names_its_content_warnings():
    block = blocks.RecoveryStoryBlock()
    value = block.to_python(
        {"story": "<p>My story.</p>", "content_warnings": ["hospitalisation", "self-harm"]}
    )
    assert isinstance(value, blocks.RecoveryStoryValue)
    assert value.topic_labels == ["Self-harm", "Hospitalisation"]
    assert block.to_python({"story": "<p>My story.</p>"}).topic_labels == []


# Videos --------------------------------------------------------------------------------


def test_a_video_gives_the_video_its_address_points_at(settings):
    value = blocks.VideoBlock().to_python(
        {"url": "https://youtu.be/aBcD3fGh1jK?t=42", "title": "Open questions", "transcript": ""}
    )
    assert isinstance(value, blocks.VideoValue)
    video = value.video
    assert (video.service, video.video_id) == ("YouTube", "aBcD3fGh1jK")
    assert video.watch_url == "https://www.youtube.com/watch?v=aBcD3fGh1jK"
    assert video.embed_url == "https://www.youtube-nocookie.com/embed/aBcD3fGh1jK"
    assert value.embed is False
    settings.WAGTAIL_PEERSUPPORT_EMBED_VIDEOS = True
    assert value.embed is True


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://evil.example/embed/x", "https://vimeo.com/about", ""]
)
def test_an_address_that_is_no_video_is_never_embedded(settings, url):
    settings.WAGTAIL_PEERSUPPORT_EMBED_VIDEOS = True
    value = blocks.VideoBlock().to_python({"url": url, "title": "A video", "transcript": ""})
    assert value.video is None
    assert value.embed is False


# What is stored, cached and translated -------------------------------------------------

STORY = {
    "title": "Finding acceptance",
    "story": "<p>When I was 26 years old.</p>",
    "narrator_type": "pseudonym",
    "narrator_name": "Sam",
    "source_title": "A newsletter",
    "source_url": "https://example.org/story",
    "content_warnings": ["hospitalisation"],
    "consent_confirmed": True,
}
BODY = [
    {"type": "recovery_story", "value": STORY, "id": "story"},
    {"type": "content_warning", "value": {"topics": ["trauma"], "note": "Hard"}, "id": "warning"},
    {
        "type": "resource_list",
        "value": {
            "heading": "Further reading",
            "introduction": "",
            "items": [
                {"type": "item", "value": resource(url="https://example.org/"), "id": "item"}
            ],
        },
        "id": "resources",
    },
    {
        "type": "video",
        "value": {"url": "https://vimeo.com/76979871", "title": "A film", "transcript": ""},
        "id": "video",
    },
]


def test_values_store_exactly_what_they_were_made_from():
    body = blocks.LessonBodyBlock()
    assert body.get_prep_value(body.to_python(BODY)) == BODY


def test_values_survive_pickling_as_a_cache_stores_them():
    # A page, and the body it holds, pickle by their stored data, as Wagtail's
    # StreamValue does; the values made again are the same kinds, saying the same.
    pickled = pickle.dumps(LessonPage(title="Lesson", body=BODY))
    lesson = pickle.loads(pickled)  # noqa: S301 (the bytes pickled just above)
    story, warning, resources, video = (child.value for child in lesson.body)
    assert lesson.body.get_prep_value() == BODY
    assert isinstance(story, blocks.RecoveryStoryValue)
    assert story.topic_labels == ["Hospitalisation"]
    assert warning.topic_labels == ["Trauma"]
    assert isinstance(resources["items"][0], blocks.ResourceValue)
    assert resources["items"][0].get_href() == "https://example.org/"
    assert (video.video.service, video.video.video_id) == ("Vimeo", "76979871")


def test_translators_are_offered_the_same_segments():
    field = LessonPage._meta.get_field("body")
    value = field.stream_block.to_python(BODY)
    segments = StreamFieldSegmentExtractor(field, include_overridables=True).handle_stream_block(
        value
    )
    found = {
        (segment.path, type(segment).__name__, getattr(segment, "data", None))
        for segment in segments
        if isinstance(segment, StringSegmentValue | OverridableSegmentValue)
    }
    strings = {path for path, kind, _data in found if kind == "StringSegmentValue"}
    links = {(path, data) for path, kind, data in found if kind == "OverridableSegmentValue"}
    assert strings == {
        "story.title",
        "story.story",
        "story.narrator_name",
        "story.source_title",
        "warning.note",
        "resources.heading",
        "resources.introduction",
        "resources.items.item.title",
        "resources.items.item.description",
        "video.title",
    }
    assert links == {
        ("story.source_url", "https://example.org/story"),
        ("resources.items.item.url", "https://example.org/"),
        ("video.url", "https://vimeo.com/76979871"),
    }
