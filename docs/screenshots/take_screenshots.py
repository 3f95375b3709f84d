"""Desktop and mobile screenshots of the shipped course, for the documentation.

Run with ``make screenshots`` or ``python docs/screenshots/take_screenshots.py``. The
example site is set up in a throwaway database (``setup_demo``: the shipped course and
the UK support contacts), the course translated into Arabic and served on a local port;
Chromium (Debian's, else Playwright's) takes each page at 1280 and 390 pixels wide, the
whole length of the page (or, for a part of a page such as a knowledge check, that part
after answering it), into ``docs/screenshots/<name>-desktop.png`` and
``<name>-mobile.png``. Pages are served with the strict Content-Security-Policy the tests
use, and nothing is fetched from another host.
"""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent
SESSION = "What is Recovery?"
LESSON = "Activity 1: Personal story of recovery"
CHECKED = "How the recovery approach developed"  # the lesson with a knowledge check
SIZES = {"desktop": (1280, 900), "mobile": (390, 844)}


def setup_django():
    """Configure Django with the example site's settings and create a fresh test database."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "example_site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return connection, name


def load_pages():
    """Load and translate the shipped course; return ``{name: path}`` of the pages to take."""
    from django.core.management import call_command
    from wagtail.models import Locale, Page, Site

    from wagtail_peersupport.localize import translate_course
    from wagtail_peersupport.models import CoursePage, ResourcesPage

    call_command("setup_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    home = Site.objects.get(is_default_site=True).root_page
    course = CoursePage.objects.child_of(home).get()  # the shipped course, as setup_demo loads it
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    translate_course(course, "ar")
    session = Page.objects.child_of(course).get(title=SESSION)
    lesson = Page.objects.descendant_of(course).get(title=LESSON)
    checked = Page.objects.descendant_of(course).get(title=CHECKED)

    def path(page):
        return urlsplit(page.specific.url).path

    return {
        "course": path(course),
        "session": path(session),
        "lesson": path(lesson),
        "resources": path(ResourcesPage.objects.child_of(course).get()),
        "lesson-ar": path(lesson.get_translation(arabic)),
        "workbook-course": path(course) + "workbook/",
        "workbook-session": path(session) + "workbook/",
        "check": path(checked),
        "check-ar": path(checked.get_translation(arabic)),
    }


def answer_the_check(page):
    """Answer the knowledge check, one question right and one wrong; return the check."""
    questions = page.locator(".ps-check__question")
    questions.nth(0).locator("input").nth(0).check()
    questions.nth(0).locator("input").nth(1).check()
    questions.nth(1).locator("input").nth(1).check()
    for index in (0, 1):
        questions.nth(index).locator("[data-ps-check-answer]").click()
    page.evaluate("window.scrollTo(0, 0)")
    return page.locator(".ps-check")


# Parts of a page taken on their own, after doing what shows them.
PARTS = {"check": answer_the_check, "check-ar": answer_the_check}


def start_server():
    """Serve the site, static files included, from a thread; return the thread."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    # An in-memory SQLite database is only visible through this process's connection.
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = LiveServerThread("localhost", StaticFilesHandler, connections_override=shared)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread


def shrink(path):
    """Save the screenshot with a 256-colour palette: a fraction of the size, as sharp."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def take(pages, server_url):
    from playwright.sync_api import sync_playwright

    from tests.browser.ensure_chromium import find_chromium, missing_message
    from tests.browser.helpers import launch, open_page

    with sync_playwright() as playwright:
        if find_chromium(playwright) is None:
            sys.exit(missing_message(again="make screenshots"))
        browser = launch(playwright)
        for name, path in pages.items():
            for size, (width, height) in SIZES.items():
                page = open_page(
                    browser, server_url + path, width=width, height=height, reduced_motion="reduce"
                )
                try:
                    if page.status != 200:
                        print(f"{name}: {path} answered {page.status}; no screenshot")
                        break
                    problems = page.foreign_requests + page.csp_violations + page.errors
                    if problems:
                        print(f"{name} ({size}): {problems}")
                    target = OUTPUT / f"{name}-{size}.png"
                    if name in PARTS:
                        # A part of the whole page, as it lies on it: the quick exit stays
                        # at the top of the page rather than over the part.
                        box = PARTS[name](page).evaluate(
                            """el => { const r = el.getBoundingClientRect();
                                return {x: r.x + scrollX, y: r.y + scrollY,
                                        width: r.width, height: r.height}; }"""
                        )
                        page.screenshot(path=str(target), full_page=True, clip=box)
                    else:
                        page.screenshot(path=str(target), full_page=True)
                    shrink(target)
                    print(f"{target.relative_to(ROOT)}")
                finally:
                    page.close()
        browser.close()


def run(prepare, take, **settings):
    """Set up a throwaway database and media folder, ``prepare()`` what to show, serve it
    and ``take(prepared, server_url)`` the screenshots; then remove it all."""
    connection, name = setup_django()
    from django.test.utils import override_settings

    try:
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media, **settings),
        ):
            prepared = prepare()
            server = start_server()
            try:
                take(prepared, f"http://localhost:{server.port}")
            finally:
                server.terminate()
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def main():
    run(load_pages, take)


if __name__ == "__main__":
    main()
