"""Crisis and support contacts, kept per locale so each language shows its own services."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..cache import cached, contacts_version
from .fields import LinkField

__all__ = ["SupportContact"]


def _default_content_language():
    try:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _content_language():
    """The content language (a locale's code) for the visitor's language, as Wagtail maps it."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return Locale.get_default().language_code


class SupportContact(TranslatableMixin, index.Indexed, models.Model):
    """A service people can contact when they need support now.

    Contacts belong to a locale: the Welsh site lists the contacts kept in
    Welsh, the Spanish site those kept in Spanish, so each can list its own
    country's services. Translating a contact with wagtail-localize translates
    its name, audience and opening hours and keeps its numbers, which a
    translator can override.
    """

    name = models.CharField(_("name"), max_length=255, help_text=_("e.g. 'Samaritans'."))
    audience = models.CharField(
        _("who it is for"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 'Anyone who is struggling to cope'."),
    )
    phone = models.CharField(
        _("phone number"),
        max_length=50,
        blank=True,
        help_text=_("As people dial it, e.g. '116 123'."),
    )
    phone_note = models.CharField(
        _("phone note"),
        max_length=255,
        blank=True,
        help_text=_("Optional. e.g. 'then choose option 2'."),
    )
    text_number = models.CharField(
        _("text number"), max_length=50, blank=True, help_text=_("e.g. '85258'.")
    )
    text_message = models.CharField(
        _("what to text"),
        max_length=50,
        blank=True,
        help_text=_("Optional. The word to send, e.g. 'SHOUT'."),
    )
    website = LinkField(
        _("website"),
        blank=True,
        help_text=_("The service's website, e.g. 'https://www.samaritans.org/'."),
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        help_text=_("e.g. '24 hours a day, every day'."),
    )
    last_checked = models.DateField(
        _("details last checked"),
        help_text=_("When someone last checked these details were right."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Contacts with lower numbers are listed first.")
    )

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("audience"),
        TranslatableField("phone_note"),
        TranslatableField("opening_hours"),
        SynchronizedField("phone", overridable=True),
        SynchronizedField("text_number", overridable=True),
        SynchronizedField("text_message", overridable=True),
        SynchronizedField("website", overridable=True),
        SynchronizedField("last_checked", overridable=False),
        SynchronizedField("sort_order", overridable=False),
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("audience"),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("phone_note"),
                FieldPanel("text_number"),
                FieldPanel("text_message"),
                FieldPanel("website"),
            ],
            heading=_("How to get in touch"),
        ),
        FieldPanel("opening_hours"),
        FieldPanel("last_checked"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        ordering = ["sort_order", "name"]
        # Pages list the contacts of one locale, in this order.
        indexes = [
            models.Index(fields=["locale", "sort_order", "name"], name="ps_contact_locale_order")
        ]

    def __str__(self):
        return self.name

    @property
    def phone_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def text_href(self):
        number = "".join(ch for ch in self.text_number if ch.isdigit() or ch == "+")
        return f"sms:{number}?body={self.text_message}" if self.text_message else f"sms:{number}"

    @classmethod
    def for_active_locale(cls):
        """The contacts of the visitor's language, or of the default one if it has none.

        Kept in Django's cache until a contact is saved or deleted.
        """
        language = _content_language()

        def read():
            contacts = list(cls.objects.filter(locale__language_code=language))
            default = _default_content_language()
            if not contacts and language != default:
                contacts = list(cls.objects.filter(locale__language_code=default))
            return contacts

        return cached(f"contacts:{language}:{contacts_version()}", read)
