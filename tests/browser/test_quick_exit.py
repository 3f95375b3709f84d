"""Leaving quickly and forgetting this device, in real headless Chromium.

The neutral page a quick exit goes to is answered by the test itself, so nothing
leaves the machine.
"""

import pytest
from wagtail.models import Page

from tests.browser.helpers import tab_through, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXIT_URL = "https://www.bbc.co.uk/weather"
LESSON = "Activity 1: Personal story of recovery"


def answer_the_exit_page(page):
    """Answer the exit address here, recording each request for it."""
    asked = []

    def fulfil(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")

    page.route(EXIT_URL + "**", fulfil)
    return asked


def course_after_the_home_page(live_page, home_url, course_page):
    page = live_page(home_url)
    before = page.url
    page.goto(course_page.url)
    return page, before


def history_length(page):
    return page.evaluate("() => window.history.length")


@pytest.mark.parametrize("how", ["button", "shift key"])
def test_leaving_quickly_replaces_the_course_in_the_history(
    live_server, shipped_course, live_page, how
):
    lesson = Page.objects.descendant_of(shipped_course).get(title=LESSON)
    page, before = course_after_the_home_page(live_page, "/", lesson)
    asked = answer_the_exit_page(page)
    length = history_length(page)
    if how == "button":
        page.get_by_role("link", name="Emergency exit: Leave this site quickly").click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    assert asked == [EXIT_URL]
    assert page.title() == "Weather"
    # The course's page was replaced, not added to: Back goes to the page before it.
    assert history_length(page) == length
    page.go_back()
    assert page.url == before


def test_the_quick_exit_is_reached_by_the_keyboard_straight_after_the_skip_link(
    live_server, shipped_course, live_page
):
    page = live_page(shipped_course)
    stops = [stop.selector for stop in tab_through(page)]
    skip = stops.index("a.ps-skip-link")  # the host site's own links may come first
    assert stops[skip + 1] == "a.ps-quick-exit__button"
    assert page.get_by_text("Or press the Shift key three times.").is_visible()


def test_two_presses_of_shift_do_not_leave(live_server, shipped_course, live_page):
    page = live_page(shipped_course)
    asked = answer_the_exit_page(page)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.type("Shift")  # letters, not the Shift key on its own
    page.wait_for_timeout(300)
    assert asked == [] and page.url.startswith(live_server.url)


def stored_keys(page):
    return page.evaluate("() => Object.keys(window.localStorage)")


def cache_names(page):
    return page.evaluate("() => caches.keys()")


def test_forget_this_device_removes_everything_the_package_saved(
    live_server, shipped_course, live_page
):
    lesson = Page.objects.descendant_of(shipped_course).get(title=LESSON)
    page = live_page(lesson)
    page.get_by_label("Your notes on question 1").fill("Something private")
    page.get_by_role("button", name="Mark this lesson as done").click()
    page.evaluate(
        """async () => {
            localStorage.setItem("wagtail-peersupport:done:another-course", '["x"]');
            localStorage.setItem("the-host-site:theme", "dark");
            await (await caches.open("wagtail-peersupport:offline:course")).put(
                "/offline-test/", new Response("saved"));
            await caches.open("the-host-site");
        }"""
    )
    assert len([k for k in stored_keys(page) if k.startswith("wagtail-peersupport:")]) >= 3
    page.goto(shipped_course.url)
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="Forget this device").click()
    status = page.locator("[data-ps-forget-status]")
    wait_until(page, lambda: status.inner_text() != "")
    assert status.inner_text() == "Done. Nothing from this course is saved in this browser now."
    assert "This cannot be undone." in dialogs[0]
    assert [k for k in stored_keys(page) if k.startswith("wagtail-peersupport:")] == []
    assert stored_keys(page) == ["the-host-site:theme"]  # the host site's own are kept
    assert cache_names(page) == ["the-host-site"]
    page.goto(lesson.url)
    assert page.get_by_label("Your notes on question 1").input_value() == ""


def test_forget_this_device_asks_first(live_server, shipped_course, live_page):
    lesson = Page.objects.descendant_of(shipped_course).get(title=LESSON)
    page = live_page(lesson)
    page.get_by_label("Your notes on question 1").fill("Keep this")
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Forget this device").first.click()
    page.reload()
    assert page.get_by_label("Your notes on question 1").input_value() == "Keep this"
