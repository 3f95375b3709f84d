""" "Record a review": for any session or lesson, a synced translation included."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, ResourcesPage, SessionPage

from .test_review_dates import review, soup_of
from .test_review_report import REPORT, limited_editor

pytestmark = pytest.mark.django_db

REVIEWED = {
    "last_reviewed": "2026-03-04",
    "next_review_due": "2027-03-04",
    "reviewed_by": "Adolygydd",
}


def record_url(page, **query):
    url = reverse("wagtail_peersupport_record_review", args=[page.pk])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def dates_of(page):
    page = type(page).objects.get(pk=page.pk)
    return page.last_reviewed, page.next_review_due, page.reviewed_by


def logged_reviews(page):
    return PageLogEntry.objects.filter(page=page, action="wagtail_peersupport.review_recorded")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "pw", first_name="Alys", last_name="Jones"
    )
    client.force_login(user)
    return user


@pytest.fixture
def welsh(course, locales, committed):
    """The course translated into Welsh by wagtail-localize, synced and published."""
    with committed():
        translate_course(course, "cy")
    return course.get_translation(locales["cy"])


def first_lesson(course):
    return LessonPage.objects.descendant_of(course).order_by("path").first()


# Recording a review of a synced translation


def test_a_synced_welsh_lesson_gets_its_review_and_keeps_it_when_synced_again(
    superuser, client, course, welsh, committed, get_soup
):
    english = first_lesson(course)
    lesson = first_lesson(welsh)
    assert get_soup(lesson).find(class_="ps-review-dates") is None  # now cached

    with committed():
        response = client.post(record_url(lesson), REVIEWED)
    assert response.status_code == 302
    assert dates_of(lesson) == (datetime.date(2026, 3, 4), datetime.date(2027, 3, 4), "Adolygydd")
    assert dates_of(english) == (None, None, "")

    line = get_soup(lesson).find(class_="ps-review-dates")
    assert "4 Mawrth 2026" in line.get_text()
    assert [t["datetime"] for t in line.find_all("time")] == ["2026-03-04", "2027-03-04"]

    english.title = "A retitled lesson"
    english.save_revision().publish()
    with committed():
        translate_course(course, "cy")
    lesson.refresh_from_db()
    assert lesson.title == "A retitled lesson"  # the sync happened
    assert dates_of(lesson) == (datetime.date(2026, 3, 4), datetime.date(2027, 3, 4), "Adolygydd")


def test_review_recorded_on_a_draft_survives_publishing_the_draft(
    superuser, client, course, welsh, committed
):
    english = first_lesson(course)
    english.title = "A retitled lesson"
    english.save_revision().publish()
    with committed():
        translate_course(course, "cy", publish=False)
    lesson = first_lesson(welsh)
    assert lesson.has_unpublished_changes
    live_title = lesson.title

    with committed():
        client.post(record_url(lesson), REVIEWED)
    lesson.refresh_from_db()
    assert lesson.title == live_title  # the draft is still a draft
    assert dates_of(lesson)[0] == datetime.date(2026, 3, 4)

    lesson.get_latest_revision().publish()
    lesson.refresh_from_db()
    assert lesson.title == "A retitled lesson"
    assert dates_of(lesson) == (datetime.date(2026, 3, 4), datetime.date(2027, 3, 4), "Adolygydd")


def test_recording_a_review_leaves_the_rest_of_the_page_alone(superuser, client, course):
    session = SessionPage.objects.descendant_of(course).first()
    revisions = session.revisions.count()
    published_at = session.last_published_at
    SessionPage.objects.filter(pk=session.pk).update(aim="Written elsewhere meanwhile.")
    client.post(record_url(session), REVIEWED)  # session is the older copy in memory
    session = SessionPage.objects.get(pk=session.pk)
    assert session.aim == "Written elsewhere meanwhile."
    assert session.revisions.count() == revisions
    assert session.last_published_at == published_at
    assert session.reviewed_by == "Adolygydd"


# The form


def test_form_is_prefilled_and_shows_the_page(superuser, client, course, welsh):
    lesson = first_lesson(welsh)
    review(lesson, last=datetime.date(2025, 2, 1), due=datetime.date(2026, 2, 1), by="Someone")
    response = client.get(record_url(lesson))
    assert response.status_code == 200
    soup = soup_of(response)
    today = timezone.localdate()
    assert soup.find("input", attrs={"name": "last_reviewed"})["value"] == today.isoformat()
    due_input = soup.find("input", attrs={"name": "next_review_due"})
    due = datetime.date.fromisoformat(due_input["value"])
    assert (due.year, due.month) == (today.year + 1, today.month)
    assert due.day == today.day or (today.month, today.day, due.day) == (2, 29, 28)
    assert soup.find("input", attrs={"name": "reviewed_by"})["value"] == "Alys Jones"
    text = " ".join(soup.get_text(" ").split())
    assert lesson.title in text
    assert "Welsh" in text
    assert "1 February 2025" in text and "1 February 2026" in text


def test_next_review_cannot_be_due_before_the_last_review(superuser, client, course):
    lesson = first_lesson(course)
    response = client.post(record_url(lesson), {**REVIEWED, "next_review_due": "2026-03-03"})
    assert response.status_code == 200
    error = soup_of(response).find(
        string=lambda s: s and "can’t be due before the date the page was last reviewed" in s
    )
    assert error is not None
    assert dates_of(lesson) == (None, None, "")
    assert not logged_reviews(lesson).exists()


def test_a_review_needs_its_date(superuser, client, course):
    lesson = first_lesson(course)
    response = client.post(record_url(lesson), {**REVIEWED, "last_reviewed": ""})
    assert response.status_code == 200
    assert dates_of(lesson) == (None, None, "")


def test_only_sessions_and_lessons_have_reviews(superuser, client, course):
    # Django's LocaleMiddleware sends a path it does not find on to its /en/ twin,
    # which is not found either.
    assert client.get(record_url(course), follow=True).status_code == 404
    resources = ResourcesPage.objects.descendant_of(course).first()
    assert client.post(record_url(resources), REVIEWED, follow=True).status_code == 404
    assert not PageLogEntry.objects.filter(action="wagtail_peersupport.review_recorded").exists()


# Permissions


def test_an_editor_of_another_course_is_refused_and_nothing_changes(client, course, home):
    from wagtail_peersupport.sample import make_course

    other = make_course(home, title="Listening Well", sessions=1, lessons_per_session=1)
    client.force_login(limited_editor("lee", other))
    lesson = first_lesson(course)
    assert client.get(record_url(lesson)).status_code == 403
    response = client.post(record_url(lesson), REVIEWED)
    assert response.status_code == 403
    assert dates_of(lesson) == (None, None, "")
    assert not logged_reviews(lesson).exists()

    own = first_lesson(other)
    assert client.get(record_url(own)).status_code == 200


def test_an_editor_of_the_welsh_course_may_review_its_pages(client, course, welsh):
    user = limited_editor("gwen", welsh)
    client.force_login(user)
    lesson = first_lesson(welsh)
    assert client.post(record_url(lesson), REVIEWED).status_code == 302
    assert dates_of(lesson)[2] == "Adolygydd"
    assert client.post(record_url(first_lesson(course)), REVIEWED).status_code == 403


def test_a_page_locked_by_someone_else_is_refused_until_unlocked(superuser, client, course):
    lesson = first_lesson(course)
    other = get_user_model().objects.create_user("sam", password="x", first_name="Sam")
    lesson.locked, lesson.locked_by, lesson.locked_at = True, other, timezone.now()
    lesson.save(update_fields=["locked", "locked_by", "locked_at"])

    response = client.post(record_url(lesson), REVIEWED)
    assert response.status_code == 403
    assert "was locked" in soup_of(response).get_text(" ", strip=True)
    assert dates_of(lesson) == (None, None, "")
    assert not logged_reviews(lesson).exists()

    lesson.locked = False
    lesson.save(update_fields=["locked"])
    assert client.post(record_url(lesson), REVIEWED).status_code == 302
    assert dates_of(lesson)[2] == "Adolygydd"


def test_the_person_who_locked_a_page_may_record_its_review(superuser, client, course):
    lesson = first_lesson(course)
    lesson.locked, lesson.locked_by, lesson.locked_at = True, superuser, timezone.now()
    lesson.save(update_fields=["locked", "locked_by", "locked_at"])
    assert client.post(record_url(lesson), REVIEWED).status_code == 302
    assert dates_of(lesson)[2] == "Adolygydd"


# Where it goes afterwards


def test_goes_back_to_next_on_this_site_only(superuser, client, course):
    lesson = first_lesson(course)
    explorer = reverse("wagtailadmin_explore", args=[lesson.get_parent().pk])
    response = client.post(record_url(lesson, next=explorer), REVIEWED)
    assert response["Location"] == explorer

    response = client.post(record_url(lesson, next="https://evil.example.com/"), REVIEWED)
    assert response["Location"] == REPORT
    response = client.post(record_url(lesson), {**REVIEWED, "next": "//evil.example.com/"})
    assert response["Location"] == REPORT

    messages = [str(m) for m in response.wsgi_request._messages]
    assert f"Review of “{lesson.title}” recorded." in messages


# Links to it, and the history


def test_report_rows_link_to_record_a_review(superuser, client, course, welsh):
    lesson = first_lesson(welsh)
    soup = soup_of(client.get(REPORT + "?locale=cy"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    row = next(tr for tr in soup.select("table tbody tr") if tr.find("a", href=edit_url))
    link = row.find("a", string=lambda s: s and s.strip() == "Record a review")
    assert link["href"] == record_url(lesson, next=REPORT + "?locale=cy")

    response = client.post(link["href"], REVIEWED)
    assert response["Location"] == REPORT + "?locale=cy"


def test_explorer_and_editor_offer_record_a_review(superuser, client, course, welsh):
    session = SessionPage.objects.descendant_of(welsh).order_by("path").first()
    lesson = first_lesson(welsh)
    listing = soup_of(client.get(reverse("wagtailadmin_explore", args=[session.pk])))
    hrefs = [a["href"] for a in listing.find_all("a", href=True)]
    assert any(h.startswith(record_url(lesson)) for h in hrefs)
    assert any(h.startswith(record_url(session)) for h in hrefs)  # the header's menu

    english = first_lesson(course)
    editor = soup_of(client.get(reverse("wagtailadmin_pages:edit", args=[english.pk])))
    assert any(a["href"].startswith(record_url(english)) for a in editor.find_all("a", href=True))

    course_listing = soup_of(client.get(reverse("wagtailadmin_explore", args=[course.pk])))
    hrefs = [a["href"] for a in course_listing.find_all("a", href=True)]
    assert not any(h.startswith(record_url(course)) for h in hrefs)


def test_history_shows_the_review(superuser, client, course, welsh):
    lesson = first_lesson(welsh)
    client.post(record_url(lesson), REVIEWED)
    entry = logged_reviews(lesson).get()
    assert entry.user == superuser
    history = client.get(reverse("wagtailadmin_pages:history", args=[lesson.pk]))
    text = " ".join(soup_of(history).get_text(" ").split())
    assert "Review recorded: next review due 4 March 2027" in text
