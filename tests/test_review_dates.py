"""Review dates: the editor's fields, what visitors see, translations and course packages."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import StringSegment, TranslationSource

from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, SessionPage

pytestmark = pytest.mark.django_db


def days(n):
    """The date ``n`` days from today (before it, for a negative ``n``)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def review(page, last=None, due=None, by=""):
    """Record a review of ``page`` as an editor would, and publish it."""
    page.last_reviewed, page.next_review_due, page.reviewed_by = last, due, by
    page.save_revision().publish()
    return page


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


# The editor


def test_session_added_in_the_admin_keeps_its_review_fields(superuser, client, course):
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("wagtail_peersupport", "sessionpage", course.pk)),
        nested_form_data(
            {
                "title": "Staying well",
                "slug": "staying-well",
                "aim": "To plan for staying well.",
                "body": streamfield([]),
                "last_reviewed": "2026-03-03",
                "next_review_due": "2027-03-03",
                "reviewed_by": "Dr A. Reviewer",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302
    session = SessionPage.objects.get(slug="staying-well")
    assert session.last_reviewed == datetime.date(2026, 3, 3)
    assert session.next_review_due == datetime.date(2027, 3, 3)
    assert session.reviewed_by == "Dr A. Reviewer"


def test_edit_view_has_a_review_panel_with_help(superuser, client, course):
    lesson = LessonPage.objects.descendant_of(course).first()
    soup = soup_of(client.get(reverse("wagtailadmin_pages:edit", args=(lesson.pk,))))
    heading = soup.find(string=lambda s: s and s.strip() == "Review")
    assert heading is not None
    panel = heading.find_parent("section")
    for name in ("last_reviewed", "next_review_due", "reviewed_by"):
        assert panel.find("input", attrs={"name": name}) is not None
    assert "Visitors never see this name." in panel.get_text()


def test_next_review_cannot_be_due_before_the_last_review(superuser, client, course):
    session = SessionPage.objects.descendant_of(course).first()
    session.last_reviewed, session.next_review_due = days(0), days(-1)
    with pytest.raises(ValidationError) as raised:
        session.full_clean()
    assert "next_review_due" in raised.value.message_dict

    response = client.post(
        reverse("wagtailadmin_pages:add", args=("wagtail_peersupport", "sessionpage", course.pk)),
        nested_form_data(
            {
                "title": "Backwards",
                "slug": "backwards",
                "aim": "An aim.",
                "body": streamfield([]),
                "last_reviewed": "2026-03-03",
                "next_review_due": "2026-03-02",
            }
        ),
    )
    assert response.status_code == 200
    assert not SessionPage.objects.filter(slug="backwards").exists()
    error = soup_of(response).find(
        string=lambda s: s and "can’t be due before the date the page was last reviewed" in s
    )
    assert error is not None


# What visitors see


def review_line(get_soup, page):
    return get_soup(page).find(class_="ps-review-dates")


def test_visitors_see_both_dates_on_a_lesson(course, get_soup):
    lesson = review(
        LessonPage.objects.descendant_of(course).first(),
        last=datetime.date(2026, 3, 3),
        due=datetime.date(2027, 3, 3),
        by="Dr A. Reviewer",
    )
    line = review_line(get_soup, lesson)
    assert " ".join(line.get_text().split()) == (
        "Last reviewed 3 March 2026 · Next review due 3 March 2027"
    )
    assert [t["datetime"] for t in line.find_all("time")] == ["2026-03-03", "2027-03-03"]
    assert "Reviewer" not in str(get_soup(lesson))


def test_visitors_see_only_the_dates_that_are_set(course, get_soup):
    session = review(
        SessionPage.objects.descendant_of(course).first(), due=datetime.date(2027, 1, 9)
    )
    line = review_line(get_soup, session)
    assert " ".join(line.get_text().split()) == "Next review due 9 January 2027"
    assert len(line.find_all("time")) == 1


def test_no_line_without_dates(course, get_soup):
    assert review_line(get_soup, SessionPage.objects.descendant_of(course).first()) is None
    assert review_line(get_soup, LessonPage.objects.descendant_of(course).first()) is None


def test_setting_turns_the_line_off_even_for_a_cached_page(course, get_soup, settings):
    session = review(SessionPage.objects.descendant_of(course).first(), last=days(-5))
    assert review_line(get_soup, session) is not None  # now in the page cache
    settings.WAGTAIL_PEERSUPPORT_SHOW_REVIEW_DATES = False
    assert review_line(get_soup, session) is None


def test_welsh_page_shows_its_dates_in_welsh(course, locales, committed, get_soup):
    with committed():
        translate_course(course, "cy")
    welsh = SessionPage.objects.descendant_of(course.get_translation(locales["cy"])).first()
    review(welsh, last=datetime.date(2026, 3, 3), due=datetime.date(2027, 3, 3))
    line = review_line(get_soup, welsh)
    assert "3 Mawrth 2026" in line.get_text()
    assert "3 Mawrth 2027" in line.get_text()


# Translations keep their own review


def test_a_translation_keeps_its_own_review_when_the_source_is_synced_again(
    course, locales, committed
):
    session = review(
        SessionPage.objects.descendant_of(course).first(),
        last=days(-10),
        due=days(300),
        by="English reviewer",
    )
    with committed():
        translate_course(course, "cy")
    welsh = session.get_translation(locales["cy"])
    # A new translation has not been reviewed yet.
    assert (welsh.last_reviewed, welsh.next_review_due, welsh.reviewed_by) == (None, None, "")
    review(welsh, last=days(-2), due=days(100), by="Adolygydd")

    review(session, last=days(-1), due=days(365), by="Another English reviewer")
    session.aim = "A changed aim."
    session.save_revision().publish()
    with committed():
        translate_course(course, "cy")

    welsh.refresh_from_db()
    assert welsh.aim == "A changed aim."  # the sync happened
    assert (welsh.last_reviewed, welsh.next_review_due, welsh.reviewed_by) == (
        days(-2),
        days(100),
        "Adolygydd",
    )


def test_reviewer_name_is_not_offered_to_translators(course, locales, committed):
    session = review(SessionPage.objects.descendant_of(course).first(), by="Dr A. Reviewer")
    with committed():
        translate_course(course, "cy")
    source = TranslationSource.objects.get_for_instance(session)
    segments = StringSegment.objects.filter(source=source).select_related("context", "string")
    assert segments.exists()
    assert "reviewed_by" not in {segment.context.path for segment in segments}
    assert "Dr A. Reviewer" not in {segment.string.data for segment in segments}


# Course packages


def test_review_dates_travel_in_a_course_package(course, home):
    from wagtail.models import Page

    from wagtail_peersupport.coursepackage import check_package, export_course, load_course

    lesson = review(
        LessonPage.objects.descendant_of(course).first(),
        last=datetime.date(2026, 3, 3),
        due=datetime.date(2027, 3, 3),
        by="Dr A. Reviewer",
    )
    package = export_course(course)
    entry = package["sessions"][0]["lessons"][0]
    assert (entry["last_reviewed"], entry["next_review_due"], entry["reviewed_by"]) == (
        datetime.date(2026, 3, 3),
        datetime.date(2027, 3, 3),
        "Dr A. Reviewer",
    )
    assert "last_reviewed" not in package["sessions"][1]  # unset dates are left out

    home.refresh_from_db()
    other_parent = home.add_child(instance=Page(title="Copy", slug="copy"))
    copy = load_course(check_package(package), other_parent, publish=True).course
    copied = LessonPage.objects.descendant_of(copy).get(slug=lesson.slug)
    assert (copied.last_reviewed, copied.next_review_due, copied.reviewed_by) == (
        datetime.date(2026, 3, 3),
        datetime.date(2027, 3, 3),
        "Dr A. Reviewer",
    )
