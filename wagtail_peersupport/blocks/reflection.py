"""Blocks that ask learners to think and write: reflection prompts and assessment tasks."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .previews import PREVIEW_TEMPLATE
from .text import ParagraphBlock

__all__ = ["ReflectionPromptBlock", "AssessmentTaskBlock"]


def block_uid(parent_context):
    """A block's id for its element ids: the id the page passes, which stays the same in
    every translation, or a random one when there is none (a preview)."""
    block_id = (parent_context or {}).get("block_id")
    return str(block_id) if block_id else uuid.uuid4().hex[:12]


class ReflectionPromptBlock(blocks.StructBlock):
    """An invitation to reflect, followed by the questions to reflect on."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=255,
        default=_("Reflection"),
        help_text=_("Shown above the questions, e.g. 'Reflection'."),
    )
    introduction = blocks.TextBlock(
        label=_("Introduction"),
        required=False,
        default="",
        rows=3,
        help_text=_(
            "Optional. Invites the reader to reflect, e.g. 'After reading this story, "
            "write down some of your thoughts.'"
        ),
    )
    questions = blocks.ListBlock(
        blocks.CharBlock(label=_("Question"), max_length=500),
        label=_("Questions"),
        min_num=1,
        help_text=_("The questions, in the order the reader should consider them."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not [q for q in value.get("questions") or [] if str(q).strip()]:
            raise blocks.StructBlockValidationError(
                block_errors={"questions": ValidationError(_("Add at least one question."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Pages pass each block's id, which stays the same in every translation, so
        # a visitor's notes follow them from one language to another.
        context["uid"] = block_uid(parent_context)
        # The workbook draws many pages' blocks and names the one each block is from.
        page = (parent_context or {}).get("notes_page") or (parent_context or {}).get("page")
        translation_key = getattr(page, "translation_key", None)
        context["notes_key"] = f"{translation_key}:{context['uid']}" if translation_key else ""
        return context

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "help"
        label = _("Reflection prompt")
        template = "wagtail_peersupport/blocks/reflection_prompt.html"
        description = _("Questions that invite the reader to reflect on what they have read.")
        preview_value = {
            "heading": _("Reflection"),
            "introduction": _("After reading this story, write down some of your thoughts."),
            "questions": [
                _("How did it feel to read this recovery story?"),
                _("Why are personal stories so powerful?"),
            ],
        }


class AssessmentTaskBlock(blocks.StructBlock):
    """A piece of assessed work: what to do and how long it should be."""

    title = blocks.CharBlock(
        label=_("Title"),
        max_length=255,
        help_text=_("e.g. 'Assessment task 1: your recovery story'."),
    )
    brief = ParagraphBlock(
        label=_("Task brief"),
        help_text=_("What learners are asked to do, and how it will be assessed."),
    )
    word_count = blocks.IntegerBlock(
        label=_("Word count"),
        required=False,
        min_value=1,
        help_text=_("Optional. About how many words the piece of work should be."),
    )

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "doc-full"
        label = _("Assessment task")
        template = "wagtail_peersupport/blocks/assessment_task.html"
        description = _("A written assignment, with its brief and expected length.")
        preview_value = {
            "title": _("Assessment task 1"),
            "brief": (
                "<p>Write an essay that considers your personal recovery story in "
                "relation to the recovery approach and the role of peer support.</p>"
            ),
            "word_count": 1500,
        }
