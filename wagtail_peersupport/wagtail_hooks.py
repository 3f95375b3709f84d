"""Admin integration: support contacts as snippets, and a "Translate course" action."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import TranslateCourseView
from .consent import admin as consent_admin  # noqa: F401 (registers its hooks)
from .localize import can_translate_course
from .models import AbstractCoursePage, SupportContact
from .review_admin import register_review_report_urls  # noqa: F401 (registers its hooks)
from .safemessaging import checker as safe_messaging_checker  # noqa: F401 (registers its hooks)
from .translation_status_admin import register_translation_status_urls  # noqa: F401 (registers its hooks)


class SupportContactViewSet(SnippetViewSet):
    model = SupportContact
    icon = "help"
    menu_label = _("Support contacts")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "phone", "text_number", "opening_hours", "last_checked"]
    search_fields = ["name"]


register_snippet(SupportContactViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "peersupport/courses/<int:page_id>/translate/",
            TranslateCourseView.as_view(),
            name="wagtail_peersupport_translate_course",
        )
    ]


def course_buttons(page, user, view_name=None, next_url=None):
    # Only for users the view lets in (see localize.permissions).
    if issubclass(page.specific_class or type(page), AbstractCoursePage) and can_translate_course(
        user, page
    ):
        yield ListingButton(
            _("Translate whole course"),
            reverse("wagtail_peersupport_translate_course", args=[page.pk]),
            priority=62,
            icon_name="wagtail-localize-language",
        )


hooks.register("register_page_header_buttons", course_buttons)
hooks.register("register_page_listing_more_buttons", course_buttons)
