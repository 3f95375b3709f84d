"""The course in real headless Chromium: WCAG 2.2 AA with axe-core, the keyboard, a strict
Content-Security-Policy, nothing from other hosts, reduced motion and right-to-left layout.

Needs Chromium, which `make test` installs when it is missing. Without it these tests fail
with a message saying how to install it.
"""

import pytest
from wagtail.models import Page

from tests.browser.helpers import (
    axe_results,
    axe_violations,
    format_violations,
    heading_levels,
    tab_through,
    wait_until,
)
from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import ResourcesPage

# Transactional tests empty the database afterwards; serialized_rollback restores the
# default site and its root page that the migrations created.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SESSION = "What is Recovery?"
LESSON = "Activity 1: Personal story of recovery"  # a story with warnings and a reflection
CHECKED = "How the recovery approach developed"  # a knowledge check
PAGES = [
    "course",
    "session",
    "lesson",
    "checked-lesson",
    "resources",
    "workbook",
    "session-workbook",
    "lesson-ar",
    "checked-lesson-ar",
]
WIDTHS = {"desktop": 1280, "mobile": 390}
DIRECTIVES = ["script-src", "style-src", "img-src"]


def course_url(course, name, locales):
    """The path of one page of the shipped course, by the name the tests give it."""
    session = Page.objects.child_of(course).get(title=SESSION)
    lesson = Page.objects.descendant_of(course).get(title=LESSON)
    checked = Page.objects.descendant_of(course).get(title=CHECKED)
    if name.endswith("-ar"):
        translate_course(course, "ar")
        return (
            (checked if name.startswith("checked") else lesson).get_translation(locales["ar"]).url
        )
    return {
        "course": course.url,
        "session": session.url,
        "lesson": lesson.url,
        "checked-lesson": checked.url,
        "resources": ResourcesPage.objects.child_of(course).get().url,
        "workbook": course.url + "workbook/",
        "session-workbook": session.url + "workbook/",
    }[name]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(
    live_server, shipped_course, contacts, locales, live_page, name
):
    url = course_url(shipped_course, name, locales)
    for size, width in WIDTHS.items():
        page = live_page(url, width=width)
        assert page.status == 200
        results = axe_results(page)
        assert results["passes"], "axe-core did not run"
        violations = axe_violations(results)
        assert violations == [], f"{name} ({size}):\n{format_violations(violations)}"


@pytest.mark.parametrize("name", PAGES)
def test_page_works_under_a_strict_content_security_policy(
    live_server, shipped_course, contacts, locales, live_page, name
):
    page = live_page(course_url(shipped_course, name, locales))
    assert page.response.headers["content-security-policy"] == "default-src 'self'"
    # The script ran (it set up the controls it works), and broke no rule doing so.
    if name != "resources":
        ran = (
            "() => !!document.querySelector('.ps-outline--toggleable, "
            "[data-ps-progress]:not([hidden]), [data-ps-print]:not([hidden])')"
        )
        wait_until(page, lambda: page.evaluate(ran))
    page.wait_for_timeout(100)
    assert page.csp_violations == []
    assert page.errors == []
    assert page.foreign_requests == []
    assert all(url.startswith(live_server.url) for url in page.requests)


@pytest.mark.parametrize("name", ["course", "lesson", "checked-lesson", "workbook"])
def test_every_control_is_reachable_by_keyboard_and_visibly_focused(
    live_server, shipped_course, contacts, locales, live_page, name
):
    page = live_page(course_url(shipped_course, name, locales))
    stops = tab_through(page)
    hidden_focus = [f"{stop.selector} {stop.text!r}" for stop in stops if not stop.visible]
    assert hidden_focus == []
    # Every link, button, text box and tick box of the page is a stop, in the order of the
    # page; a group of radio buttons is one stop, as browsers make it.
    controls = page.evaluate(
        """() => {
            const shown = Array.from(
                document.querySelectorAll('a[href], button, textarea, summary, input')
            ).filter(el => el.offsetParent !== null || el.getClientRects().length);
            const radios = shown.filter(el => el.type === "radio");
            return shown.length - radios.length + new Set(radios.map(el => el.name)).size;
        }"""
    )
    assert len(stops) == controls
    # The package's skip link comes first in the course's own part of the page.
    texts = [stop.text for stop in stops]
    assert "Skip to the content" in texts
    # Following it moves focus to the main landmark.
    page.locator(".ps-skip-link").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_keyboard_opens_a_story_behind_its_content_warning(
    live_server, shipped_course, locales, live_page
):
    page = live_page(course_url(shipped_course, "lesson", locales))
    story = page.locator("figure.ps-story blockquote")
    assert not story.is_visible()
    page.locator("figure.ps-story summary").focus()
    page.keyboard.press("Enter")
    assert story.is_visible()
    assert "When I was 26 years old" in story.inner_text()


@pytest.mark.parametrize("name", ["course", "session", "lesson", "workbook"])
def test_one_h1_landmarks_and_no_skipped_heading_levels(
    live_server, shipped_course, contacts, locales, live_page, name
):
    page = live_page(course_url(shipped_course, name, locales))
    levels = [level for level, _text in heading_levels(page)]
    assert levels.count(1) == 1
    assert max(b - a for a, b in zip(levels, levels[1:], strict=False)) <= 1, levels
    assert page.locator("main").count() == 1
    assert page.locator("main#main-content h1").count() == 1


def test_motion_only_for_visitors_who_have_not_asked_for_less(
    live_server, shipped_course, live_page
):
    calm = live_page(shipped_course, reduced_motion="reduce")
    moving = live_page(shipped_course, reduced_motion="no-preference")
    for page in (calm, moving):
        page.locator("main a").first.focus()
    style = "getComputedStyle(document.documentElement).scrollBehavior"
    button = "getComputedStyle(document.querySelector('.ps-button')).transitionDuration"
    assert calm.evaluate(style) == "auto" and moving.evaluate(style) == "smooth"
    assert calm.evaluate(button) == "0s" and moving.evaluate(button) != "0s"


def test_arabic_lesson_is_right_to_left(live_server, shipped_course, locales, live_page):
    page = live_page(course_url(shipped_course, "lesson-ar", locales))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    # Logical properties: the story's accent border is on the right in Arabic.
    story = "getComputedStyle(document.querySelector('.ps-story'))"
    assert page.evaluate(f"{story}.borderRightWidth") == "4px"
    assert page.evaluate(f"{story}.borderLeftWidth") == "0px"
    # On a wide screen the outline sits on the right, the start of a right-to-left line.
    outline = page.locator(".ps-outline--sidebar").bounding_box()
    main = page.locator("main").bounding_box()
    assert outline["x"] > main["x"]


def test_the_checks_catch_what_a_page_should_not_do(live_server, course, live_page):
    """A control: scripts, styles and requests that break the rules are all reported."""
    page = live_page(course)
    assert page.csp_violations == page.errors == page.foreign_requests == []
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.title = 'inline'";
            document.body.append(script);
            document.body.firstElementChild.setAttribute("style", "color: red");
            const image = document.createElement("img");
            image.src = "https://tracker.invalid/pixel.gif";
            document.body.append(image);
            setTimeout(() => { throw new Error("broken script"); });
        }"""
    )
    wait_until(
        page,
        lambda: page.errors and all(d in " ".join(page.csp_violations) for d in DIRECTIVES),
    )
    assert page.title() != "inline"
    assert any("broken script" in error for error in page.errors)

    # Without the policy the image request goes out, and is recorded (then aborted).
    page = live_page(course, csp=False)
    page.evaluate(
        """() => {
            const image = document.createElement("img");
            image.src = "https://tracker.invalid/pixel.gif";
            document.body.append(image);
        }"""
    )
    wait_until(page, lambda: page.foreign_requests)
    assert page.foreign_requests == ["https://tracker.invalid/pixel.gif"]
    assert page.csp_violations == []

    # axe-core finds an image without a text alternative and text too faint to read.
    page.evaluate(
        """() => {
            const image = document.createElement("img");
            image.src = "/static/missing.png";
            const faint = document.createElement("p");
            faint.textContent = "Faint text";
            faint.style.color = "#eeeeee";
            faint.style.backgroundColor = "#ffffff";
            document.querySelector("main").append(image, faint);
        }"""
    )
    violations = axe_violations(page)
    assert {"image-alt", "color-contrast"} <= {v.id for v in violations}
    message = format_violations(violations)
    assert "image-alt (critical)" in message
    assert 'img[src$="missing.png"]' in message
