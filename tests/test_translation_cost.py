"""Translating a whole course costs no more queries than wagtail-localize's own submission
of the same pages, measured side by side in the same test."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail_localize.operations import TranslationCreator

from wagtail_peersupport.localize import course_pages, translate_course
from wagtail_peersupport.sample import make_course

pytestmark = pytest.mark.django_db

# translate_course may cost this much more than wagtail-localize's submission: a tenth
# more per page, and a few queries for the whole course (its locale, its pages by type).
PER_PAGE = 1.1
PER_COURSE = 10


@pytest.fixture
def user(db):
    return get_user_model().objects.create_superuser("translator", "t@example.org", "pw")


@pytest.fixture
def courses(home, locales, user, django_capture_on_commit_callbacks):
    """Two copies of a course under a home page that is already in Welsh."""
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(user, [locales["cy"]]).create_translations(home)
    return [
        make_course(home, title=title, sessions=2, lessons_per_session=2)
        for title in ("Listening Well", "Listening Well, again")
    ]


def submit(course, locale, user):
    """wagtail-localize's "Translate this page and subpages": every page, in tree order."""
    with transaction.atomic():
        creator = TranslationCreator(user, [locale])
        for page in Page.objects.descendant_of(course, inclusive=True).order_by("path"):
            creator.create_translations(page)


def queries(step, capture):
    """The queries ``step()`` runs, including those run once its transaction commits."""
    with CaptureQueriesContext(connection) as captured, capture(execute=True):
        step()
    return len(captured)


def welsh_pages(course, locale):
    return [page.get_translation_or_none(locale) for page in course_pages(course)]


def test_translating_a_course_costs_no_more_than_wagtail_localizes_submission(
    courses, locales, user, django_capture_on_commit_callbacks
):
    welsh = locales["cy"]
    ours, theirs = courses
    capture = django_capture_on_commit_callbacks
    # translate_course goes first, so it is the one that stores the course's text.
    translated = queries(lambda: translate_course(ours, "cy", user=user), capture)
    # Publishing each page as soon as it is saved leaves the tree sound.
    assert Page.find_problems() == ([], [], [], [], [])
    submitted = queries(lambda: submit(theirs, welsh, user), capture)
    assert translated <= PER_PAGE * submitted + PER_COURSE, (translated, submitted)
    for course in courses:
        assert all(page is not None and page.live for page in welsh_pages(course, welsh))


def test_translating_again_costs_no_more_than_submitting_again(
    courses, locales, user, django_capture_on_commit_callbacks
):
    welsh = locales["cy"]
    ours, theirs = courses
    capture = django_capture_on_commit_callbacks
    queries(lambda: translate_course(ours, "cy", user=user), capture)
    queries(lambda: submit(theirs, welsh, user), capture)
    # wagtail-localize's publishing on commit leaves wrong counts of children, and
    # treebeard skips the slug checks of pages it takes for leaves: repaired first,
    # both are measured on a sound tree.
    Page.fix_tree()
    before = {page.pk: page.latest_revision_id for page in welsh_pages(ours, welsh)}
    translated = queries(lambda: translate_course(ours, "cy", user=user), capture)
    submitted = queries(lambda: submit(theirs, welsh, user), capture)
    assert translated <= PER_PAGE * submitted + PER_COURSE, (translated, submitted)
    # Each Welsh page was saved and published again.
    for page in welsh_pages(ours, welsh):
        assert page.live
        assert page.latest_revision_id != before[page.pk]
        assert page.live_revision_id == page.latest_revision_id
