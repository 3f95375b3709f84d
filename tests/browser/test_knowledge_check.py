"""Knowledge checks answered in real headless Chromium, and the workbook printed with notes.

Answers are checked in the page: nothing is sent while a visitor answers.
"""

import pytest
from wagtail.models import Page

from tests.browser.helpers import axe_violations, format_violations, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LESSON = "How the recovery approach developed"
STORY = "Activity 1: Personal story of recovery"


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const label = el.labels && el.labels[0];
            return (label ? label.innerText : el.innerText || "").trim();
        }"""
    )


def tab_to(page, name, limit=300):
    """Press Tab until the element called ``name`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == name:
            return
    pytest.fail(f"Tab never reached {name!r}")


def results(page):
    return [r.inner_text().strip() for r in page.locator(".ps-check__result").all()]


def test_a_check_answered_by_keyboard_alone(live_server, shipped_course, live_page):
    lesson = Page.objects.descendant_of(shipped_course).get(title=LESSON)
    page = live_page(lesson)
    assert page.get_by_text("Your answers are checked in this browser.").is_visible()
    sent_before = len(page.requests)

    # The two core elements: both right answers ticked with the space bar.
    tab_to(page, "A fundamental belief that everyone has the potential for recovery")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    tab_to(page, "Check my answer")
    page.keyboard.press("Enter")
    wait_until(page, lambda: results(page)[0] != "")
    assert results(page)[0].startswith("Right. The right answers: A fundamental belief")
    marks = page.locator(".ps-check__question").nth(0).locator("[data-ps-mark]:visible")
    assert page.locator(".ps-check__explanation:visible").count() == 1
    assert marks.all_inner_texts() == ["Right answer", "Right answer"]
    first = page.locator(".ps-check__question").nth(0)
    assert first.locator(".ps-check__feedback:visible").all_inner_texts() == [
        "Yes: no matter how long-term or serious their mental health problem.",
        "Yes: that learning is then applied in the way that mental health supports are developed.",
    ]

    # The Vermont study: a wrong answer, chosen with the arrow key.
    page.keyboard.press("Tab")
    assert focused(page) == "They had either improved considerably, or had recovered"
    page.keyboard.press("ArrowDown")
    tab_to(page, "Check my answer")
    page.keyboard.press("Enter")
    wait_until(page, lambda: results(page)[1] != "")
    assert results(page)[1] == (
        "Not quite. The right answer: They had either improved considerably, or had recovered"
    )
    second = page.locator(".ps-check__question").nth(1)
    assert second.locator("[data-ps-mark]:visible").all_inner_texts() == [
        "Right answer",
        "Your answer: not right",
    ]
    assert second.locator(".ps-check__feedback:visible").all_inner_texts() == [
        "No: the findings challenged the assumption that people can only ever regain "
        "marginal levels of functioning."
    ]
    assert (
        second.locator(".ps-check__explanation")
        .inner_text()
        .startswith("Two-thirds of the 262 previously long-stay patients")
    )

    # True or false.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    tab_to(page, "Check my answer")
    page.keyboard.press("Enter")
    wait_until(page, lambda: page.locator(".ps-check__score").inner_text() != "")
    assert page.locator(".ps-check__score").inner_text() == "You answered 2 of 3 questions right."
    assert page.requests[sent_before:] == []
    assert page.errors == page.csp_violations == []

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        # From the top: a link scrolled halfway under the sticky "Leave this site quickly"
        # bar counts as a small target for axe wherever the keyboard left the page.
        page.evaluate("window.scrollTo(0, 0)")
        violations = axe_violations(page)
        assert violations == [], f"{width} px: " + format_violations(violations)

    # Try again: every answer, mark and message goes, and focus goes back to the start.
    tab_to(page, "Try again")
    page.keyboard.press("Enter")
    assert results(page) == ["", "", ""]
    assert page.locator(".ps-check__score").inner_text() == ""
    assert page.locator(".ps-check input:checked").count() == 0
    assert page.locator(".ps-check [data-ps-mark]:visible").count() == 0
    assert focused(page) == "A fundamental belief that everyone has the potential for recovery"


def test_checking_with_no_answer_asks_for_one(live_server, shipped_course, live_page):
    page = live_page(Page.objects.descendant_of(shipped_course).get(title=LESSON))
    page.locator("[data-ps-check-answer]").first.click()
    assert results(page)[0] == "Choose an answer first."


def test_without_the_script_the_answers_can_be_shown(live_server, shipped_course, live_page):
    page = live_page(
        Page.objects.descendant_of(shipped_course).get(title=LESSON), java_script_enabled=False
    )
    assert page.get_by_role("group", name="Which are the two core elements").is_visible()
    assert page.get_by_role("button", name="Check my answer").count() == 0
    answer = page.locator(".ps-check__answers").get_by_text("The right answer: They had")
    assert not answer.is_visible()
    page.get_by_text("Show the answers").click()
    assert answer.is_visible()


def test_the_workbook_prints_my_notes(live_server, shipped_course, live_page):
    story = Page.objects.descendant_of(shipped_course).get(title=STORY)
    page = live_page(story)
    page.get_by_label("Your notes on question 2").fill("Hope, mostly.\nAnd company.")
    wait_until(page, lambda: page.locator(".ps-notes__status").inner_text() != "")
    sent_before = len(page.requests)
    page.goto(story.get_parent().url + "workbook/")
    page.get_by_label("Include my notes").check()
    status = page.locator(".ps-workbook__include [role=status]")
    assert "Notes included: 1." in status.inner_text()
    questions = page.locator(".ps-reflection__question")
    assert (
        questions.nth(1).locator(".ps-workbook__note").inner_text() == "Hope, mostly.\nAnd company."
    )
    assert questions.nth(0).locator(".ps-workbook__note").count() == 0
    # Printed: the note is on the paper, the controls are not.
    page.emulate_media(media="print")
    assert questions.nth(1).get_by_text("Hope, mostly.").is_visible()
    assert not page.get_by_label("Include my notes").is_visible()
    assert page.pdf()[:4] == b"%PDF"
    page.emulate_media(media="screen")
    page.get_by_label("Include my notes").uncheck()
    assert page.locator(".ps-workbook__note").count() == 0
    # Only the workbook page itself and its files were asked for: the notes stayed here.
    assert all("workbook" in url or "/static/" in url for url in page.requests[sent_before:])
