"""Blocks that point learners elsewhere: resource lists and exercise files."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from ..api import choice_label, document_data, page_link, safe_link
from ..links import is_safe_link
from .links import LinkBlock
from .previews import PREVIEW_TEMPLATE

__all__ = [
    "RESOURCE_KINDS",
    "ResourceValue",
    "ResourceItemBlock",
    "ResourceListBlock",
    "ExerciseFileValue",
    "ExerciseFileBlock",
]

RESOURCE_KINDS = [
    ("article", _("Article")),
    ("video", _("Video")),
    ("helpline", _("Helpline")),
    ("document", _("Document")),
    ("discussion-paper", _("Discussion paper")),
    ("website", _("Website")),
]

LINK_FIELDS = ("url", "page", "document")


class DocumentDetails:
    """What a value holding a ``document`` says about the file: its type and size."""

    @property
    def file_type(self):
        """The document's file extension in capitals (``"PDF"``), or ``""``."""
        document = self.get("document")
        return document.file_extension.upper() if document else ""

    @property
    def file_size(self):
        """The document's size in bytes, or ``None`` when there is no document or file."""
        document = self.get("document")
        return document.get_file_size() if document else None


class ResourceValue(DocumentDetails, blocks.StructValue):
    """A resource item, with the address it links to and the name of its kind."""

    def get_href(self, request=None):
        """The address the resource links to, whichever of its three links it has.

        ``""`` when the web address is not a link ``LinkBlock`` accepts: it is checked
        again each time, because a translator can replace it. A page's address is what
        ``Page.get_url(request)`` gives: a path when the page is on the site of
        ``request``, a full address otherwise, ``""`` when the page is on no site.
        """
        if self.get("url"):
            return self["url"] if is_safe_link(self["url"]) else ""
        if self.get("page"):
            return self["page"].get_url(request=request) or ""
        if self.get("document"):
            return self["document"].url
        return ""

    @property
    def kind_label(self):
        """The translated name of the resource's kind, in the active language."""
        return str(dict(RESOURCE_KINDS).get(self.get("kind"), ""))


class ExerciseFileValue(DocumentDetails, blocks.StructValue):
    """An exercise file, with its document's type and size."""


class ResourceItemBlock(blocks.StructBlock):
    """One resource: a title, a short description and exactly one link."""

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    description = blocks.TextBlock(
        label=_("Description"),
        required=False,
        default="",
        rows=2,
        help_text=_("Optional. One or two sentences on why it is worth reading."),
    )
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=RESOURCE_KINDS,
        default="website",
        help_text=_("What sort of resource this is; shown beside its title."),
    )
    url = LinkBlock(
        label=_("Web address, phone or email"),
        required=False,
        default="",
        help_text=_(
            "A website (https://…), a phone number (tel:116123), an email address "
            "(mailto:…) or a path on this site (/…). Fill in only one of the three links."
        ),
    )
    page = blocks.PageChooserBlock(
        label=_("Page on this site"),
        required=False,
        help_text=_("Link to a page on this site. Fill in only one of the three links."),
    )
    document = DocumentChooserBlock(
        label=_("Document"),
        required=False,
        help_text=_("Link to an uploaded document. Fill in only one of the three links."),
    )

    def clean(self, value):
        value = super().clean(value)
        filled = [name for name in LINK_FIELDS if value.get(name)]
        if len(filled) != 1:
            message = (
                _("Add a link: a web address, a page on this site or a document.")
                if not filled
                else _("Choose only one link: a web address, a page or a document, not several.")
            )
            raise blocks.StructBlockValidationError(
                block_errors={name: ValidationError(message) for name in filled or ["url"]}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Only the page being drawn knows the request, and with it the site a page
        # link's address is relative to.
        context["href"] = value.get_href((parent_context or {}).get("request"))
        return context

    def get_api_representation(self, value, context=None):
        """The resource with its one link resolved: ``url`` is where it leads, ``""`` if nowhere."""
        page = page_link(value.get("page"), context)
        document = document_data(value.get("document"), context)
        if value.get("url"):
            url = safe_link(value["url"])
        elif value.get("page"):
            url = page["url"] if page else ""  # a page that is not live leads nowhere
        else:
            url = document["url"] if document else ""
        return {
            "title": value.get("title"),
            "description": value.get("description"),
            "kind": value.get("kind"),
            "kind_label": choice_label(self.child_blocks["kind"], value.get("kind")),
            "url": url,
            "page": page,
            "document": document,
        }

    class Meta:
        icon = "link"
        label = _("Resource")
        template = "wagtail_peersupport/blocks/resource_item.html"
        value_class = ResourceValue
        description = _("A link to a website, a page or a document, with a description.")
        preview_value = {
            "title": _("Scottish Recovery Network"),
            "description": _("Stories, research and resources about recovery."),
            "kind": "website",
            "url": "https://www.scottishrecovery.net/",
        }


class ResourceListBlock(blocks.StructBlock):
    """A titled list of resources."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=255,
        help_text=_("e.g. 'Further reading' or 'Where to get help'."),
    )
    introduction = blocks.TextBlock(
        label=_("Introduction"),
        required=False,
        default="",
        rows=2,
        help_text=_("Optional. A sentence about the resources below."),
    )
    items = blocks.ListBlock(
        ResourceItemBlock(),
        label=_("Resources"),
        min_num=1,
    )

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "list-ul"
        label = _("Resource list")
        template = "wagtail_peersupport/blocks/resource_list.html"
        description = _("A list of articles, videos, helplines, documents or websites.")
        preview_value = {
            "heading": _("Further reading"),
            "items": [ResourceItemBlock().meta.preview_value],
        }


class ExerciseFileBlock(blocks.StructBlock):
    """A document learners download for a lesson's exercises."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        default="",
        max_length=255,
        help_text=_("Optional. Shown instead of the document's own title."),
    )

    def get_api_representation(self, value, context=None):
        """The file's title (its own unless the block gives one) and its document."""
        document = value.get("document")
        return {
            "title": value.get("title") or (document.title if document else ""),
            "document": document_data(document, context),
        }

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "doc-full"
        label = _("Exercise file")
        template = "wagtail_peersupport/blocks/exercise_file.html"
        value_class = ExerciseFileValue
        description = _("A document to download for the lesson's exercises.")
