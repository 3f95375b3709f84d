"""Screenshots of the Wagtail admin for the editors' and translators' guides.

Run with ``make screenshots`` (which takes the course's own screenshots too) or
``python docs/screenshots/take_admin_screenshots.py``. The example site is set up in a
throwaway database as ``take_screenshots.py`` does; a few drafts are added so that each
screen has something to show (a story waiting for consent, a phrase the safe-messaging
checks flag, a page overdue for review, a Welsh translation out of date and one no longer
synced, Spanish machine drafts). Chromium signs in as the demo's admin and saves each
screen, 1280 pixels wide, as ``docs/screenshots/admin-<name>.png``. Name screens on the
command line (``... take_admin_screenshots.py checks dashboard``) to take only those.
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from take_screenshots import OUTPUT, ROOT, run, shrink  # noqa: E402

CHECKED = "How the recovery approach developed"
STORY_LESSON = "Activity 1: Personal story of recovery"
WIDTH, HEIGHT = 1280, 900


def prepare():
    """Set up the demo, then the drafts the screens show; return the screens to take."""
    from django.core.management import call_command
    from django.urls import reverse
    from wagtail.models import Locale, Page, Site
    from wagtail.rich_text import RichText
    from wagtail_localize.models import Translation

    from wagtail_peersupport.localize import machine_translate_course, translate_course
    from wagtail_peersupport.models import CoursePage, LessonPage, SessionPage

    call_command("setup_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    home = Site.objects.get(is_default_site=True).root_page
    course = CoursePage.objects.child_of(home).get()
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    Locale.objects.get_or_create(language_code="es")

    checked = Page.objects.descendant_of(course).get(title=CHECKED).specific
    story_lesson = Page.objects.descendant_of(course).get(title=STORY_LESSON).specific

    # Review dates, published: every session and lesson reviewed in the spring, bar one;
    # one lesson overdue and one due today.
    today = datetime.date.today()
    days = datetime.timedelta
    reviewed = Page.objects.descendant_of(course).type(SessionPage, LessonPage).specific()
    for page in reviewed.order_by("path")[1:]:
        due = {checked.pk: today - days(20), story_lesson.pk: today}.get(page.pk)
        page.next_review_due = due or today + days(160)
        page.last_reviewed = page.next_review_due - days(365)
        page.reviewed_by = "Alex Morgan" if due else "Sam Patel"
        page.save_revision().publish()
    # Read again: the pages' latest revisions are the ones just published.
    checked, story_lesson = (type(p).objects.get(pk=p.pk) for p in (checked, story_lesson))

    # Welsh, then an English session edited and published: its Welsh page is out of date.
    translate_course(course, "cy")
    edited = SessionPage.objects.child_of(course).order_by("path")[1]
    edited.aim = edited.aim + " It ends with time to talk it over."
    edited.save_revision().publish()
    # A Welsh page taken out of sync, as "Stop synced translation" does, and edited by hand.
    unsynced = SessionPage.objects.child_of(course).order_by("path")[2]
    Translation.objects.filter(
        source__object_id=unsynced.translation_key, target_locale=welsh
    ).update(enabled=False)
    unsynced_cy = unsynced.get_translation(welsh).specific
    unsynced_cy.aim = unsynced_cy.aim + " (golygwyd â llaw)"
    unsynced_cy.save_revision().publish()
    # Spanish: machine-translated drafts waiting for review.
    machine_translate_course(course, "es")

    # A lesson whose draft says what the safe-messaging checks flag.
    draft = checked.get_latest_revision_as_object()
    for block in draft.body:
        if block.block_type == "paragraph":
            block.value = RichText(
                block.value.source.replace(
                    "</p>", " Some of those who were failed by the system committed suicide.</p>", 1
                )
            )
            break
    draft.save_revision()

    # A story waiting for consent, kept as a draft.
    story_draft = story_lesson.get_latest_revision_as_object()
    for block in story_draft.body:
        if block.block_type == "recovery_story":
            block.value["consent_confirmed"] = False
    story_draft.save_revision()

    def edit(page):
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    return {
        "explorer": reverse("wagtailadmin_explore", args=[course.pk]),
        "add-page": reverse("wagtailadmin_pages:add_subpage", args=[course.pk]),
        "lesson-editor": edit(checked),
        "block-menu": (edit(checked), open_block_menu),
        "checks": (edit(checked), open_checks),
        "story-block": (edit(story_lesson), show_consent_box),
        "consent-refused": (edit(story_lesson), try_to_publish),
        "consent-report": reverse("wagtail_peersupport_consent_report"),
        "review-panel": (edit(checked), show_review_panel),
        "review-report": reverse("wagtail_peersupport_review_report") + "?locale=en",
        "dashboard": reverse("wagtailadmin_home"),
        "translate-course": reverse("wagtail_peersupport_translate_course", args=[course.pk]),
        "translation-status": (
            reverse("wagtail_peersupport_translate_course", args=[course.pk]),
            show_status_table,
        ),
        "translation-report": reverse("wagtail_peersupport_translation_status") + "?locale=cy",
        "welsh-lesson": edit(checked.get_translation(welsh)),
        "start-synced": (edit(unsynced.get_translation(welsh)), open_actions_menu),
    }


def open_checks(page):
    """Open the editor's Checks panel and wait for the safe-messaging findings."""
    page.get_by_role("button", name="Toggle checks").click()
    panel = page.locator("[data-checks-panel]")
    panel.locator("[data-content-checker-name]", has_text="Avoid").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)


def open_block_menu(page):
    """Open the block menu of the lesson's body, after its first block."""
    button = page.locator("#panel-child-content-body-section button.c-sf-add-button").nth(1)
    button.scroll_into_view_if_needed()
    button.click()
    page.locator(".w-combobox").first.wait_for()
    page.wait_for_timeout(300)


def show_consent_box(page):
    """Scroll the recovery story's consent box into view and return the story block."""
    page.set_viewport_size({"width": WIDTH, "height": 1300})
    box = page.get_by_label("The person agreed to this use of their story").first
    box.evaluate("el => el.scrollIntoView({block: 'end'})")
    page.evaluate("window.scrollBy(0, 250)")
    page.wait_for_timeout(300)


def try_to_publish(page):
    """Press Publish on a page whose story awaits consent; the editor comes back with why."""
    page.evaluate("document.querySelector('button[name=action-publish]').click()")
    page.wait_for_load_state()
    page.locator(".messages .error").first.wait_for()


def show_review_panel(page):
    page.locator("#panel-child-content-review-section").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 150)")
    page.wait_for_timeout(300)


def show_status_table(page):
    """The translation status section's summary and first rows, as a part of the screen."""
    # The admin scrolls its content inside the window: a taller window shows more of it.
    page.set_viewport_size({"width": WIDTH, "height": 1500})
    page.add_style_tag(content="footer { display: none !important; }")
    section = page.locator("section[aria-labelledby=ps-translation-status]")
    section.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    box = section.bounding_box()
    return {
        "x": box["x"],
        "y": box["y"],
        "width": box["width"],
        "height": min(box["height"], 1500 - box["y"], 1100),
    }


def open_actions_menu(page):
    """Open the editor's menu of other actions (Start Synced translation is there)."""
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.wait_for_timeout(300)


def sign_in(browser, server_url):
    """Sign in as the demo's admin; return the browser state that keeps them signed in."""
    from home.management.commands.setup_demo import ADMIN_PASSWORD, ADMIN_USERNAME

    context = browser.new_context()
    page = context.new_page()
    page.goto(server_url + "/admin/login/")
    page.fill("input[name=username]", ADMIN_USERNAME)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server_url + "/admin/")
    state = context.storage_state()
    context.close()
    return state


def take(screens, server_url, only=()):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from tests.browser.ensure_chromium import find_chromium, missing_message
    from tests.browser.helpers import launch

    with sync_playwright() as playwright:
        if find_chromium(playwright) is None:
            sys.exit(missing_message(again="make screenshots"))
        browser = launch(playwright)
        state = sign_in(browser, server_url)
        for name, screen in screens.items():
            if only and name not in only:
                continue
            path, action = screen if isinstance(screen, tuple) else (screen, None)
            # A context of its own for each screen: the admin remembers an open side
            # panel, which would otherwise show on every screen after the Checks one.
            context = browser.new_context(
                storage_state=state,
                viewport={"width": WIDTH, "height": HEIGHT},
                reduced_motion="reduce",
            )
            page = context.new_page()
            try:
                response = page.goto(server_url + path)
                if response.status != 200:
                    print(f"{name}: {path} answered {response.status}; no screenshot")
                    continue
                try:
                    clip = action(page) if action else None
                except PlaywrightError as exc:
                    print(f"{name}: {exc.message.splitlines()[0]}; no screenshot")
                    continue
                target = OUTPUT / f"admin-{name}.png"
                if clip is not None:
                    page.screenshot(path=str(target), clip=clip)
                else:
                    page.screenshot(path=str(target))
                shrink(target)
                print(f"{target.relative_to(ROOT)}")
            finally:
                context.close()
        browser.close()


def main():
    only = sys.argv[1:]
    run(
        prepare,
        lambda screens, server_url: take(screens, server_url, only=only),
        WAGTAIL_GRAVATAR_PROVIDER_URL=None,
    )


if __name__ == "__main__":
    main()
