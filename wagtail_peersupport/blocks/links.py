"""A link field for blocks: a web address, an email or phone link, or a path on the site."""

from wagtail import blocks

from ..api import safe_link
from ..links import LinkFormField

__all__ = ["LinkBlock"]


class LinkBlock(blocks.URLBlock):
    """A URL block that also takes ``mailto:`` and ``tel:`` links and site paths.

    It refuses everything else (``javascript:``, ``data:``, ``//host/…``, a bare
    ``example.org/x``) with a message saying what is allowed, and stores the link
    cleaned. It stays a ``URLBlock``, so wagtail-localize lets translators replace
    the link per language rather than translate it.
    """

    def __init__(self, required=True, help_text=None, max_length=None, validators=(), **kwargs):
        self.field = LinkFormField(
            required=required,
            help_text=help_text,
            max_length=max_length or 2000,
            validators=validators,
        )
        blocks.FieldBlock.__init__(self, **kwargs)

    def get_api_representation(self, value, context=None):
        # Checked again as it is given out: a translator can replace a link.
        return safe_link(value)

    class Meta:
        icon = "link-external"
