"""Reading the course offline, in real headless Chromium.

The course's service worker keeps the pages a visitor opens, and every page of the course on
"Save this course to read offline", so that they read with no connection. "Forget this
device" removes the saved copy and the worker.

The helpers add their strict Content-Security-Policy to pages as the browser fetches them,
so the course page where the worker starts and the saving is done is checked under it. Pages
the worker answers for itself reach the page without it, and are checked for errors and
requests to other hosts.
"""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from wagtail.models import Page

from tests.browser.helpers import axe_violations, format_violations, wait_until
from wagtail_peersupport.localize import translate_course

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LESSON = "Activity 1: Personal story of recovery"
STORY = "When I was 26 years old"
STATIC = {
    "/static/wagtail_peersupport/css/peersupport.css",
    "/static/wagtail_peersupport/js/peersupport.js",
}
SAVED = re.compile(r"^Pages saved for reading offline: (\d+) \(([\d.,٫]+) MB\)\.$")

CACHES = """async () => {
    const found = {};
    for (const name of await caches.keys()) {
        found[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    }
    return found;
}"""
WORKERS = """async () => (await navigator.serviceWorker.getRegistrations()).map((r) => {
    const worker = r.active || r.waiting || r.installing;  // none for a moment as it starts
    return {scope: new URL(r.scope).pathname, script: worker && new URL(worker.scriptURL).pathname};
})"""


def offline_box(page):
    box = page.locator("[data-ps-offline-box]")
    wait_until(page, box.is_visible, timeout=10)  # shown once the worker is active
    return box


def saved_message(language):
    """What the status says once the course is saved, in ``language``, numbers as groups."""
    from django.utils import translation

    with translation.override(language):
        message = translation.gettext("Pages saved for reading offline: [pages] ([size] MB).")
    digits = r"\d" if language == "en" else r"\d\u0660-\u0669"  # Arabic-Indic digits too
    pattern = (
        re.escape(message)
        .replace(r"\[pages\]", f"([{digits}]+)")
        .replace(r"\[size\]", f"([{digits}.,\u066b]+)")
    )
    return re.compile(f"^{pattern}$")


def save_the_course(page, language="en"):
    """Press "Save this course to read offline" and wait for the pages to be saved."""
    box = offline_box(page)
    status = box.get_by_role("status")
    saved = SAVED if language == "en" else saved_message(language)
    box.locator('[data-ps-offline-job="save"]').click()
    wait_until(page, lambda: saved.match(status.inner_text()), timeout=30)
    return saved.match(status.inner_text())


def wait_for_the_worker(page):
    wait_until(page, lambda: page.evaluate("() => !!navigator.serviceWorker.controller"))


def course_paths(course):
    """The paths "Save this course" saves: every live page of the course, and its privacy page."""
    pages = Page.objects.descendant_of(course, inclusive=True).live()
    return {page.url for page in pages} | {course.url + "privacy/"}


def test_a_saved_course_reads_offline_and_forgetting_removes_it(
    live_server, shipped_course, live_page
):
    page = live_page(shipped_course)
    saved = save_the_course(page)
    assert page.foreign_requests == page.csp_violations == page.errors == []
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    paths = course_paths(shipped_course)
    assert int(saved.group(1)) == len(paths)
    assert float(saved.group(2)) > 0
    workers = page.evaluate(WORKERS)
    assert workers == [
        {"scope": shipped_course.url, "script": shipped_course.url + "offline/worker/"}
    ]
    [(name, kept)] = page.evaluate(CACHES).items()
    assert name == f"wagtail-peersupport:offline:{shipped_course.translation_key}:en"
    assert set(kept) == paths | STATIC

    # A lesson the visitor never opened, with no connection; what was not saved fails.
    lesson = Page.objects.descendant_of(shipped_course).get(title=LESSON)
    page.context.set_offline(True)
    other_tab = page.context.new_page()
    with pytest.raises(PlaywrightError, match="net::ERR_"):
        other_tab.goto(page.origin + shipped_course.url + "workbook/")
    other_tab.close()
    page.goto(lesson.url)
    assert page.locator("h1").inner_text() == LESSON
    page.get_by_text("Read the story").click()
    assert page.get_by_text(STORY).is_visible()
    # Its stylesheet and script came from the saved copy too: the notes box shows.
    assert page.get_by_label("Your notes on question 1").is_visible()

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Forget this device").click()
    status = page.locator("[data-ps-forget-status]")
    wait_until(page, lambda: status.inner_text() != "")
    assert [name for name in page.evaluate(CACHES) if name.startswith("wagtail-peersupport:")] == []
    assert page.evaluate(WORKERS) == []
    assert page.foreign_requests == page.errors == []


def test_pages_the_visitor_opens_are_kept_and_refreshed_when_back_online(
    live_server, shipped_course, live_page
):
    page = live_page(shipped_course)
    wait_for_the_worker(page)
    lesson = Page.objects.descendant_of(shipped_course).get(title=LESSON).specific
    page.goto(lesson.url)
    [kept] = page.evaluate(CACHES).values()
    assert set(kept) == {lesson.url, *STATIC}  # the course page was opened before the worker
    page.context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == LESSON

    # The lesson changes while the visitor is offline; back online, the saved copy follows.
    lesson.title = "Activity 1: A story of recovery"
    lesson.save_revision().publish()
    page.context.set_offline(False)
    saved_title = f"""async () => {{
        const saved = await caches.match("{lesson.url}");
        return saved ? (await saved.text()).includes("{lesson.title}") : false;
    }}"""
    wait_until(page, lambda: page.evaluate(saved_title), timeout=30)
    assert page.errors == []


def test_the_offline_copy_can_be_removed(live_server, shipped_course, live_page):
    page = live_page(shipped_course)
    save_the_course(page)
    box = offline_box(page)
    box.get_by_role("button", name="Remove the offline copy").click()
    status = box.get_by_role("status")
    wait_until(
        page, lambda: status.inner_text() == "The offline copy has been removed from this browser."
    )
    assert page.evaluate(CACHES) == {}
    assert page.errors == []


def test_saving_is_bounded_and_the_oldest_pages_go_first(
    live_server, shipped_course, live_page, settings
):
    settings.WAGTAIL_PEERSUPPORT_OFFLINE_MAX_PAGES = 3
    page = live_page(shipped_course)
    assert save_the_course(page).group(1) == "3"
    [kept] = page.evaluate(CACHES).values()
    assert len([path for path in kept if not path.startswith("/static/")]) == 3
    # Opening another page keeps it, and the oldest saved page goes.
    session = Page.objects.child_of(shipped_course).live().first()
    page.goto(session.url)
    [after] = page.evaluate(CACHES).values()
    pages = [path for path in after if not path.startswith("/static/")]
    assert len(pages) == 3 and pages[-1] == session.url


def test_each_language_has_its_own_scope_and_copy(live_server, shipped_course, locales, live_page):
    translate_course(shipped_course, "ar")
    arabic = shipped_course.get_translation(locales["ar"])
    assert arabic.url.startswith("/ar/")
    page = live_page(arabic)
    assert page.locator("html").get_attribute("dir") == "rtl"
    saved = save_the_course(page, "ar")
    # Said in Arabic, with Arabic-Indic digits (int() reads them).
    assert int(saved.group(1)) == len(course_paths(arabic))
    assert page.evaluate(WORKERS) == [
        {"scope": arabic.url, "script": arabic.url + "offline/worker/"}
    ]
    [(name, kept)] = page.evaluate(CACHES).items()
    assert name == f"wagtail-peersupport:offline:{shipped_course.translation_key}:ar"
    assert all(path.startswith((arabic.url, "/static/")) for path in kept)
    # The English course is another scope: opening it registers its own worker beside this one.
    page.goto(shipped_course.url)
    wait_until(
        page,
        lambda: (
            sorted(str(w["script"]) for w in page.evaluate(WORKERS))
            == sorted([arabic.url + "offline/worker/", shipped_course.url + "offline/worker/"])
        ),
    )
    lesson = Page.objects.descendant_of(arabic).get(
        translation_key=Page.objects.descendant_of(shipped_course).get(title=LESSON).translation_key
    )
    page.context.set_offline(True)
    page.goto(lesson.url)
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() == lesson.title
    assert page.foreign_requests == page.errors == []


def test_turning_reading_offline_off_removes_the_worker(
    live_server, shipped_course, live_page, settings
):
    page = live_page(shipped_course)
    offline_box(page)
    assert len(page.evaluate(WORKERS)) == 1
    settings.WAGTAIL_PEERSUPPORT_OFFLINE = False
    page.reload()
    wait_until(page, lambda: page.evaluate(WORKERS) == [])
    assert page.locator("[data-ps-offline-box]").count() == 0
    assert page.errors == []
