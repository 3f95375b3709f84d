"""Marking findings in a page's preview, for the content checker to point at.

Wagtail's content checker runs axe-core over the preview. Each finding's element
(the paragraph, list item or heading holding the words, or the recovery story)
gets a ``data-peersupport-check`` attribute naming the rule, which the rules the
userbar item adds select. Only previews are marked; the live page never is.
"""

from bs4 import BeautifulSoup

from .checks import STORY_RULE, TOPIC_RULE_PREFIX, check_page
from .matching import BLOCK_TAGS, normalise

__all__ = ["ATTRIBUTE", "mark_preview", "mark_findings"]

ATTRIBUTE = "data-peersupport-check"
STORY_SELECTOR = "figure.ps-story"
# A topic named in a content warning is not a mention the page fails to warn about.
WARNING_CLASSES = ("ps-warning",)


def _mark(element, rule_id):
    rules = element.get(ATTRIBUTE, "").split()
    if rule_id not in rules:
        element[ATTRIBUTE] = " ".join([*rules, rule_id])


def _in_warning(element):
    return any(
        cls in (parent.get("class") or ())
        for parent in (element, *element.parents)
        if hasattr(parent, "get")
        for cls in WARNING_CLASSES
    )


def _innermost_matches(root, pattern, skip_warnings=False):
    found = [
        element
        for element in root.find_all(BLOCK_TAGS)
        if pattern.search(normalise(element.get_text(" ")))
        and not (skip_warnings and _in_warning(element))
    ]
    # Tags compare by their markup, so identity tells two equal paragraphs apart.
    ids = {id(element) for element in found}
    return [
        element
        for element in found
        if not any(id(inner) in ids for inner in element.find_all(BLOCK_TAGS))
    ]


def mark_findings(html, findings):
    """``html`` with each finding's element marked; a finding it cannot place marks the h1."""
    if not findings:
        return html
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("main") or soup.body or soup
    for finding in findings:
        if finding.rule_id == STORY_RULE:
            elements = root.select(STORY_SELECTOR)
        elif finding.pattern is not None:
            elements = _innermost_matches(
                root, finding.pattern, skip_warnings=finding.rule_id.startswith(TOPIC_RULE_PREFIX)
            )
        else:
            elements = []
        if not elements:
            # Text the template does not show here (an SEO title): the page as a whole.
            elements = [root.find("h1") or root]
        for element in elements:
            _mark(element, finding.rule_id)
    return str(soup)


def mark_preview(page, response):
    """Mark the findings of ``page`` in a rendered preview ``response`` (in place)."""
    if getattr(response, "streaming", False) or "html" not in response.get("Content-Type", ""):
        return response
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    findings = check_page(page)
    if findings:
        charset = response.charset or "utf-8"
        response.content = mark_findings(response.content.decode(charset), findings).encode(charset)
    return response
