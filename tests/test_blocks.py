"""How each block renders, and what editors are told when a block is filled in wrongly."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from wagtail_peersupport import blocks

pytestmark = pytest.mark.django_db


def render(block, data):
    value = block.to_python(data)
    return BeautifulSoup(block.render(value), "html.parser")


def text(tag):
    return " ".join(tag.get_text(" ", strip=True).split())


def errors_of(block, data):
    with pytest.raises(ValidationError) as excinfo:
        block.clean(block.to_python(data))
    return {
        name: [str(m) for m in err.messages] for name, err in excinfo.value.block_errors.items()
    }


STORY = {
    "title": "Finding acceptance",
    "story": "<p>When I was 26 years old, my symptoms caused many problems for me.</p>",
    "narrator_type": "anonymous",
    "narrator_name": "",
    "source_title": "National Alliance on Mental Illness website",
    "source_url": "https://www.nami.org/",
    "content_warnings": ["hospitalisation", "police-contact"],
    "consent_confirmed": True,
}


def test_recovery_story_is_a_figure_with_blockquote_and_caption():
    soup = render(blocks.RecoveryStoryBlock(), STORY)
    figure = soup.find("figure", class_="ps-story")
    quote = figure.find("blockquote")
    assert text(quote) == "When I was 26 years old, my symptoms caused many problems for me."
    assert quote["cite"] == "https://www.nami.org/"
    caption = figure.find("figcaption")
    assert text(caption.find(class_="ps-story__narrator")) == "Shared anonymously"
    source = caption.find(class_="ps-story__source")
    assert text(source) == "First published on National Alliance on Mental Illness website"
    assert source.find("a")["href"] == "https://www.nami.org/"
    assert source.find("cite") is not None
    # The warning comes before the story, names the topics and points to support; the
    # story itself is one action away, in a disclosure screen readers announce as such.
    warning = figure.find(class_="ps-warning")
    assert warning["role"] == "note"
    assert text(warning.find("p")) == "Content warning: Hospitalisation, Contact with the police."
    assert warning.find("a")["href"] == "#ps-support"
    assert warning.find_next_sibling() is figure.find("details")
    assert text(figure.find("details").find("summary")) == "Read the story"
    assert figure.find("details").find("blockquote") is quote
    assert figure.find(attrs={"aria-hidden": True}) is None
    # Consent is for editors only.
    assert "agreed" not in text(soup).lower()


@pytest.mark.parametrize(
    ("narrator_type", "name", "shown"),
    [("named", "Alex Jones", "Alex Jones"), ("pseudonym", "Sam", "Sam (a pseudonym)")],
)
def test_recovery_story_credits_named_and_pseudonymous_narrators(narrator_type, name, shown):
    soup = render(
        blocks.RecoveryStoryBlock(),
        {**STORY, "narrator_type": narrator_type, "narrator_name": name, "source_title": ""},
    )
    caption = soup.find("figcaption")
    assert text(caption) == shown
    assert caption.find(class_="ps-story__source") is None


def test_recovery_story_without_text_is_refused_with_a_plain_message():
    errors = errors_of(blocks.RecoveryStoryBlock(), {**STORY, "story": "<p> </p>"})
    assert errors == {"story": ["Add the text of the story. A recovery story cannot be empty."]}


def test_named_story_needs_a_name():
    errors = errors_of(blocks.RecoveryStoryBlock(), {**STORY, "narrator_type": "named"})
    assert errors == {
        "narrator_name": ["Add the name or pseudonym, or choose 'Anonymous' as the narrator."]
    }


def test_reflection_prompt_is_a_section_with_heading_and_ordered_questions():
    soup = render(
        blocks.ReflectionPromptBlock(),
        {
            "heading": "Reflection",
            "introduction": "After reading this story, write down some of your thoughts.",
            "questions": ["How did it feel?", "Why are stories powerful?"],
        },
    )
    section = soup.find("section", class_="ps-reflection")
    assert text(section.find("h2")) == "Reflection"
    assert text(section.find("p")) == "After reading this story, write down some of your thoughts."
    assert [text(li) for li in section.find("ol").find_all("li")] == [
        "How did it feel?",
        "Why are stories powerful?",
    ]


def test_reflection_prompt_needs_a_question():
    errors = errors_of(
        blocks.ReflectionPromptBlock(),
        {"heading": "Reflection", "introduction": "", "questions": [""]},
    )
    assert "questions" in errors


def resource(**links):
    return {
        "title": "Evidence of Recovery",
        "description": "A discussion paper.",
        "kind": "discussion-paper",
        "url": "",
        "page": None,
        "document": None,
        **links,
    }


def test_resource_list_renders_items_with_kind_and_link():
    soup = render(
        blocks.ResourceListBlock(),
        {
            "heading": "Further reading",
            "introduction": "",
            "items": [resource(url="https://www.scottishrecovery.net/")],
        },
    )
    section = soup.find("section", class_="ps-resources")
    assert text(section.find("h2")) == "Further reading"
    item = section.find("li", class_="ps-resource")
    assert item.find("h3").find("a")["href"] == "https://www.scottishrecovery.net/"
    assert text(item.find(class_="ps-resource__kind")) == "Discussion paper"
    assert text(item.find(class_="ps-resource__description")) == "A discussion paper."


def test_resource_item_links_to_a_page(home):
    soup = render(blocks.ResourceItemBlock(), resource(page=home.pk))
    assert soup.find("a")["href"] == home.url


def test_resource_item_shows_document_type_and_size():
    document = get_document_model().objects.create(
        title="Discussion paper", file=ContentFile(b"x" * 3000, name="paper.pdf")
    )
    soup = render(blocks.ResourceItemBlock(), resource(document=document.pk))
    assert soup.find("a")["href"] == document.url
    assert text(soup.find(class_="ps-resource__file")) == "PDF document, 2.9 KB"


def test_resource_item_needs_exactly_one_link(home):
    block = blocks.ResourceItemBlock()
    assert errors_of(block, resource()) == {
        "url": ["Add a link: a web address, a page on this site or a document."]
    }
    two = errors_of(block, resource(url="https://example.org/", page=home.pk))
    message = ["Choose only one link: a web address, a page or a document, not several."]
    assert two == {"url": message, "page": message}


def test_heading_block_uses_the_chosen_level():
    soup = render(blocks.HeadingBlock(), {"text": "Where it began", "level": "h3"})
    assert text(soup.find("h3")) == "Where it began"


def test_key_points_render_lead_in_and_list():
    soup = render(
        blocks.KeyPointsBlock(),
        {"lead_in": "They include:", "points": ["Research", "Activism"], "numbered": True},
    )
    assert text(soup.find("p")) == "They include:"
    assert [text(li) for li in soup.find("ol").find_all("li")] == ["Research", "Activism"]


def test_research_finding_shows_figures_and_citation():
    soup = render(
        blocks.ResearchFindingBlock(),
        {
            "study": "Vermont Longitudinal Study",
            "summary": "",
            "figures": [
                {"figure": "262", "measure": "previously long-stay patients"},
                {"figure": "68%", "measure": "functioning above mild impairment"},
            ],
            "citation": "Harding et al 1987",
            "source_url": "",
        },
    )
    figure = soup.find("figure", class_="ps-finding")
    assert text(figure.find("h2")) == "Vermont Longitudinal Study"
    assert [text(dt) for dt in figure.find_all("dt")] == ["262", "68%"]
    assert text(figure.find_all("dd")[1]) == "functioning above mild impairment"
    assert text(figure.find("figcaption")) == "Source: Harding et al 1987"


@pytest.mark.parametrize(
    ("kind", "label"), [("information", "Information"), ("important", "Important")]
)
def test_callout_names_its_kind(kind, label):
    soup = render(
        blocks.CalloutBlock(), {"kind": kind, "heading": "Take care", "text": "<p>Go gently.</p>"}
    )
    note = soup.find(attrs={"role": "note"})
    assert f"ps-callout--{kind}" in note["class"]
    assert text(note.find("p")) == f"{label}: Take care"


def test_story_without_warnings_is_shown_at_once():
    soup = render(blocks.RecoveryStoryBlock(), {**STORY, "content_warnings": []})
    assert soup.find("details") is None and soup.find(class_="ps-warning") is None
    assert soup.find("figure").find("blockquote", recursive=False) is not None


def test_content_warning_names_topics_and_opens_for_more():
    soup = render(
        blocks.ContentWarningBlock(), {"topics": ["suicide", "self-harm"], "note": "Some detail."}
    )
    note = soup.find(attrs={"role": "note"})
    assert text(note.find("p")) == "Content warning: Self-harm, Suicide."
    details = note.find("details")
    assert text(details.find("summary")) == "More about this warning"
    assert text(details.find("p")) == "Some detail."
    support = note.find("a")
    assert support["href"] == "#ps-support"
    assert text(support) == "If this brings up difficult feelings, support is available."


def test_content_warning_needs_a_topic():
    assert "topics" in errors_of(blocks.ContentWarningBlock(), {"topics": [], "note": ""})


def test_assessment_task_shows_brief_and_word_count():
    soup = render(
        blocks.AssessmentTaskBlock(),
        {"title": "Assessment task 1", "brief": "<p>Write an essay.</p>", "word_count": 1500},
    )
    section = soup.find("section", class_="ps-assessment")
    assert text(section.find("h2")) == "Assessment task 1"
    assert text(section.find(class_="ps-assessment__length")) == "About 1500 words"


@pytest.mark.parametrize(
    "url, service, video_id",
    [
        ("https://www.youtube.com/watch?v=aBcD3fGh1jK&t=42", "YouTube", "aBcD3fGh1jK"),
        ("https://youtu.be/aBcD3fGh1jK", "YouTube", "aBcD3fGh1jK"),
        ("https://www.youtube-nocookie.com/embed/aBcD3fGh1jK?rel=0", "YouTube", "aBcD3fGh1jK"),
        ("https://vimeo.com/76979871", "Vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871?h=abc", "Vimeo", "76979871"),
    ],
)
def test_video_addresses_in_every_form_are_understood(url, service, video_id):
    video = blocks.parse_video_url(url)
    assert (video.service, video.video_id) == (service, video_id)


VIDEO = {
    "url": "https://youtu.be/aBcD3fGh1jK",
    "title": "Open questions",
    "transcript": "<p>Hello, and welcome.</p>",
}


def test_video_is_a_link_and_makes_no_request_to_another_host():
    soup = render(blocks.VideoBlock(), VIDEO)
    figure = soup.find("figure", class_="ps-video")
    assert figure.find("iframe") is None
    link = figure.find("a")
    assert link["href"] == "https://www.youtube.com/watch?v=aBcD3fGh1jK"
    assert text(link) == "Watch “Open questions” on YouTube"
    transcript = figure.find("details", class_="ps-video__transcript")
    assert text(transcript.find("summary")) == "Transcript"
    assert "Hello, and welcome." in text(transcript)


def test_sites_can_choose_to_embed_the_player(settings):
    settings.WAGTAIL_PEERSUPPORT_EMBED_VIDEOS = True
    frame = render(blocks.VideoBlock(), VIDEO).find("iframe")
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/aBcD3fGh1jK"
    assert frame["title"] == "Open questions"


@pytest.mark.parametrize(
    "url", ["https://example.com/video.mp4", "https://www.youtube.com/", "https://vimeo.com/about"]
)
def test_video_from_elsewhere_is_refused_with_a_plain_message(url):
    assert errors_of(blocks.VideoBlock(), {**VIDEO, "url": url}) == {
        "url": ["Use the address of a video on YouTube or Vimeo."]
    }


def test_stream_blocks_group_blocks_for_editors():
    groups = {
        name: str(child.meta.group) for name, child in blocks.LessonBodyBlock().child_blocks.items()
    }
    assert groups["recovery_story"] == groups["reflection_prompt"] == "Stories and reflection"
    assert groups["research_finding"] == groups["resource_list"] == "Evidence and resources"
    assert groups["paragraph"] == "Text"


@pytest.mark.parametrize(
    "block_class",
    [
        blocks.HeadingBlock,
        blocks.ParagraphBlock,
        blocks.KeyPointsBlock,
        blocks.CalloutBlock,
        blocks.ContentWarningBlock,
        blocks.RecoveryStoryBlock,
        blocks.ReflectionPromptBlock,
        blocks.AssessmentTaskBlock,
        blocks.ResearchFindingBlock,
        blocks.ResourceListBlock,
        blocks.VideoBlock,
    ],
)
def test_every_block_has_a_description_and_a_preview_that_renders(block_class):
    block = block_class()
    assert block.meta.description
    assert block.meta.template.startswith("wagtail_peersupport/blocks/")
    preview = BeautifulSoup(block.render(block.get_preview_value()), "html.parser")
    assert text(preview)
