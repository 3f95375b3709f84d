"""Blocks for the running text of a lesson: headings, paragraphs, key points, callouts."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..api import choice_label, rendered_rich_text
from .previews import PREVIEW_TEMPLATE

__all__ = [
    "RICH_TEXT_FEATURES",
    "HeadingBlock",
    "ParagraphBlock",
    "KeyPointsBlock",
    "CalloutBlock",
]

# Headings come from HeadingBlock so that the page outline stays well formed;
# the rich text editor offers only inline formatting, lists and links.
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a lesson or session."""

    text = blocks.CharBlock(
        label=_("Heading"),
        max_length=255,
        help_text=_("A short title for the section that follows."),
    )
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[
            ("h2", _("Section heading")),
            ("h3", _("Subheading")),
            ("h4", _("Minor heading")),
        ],
        default="h2",
        help_text=_("Use a subheading only under a section heading."),
    )

    def get_searchable_content(self, value):
        # The heading's words; its level's name is for editors only.
        return [value.get("text")] if self.search_index and value.get("text") else []

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "title"
        label = _("Heading")
        template = "wagtail_peersupport/blocks/heading.html"
        description = _("A heading that starts a new section of the page.")
        preview_value = {"text": _("Where the recovery approach came from"), "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text: paragraphs, lists, emphasis and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["features"] = self.features  # the template cleans with these again
        return context

    def get_api_representation(self, value, context=None):
        """The HTML a visitor's page shows: cleaned again, links resolved."""
        return rendered_rich_text(value, self.features)

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "pilcrow"
        label = _("Text")
        template = "wagtail_peersupport/blocks/paragraph.html"
        description = _("Paragraphs of text, with lists, emphasis and links.")
        preview_value = (
            "<p>People have always recovered from mental health problems. What has "
            "changed is the emphasis on recovery as a way of improving services.</p>"
        )


class KeyPointsBlock(blocks.StructBlock):
    """A short list of the points a learner should take away."""

    lead_in = blocks.TextBlock(
        label=_("Lead-in"),
        required=False,
        default="",
        rows=2,
        help_text=_("Optional sentence introducing the list, such as 'They include:'."),
    )
    points = blocks.ListBlock(
        blocks.CharBlock(label=_("Point"), max_length=500),
        label=_("Points"),
        min_num=1,
        help_text=_("One point per item, in the order learners should read them."),
    )
    numbered = blocks.BooleanBlock(
        label=_("Numbered list"),
        required=False,
        default=False,
        help_text=_("Number the points when their order matters."),
    )

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "list-ul"
        label = _("Key points")
        template = "wagtail_peersupport/blocks/key_points.html"
        description = _("A list of key points, with an optional lead-in sentence.")
        preview_value = {
            "lead_in": _("Two core elements of the recovery approach:"),
            "points": [
                _("Everyone has the potential for recovery."),
                _("We learn directly from people who are in recovery."),
            ],
            "numbered": False,
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted note: general information, or something important."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("information", _("Information")), ("important", _("Important"))],
        default="information",
        help_text=_("'Important' is shown more strongly; use it sparingly."),
    )
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        default="",
        max_length=255,
        help_text=_("Optional. A few words that sum up the note."),
    )
    text = ParagraphBlock(label=_("Text"), help_text=_("What the reader needs to know."))

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context=context)
        data["kind_label"] = choice_label(self.child_blocks["kind"], value.get("kind"))
        return data

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "info-circle"
        label = _("Callout")
        template = "wagtail_peersupport/blocks/callout.html"
        description = _("A highlighted note that stands out from the text around it.")
        preview_value = {
            "kind": "information",
            "heading": _("Take your time"),
            "text": "<p>You can stop and come back to this lesson whenever you like.</p>",
        }
