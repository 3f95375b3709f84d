from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from wagtail_peersupport.models import AbstractCoursePage


class HomePage(Page):
    """The charity's own home page. It lists the courses published on the site."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Any course page type: the package's own, or a site's subclass of it.
        context["courses"] = Page.objects.live().descendant_of(self).type(AbstractCoursePage)
        return context
