"""Review dates: when a page's content was last checked, and when it is next due.

Sessions and lessons carry them, as health information pages do. Each language's page
is reviewed on its own: a translation is checked by someone who reads that language,
so wagtail-localize neither offers the fields to translators nor copies them from the
source when it updates a translation, and a new translation or copy of a page starts
unreviewed.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail_localize.fields import BaseTranslatableField

from .. import conf

__all__ = ["ReviewMixin", "REVIEW_FIELDS", "KeptPerTranslation"]

REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewed_by")


class KeptPerTranslation(BaseTranslatableField):
    """A field each translation keeps for itself: never translated, never synchronised."""

    def __repr__(self):
        return f"<KeptPerTranslation {self.field_name}>"


class ReviewMixin(models.Model):
    """``last_reviewed``, ``next_review_due`` and ``reviewed_by``, and the "Review" panel.

    Visitors see the two dates at the foot of the page (unless
    ``WAGTAIL_PEERSUPPORT_SHOW_REVIEW_DATES`` is off); who reviewed it is for editors only.
    """

    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "When someone last checked this page's content was accurate and up to date. "
            "Visitors see this date."
        ),
    )
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_(
            "When the content should next be checked. Visitors see this date, and the "
            "“Course pages due for review” report lists the page as it comes near."
        ),
    )
    reviewed_by = models.CharField(
        _("reviewed by"),
        max_length=255,
        blank=True,
        help_text=_("Who reviewed the content, for your records. Visitors never see this name."),
    )

    review_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
                FieldPanel("reviewed_by"),
            ],
            heading=_("Review"),
        )
    ]

    # A translation or a copy is new content: it has not been reviewed yet.
    exclude_fields_in_copy = list(REVIEW_FIELDS)
    override_translatable_fields = [KeptPerTranslation(name) for name in REVIEW_FIELDS]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due < self.last_reviewed
        ):
            raise ValidationError(
                {
                    "next_review_due": _(
                        "The next review can’t be due before the date the page was last reviewed."
                    )
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["peersupport_show_review_dates"] = conf.show_review_dates() and bool(
            self.last_reviewed or self.next_review_due
        )
        return context
