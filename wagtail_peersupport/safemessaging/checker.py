"""The safe-messaging checks in Wagtail's content checker (the "Checks" panel).

Wagtail's checker runs axe-core over a page's preview, configured by the userbar's
checker item (``ContentCheckerItem``; ``AccessibilityItem`` before Wagtail 7.1). On
course pages the ``construct_wagtail_userbar`` hook gives that item one axe rule
per safe-messaging rule. Each rule selects the elements the preview marks with
``data-peersupport-check`` (see ``preview``) and fails them through a check that
uses one of axe's own evaluate functions, so no script has to reach the browser.
"""

import warnings

from wagtail import hooks
from wagtail.admin import userbar

from ..topics import TOPIC_KEYS
from .checks import (
    STORY_INSTEAD,
    STORY_RULE,
    STORY_TITLE,
    STORY_WHY,
    WARNING_WHY,
    topic_instead,
    topic_rule_id,
    topic_title,
)
from .matching import TOPIC_TERMS
from .phrases import phrase_entries
from .preview import ATTRIBUTE

__all__ = ["CHECK_ID", "TAG", "CheckerItemBase", "SafeMessagingCheckerMixin", "checker_rules"]

CheckerItemBase = getattr(userbar, "ContentCheckerItem", None) or userbar.AccessibilityItem
CHECK_ID = "peersupport-safe-messaging"
TAG = "peersupport-safe-messaging"
# axe's "has-descendant" check fails every element that has no descendant matching
# its selector; nothing carries this attribute, so each marked element fails.
CHECK = {
    "id": CHECK_ID,
    "evaluate": "has-descendant-evaluate",
    "options": {"selector": "[data-peersupport-never-matches]"},
}
# The Checks panel names a rule's failures by these tags of axe's own.
AXE_TAG_PREFIXES = ("wcag", "best-practice", "cat.", "section508", "experimental", "ACT", "TT")


def _advice(*parts):
    return " ".join(str(part) for part in parts if part)


def checker_rules(page):
    """``[(rule id, error name, help text)]``: the safe-messaging rules for ``page``'s language."""
    language = page.locale.language_code
    rules = [
        (entry.rule_id, str(entry.title), _advice(entry.instead, entry.why))
        for entry in phrase_entries(language)
    ]
    terms = TOPIC_TERMS.get(language.split("-")[0].lower(), {})
    rules.extend(
        (topic_rule_id(topic), str(topic_title(topic)), _advice(topic_instead(topic), WARNING_WHY))
        for topic in TOPIC_KEYS
        if terms.get(topic)
    )
    rules.append((STORY_RULE, str(STORY_TITLE), _advice(STORY_INSTEAD, STORY_WHY)))
    return rules


class SafeMessagingCheckerMixin:
    """Adds the safe-messaging rules of ``peersupport_page`` to a content checker item."""

    peersupport_page = None

    def _peersupport_rules(self):
        return checker_rules(self.peersupport_page) if self.peersupport_page else []

    def get_axe_run_only(self, request):
        run_only = super().get_axe_run_only(request)
        rules = self._peersupport_rules()
        if not run_only or not rules:
            # No runOnly: axe runs every enabled rule, ours too.
            return run_only
        if isinstance(run_only, dict):
            values = list(run_only.get("values") or ())
            added = [TAG] if run_only.get("type") == "tag" else [rule for rule, *_rest in rules]
            return {**run_only, "values": values + [v for v in added if v not in values]}
        run_only = list(run_only)
        # runOnly lists rule ids or tags, never both: add ours in the same kind.
        if all(str(value).startswith(AXE_TAG_PREFIXES) for value in run_only):
            return run_only + ([TAG] if TAG not in run_only else [])
        return run_only + [rule for rule, *_rest in rules if rule not in run_only]

    def get_axe_custom_rules(self, request):
        custom = list(super().get_axe_custom_rules(request))
        custom.extend(
            {
                "id": rule,
                "impact": "serious",
                "selector": f'[{ATTRIBUTE}~="{rule}"]',
                # Story text sits in a closed <details> until the reader opens it.
                "excludeHidden": False,
                "tags": [TAG],
                "any": [CHECK_ID],
                "enabled": True,
            }
            for rule, *_rest in self._peersupport_rules()
        )
        return custom

    def get_axe_custom_checks(self, request):
        checks = list(super().get_axe_custom_checks(request))
        if self.peersupport_page is not None:
            checks.append(CHECK)
        return checks

    def get_axe_messages(self, request):
        messages = dict(super().get_axe_messages(request))
        for rule, name, help_text in self._peersupport_rules():
            messages[rule] = {"error_name": name, "help_text": help_text}
        return messages


_checker_classes = {}


def _with_safe_messaging(cls):
    if issubclass(cls, SafeMessagingCheckerMixin):
        return cls
    if cls not in _checker_classes:
        # Subclassing the item a site configured keeps its own settings. Wagtail warns
        # about subclasses of the deprecated AccessibilityItem, which this is not meant as.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _checker_classes[cls] = type(
                f"SafeMessaging{cls.__name__}", (SafeMessagingCheckerMixin, cls), {}
            )
    return _checker_classes[cls]


@hooks.register("construct_wagtail_userbar")
def add_safe_messaging_checks(request, items, page=None):
    """On course pages, give the content checker the safe-messaging rules."""
    from ..models import CoursePageMixin

    if not isinstance(page, CoursePageMixin) or getattr(page, "locale_id", None) is None:
        return
    for item in items:
        if isinstance(item, CheckerItemBase):
            item.__class__ = _with_safe_messaging(type(item))
            item.peersupport_page = page
