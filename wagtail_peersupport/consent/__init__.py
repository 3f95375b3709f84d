"""Consent before publishing: recovery stories go live only once their narrator agreed.

``stories_awaiting_consent(page)`` finds the stories whose consent box is not
ticked; ``check_publishable(page, revision)`` is the rule every publish path
follows. The admin side (the publish checks and the "Stories awaiting consent"
report) is in ``consent.admin`` and ``consent.report``.
"""

from .guard import (
    ConsentRequired,
    approval_would_publish,
    check_publishable,
    describe_stories,
    guard_publish,
    refusal_message,
)
from .stories import (
    AwaitingStory,
    stories_awaiting_consent,
    stories_in_fields,
    stories_in_revision,
    stories_in_value,
    story_page_models,
)

__all__ = [
    "AwaitingStory",
    "ConsentRequired",
    "approval_would_publish",
    "check_publishable",
    "describe_stories",
    "guard_publish",
    "refusal_message",
    "stories_awaiting_consent",
    "stories_in_fields",
    "stories_in_revision",
    "stories_in_value",
    "story_page_models",
]
