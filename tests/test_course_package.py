"""Loading and exporting course packages, with the shipped course as the main example."""

import pytest
import yaml
from django.core.management import call_command
from wagtail.models import Page, Revision

from wagtail_peersupport.coursepackage import (
    check_package,
    export_course,
    load_course,
    read_package,
    shipped_course_path,
)
from wagtail_peersupport.coursepackage.content import package_content, page_content
from wagtail_peersupport.models import CoursePage, LessonPage, ResourcesPage, SessionPage
from wagtail_peersupport.sample import sample_package

from .conftest import children

pytestmark = pytest.mark.django_db


def text(tag):
    return " ".join(tag.get_text(" ", strip=True).split())


def load(*args, **options):
    call_command("peersupport_load", *args, verbosity=0, **options)
    return CoursePage.objects.get(slug="peer-support-training")


@pytest.fixture
def shipped(home):
    return load(parent=home.pk, publish=True)


def test_shipped_course_has_eleven_sessions_in_order(shipped):
    sessions = children(shipped)
    assert [s.title for s in sessions if isinstance(s, SessionPage)] == [
        "Introduction",
        "What is Recovery?",
        "Personal Recovery",
        "What is Peer Support?",
        "The Peer Relationship",
        "Review and Evaluation",
        "Use of Language and Communications",
        "Using Your Experiences Effectively",
        "Surviving and Thriving",
        "Positive Risk Taking and Boundaries",
        "Review and Evaluation",
    ]
    reviews = [s.slug for s in sessions if s.title == "Review and Evaluation"]
    assert len(set(reviews)) == 2
    assert isinstance(sessions[-1], ResourcesPage)
    assert sessions[-1].title == "Useful Resources"
    assert "the role the role" not in SessionPage.objects.get(slug="what-is-peer-support").aim


def test_shipped_course_page_outline_shows_sessions_and_aims(shipped, get_soup):
    soup = get_soup(shipped)
    items = soup.select("ol.ps-outline__sessions > li")
    assert len(items) == 11
    assert text(items[1].find("h3")) == "Session 2 What is Recovery?"
    assert text(items[1].find("p")).startswith(
        "The aim of this session is to explore the development of the recovery approach"
    )


def test_recovery_lesson_has_the_vermont_figures(shipped, get_soup):
    session = SessionPage.objects.get(slug="what-is-recovery")
    lesson = children(session)[0]
    soup = get_soup(lesson)
    finding = soup.find("figure", class_="ps-finding")
    figures = {text(dt): text(dd) for dt, dd in zip(finding("dt"), finding("dd"), strict=True)}
    assert set(figures) == {"262", "Two-thirds", "68%", "55%"}
    assert "mild impairment" in figures["68%"]
    assert "slight or no impairment" in figures["55%"]
    assert text(finding.find("figcaption")) == "Source: Harding et al 1987"
    key_points = soup.select("div.ps-key-points")
    factors = [text(li) for li in key_points[1].find_all("li")]
    assert factors == [
        "Long term outcome research",
        "Activism and the rights based approach",
        "Sharing experiences and recovery narratives",
        "Social perspectives in mental health",
    ]
    assert len(key_points[0].find_all("li")) == 2
    resource = soup.select_one("section.ps-resources li.ps-resource")
    assert "Evidence of Recovery" in text(resource.find("h3"))
    assert len(key_points[2].find_all("li")) == 4
    empty = soup.find("section", class_="ps-exercise-files").find("p", class_="ps-empty")
    assert text(empty) == "This lesson has no exercise files."


def test_personal_story_lesson_has_the_story_and_three_questions(shipped, get_soup):
    session = SessionPage.objects.get(slug="personal-recovery")
    lesson = children(session)[0]
    assert lesson.title == "Activity 1: Personal story of recovery"
    soup = get_soup(lesson)
    story = soup.find("figure", class_="ps-story")
    quote = story.find("blockquote")
    assert text(quote).startswith("When I was 26 years old")
    assert "cornerstone of recovery" in text(quote)
    assert "National Alliance on Mental Illness" in text(story.find("figcaption"))
    questions = soup.select("section.ps-reflection ol > li > .ps-reflection__text")
    assert [text(li) for li in questions] == [
        "How did it feel to read this recovery story?",
        "What effect does hearing other people’s recovery stories have on me?",
        "Why are personal stories so powerful?",
    ]
    # The story comes before the questions.
    assert story.find_next("section", class_="ps-reflection") is not None


def test_loading_twice_changes_nothing(shipped, home):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    report = load_course(read_package(shipped_course_path()), home, publish=True)
    assert (len(report.created), len(report.updated), len(report.kept)) == (0, 0, 0)
    assert len(report.unchanged) == pages - 2  # every page but the root and the home page
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


def test_every_change_is_a_revision(shipped):
    for page in Page.objects.type(CoursePage, SessionPage, LessonPage, ResourcesPage):
        assert page.revisions.count() == 1
        assert page.live


def test_draft_is_the_default(home):
    course = load(parent=home.pk)
    assert not course.live
    assert course.has_unpublished_changes
    assert not Page.objects.type(SessionPage).live().exists()


def edited_package(change):
    data = read_package(shipped_course_path())
    change(data)
    return check_package(data)


def test_editors_changes_survive_a_rerun_unless_overwrite(shipped, home):
    session = SessionPage.objects.get(slug="what-is-recovery")
    session.aim = "Our own aim, written by our editor."
    session.save_revision().publish()

    def new_aims(data):
        for entry in data["sessions"]:
            entry["aim"] = entry["aim"] + " (revised)"

    package = edited_package(new_aims)
    report = load_course(package, home, publish=True)
    assert [p.pk for p in report.kept] == [session.pk]
    assert len(report.updated) == 10
    session.refresh_from_db()
    assert session.aim == "Our own aim, written by our editor."
    assert SessionPage.objects.get(slug="personal-recovery").aim.endswith("(revised)")

    report = load_course(package, home, publish=True, overwrite=True)
    assert [p.pk for p in report.updated] == [session.pk]
    session.refresh_from_db()
    assert session.aim.endswith("(revised)")
    # The editor's version is still in the page's history, to roll back to.
    aims = [r.as_object().aim for r in session.revisions.order_by("created_at", "pk")]
    assert "Our own aim, written by our editor." in aims
    assert len(aims) == 3


def test_export_gives_back_the_shipped_file(shipped):
    exported = export_course(shipped)
    shipped_data = read_package(shipped_course_path())
    assert canonical(check_package(exported)) == canonical(shipped_data)


def canonical(package):
    """Package data in the form pages hold it, to compare two packages."""
    kinds = {"course": CoursePage, "session": SessionPage, "lesson": LessonPage}
    result = {"course": package_content(package["course"], CoursePage, "course")}
    result["sessions"] = [
        {
            "slug": s["slug"],
            **package_content(s, kinds["session"], "session"),
            "lessons": [
                {"slug": lesson["slug"], **package_content(lesson, LessonPage, "lesson")}
                for lesson in s["lessons"]
            ],
        }
        for s in package["sessions"]
    ]
    result["resources"] = package_content(package["resources"], ResourcesPage, "resources")
    return result


def test_export_command_output_loads_into_the_same_pages(shipped, home, tmp_path):
    course_file = tmp_path / "course.yaml"
    call_command("peersupport_export", shipped.pk, output=str(course_file), verbosity=0)
    assert yaml.safe_load(course_file.read_text())["format"] == 1
    home.refresh_from_db()  # the course was added below it since the fixture read it
    other_parent = home.add_child(instance=Page(title="Copy", slug="copy"))
    call_command("peersupport_load", str(course_file), parent=other_parent.pk, verbosity=0)
    copy = CoursePage.objects.child_of(other_parent).get()
    original_pages = [p.specific for p in shipped.get_descendants(inclusive=True)]
    copied_pages = [p.specific for p in copy.get_descendants(inclusive=True)]
    assert [p.slug for p in copied_pages] == [p.slug for p in original_pages]
    for original, copied in zip(original_pages, copied_pages, strict=True):
        kind = original.peersupport_kind
        assert page_content(copied.get_latest_revision_as_object(), kind) == page_content(
            original, kind
        )


def test_load_uses_the_default_site_root_without_parent(home):
    course = load(publish=True)
    assert course.get_parent().pk == home.pk


def test_the_parent_passed_in_can_take_another_child_after_a_load(home):
    from tests.testapp.models import ArticlePage

    course = load_course(check_package(sample_package(sessions=1)), home).course
    article = home.add_child(instance=ArticlePage(title="After the course"))
    assert [page.title for page in children(home)] == [course.title, article.title]


def test_progress_and_summary_are_printed(home, capsys):
    call_command("peersupport_load", parent=home.pk)
    out = capsys.readouterr().out
    assert "Session 11 of 11" in out
    assert "created  sessions[1].lessons[0]: How the recovery approach developed" in out
    assert out.strip().splitlines()[-2].startswith("Loaded 'Peer Support Training' (page ")
    assert "15 created, 0 updated, 0 unchanged, 0 kept" in out


def test_an_export_never_uses_yaml_aliases(home):
    """A value used twice (the same list in two places) is written out twice."""
    from wagtail_peersupport.coursepackage import dump_package

    shared = ["Explain the recovery approach."]
    text = dump_package({"format": 1, "course": {"title": "A", "learning_outcomes": shared},
                         "copy": shared})  # fmt: skip
    assert "&" not in text and "*" not in text
