"""Safe-messaging checks: phrases to avoid, unwarned topics, stories without support.

``check_page`` and ``check_course`` give ``Finding`` objects; the
``peersupport_check`` command prints them; ``checker`` puts the same checks in
Wagtail's content checker, over the marks ``preview`` adds to a page's preview.
"""

from .checks import STORY_RULE, Finding, check_page, page_texts, support_on_page, topic_rule_id
from .course import CourseCheck, check_course, course_pages
from .phrases import SHIPPED_PHRASES, PhraseEntry, phrase_entries
from .preview import mark_findings, mark_preview

__all__ = [
    "STORY_RULE",
    "SHIPPED_PHRASES",
    "CourseCheck",
    "Finding",
    "PhraseEntry",
    "check_course",
    "check_page",
    "course_pages",
    "mark_findings",
    "mark_preview",
    "page_texts",
    "phrase_entries",
    "support_on_page",
    "topic_rule_id",
]
