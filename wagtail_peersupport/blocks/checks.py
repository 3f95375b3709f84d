"""Knowledge checks: short questions a learner answers and scores in their own browser."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..api import choice_label
from .previews import PREVIEW_TEMPLATE
from .reflection import block_uid

__all__ = [
    "KnowledgeCheckOptionBlock",
    "KnowledgeCheckQuestionBlock",
    "KnowledgeCheckQuestionValue",
    "KnowledgeCheckBlock",
]

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true-false"
QUESTION_KINDS = [
    (SINGLE, _("One right answer")),
    (MULTIPLE, _("One or more right answers")),
    (TRUE_FALSE, _("True or false")),
]


class KnowledgeCheckOptionBlock(blocks.StructBlock):
    """One answer a learner can choose, whether it is right, and what to tell them."""

    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    correct = blocks.BooleanBlock(
        label=_("This answer is right"),
        required=False,
        default=False,
    )
    feedback = blocks.TextBlock(
        label=_("Feedback"),
        required=False,
        default="",
        rows=2,
        help_text=_("Optional. Shown to a learner who chose this answer, once they check it."),
    )

    class Meta:
        icon = "tick"
        label = _("Answer")


class KnowledgeCheckQuestionValue(blocks.StructValue):
    """A question, with what its kind means for the page."""

    @property
    def multiple(self):
        """Whether a learner may choose more than one answer."""
        return self.get("kind") == MULTIPLE

    @property
    def right_answers(self):
        return [option for option in self.get("options") or [] if option.get("correct")]


class KnowledgeCheckQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=500)
    kind = blocks.ChoiceBlock(
        label=_("Kind of question"),
        choices=QUESTION_KINDS,
        default=SINGLE,
        help_text=_(
            "For 'True or false', write a statement as the question and add two answers, "
            "'True' and 'False', ticking the right one."
        ),
    )
    options = blocks.ListBlock(
        KnowledgeCheckOptionBlock(),
        label=_("Answers"),
        min_num=2,
        help_text=_("Tick every answer that is right."),
    )
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        required=False,
        default="",
        rows=3,
        help_text=_("Optional. Shown once the question is answered, whichever answer was chosen."),
    )

    def clean(self, value):
        value = super().clean(value)
        options = value.get("options") or []
        right = sum(1 for option in options if option.get("correct"))
        kind = value.get("kind")
        error = None
        if kind == TRUE_FALSE and len(options) != 2:
            error = _("A true or false question has two answers: 'True' and 'False'.")
        elif right == 0:
            error = _("Tick the answer that is right.")
        elif kind != MULTIPLE and right > 1:
            error = _(
                "Only one answer can be right here. Choose 'One or more right answers' as the "
                "kind of question if more are."
            )
        if error:
            raise blocks.StructBlockValidationError(
                block_errors={"options": ValidationError(error)}
            )
        return value

    def get_searchable_content(self, value):
        # The question, its answers, their feedback and the explanation; the name of the
        # kind of question is for editors, and which answers are right is not text.
        if not self.search_index:
            return []
        child = self.child_blocks
        content = [value.get("question") or ""]
        content += child["options"].get_searchable_content(value.get("options") or [])
        content.append(value.get("explanation") or "")
        return [text for text in content if text]

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context=context)
        data["kind_label"] = choice_label(self.child_blocks["kind"], value.get("kind"))
        return data

    class Meta:
        icon = "help"
        label = _("Question")
        value_class = KnowledgeCheckQuestionValue


class KnowledgeCheckBlock(blocks.StructBlock):
    """A few questions on what the lesson said, scored in the learner's browser.

    Nothing is sent anywhere: the page holds the answers, the script compares them.
    Without the script the answers are behind a "Show the answers" disclosure.
    """

    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=255,
        default=_("Check what you have learned"),
    )
    introduction = blocks.TextBlock(
        label=_("Introduction"),
        required=False,
        default="",
        rows=2,
        help_text=_("Optional. e.g. 'Answer these questions to see what you remember.'"),
    )
    questions = blocks.ListBlock(
        KnowledgeCheckQuestionBlock(),
        label=_("Questions"),
        min_num=1,
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["uid"] = block_uid(parent_context)
        return context

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "tasks"
        label = _("Knowledge check")
        template = "wagtail_peersupport/blocks/knowledge_check.html"
        description = _(
            "Questions with answers to choose from, which learners check in their own browser."
        )
        preview_value = {
            "heading": _("Check what you have learned"),
            "introduction": "",
            "questions": [
                {
                    "question": _("Everyone has the potential for recovery."),
                    "kind": TRUE_FALSE,
                    "options": [
                        {"text": _("True"), "correct": True, "feedback": ""},
                        {"text": _("False"), "correct": False, "feedback": ""},
                    ],
                    "explanation": _(
                        "The recovery approach is based on the belief that everyone has "
                        "the potential for recovery."
                    ),
                }
            ],
        }
