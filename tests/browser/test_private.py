"""What a visitor writes and marks stays in their browser: notes, progress, and the
pages without the script. Run in real headless Chromium, under the strict policy."""

import pytest
from wagtail.models import Page

from tests.browser.helpers import wait_until
from wagtail_peersupport.localize import translate_course

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LESSON = "Activity 1: Personal story of recovery"


def lesson_of(course):
    return Page.objects.descendant_of(course).get(title=LESSON)


def stored(page):
    return page.evaluate("() => Object.assign({}, window.localStorage)")


def test_notes_are_kept_in_this_browser_and_never_sent(live_server, shipped_course, live_page):
    lesson = lesson_of(shipped_course)
    page = live_page(lesson)
    boxes = page.locator(".ps-reflection textarea")
    assert boxes.count() == 3
    assert page.get_by_text("They are never sent to us").is_visible()
    sent_before = len(page.requests)
    page.get_by_label("Your notes on question 1").fill("It made me feel less alone.")
    page.get_by_label("Your notes on question 3").fill("Because they are true.")
    wait_until(page, lambda: page.locator(".ps-notes__status").inner_text() != "")
    assert page.locator(".ps-notes__status").inner_text() == "Your notes are saved in this browser."
    # Nothing went to the server while writing.
    assert page.requests[sent_before:] == []
    notes = {key: value for key, value in stored(page).items() if ":notes:" in key}
    assert sorted(notes.values()) == ["Because they are true.", "It made me feel less alone."]
    assert all(str(lesson.translation_key) in key for key in notes)

    page.reload()
    assert boxes.nth(0).input_value() == "It made me feel less alone."
    assert boxes.nth(1).input_value() == ""
    assert boxes.nth(2).input_value() == "Because they are true."
    # The server never saw the notes: they are not in the page it sends.
    assert "less alone" not in page.request.get(page.url).text()


def test_notes_can_be_downloaded_as_text(live_server, shipped_course, live_page, tmp_path):
    page = live_page(lesson_of(shipped_course))
    page.get_by_label("Your notes on question 2").fill("Hope, mostly.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my notes").click()
    file = tmp_path / "notes.txt"
    download.value.save_as(file)
    assert download.value.suggested_filename == "my-notes.txt"
    text = file.read_text(encoding="utf-8")
    assert text.startswith(LESSON)
    assert "2. What effect does hearing other people’s recovery stories have on me?" in text
    assert "Hope, mostly." in text


def test_notes_can_be_cleared(live_server, shipped_course, live_page):
    page = live_page(lesson_of(shipped_course))
    page.get_by_label("Your notes on question 1").fill("Private thought")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear my notes").click()
    assert page.get_by_label("Your notes on question 1").input_value() == ""
    assert [key for key in stored(page) if ":notes:" in key] == []
    assert "cleared" in page.locator(".ps-notes__status").inner_text()


def test_notes_follow_the_visitor_into_another_language(
    live_server, shipped_course, locales, live_page
):
    lesson = lesson_of(shipped_course)
    translate_course(shipped_course, "cy")
    page = live_page(lesson)
    page.get_by_label("Your notes on question 1").fill("Written in English")
    welsh = lesson.get_translation(locales["cy"])
    page.goto(welsh.url)
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator(".ps-reflection textarea").first.input_value() == "Written in English"


def test_marking_lessons_done_shows_in_the_outline_and_the_course(
    live_server, shipped_course, live_page
):
    lesson = lesson_of(shipped_course)
    page = live_page(lesson)
    button = page.get_by_role("button", name="Mark this lesson as done")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    # Screen readers hear "(done)" after the title; the tick is for the eye.
    outline = page.locator(".ps-outline--sidebar")
    current = outline.get_by_role("link", name=f"{LESSON} (done)", exact=True)
    assert current.get_attribute("aria-current") == "page"
    assert "✓" in current.inner_text()
    page.goto(shipped_course.url)
    assert page.locator(".ps-progress__summary").inner_text() == "Lessons marked as done: 1 of 2"
    assert page.locator(".ps-progress__bar").get_attribute("value") == "1"
    done = page.locator(".ps-outline--full .ps-done-mark:visible")
    assert done.count() == 1
    # Reset asks first, then clears the course's progress.
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset my progress").click()
    assert page.locator(".ps-progress__summary").inner_text() == "Lessons marked as done: 0 of 2"
    assert page.locator(".ps-outline--full .ps-done-mark:visible").count() == 0
    # Progress keeps to the browser: no cookie was ever set.
    assert page.context.cookies() == []


def test_without_javascript_the_questions_show_and_nothing_breaks(
    live_server, shipped_course, live_page
):
    page = live_page(lesson_of(shipped_course), java_script_enabled=False)
    questions = page.locator(".ps-reflection__text")
    assert questions.count() == 3 and questions.first.is_visible()
    # Controls that need the script stay out of the way.
    assert page.locator(".ps-reflection textarea").first.is_hidden()
    assert page.get_by_role("button", name="Mark this lesson as done").is_hidden()
    # The outline is open, and the story opens without the script.
    assert page.locator(".ps-outline__body").is_visible()
    page.locator("figure.ps-story summary").click()
    assert page.locator("figure.ps-story blockquote").is_visible()
    assert page.errors == [] and page.csp_violations == []


def test_outline_folds_away_on_a_phone(live_server, shipped_course, live_page):
    page = live_page(lesson_of(shipped_course), width=390, height=844)
    toggle = page.get_by_role("button", name="Course content")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator(".ps-outline__body").is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(".ps-outline__body").is_visible()
    # On a wide screen the outline is always open and the toggle is not needed.
    wide = live_page(lesson_of(shipped_course), width=1280)
    assert wide.locator(".ps-outline__body").is_visible()
    assert wide.get_by_role("button", name="Course content").is_hidden()


def test_workbook_prints_with_lines_to_write_on(live_server, shipped_course, live_page):
    page = live_page(shipped_course.url + "workbook/")
    assert page.get_by_role("button", name="Print this workbook").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".ps-workbook__toolbar").is_hidden()
    lines = page.locator(".ps-reflection__question").first.locator(".ps-writing-space span")
    assert lines.count() == 5
    assert lines.first.bounding_box()["height"] > 20
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 3
