"""Helpers for checking course pages in a real headless Chromium.

Pages are served by pytest-django's ``live_server`` and opened in Chromium through
Playwright. Accessibility checks use axe-core, which axe-playwright-python bundles, so
nothing is fetched from the network.

The fixtures ``playwright_browser`` and ``live_page`` are in ``conftest.py`` beside this
file. Tests that use the live server need a transactional database; ``serialized_rollback``
brings back the default site, which emptying the database between tests removes::

    from tests.browser.helpers import axe_violations, format_violations

    pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

    def test_course_page(live_server, shipped_course, live_page):
        page = live_page(shipped_course)
        assert page.foreign_requests == page.csp_violations == page.errors == []
        violations = axe_violations(page)
        assert violations == [], format_violations(violations)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.ensure_chromium import find_chromium, missing_message

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The strictest policy a host site is likely to send: everything from the site itself,
# nothing inline.
CSP = "default-src 'self'"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Runs before any script of the page (and is not subject to its Content-Security-Policy):
# report every violation the browser raises, in this document and in any later one.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__psReportCspViolation({
        directive: event.effectiveDirective || event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
    });
}, true);
"""


def launch(playwright):
    """Launch Chromium, headless, with Playwright; fail when there is none.

    Debian's Chromium (``/usr/bin/chromium``) when it is installed, otherwise the one
    Playwright downloads; ``make test`` installs one of them before the suite starts.
    """
    chromium = find_chromium(playwright)
    if chromium is None:
        pytest.fail(missing_message())
    return playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)


@dataclass
class BrowserPage:
    """An open Playwright page and what happened while it loaded.

    Attribute lookups it does not know go to the Playwright page, so ``page.locator(...)``
    and ``page.keyboard`` work as usual.
    """

    page: object
    context: object
    origin: str
    response: object = None
    """The response to the first navigation (after any redirects)."""
    requests: list = field(default_factory=list)
    """Every URL the page requested, in order."""
    csp_violations: list = field(default_factory=list)
    """Content-Security-Policy violations, as lines of text: each is usually there twice,
    from the page's ``securitypolicyviolation`` event and from the browser's console
    (the only one left when JavaScript is off)."""
    errors: list = field(default_factory=list)
    """Uncaught JavaScript errors."""
    console_errors: list = field(default_factory=list)
    """Messages the page logged as errors (CSP refusals included)."""
    dialogs: list = field(default_factory=list)
    """With ``record_dialogs``: every alert, confirm or prompt the page opened (dismissed)."""

    def __getattr__(self, name):
        return getattr(self.page, name)

    @property
    def foreign_requests(self):
        """Requests that went, or tried to go, to a host other than the live server."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and _origin(url) != self.origin
        ]

    @property
    def status(self):
        """The HTTP status of the page as first opened."""
        return self.response.status if self.response else None

    def goto(self, url, **kwargs):
        """Open another page; ``url`` may be a path on the live server."""
        return self.page.goto(urljoin(self.origin + "/", url), **kwargs)

    def close(self):
        self.context.close()


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def open_page(
    browser,
    url,
    *,
    csp=True,
    width=1280,
    height=900,
    reduced_motion=None,
    java_script_enabled=True,
    record_dialogs=False,
):
    """Open ``url`` in a fresh browser context and return a ``BrowserPage``.

    With ``csp``, every document the server at ``url``'s origin sends comes with
    ``Content-Security-Policy: default-src 'self'`` (added to any policy it sends itself).
    Requests to other hosts are recorded and then aborted, so a page never waits on
    the network. ``reduced_motion`` is ``"reduce"``, ``"no-preference"`` or None. With
    ``record_dialogs``, dialogs are recorded in ``dialogs`` and dismissed; otherwise a
    test may handle them itself (Playwright dismisses those nobody handles).
    """
    context = browser.new_context(
        viewport={"width": width, "height": height},
        reduced_motion=reduced_motion,
        java_script_enabled=java_script_enabled,
    )
    page = context.new_page()
    opened = BrowserPage(page=page, context=context, origin=_origin(url))

    def record_violation(violation):
        opened.csp_violations.append(
            "{directive} blocked {blocked} ({source}:{line}) {sample}".format(**violation).strip()
        )

    def record_console(message):
        if message.type == "error":
            opened.console_errors.append(message.text)
        if "Content Security Policy" in message.text:
            opened.csp_violations.append(message.text)

    def handle(route):
        request = route.request
        if _origin(request.url) != opened.origin:
            route.abort()
        elif csp and request.resource_type == "document":
            # Redirects go back to the browser, which asks again (and comes back here).
            response = route.fetch(max_redirects=0)
            headers = dict(response.headers)
            existing = headers.get("content-security-policy")
            headers["content-security-policy"] = f"{existing}, {CSP}" if existing else CSP
            route.fulfill(response=response, headers=headers)
        else:
            route.continue_()

    page.expose_function("__psReportCspViolation", record_violation)
    page.add_init_script(_CSP_LISTENER)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", record_console)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))

    def record_dialog(dialog):
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    if record_dialogs:
        page.on("dialog", record_dialog)
    page.route("**/*", handle)
    opened.response = page.goto(url)
    return opened


def _page(page):
    return page.page if isinstance(page, BrowserPage) else page


def wait_until(page, condition, timeout=5):
    """Let the page run until ``condition()`` is true; fail after ``timeout`` seconds.

    Events (requests, errors, CSP violations) reach a ``BrowserPage`` only while
    Playwright has control, so check for them this way rather than straight away.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting after {timeout} seconds")
        _page(page).wait_for_timeout(25)


@cache
def axe_source():
    """axe-core's script, as axe-playwright-python ships it."""
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()


def axe_results(page, tags=AXE_TAGS):
    """Run axe-core on the page's document; return its full results."""
    page = _page(page)
    # Evaluated rather than added as a <script>: the page's policy forbids inline scripts.
    page.evaluate(axe_source())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )


@dataclass(frozen=True)
class Violation:
    id: str
    impact: str | None
    help: str
    help_url: str
    targets: tuple
    """One CSS selector per failing element (a list for elements inside frames)."""


def axe_violations(page_or_results, tags=AXE_TAGS):
    """The axe violations on a page (or in results from ``axe_results``)."""
    results = page_or_results if isinstance(page_or_results, dict) else None
    if results is None:
        results = axe_results(page_or_results, tags)
    return [
        Violation(
            id=violation["id"],
            impact=violation.get("impact"),
            help=violation["help"],
            help_url=violation.get("helpUrl", ""),
            targets=tuple(
                " ".join(node["target"])
                if all(isinstance(t, str) for t in node["target"])
                # A node in a shadow root or frame has a list of selectors per level.
                else " >>> ".join(" ".join(t) for t in node["target"])
                for node in violation["nodes"]
            ),
        )
        for violation in results["violations"]
    ]


def format_violations(violations):
    """A readable message listing axe violations, for an assertion."""
    if not violations:
        return "no accessibility violations"
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(f"- {violation.id} ({violation.impact}): {violation.help}")
        lines.append(f"  {violation.help_url}")
        lines += [f"    {target}" for target in violation.targets]
    return "\n".join(lines)


@dataclass(frozen=True)
class FocusStop:
    tag: str
    text: str
    visible: bool
    """Whether the focused element shows an outline or a box shadow."""
    selector: str
    style: str
    """Its outline and box-shadow, as computed while focused."""


_START_FROM_TOP = """
() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
    const start = document.createElement("span");
    start.tabIndex = -1;
    start.dataset.psFocusStart = "";
    document.body.prepend(start);
    start.focus({preventScroll: true});
    window.__psFocusSeen = [];
}
"""

_FOCUSED = """
() => {
    const element = document.activeElement;
    document.querySelector("[data-ps-focus-start]")?.remove();
    if (!element || element === document.body || element === document.documentElement
            || element.hasAttribute("data-ps-focus-start")) {
        return null;
    }
    if (window.__psFocusSeen.includes(element)) {
        return {repeat: true};
    }
    window.__psFocusSeen.push(element);
    // Measure the focus style as it ends up, not part-way through a transition.
    for (const animation of element.getAnimations()) {
        animation.finish();
    }
    const style = getComputedStyle(element);
    const transparent = /^(transparent|rgba\\(.*,\\s*0\\))$/.test(style.outlineColor);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
        && !transparent;
    const shadow = style.boxShadow !== "none";
    let selector = element.tagName.toLowerCase();
    if (element.id) {
        selector += "#" + element.id;
    } else if (element.classList.length) {
        selector += "." + [...element.classList].join(".");
    }
    const text = (element.innerText || element.getAttribute("aria-label") || element.value
        || element.getAttribute("title") || "").replace(/\\s+/g, " ").trim();
    return {
        tag: element.tagName.toLowerCase(),
        text: text.slice(0, 80),
        visible: outline || shadow,
        selector,
        style: `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; `
            + `box-shadow: ${style.boxShadow}`,
    };
}
"""


def tab_through(page, limit=200):
    """Press Tab from the top of the page until focus leaves it or comes back round.

    Returns a ``FocusStop`` for each element that took focus, in order.
    """
    page = _page(page)
    page.evaluate(_START_FROM_TOP)
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None or focused.get("repeat"):
            break
        stops.append(FocusStop(**focused))
    return stops


def heading_levels(page):
    """``(level, text)`` for each h1-h6 that is rendered, in document order."""
    return [
        tuple(heading)
        for heading in _page(page).evaluate(
            """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
                .filter((h) => h.checkVisibility())
                .map((h) => [Number(h.tagName[1]), h.innerText.replace(/\\s+/g, " ").trim()])"""
        )
    ]
