"""Translating never loses anyone's work: pages a translator took out of sync, or made by
hand, are kept as they are when a course is translated again or a PO file is imported."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail_localize.models import Translation

from tests import translating
from tests.translating import import_po, write_po
from wagtail_peersupport.localize import export_course_po, translate_course
from wagtail_peersupport.models import LessonPage, ResourcesPage

pytestmark = pytest.mark.django_db
admin_client = translating.admin_client


def stop_syncing(client, page, locale):
    """Press wagtail-localize's "Stop syncing" for the ``locale`` translation of ``page``."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale
    )
    response = client.post(
        reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert not translation.enabled
    return translation


HAND_MADE = "Gweithgaredd 1: stori bersonol am adferiad"


def test_rerunning_translation_keeps_pages_taken_out_of_sync(
    shipped_course, locales, admin_client, get_soup
):
    welsh = locales["cy"]
    translate_course(shipped_course, "cy")
    lesson = LessonPage.objects.get(
        slug="activity-1-personal-story-of-recovery", locale__language_code="en"
    )
    translation = stop_syncing(admin_client, lesson, welsh)
    welsh_lesson = lesson.get_translation(welsh)
    welsh_lesson.title = HAND_MADE
    welsh_lesson.save_revision().publish()
    # A page made by hand in Welsh, with no wagtail-localize record at all.
    resources = ResourcesPage.objects.get(locale__language_code="en")
    Translation.objects.filter(
        source__object_id=resources.translation_key, target_locale=welsh
    ).delete()
    welsh_resources = resources.get_translation(welsh)
    welsh_resources.title = "Adnoddau"
    welsh_resources.save_revision().publish()
    # The English pages change, so re-running would bring the change to both.
    for page in (lesson, resources):
        page.title += " (revised)"
        page.save_revision().publish()

    out = StringIO()
    call_command("peersupport_translate", shipped_course.pk, locale=["cy"], stdout=out)
    summary = out.getvalue().strip().splitlines()[-1]
    assert "2 pages kept as they are, because they are edited by hand and not synced" in summary
    assert f"“{HAND_MADE}”" in summary and "“Adnoddau”" in summary
    assert "13 updated" in summary

    response = admin_client.post(
        reverse("wagtail_peersupport_translate_course", args=[shipped_course.pk]),
        {"locales": [welsh.pk], "publish": "on"},
        follow=True,
    )
    soup = BeautifulSoup(response.content, "html.parser")
    shown = [" ".join(li.get_text(" ").split()) for li in soup.select(".messages li")]
    [message] = [text for text in shown if text.startswith("Translated")]
    assert "2 pages kept as they are" in message and f"“{HAND_MADE}”" in message

    for page, title in ((lesson, HAND_MADE), (resources, "Adnoddau")):
        translated = page.get_translation(welsh)
        assert translated.title == title
        assert translated.live_revision.as_object().title == title
        assert get_soup(translated).find("h1").get_text(strip=True) == title
    translation.refresh_from_db()
    assert not translation.enabled
    assert not Translation.objects.filter(
        source__object_id=resources.translation_key, target_locale=welsh
    ).exists()
    # The pages still synced did get the English change.
    session = lesson.get_parent().specific
    assert session.get_translation(welsh).title == session.title


def test_po_import_skips_pages_taken_out_of_sync(shipped_course, locales, admin_client, tmp_path):
    welsh = locales["cy"]
    translate_course(shipped_course, "cy")
    lesson = LessonPage.objects.get(
        slug="activity-1-personal-story-of-recovery", locale__language_code="en"
    )
    po = export_course_po(shipped_course, "cy")
    stop_syncing(admin_client, lesson, welsh)
    welsh_lesson = lesson.get_translation(welsh)
    welsh_lesson.title = HAND_MADE
    welsh_lesson.save_revision().publish()
    for item in po:
        if "<" not in item.msgid and not item.msgctxt.endswith("|slug"):
            item.msgstr = "[cy] " + item.msgid
    lesson_strings = sum(
        1 for e in po if e.msgstr and e.msgctxt.startswith(str(lesson.translation_key))
    )
    summary = import_po(write_po(po, tmp_path / "course-cy.po"), publish=True)
    assert (
        f"{lesson_strings} strings not imported into 1 page kept as it is, because it is "
        f"edited by hand and not synced: “{HAND_MADE}”"
    ) in summary
    assert lesson.get_translation(welsh).title == HAND_MADE
    assert lesson.get_parent().get_translation(welsh).title.startswith("[cy] ")
    # Nor does a new export offer its strings to the translator again.
    again = export_course_po(shipped_course, "cy")
    assert not any(e.msgctxt.startswith(str(lesson.translation_key)) for e in again)
