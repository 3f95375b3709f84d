"""A site's own page types, all the way through: setting, loader, exporter, importer."""

import datetime
import decimal
from pathlib import Path

import pytest
import yaml
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from tests.testapp.models import FacilitatedLessonPage
from wagtail_peersupport.coursepackage import (
    CoursePackageError,
    check_package,
    dump_package,
    export_course,
    load_course,
    read_package,
    shipped_course_path,
)
from wagtail_peersupport.models import (
    AbstractLessonPage,
    CoursePage,
    LessonPage,
    ResourcesPage,
    SessionPage,
)
from wagtail_peersupport.page_types import page_model
from wagtail_peersupport.sample import make_course, sample_package

pytestmark = pytest.mark.django_db

FACILITATED = {"lesson": "testapp.FacilitatedLessonPage"}
TUTOR_COURSE = Path(__file__).resolve().parent / "tutor_pages" / "course"


@pytest.fixture
def facilitated(settings):
    settings.WAGTAIL_PEERSUPPORT_PAGE_MODELS = FACILITATED


def lessons_of(course):
    return list(
        Page.objects.descendant_of(course).type(AbstractLessonPage).order_by("path").specific()
    )


def lesson_entries(package):
    return [lesson for session in package["sessions"] for lesson in session["lessons"]]


def other_site():
    """A second site, with a home page of its own, to load a course into."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Another charity", slug="another-charity"))
    Site.objects.create(hostname="another.example", root_page=home)
    return home


def test_the_setting_makes_every_lesson_of_the_shipped_course_the_sites_own(home, facilitated):
    course = load_course(read_package(shipped_course_path()), home, publish=True).course
    lessons = lessons_of(course)
    assert len(lessons) == 2
    assert {type(lesson) for lesson in lessons} == {FacilitatedLessonPage}
    assert type(course) is CoursePage
    assert {type(p.specific) for p in course.get_children()} == {SessionPage, ResourcesPage}
    assert all(lesson.group_size == 8 and lesson.format == "in-person" for lesson in lessons)


def edit_own_fields(lesson):
    latest = lesson.get_latest_revision_as_object()
    latest.facilitator_notes = "Arrange the chairs in a circle.\nHave tissues to hand."
    latest.group_size = 12
    latest.needs_a_second_facilitator = True
    latest.first_run = datetime.date(2027, 3, 4)
    latest.minutes = decimal.Decimal("52.5")
    latest.format = "online"
    latest.save_revision().publish()


def test_an_exported_course_of_the_sites_own_lessons_loads_the_same_into_another_site(
    home, facilitated, settings
):
    course = load_course(read_package(shipped_course_path()), home, publish=True).course
    edited = lessons_of(course)[1]
    edit_own_fields(edited)
    exported = export_course(CoursePage.objects.get(pk=course.pk))
    text = dump_package(exported)

    untouched, entry = lesson_entries(exported)
    assert entry["slug"] == edited.slug
    assert entry["page_type"] == "testapp.FacilitatedLessonPage"
    assert entry["group_size"] == 12 and entry["needs_a_second_facilitator"] is True
    assert entry["first_run"] == datetime.date(2027, 3, 4)
    assert entry["minutes"] == "52.5" and entry["format"] == "online"
    # A field at its default is left out, as empty text is.
    assert untouched["page_type"] == "testapp.FacilitatedLessonPage"
    assert not {"group_size", "format", "minutes", "first_run"} & untouched.keys()
    assert "page_type" not in exported["course"] and "page_type" not in exported["sessions"][0]

    # The file says which page types it needs: the other site loads it without the setting.
    del settings.WAGTAIL_PEERSUPPORT_PAGE_MODELS
    copy = load_course(check_package(yaml.safe_load(text)), other_site(), publish=True).course
    assert export_course(copy) == exported
    copied = FacilitatedLessonPage.objects.descendant_of(copy).get(slug=edited.slug)
    assert (copied.group_size, copied.needs_a_second_facilitator, copied.format) == (
        12,
        True,
        "online",
    )
    assert copied.first_run == datetime.date(2027, 3, 4)
    assert copied.minutes == decimal.Decimal("52.5")
    assert copied.facilitator_notes == "Arrange the chairs in a circle.\nHave tissues to hand."
    assert {type(lesson) for lesson in lessons_of(copy)} == {FacilitatedLessonPage}


def test_a_course_of_the_sites_own_lessons_is_updated_not_refused(home, facilitated, settings):
    load_course(read_package(shipped_course_path()), home, publish=True)
    del settings.WAGTAIL_PEERSUPPORT_PAGE_MODELS  # the default is the package's LessonPage
    report = load_course(read_package(shipped_course_path()), home, publish=True)
    assert not report.created and not report.updated
    data = read_package(shipped_course_path())
    lesson_entries(data)[0]["title"] = "A new title"
    report = load_course(check_package(data), home, publish=True)
    assert [page.title for page in report.updated] == ["A new title"]
    assert type(report.updated[0].specific) is FacilitatedLessonPage


def test_a_page_type_in_the_file_names_one_page_model(home):
    data = sample_package(sessions=1, lessons_per_session=2)
    data["sessions"][0]["lessons"][1].update(
        {"page_type": "testapp.FacilitatedLessonPage", "group_size": 6, "format": "either"}
    )
    course = load_course(check_package(data), home).course
    first, second = lessons_of(course)
    assert type(first) is LessonPage
    assert type(second) is FacilitatedLessonPage
    assert (second.group_size, second.format) == (6, "either")


@pytest.mark.parametrize(
    "page_type, message",
    [
        ("testapp.ArticlePage", "testapp.ArticlePage is not a lesson page type: a lesson must "
         "be a subclass of wagtail_peersupport.models.pages.AbstractLessonPage"),
        ("wagtail_peersupport.SessionPage", "is not a lesson page type"),
        ("testapp.NoSuchPage", "there is no model 'testapp.NoSuchPage' on this site"),
        ("FacilitatedLessonPage", "expected a page type as 'app_label.ModelName'"),
        (["a", "list"], "expected a page type as 'app_label.ModelName'"),
    ],
)  # fmt: skip
def test_a_wrong_page_type_is_refused_with_its_place(page_type, message):
    data = sample_package(sessions=2, lessons_per_session=2)
    data["sessions"][1]["lessons"][0]["page_type"] = page_type
    with pytest.raises(CoursePackageError) as excinfo:
        check_package(data)
    assert excinfo.value.path == "sessions[1].lessons[0].page_type"
    assert message in excinfo.value.message


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("group_size", "many", "“many” value must be an integer."),
        ("group_size", -3, "Ensure this value is greater than or equal to 0."),
        ("format", "outdoors", "Value 'outdoors' is not a valid choice."),
        ("first_run", "next spring", "invalid date format"),
        ("needs_a_second_facilitator", [True], "expected a single value, found a list"),
        ("facilitator_notes", 42, "expected text, found a number"),
    ],
)
def test_a_bad_value_for_a_sites_own_field_is_refused_with_its_place(
    home, facilitated, field, value, message
):
    data = sample_package(sessions=1, lessons_per_session=1)
    data["sessions"][0]["lessons"][0][field] = value
    pages = Page.objects.count()
    with pytest.raises(CoursePackageError) as excinfo:
        load_course(data, home)
    assert excinfo.value.path == f"sessions[0].lessons[0].{field}"
    assert message in excinfo.value.message
    assert Page.objects.count() == pages


def test_a_field_of_the_sites_own_page_type_is_unknown_to_the_packages(home):
    data = sample_package(sessions=1, lessons_per_session=1)
    data["sessions"][0]["lessons"][0]["group_size"] = 6
    with pytest.raises(CoursePackageError) as excinfo:
        check_package(data)
    assert excinfo.value.path == "sessions[0].lessons[0].group_size"
    assert "unknown field 'group_size'" in excinfo.value.message


def test_a_page_cannot_change_type_when_the_file_asks_for_another(home):
    course = make_course(home, sessions=1, lessons_per_session=1)
    data = sample_package(sessions=1, lessons_per_session=1)
    data["sessions"][0]["lessons"][0]["page_type"] = "testapp.FacilitatedLessonPage"
    with pytest.raises(CoursePackageError) as excinfo:
        load_course(data, home)
    assert excinfo.value.path == "sessions[0].lessons[0].page_type"
    assert "a page's type cannot be changed" in excinfo.value.message
    assert {type(lesson) for lesson in lessons_of(course)} == {LessonPage}


def test_the_sample_course_and_the_tutor_importer_make_the_sites_own_lessons(
    home, facilitated, capsys
):
    sample = make_course(home, title="Sample", sessions=2, lessons_per_session=2)
    assert {type(lesson) for lesson in lessons_of(sample)} == {FacilitatedLessonPage}
    call_command("peersupport_import_tutor", str(TUTOR_COURSE), "--load", "--parent", home.pk)
    imported = CoursePage.objects.child_of(home).get(title="Listening Skills")
    assert lessons_of(imported)
    assert {type(lesson) for lesson in lessons_of(imported)} == {FacilitatedLessonPage}


def test_the_export_command_writes_the_page_type(home, facilitated, tmp_path):
    course = load_course(read_package(shipped_course_path()), home).course
    output = tmp_path / "course.yaml"
    call_command("peersupport_export", course.pk, "-o", str(output))
    assert output.read_text().count("page_type: testapp.FacilitatedLessonPage") == 2


@pytest.mark.parametrize(
    "value, message",
    [
        ({"lesson": "testapp.ArticlePage"}, "['lesson']: testapp.ArticlePage is not a lesson"),
        ({"lessons": "testapp.FacilitatedLessonPage"}, "unknown page kind 'lessons'"),
        ({"lesson": "testapp.Missing"}, "there is no model 'testapp.Missing'"),
        ("testapp.FacilitatedLessonPage", "must be a dict"),
    ],
)
def test_a_wrong_setting_is_a_system_check_error(settings, value, message):
    settings.WAGTAIL_PEERSUPPORT_PAGE_MODELS = value
    errors = [e for e in run_checks() if e.id == "wagtail_peersupport.E001"]
    assert len(errors) == 1 and message in errors[0].msg


def test_a_wrong_setting_stops_a_load_with_the_settings_name(home, settings):
    settings.WAGTAIL_PEERSUPPORT_PAGE_MODELS = {"lesson": "testapp.ArticlePage"}
    with pytest.raises(ImproperlyConfigured, match=r"WAGTAIL_PEERSUPPORT_PAGE_MODELS\['lesson'\]"):
        page_model("lesson")
    pages = Page.objects.count()
    with pytest.raises(CommandError) as excinfo:
        call_command("peersupport_load", parent=home.pk, verbosity=0)
    assert str(excinfo.value).startswith("Nothing was loaded. ")
    assert (
        "WAGTAIL_PEERSUPPORT_PAGE_MODELS['lesson']: testapp.ArticlePage is not a lesson page type"
        in str(excinfo.value)
    )
    assert Page.objects.count() == pages
