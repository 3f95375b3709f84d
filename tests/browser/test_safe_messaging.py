"""An editor sees the safe-messaging checks in the page editor's Checks panel, in Chromium."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LESSON = "Activity 1: Personal story of recovery"


def log_in(live_page):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password")
    # Wagtail's admin runs its own inline scripts: no extra policy here.
    page = live_page("/admin/login/", csp=False, width=1400)
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "a-long-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_checks_panel_names_the_phrase_and_the_advice(
    live_server, shipped_course, live_page, settings
):
    # Wagtail's checker runs axe inside the preview, which the userbar brings.
    settings.WAGTAIL_PEERSUPPORT_BASE_TEMPLATE = "charity/userbar_layout.html"
    lesson = Page.objects.descendant_of(shipped_course).get(title=LESSON).specific
    lesson.body = [
        {"type": "paragraph", "value": "<p>Her brother committed suicide.</p>"},
        *lesson.body.raw_data,
    ]
    lesson.content_warnings = [*lesson.content_warnings, "suicide"]
    lesson.save_revision()

    page = log_in(live_page)
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.get_by_role("button", name="Toggle checks").click()
    panel = page.locator("[data-checks-panel]")
    name = page.locator("[data-content-checker-name]", has_text="Avoid “committed suicide”")
    panel.locator(name).wait_for(timeout=30_000)
    row = panel.locator("[data-content-checker-row]", has=name)
    assert (
        row.locator("[data-content-checker-help]")
        .inner_text()
        .startswith("Write “died by suicide” or “took their own life”.")
    )
    # The lesson warns about suicide, so no finding for that; but the site has no
    # support contacts yet, so its recovery story leaves readers nowhere to turn.
    names = panel.locator("[data-content-checker-name]").all_inner_texts()
    assert sorted(n for n in names if n.startswith(("Avoid", "Mentions", "Recovery story"))) == [
        "Avoid “committed suicide”",
        "Recovery story with no way to reach support",
    ]
