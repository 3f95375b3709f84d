"""Models a charity's site might have, to show the package fits around them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page

from wagtail_peersupport.models import AbstractLessonPage


class User(AbstractUser):
    preferred_name = models.CharField(max_length=100, blank=True)


class CustomImage(AbstractImage):
    credit = models.CharField(max_length=255, blank=True)
    admin_form_fields = Image.admin_form_fields + ("credit",)


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    licence = models.CharField(max_length=255, blank=True)
    admin_form_fields = Document.admin_form_fields + ("licence",)


class FacilitatedLessonPage(AbstractLessonPage):
    """A site's own lesson page, adding facilitator notes and how the group meets."""

    FORMATS = [("in-person", "In person"), ("online", "Online"), ("either", "Either")]

    facilitator_notes = models.TextField(blank=True)
    group_size = models.PositiveSmallIntegerField(default=8)
    needs_a_second_facilitator = models.BooleanField(default=False)
    first_run = models.DateField(null=True, blank=True)
    minutes = models.DecimalField(max_digits=5, decimal_places=1, default=45)
    format = models.CharField(max_length=20, choices=FORMATS, default="in-person")

    content_panels = AbstractLessonPage.content_panels + [
        FieldPanel("facilitator_notes"),
        FieldPanel("group_size"),
        FieldPanel("needs_a_second_facilitator"),
        FieldPanel("first_run"),
        FieldPanel("minutes"),
        FieldPanel("format"),
    ]


class ArticlePage(Page):
    """A plain page of the site, to compare course pages with (queries, render time)."""

    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    template = "charity/article_page.html"
