"""Consent in the admin: the Publish button, workflow approval and bulk publishing.

* Publish (and scheduling) from the page editor, when creating or editing a page: a
  ``before_publish_page`` hook. The editor's changes are already saved as a draft
  when it runs; it stops the publish and returns the editor to the page with a
  message naming the stories.
* Approving the last task of a workflow in the page editor: ``ConsentPageForm``
  refuses the approval and shows the form again with the editor's changes.
* The "Publish" bulk action in page listings: ``ConsentPublishBulkAction`` publishes
  the other pages (and descendants) and names each page it kept as a draft.
* Anything else (approving from the dashboard, scheduled publishing, wagtail-localize,
  code calling ``revision.publish()``) meets ``CoursePageMixin.publish``.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.views.pages.bulk_actions import PublishBulkAction

from . import report  # noqa: F401 (registers the report's hooks)
from .guard import refusal_message
from .stories import stories_awaiting_consent, stories_in_revision

__all__ = ["ConsentPublishBulkAction"]


@hooks.register("before_publish_page")
def refuse_publishing_without_consent(request, page):
    # ``page`` holds what the editor submitted: the view applied the form to it and
    # saved it as the latest revision, so nothing the editor typed is lost.
    stories = stories_awaiting_consent(page)
    if not stories:
        return None
    messages.error(request, refusal_message(stories))
    return redirect("wagtailadmin_pages:edit", page.pk)


class ConsentPublishBulkAction(PublishBulkAction):
    """Wagtail's bulk "Publish", keeping pages with unconsented stories as drafts."""

    def get_execution_context(self):
        self.held = []
        return {**super().get_execution_context(), "held": self.held}

    @classmethod
    def publish_or_hold(cls, page, user, held):
        revision = page.get_latest_revision() or page.specific.save_revision(user=user)
        stories = stories_in_revision(revision)
        if stories:
            held.append((page, stories))
            return False
        revision.publish(user=user)
        return True

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, held=None, **kwargs):
        held = [] if held is None else held
        num_parent_objects, num_child_objects = 0, 0
        for page in objects:
            num_parent_objects += cls.publish_or_hold(page, user, held)
            if not include_descendants:
                continue
            descendants = page.get_descendants().not_live().defer_streamfields().specific()
            for descendant in descendants.iterator():
                if user is None or descendant.permissions_for_user(user).can_publish():
                    num_child_objects += cls.publish_or_hold(descendant, user, held)
        return num_parent_objects, num_child_objects

    def get_success_message(self, num_parent_objects, num_child_objects):
        for page, stories in self.held:
            messages.error(
                self.request,
                gettext("“%(page)s” was kept as a draft. %(reason)s")
                % {"page": page.get_admin_display_title(), "reason": refusal_message(stories)},
            )
        if not (num_parent_objects or num_child_objects):
            return None
        return super().get_success_message(num_parent_objects, num_child_objects)


# Registered after Wagtail's own "publish" action, which it replaces (same action type).
hooks.register("register_bulk_action", ConsentPublishBulkAction, order=100)
