"""The course's page about leaving quickly and what is kept on the visitor's device."""

from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

__all__ = ["PrivacyMixin"]


class PrivacyMixin(RoutablePageMixin):
    """A page at ``privacy/`` below the course: what the quick exit does and does not do,
    what the course keeps in the visitor's browser, and the control that forgets it."""

    privacy_template = "wagtail_peersupport/privacy.html"

    @path("privacy/", name="privacy")
    def privacy(self, request):
        return TemplateResponse(request, self.privacy_template, self.get_context(request))

    def privacy_url(self, request=None):
        """The address of the course's privacy page, or "" when the course has none."""
        url = self.get_url(request)
        return url + self.reverse_subpage("privacy") if url else ""
