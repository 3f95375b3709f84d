"""The printable workbook of a course or a session, a route of the page."""

from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from .tree import base_pages

__all__ = ["WorkbookMixin"]


class WorkbookMixin(RoutablePageMixin):
    """A printable workbook at ``workbook/`` below the page: every lesson in order.

    Facilitators run the course with groups in a room. The workbook holds the
    page's sessions and lessons with their stories, and space to write under
    each reflection question.
    """

    workbook_template = "wagtail_peersupport/workbook.html"

    @path("workbook/", name="workbook")
    def workbook(self, request):
        course = self.course
        outline = course.get_outline(request)
        pages = {
            page.pk: page
            for page in base_pages(self)
            .descendant_of(self, inclusive=True)
            .live()
            .filter(depth__lte=course.depth + 2)
            .specific()
        }
        sessions = [
            {
                "entry": session,
                "page": pages[session.id],
                "lessons": [pages[lesson.id] for lesson in session.lessons if lesson.id in pages],
            }
            for session in outline.sessions
            if session.id in pages
        ]
        context = self.get_context(request)
        context.update(
            {"sessions": sessions, "whole_course": self.pk == course.pk, "print_view": True}
        )
        return TemplateResponse(request, self.workbook_template, context)
