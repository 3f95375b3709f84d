"""The "Course pages due for review" report, its downloads, and the dashboard panel."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission

from tests.testapp.models import FacilitatedLessonPage
from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage, SessionPage
from wagtail_peersupport.sample import make_course

from .test_review_dates import days, review, soup_of

pytestmark = pytest.mark.django_db

REPORT = reverse("wagtail_peersupport_review_report")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def limited_editor(name, *pages):
    """An admin user who may add, edit and publish the pages below each of ``pages`` only."""
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = Group.objects.create(name=f"{name} group")
    for page in pages:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
    user.groups.add(group)
    return user


def report_rows(client, query=""):
    response = client.get(REPORT + query)
    assert response.status_code == 200
    rows = []
    for tr in soup_of(response).select("table tbody tr"):
        rows.append([" ".join(td.get_text(" ").split()) for td in tr.find_all("td")])
    return rows


def titles(rows):
    return [row[0] for row in rows]


# The report


@pytest.fixture
def reviewed_course(course):
    """Sessions and lessons overdue, due soon, later, and never reviewed."""
    sessions = list(SessionPage.objects.descendant_of(course).order_by("path"))
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    review(sessions[0], last=days(-400), due=days(-35), by="Sam")
    review(sessions[1], last=days(-300), due=days(20), by="Alex")
    review(sessions[2], last=days(-10), due=days(355), by="Jo")
    review(lessons[0], last=days(-380), due=days(-15), by="Sam")
    for lesson in lessons[1:]:
        review(lesson, last=days(-30), due=days(335), by="Jo")
    review(lessons[1], due=days(90))  # planned, never reviewed
    return course, sessions, lessons


def test_report_lists_pages_due_in_order_with_their_status(superuser, client, reviewed_course):
    course, sessions, lessons = reviewed_course
    rows = report_rows(client)
    assert titles(rows) == [
        sessions[0].title,
        lessons[0].title,
        sessions[1].title,
        lessons[1].title,
    ]
    statuses = [row[-1] for row in rows]
    assert statuses == ["Overdue", "Overdue", "Due soon", "Not reviewed"]
    first = rows[0]
    assert first[1] == course.title
    assert first[2] == "English"
    assert first[5] == "Sam"
    link = soup_of(client.get(REPORT)).select_one("table tbody tr td a")
    assert link["href"] == reverse("wagtailadmin_pages:edit", args=(sessions[0].pk,))


def test_due_soon_reaches_as_far_as_the_setting(superuser, client, reviewed_course, settings):
    _course, sessions, _lessons = reviewed_course
    settings.WAGTAIL_PEERSUPPORT_REVIEW_DUE_DAYS = 10
    assert sessions[1].title not in titles(report_rows(client))
    settings.WAGTAIL_PEERSUPPORT_REVIEW_DUE_DAYS = 400
    assert sessions[2].title in titles(report_rows(client))


def test_report_covers_a_sites_own_lesson_type(superuser, client, course):
    session = SessionPage.objects.descendant_of(course).first()
    own = FacilitatedLessonPage(title="Running the group", slug="running-the-group")
    session.add_child(instance=own)
    review(own, last=days(-400), due=days(-1), by="Kim")
    row = next(r for r in report_rows(client) if r[0] == "Running the group")
    assert row[-1] == "Overdue" and row[5] == "Kim"


def test_report_filters_by_status_course_and_language(
    superuser, client, reviewed_course, home, locales, committed
):
    course, sessions, lessons = reviewed_course
    other = make_course(home, title="Listening Well", sessions=1, lessons_per_session=1)
    with committed():
        translate_course(course, "cy")

    overdue = report_rows(client, "?status=overdue")
    assert titles(overdue) == [sessions[0].title, lessons[0].title]

    course_key = str(course.translation_key)
    in_course = report_rows(client, f"?course={course_key}")
    assert other.title not in {row[1] for row in in_course}
    assert {row[2] for row in in_course} == {"English", "Welsh"}

    welsh = report_rows(client, f"?course={course_key}&locale=cy")
    assert {row[2] for row in welsh} == {"Welsh"}
    assert {row[-1] for row in welsh} == {"Not reviewed"}

    listening = report_rows(client, f"?course={other.translation_key}")
    assert {row[1] for row in listening} == {"Listening Well"}


def test_report_downloads_as_csv(superuser, client, reviewed_course):
    _course, sessions, _lessons = reviewed_course
    response = client.get(REPORT + "?status=overdue&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Title",
        "Course",
        "Language",
        "Last reviewed",
        "Next review due",
        "Reviewed by",
        "Status",
    ]
    assert rows[1] == [
        sessions[0].title,
        "Peer Support Training",
        "English",
        days(-400).isoformat(),
        days(-35).isoformat(),
        "Sam",
        "Overdue",
    ]
    assert len(rows) == 3


def test_report_downloads_as_xlsx(superuser, client, reviewed_course):
    _course, sessions, _lessons = reviewed_course
    response = client.get(REPORT + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Status"
    first = rows[1]
    assert first[0] == sessions[0].title
    assert first[3] == days(-400)
    assert first[4] == days(-35)
    assert [row[-1] for row in rows[1:]] == ["Overdue", "Overdue", "Due soon", "Not reviewed"]


def test_report_reads_the_same_few_queries_however_many_pages(superuser, client, home):
    make_course(home, title="Small", sessions=1, lessons_per_session=1)
    client.get(REPORT)
    with CaptureQueriesContext(connection) as small:
        client.get(REPORT)
    make_course(home, title="Large", sessions=6, lessons_per_session=4)
    with CaptureQueriesContext(connection) as large:
        response = client.get(REPORT)
    assert len(report_rows(client)) == 2 + 6 + 24
    assert response.status_code == 200
    assert len(large) == len(small)


# Permissions


def test_a_limited_editor_sees_only_pages_they_may_edit(client, reviewed_course, home):
    course, _sessions, _lessons = reviewed_course
    other = make_course(home, title="Listening Well", sessions=1, lessons_per_session=1)
    client.force_login(limited_editor("lee", other))
    rows = report_rows(client)
    assert {row[1] for row in rows} == {"Listening Well"}
    choices = soup_of(client.get(REPORT)).select("select[name=course] option")
    assert [option.get_text(strip=True) for option in choices] == ["All courses", "Listening Well"]
    csv_rows = b"".join(client.get(REPORT + "?export=csv").streaming_content).decode()
    assert course.title not in csv_rows


def test_report_and_menu_refused_to_editors_of_no_course_page(client, course, home):
    client.force_login(limited_editor("nobody"))
    response = client.get(REPORT)
    assert response.status_code == 302
    assert client.get(REPORT + "?export=csv").status_code == 302
    assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(limited_editor("lee", course))
    assert REPORT in client.get(reverse("wagtailadmin_home")).content.decode()


# The dashboard


def dashboard_panel(client):
    soup = soup_of(client.get(reverse("wagtailadmin_home")))
    return soup.find(id="peersupport-reviews-due-section")


def test_dashboard_counts_overdue_pages_and_links_to_them(superuser, client, reviewed_course):
    panel = dashboard_panel(client)
    link = panel.find("a", string=lambda s: s and "overdue" in s)
    assert " ".join(link.get_text().split()) == "2 course pages are overdue for review"
    assert link["href"] == REPORT + "?status=overdue"


def test_dashboard_says_one_page_in_the_singular(superuser, client, course):
    review(SessionPage.objects.descendant_of(course).first(), last=days(-400), due=days(-1))
    link = dashboard_panel(client).find("a", string=lambda s: s and "overdue" in s)
    assert " ".join(link.get_text().split()) == "1 course page is overdue for review"


def test_dashboard_has_no_panel_when_nothing_is_overdue(superuser, client, course):
    review(SessionPage.objects.descendant_of(course).first(), last=days(-1), due=days(5))
    assert dashboard_panel(client) is None


def test_dashboard_counts_only_pages_the_editor_may_edit(client, reviewed_course, home):
    other = make_course(home, title="Listening Well", sessions=1, lessons_per_session=1)
    client.force_login(limited_editor("lee", other))
    assert dashboard_panel(client) is None
    review(SessionPage.objects.descendant_of(other).first(), last=days(-400), due=days(-3))
    link = dashboard_panel(client).find("a", string=lambda s: s and "overdue" in s)
    assert " ".join(link.get_text().split()) == "1 course page is overdue for review"
