"""The rule every way of publishing a page follows: no story goes live without consent.

``check_publishable`` is called by every publish path the package can reach: the
admin's Publish button (a ``before_publish_page`` hook), the bulk "Publish" action,
workflow approval, scheduled publishing, the course loader and ``revision.publish()``
called from code (``CoursePageMixin.publish``).
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from ..blocks import RecoveryStoryBlock
from .stories import stories_awaiting_consent, stories_in_revision

__all__ = [
    "ConsentRequired",
    "approval_would_publish",
    "check_publishable",
    "consent_box_label",
    "describe_stories",
    "guard_publish",
    "refusal_message",
]

logger = logging.getLogger(__name__)

SCHEDULED = "wagtail.publish.scheduled"


def consent_box_label():
    """The label of the story's consent box, as editors see it."""
    return str(RecoveryStoryBlock().child_blocks["consent_confirmed"].label)


def describe_stories(stories):
    """``“Sam's story” (Body) and “Untitled story” (Body)``: the stories, for a sentence."""
    names = [
        gettext("“%(title)s” (%(location)s)") % {"title": s.title, "location": s.location}
        for s in stories
    ]
    return str(get_text_list(names, gettext("and")))


def refusal_message(stories):
    """Why a page holding ``stories`` (unconsented) cannot be published, and what to do."""
    return ngettext(
        "This page can't be published yet: the recovery story %(stories)s is waiting for "
        "consent. Tick “%(box)s” once you have the narrator's permission, or save a draft.",
        "This page can't be published yet: the recovery stories %(stories)s are waiting for "
        "consent. Tick “%(box)s” once you have the narrators' permission, or save a draft.",
        len(stories),
    ) % {"stories": describe_stories(stories), "box": consent_box_label()}


class ConsentRequired(ValidationError, PermissionDenied):
    """Raised when something tries to publish a page whose recovery stories lack consent.

    It is a ``ValidationError`` so that wagtail-localize's translation editor reports
    it as a publishing error and keeps the translation as a draft, and a
    ``PermissionDenied`` so that any other admin view answers 403 rather than failing.
    """

    def __init__(self, page, stories):
        self.page = page
        self.stories = stories
        super().__init__({NON_FIELD_ERRORS: [refusal_message(stories)]})

    def __str__(self):
        return f"{self.page.title!r} (page {self.page.pk}): {self.messages[0]}"


def check_publishable(page, revision=None):
    """Raise ``ConsentRequired`` if ``revision`` of ``page`` (or ``page`` as it is) holds
    a recovery story without consent."""
    if revision is not None:
        stories = stories_in_revision(revision, type(page))
    else:
        stories = stories_awaiting_consent(page)
    if stories:
        raise ConsentRequired(page, stories)


def guard_publish(page, revision, log_action):
    """Whether ``page.publish(revision)`` may go ahead; raises ``ConsentRequired`` if not.

    Scheduled publishing is the exception: Wagtail's ``publish_scheduled`` command
    publishes every due page in turn, and one page held back must not stop the rest.
    That revision is taken off the schedule (it will never become publishable; a new
    revision with consent can be scheduled again) and a warning is logged.
    """
    try:
        check_publishable(page, revision)
    except ConsentRequired as exc:
        if log_action != SCHEDULED:
            raise
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        logger.warning("Scheduled publishing held back: %s", exc)
        return False
    return True


def approval_would_publish(page):
    """Whether approving ``page``'s current workflow task finishes the workflow (and so,
    with Wagtail's default finishing action, publishes the page)."""
    from wagtail.models import Task

    state = page.current_workflow_state
    task = page.current_workflow_task
    if state is None or task is None:
        return False
    remaining = (
        Task.objects.filter(workflow_tasks__workflow=state.workflow, active=True)
        .exclude(task_states__in=state.successful_task_states)
        .exclude(pk=task.pk)
    )
    return not remaining.exists()
