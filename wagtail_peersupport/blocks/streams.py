"""The StreamBlocks that combine the course blocks into page bodies, grouped for editors."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from ..api import image_data
from .checks import KnowledgeCheckBlock
from .media import VideoBlock
from .reflection import AssessmentTaskBlock, ReflectionPromptBlock
from .research import ResearchFindingBlock
from .resources import ExerciseFileBlock, ResourceListBlock
from .stories import ContentWarningBlock, RecoveryStoryBlock
from .support import SupportContactsBlock
from .text import CalloutBlock, HeadingBlock, KeyPointsBlock, ParagraphBlock

__all__ = [
    "LessonBodyBlock",
    "SessionBodyBlock",
    "ResourcesBodyBlock",
    "ExerciseFilesBlock",
]

TEXT = _("Text")
STORIES = _("Stories and reflection")
EVIDENCE = _("Evidence and resources")
MEDIA = _("Media")


class LessonBodyBlock(blocks.StreamBlock):
    """Everything a lesson can be built from."""

    heading = HeadingBlock(group=TEXT)
    paragraph = ParagraphBlock(group=TEXT)
    key_points = KeyPointsBlock(group=TEXT)
    callout = CalloutBlock(group=TEXT)
    recovery_story = RecoveryStoryBlock(group=STORIES)
    reflection_prompt = ReflectionPromptBlock(group=STORIES)
    content_warning = ContentWarningBlock(group=STORIES)
    support_contacts = SupportContactsBlock(group=STORIES)
    assessment_task = AssessmentTaskBlock(group=STORIES)
    knowledge_check = KnowledgeCheckBlock(group=STORIES)
    research_finding = ResearchFindingBlock(group=EVIDENCE)
    resource_list = ResourceListBlock(group=EVIDENCE)
    image = ImageBlock(group=MEDIA, label=_("Image"))
    video = VideoBlock(group=MEDIA)

    def get_api_representation(self, value, context=None):
        items = super().get_api_representation(value, context=context)
        # Wagtail's image block gives only the image's id; a front end needs its address.
        for child, item in zip(value or [], items, strict=True):
            if isinstance(child.block, ImageBlock):
                item["value"] = image_data(child.value, context)
        return items

    class Meta:
        icon = "doc-full"
        label = _("Lesson body")


class SessionBodyBlock(LessonBodyBlock):
    """What a session's own page can hold before its lessons: the same blocks as a lesson."""

    class Meta:
        label = _("Session body")


class ResourcesBodyBlock(blocks.StreamBlock):
    """A resources page: lists of resources, with headings and text between them."""

    heading = HeadingBlock(group=TEXT)
    paragraph = ParagraphBlock(group=TEXT)
    callout = CalloutBlock(group=TEXT)
    resource_list = ResourceListBlock(group=EVIDENCE)
    support_contacts = SupportContactsBlock(group=EVIDENCE)

    class Meta:
        icon = "list-ul"
        label = _("Resources")


class ExerciseFilesBlock(blocks.StreamBlock):
    """The documents attached to a lesson."""

    file = ExerciseFileBlock()

    class Meta:
        icon = "doc-full"
        label = _("Exercise files")
