"""Editors can only build a valid course, and can build one in the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.testapp.models import FacilitatedLessonPage
from wagtail_peersupport.models import CoursePage, LessonPage, ResourcesPage, SessionPage

from .conftest import children

pytestmark = pytest.mark.django_db


def creatable_under(page):
    return {model for model in page.specific_class.allowed_subpage_models()}


def test_course_can_live_anywhere_under_the_site(home):
    assert CoursePage.can_create_at(home)
    assert CoursePage.can_create_at(Page.get_first_root_node())


def test_course_holds_sessions_and_one_resources_page(course):
    assert creatable_under(course) == {SessionPage, ResourcesPage}
    # The course fixture already has its resources page.
    assert not ResourcesPage.can_create_at(course)
    assert SessionPage.can_create_at(course)


def test_sessions_hold_lessons_only(course):
    session = children(course)[0]
    assert creatable_under(session) == {LessonPage, FacilitatedLessonPage}
    assert not SessionPage.can_create_at(session)


def test_lessons_and_resources_have_no_children(course):
    lesson = children(children(course)[0])[0]
    assert creatable_under(lesson) == set()
    assert creatable_under(ResourcesPage.objects.get()) == set()


def test_sessions_and_lessons_only_inside_a_course(home):
    assert not SessionPage.can_create_at(home)
    assert not LessonPage.can_create_at(home)
    assert not ResourcesPage.can_create_at(home)


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def list_block(values):
    """Form data for a ListBlock, in the shape the admin's editor posts."""
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=(model._meta.app_label, model._meta.model_name, parent.pk),
    )


def test_editor_builds_a_course_in_the_admin(admin_client, home):
    response = admin_client.post(
        add_url(CoursePage, home),
        nested_form_data(
            {
                "title": "Peer Support Training",
                "slug": "peer-support-training",
                "introduction": rich_text("<p>Welcome.</p>"),
                "audience": rich_text(""),
                "learning_outcomes": streamfield([("outcome", "Explain recovery.")]),
                "duration": "11 sessions",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    course = CoursePage.objects.get(slug="peer-support-training")
    assert course.live

    response = admin_client.post(
        add_url(SessionPage, course),
        nested_form_data(
            {
                "title": "What is Recovery?",
                "slug": "what-is-recovery",
                "aim": "To explore the development of the recovery approach.",
                "body": streamfield([]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302
    session = SessionPage.objects.get(slug="what-is-recovery")

    response = admin_client.post(
        add_url(LessonPage, session),
        nested_form_data(
            {
                "title": "How the recovery approach developed",
                "slug": "how-it-developed",
                "body": streamfield(
                    [
                        (
                            "key_points",
                            {
                                "lead_in": "Two core elements:",
                                "points": list_block(
                                    ["Everyone can recover.", "Learn from people."]
                                ),
                                "numbered": "",
                            },
                        )
                    ]
                ),
                "exercise_files": streamfield([]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="how-it-developed")
    assert lesson.get_parent().pk == session.pk
    assert list(lesson.body[0].value["points"]) == ["Everyone can recover.", "Learn from people."]


def test_admin_shows_an_editor_friendly_error_for_a_resource_with_two_links(admin_client, course):
    resources = ResourcesPage.objects.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=(resources.pk,))
    response = admin_client.post(
        edit_url,
        nested_form_data(
            {
                "title": resources.title,
                "slug": resources.slug,
                "introduction": rich_text(""),
                "body": streamfield(
                    [
                        (
                            "resource_list",
                            {
                                "heading": "Further reading",
                                "introduction": "",
                                "items": list_block(
                                    [
                                        {
                                            "title": "Two links",
                                            "description": "",
                                            "kind": "website",
                                            "url": "https://example.org/",
                                            "page": str(course.pk),
                                            "document": "",
                                        }
                                    ]
                                ),
                            },
                        )
                    ]
                ),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 200
    assert "Choose only one link: a web address, a page or a document, not several." in (
        response.content.decode()
    )
    resources.refresh_from_db()
    assert resources.body[0].value["items"][0]["title"] == "Scottish Recovery Network"


@pytest.mark.parametrize("model", [CoursePage, SessionPage, LessonPage, ResourcesPage])
def test_edit_view_opens_for_each_page_type(admin_client, course, model):
    page = model.objects.first()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    response = admin_client.get(reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,)))
    assert response.status_code == 200
