"""Blocks for personal recovery stories and the warnings that go before them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..api import choice_label, topics
from ..topics import CONTENT_WARNING_TOPICS, content_warning_labels
from .links import LinkBlock
from .previews import PREVIEW_TEMPLATE
from .text import ParagraphBlock

__all__ = [
    "ContentWarningTopicsBlock",
    "ContentWarningValue",
    "ContentWarningBlock",
    "RecoveryStoryValue",
    "RecoveryStoryBlock",
]


class ContentWarningTopicsBlock(blocks.MultipleChoiceBlock):
    """The topics a piece of content deals with, from a fixed list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", CONTENT_WARNING_TOPICS)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def get_api_representation(self, value, context=None):
        """The chosen topics as ``[{"key", "label"}]``, labels in the active language."""
        return topics(value)

    def get_searchable_content(self, value):
        """The names of the chosen topics, in the active language, as visitors read them.

        Wagtail's ``MultipleChoiceBlock`` compares the whole list with each choice, and
        so finds none.
        """
        return [str(label) for label in content_warning_labels(value)] if self.search_index else []

    class Meta:
        icon = "warning"


class ContentWarningValue(blocks.StructValue):
    """A content warning, with the names of its topics."""

    @property
    def topic_labels(self):
        """The translated names of the chosen topics, in the order the list gives them."""
        return content_warning_labels(self.get("topics"))


class ContentWarningBlock(blocks.StructBlock):
    """A warning, before content that may be hard to read, naming its topics."""

    topics = ContentWarningTopicsBlock(
        label=_("Topics"),
        help_text=_("Choose every topic the content below deals with."),
    )
    note = blocks.TextBlock(
        label=_("Note"),
        required=False,
        default="",
        rows=3,
        help_text=_("Optional. More about what follows, shown when the reader opens the warning."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("topics"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "topics": ValidationError(
                        _("Choose at least one topic, so readers know what to expect.")
                    )
                }
            )
        return value

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "warning"
        label = _("Content warning")
        template = "wagtail_peersupport/blocks/content_warning.html"
        value_class = ContentWarningValue
        description = _("Warns readers about difficult topics in the content that follows.")
        preview_value = {
            "topics": ["hospitalisation", "police-contact"],
            "note": _("The story below describes a stay in hospital."),
        }


class RecoveryStoryValue(blocks.StructValue):
    """A recovery story, with the names of the topics it is marked with."""

    @property
    def topic_labels(self):
        """The translated names of the story's content warnings, in the list's order."""
        return content_warning_labels(self.get("content_warnings"))


class RecoveryStoryBlock(blocks.StructBlock):
    """A personal story of recovery, in the words of the person who lived it."""

    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        default="",
        max_length=255,
        help_text=_("Optional. Shown above the story, e.g. 'Finding acceptance'."),
    )
    story = ParagraphBlock(
        label=_("Story"),
        required=False,
        help_text=_("The story itself, in the narrator's own words."),
    )
    narrator_type = blocks.ChoiceBlock(
        label=_("Narrator"),
        choices=[
            ("named", _("Their name")),
            ("pseudonym", _("A pseudonym")),
            ("anonymous", _("Anonymous")),
        ],
        default="anonymous",
        help_text=_("How the person who told the story chose to be credited."),
    )
    narrator_name = blocks.CharBlock(
        label=_("Narrator's name or pseudonym"),
        required=False,
        default="",
        max_length=255,
        help_text=_("Leave empty when the story is anonymous."),
    )
    source_title = blocks.CharBlock(
        label=_("First published in"),
        required=False,
        default="",
        max_length=255,
        help_text=_(
            "Optional. Where the story first appeared, e.g. "
            "'National Alliance on Mental Illness website'."
        ),
    )
    source_url = LinkBlock(
        label=_("Link to the original"),
        required=False,
        default="",
        help_text=_("Optional. The address of the story where it was first published."),
    )
    content_warnings = ContentWarningTopicsBlock(
        label=_("Content warnings"),
        required=False,
        help_text=_("Choose every difficult topic the story deals with."),
    )
    consent_confirmed = blocks.BooleanBlock(
        label=_("The person agreed to this use of their story"),
        required=False,
        default=False,
        help_text=_(
            "Only editors see this; it is never shown on the page. Tick it once you "
            "have the narrator's (or the publisher's) permission to use the story."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not strip_tags(value.get("story").source if value.get("story") else "").strip():
            errors["story"] = ValidationError(
                _("Add the text of the story. A recovery story cannot be empty.")
            )
        if value.get("narrator_type") in ("named", "pseudonym") and not value.get("narrator_name"):
            errors["narrator_name"] = ValidationError(
                _("Add the name or pseudonym, or choose 'Anonymous' as the narrator.")
            )
        if value.get("source_url") and not value.get("source_title"):
            errors["source_title"] = ValidationError(
                _("Say where the story was first published, so the link has a name.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def get_searchable_content(self, value):
        """The words a visitor's page shows: title, story, the narrator as credited, where
        it was first published and its warnings. Never the consent flag, the choice of
        credit as editors see it, or a name the page does not show (an anonymous story)."""
        if not self.search_index:
            return []
        child = self.child_blocks
        content = [value.get("title") or ""]
        content += child["story"].get_searchable_content(value.get("story"))
        if value.get("narrator_type") != "anonymous":
            content.append(value.get("narrator_name") or "")
        content.append(value.get("source_title") or "")
        content += child["content_warnings"].get_searchable_content(value.get("content_warnings"))
        return [text for text in content if text]

    def get_api_representation(self, value, context=None):
        """What a visitor's page shows of the story; never the editors' consent flag."""
        child = self.child_blocks
        narrator_type = value.get("narrator_type")
        # The page names no one for an anonymous story, whatever the name field holds.
        name = value.get("narrator_name") if narrator_type != "anonymous" else ""
        return {
            "title": value.get("title"),
            "text": child["story"].get_api_representation(value.get("story"), context),
            "narrator": {
                "type": narrator_type,
                "label": choice_label(child["narrator_type"], narrator_type),
                "name": name or "",
            },
            "source": {
                "title": value.get("source_title"),
                "url": child["source_url"].get_api_representation(value.get("source_url")),
            },
            "warnings": topics(value.get("content_warnings")),
        }

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "openquote"
        label = _("Recovery story")
        template = "wagtail_peersupport/blocks/recovery_story.html"
        value_class = RecoveryStoryValue
        description = _(
            "A personal story of recovery, with who told it and where it was first published."
        )
        preview_value = {
            "title": _("Finding acceptance"),
            "story": (
                "<p>Having acceptance means taking charge of my life and moving forward. "
                "Hope is the cornerstone of my recovery.</p>"
            ),
            "narrator_type": "pseudonym",
            "narrator_name": "Sam",
            "source_title": _("A peer support newsletter"),
            "content_warnings": [],
        }
