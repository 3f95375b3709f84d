"""A block that lists the support contacts of the reader's language."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..api import contact_data
from .previews import PREVIEW_TEMPLATE

__all__ = ["SupportContactsBlock"]


class SupportContactsBlock(blocks.StructBlock):
    """Where to get support now: the support contacts kept for the reader's language."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=255,
        default=_("Need support now?"),
        help_text=_("Shown above the contacts."),
    )
    introduction = blocks.TextBlock(
        label=_("Introduction"),
        required=False,
        default="",
        rows=2,
        help_text=_(
            "Optional. e.g. 'This session talks about suicide. If it brings up difficult "
            "feelings, these services can help.'"
        ),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Looked up through the app registry: the blocks module is imported by the models.
        contacts = apps.get_model("wagtail_peersupport", "SupportContact")
        context["contacts"] = contacts.for_active_locale()
        return context

    def get_api_representation(self, value, context=None):
        """The heading, introduction and the contacts of the active language."""
        data = super().get_api_representation(value, context=context)
        contacts = apps.get_model("wagtail_peersupport", "SupportContact")
        data["contacts"] = [contact_data(contact) for contact in contacts.for_active_locale()]
        return data

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "help"
        label = _("Support contacts")
        template = "wagtail_peersupport/blocks/support_contacts.html"
        description = _(
            "Lists the contacts kept under “Support contacts” in the admin menu, "
            "in the reader's language."
        )
        preview_value = {"heading": _("Need support now?"), "introduction": ""}
