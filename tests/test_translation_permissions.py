"""Who may translate a whole course in the admin, download its PO file, and publish the result."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, PageLogEntry, PageViewRestriction, Revision
from wagtail_localize.models import (
    OverridableSegment,
    String,
    StringSegment,
    StringTranslation,
    TemplateSegment,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationLog,
    TranslationSource,
)

from wagtail_peersupport.localize import course_pages
from wagtail_peersupport.sample import make_course

pytestmark = pytest.mark.django_db

WRITTEN = (
    Page, Revision, PageLogEntry, PageViewRestriction, TranslatableObject, TranslationSource,
    Translation, TranslationLog, TranslationContext, String, StringSegment, TemplateSegment,
    OverridableSegment, StringTranslation,
)  # fmt: skip


def rows():
    """How many rows each table a translation could write to holds."""
    return {model.__name__: model.objects.count() for model in WRITTEN}


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def make_user(name, *groups, superuser=False, translate=True, admin=True):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.is_superuser = superuser
    user.save()
    if admin:
        user.user_permissions.add(permission("wagtailadmin", "access_admin"))
    if translate:
        user.user_permissions.add(permission("wagtail_localize", "submit_translation"))
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def translate_url(course):
    return reverse("wagtail_peersupport_translate_course", args=[course.pk])


def post(client, course, locales, publish=False, **kwargs):
    data = {"locales": [str(locale.pk) for locale in locales]}
    if publish:
        data["publish"] = "on"
    return client.post(translate_url(course), data, **kwargs)


def welsh_pages(course, locales):
    translated = course.get_translation_or_none(locales["cy"])
    return course_pages(translated) if translated else []


def shown_messages(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(li.get_text(" ").split()) for li in soup.select(".messages li")]


def publish_checkbox(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find("input", attrs={"name": "publish", "type": "checkbox"})


def assert_refused_everywhere(client, course, locales):
    before = rows()
    assert client.get(translate_url(course)).status_code == 403
    assert client.post(translate_url(course), {"locales": [locales["cy"].pk]}).status_code == 403
    assert post(client, course, [locales["cy"]], publish=True).status_code == 403
    assert client.get(translate_url(course), {"po": "cy"}).status_code == 403
    assert rows() == before


@pytest.fixture
def draft_course(home):
    """A course that was never published."""
    return make_course(home, title="Draft course", live=False, sessions=1, lessons_per_session=1)


@pytest.fixture
def private_course(home):
    """A published course that visitors need a password to see."""
    course = make_course(home, title="Private course", sessions=1, lessons_per_session=1)
    PageViewRestriction.objects.create(page=course, restriction_type="password", password="s3")
    return course


@pytest.mark.parametrize("which", ["course", "draft_course", "private_course"])
def test_translator_without_page_permissions_is_refused(request, which, locales, login):
    course = request.getfixturevalue(which)
    client = login(make_user("translator"))
    assert_refused_everywhere(client, course, locales)
    assert not course.get_translations().exists()


def test_editor_of_another_part_of_the_site_is_refused(course, home, locales, login):
    other = make_course(home, title="Listening Well", sessions=1, lessons_per_session=1)
    page_group("Listening Well editors", other, "add_page", "change_page", "publish_page")
    client = login(make_user("elsewhere", "Listening Well editors"))
    assert_refused_everywhere(client, course, locales)
    # Their own course they may translate.
    assert client.get(translate_url(other)).status_code == 200


def page_group(name, page, *codenames):
    group = Group.objects.create(name=name)
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=permission("wagtailcore", codename)
        )
    return group


def test_editor_without_submit_translation_is_refused(course, home, locales, login):
    # wagtail-localize gives Wagtail's own Editors group submit_translation.
    page_group("Plain editors", home, "add_page", "change_page", "publish_page")
    client = login(make_user("editor", "Plain editors", translate=False))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).status_code == 200
    assert_refused_everywhere(client, course, locales)


def test_moderator_translates_and_publishes(course, locales, login):
    client = login(make_user("moderator", "Moderators"))
    assert publish_checkbox(client.get(translate_url(course))) is not None
    response = post(client, course, [locales["cy"]], publish=True, follow=True)
    assert response.status_code == 200
    pages = welsh_pages(course, locales)
    assert len(pages) == len(course_pages(course))
    assert all(page.live for page in pages)
    [message] = shown_messages(response)
    assert message.startswith("Translated 'Peer Support Training' into Welsh (cy)")
    assert "drafts" not in message


def test_editor_who_cannot_publish_saves_drafts_only(course, locales, login):
    client = login(make_user("editor", "Editors"))
    assert publish_checkbox(client.get(translate_url(course))) is None

    before = rows()
    assert post(client, course, [locales["cy"]], publish=True).status_code == 403
    assert rows() == before

    response = post(client, course, [locales["cy"]], follow=True)
    pages = welsh_pages(course, locales)
    assert len(pages) == len(course_pages(course))
    assert not any(page.live for page in pages)
    [message] = shown_messages(response)
    assert "saved as drafts, nothing was published" in message

    # The Welsh course now exists, and still this editor may not publish it.
    before = rows()
    assert post(client, course, [locales["cy"]], publish=True).status_code == 403
    assert rows() == before


def test_publish_permission_is_checked_on_the_translated_course(course, locales, login):
    """Publish permission on the source course is not enough where the translation lives."""
    user = make_user("english-moderator", "Editors")
    user.groups.add(page_group("English moderators", course, "publish_page"))
    client = login(user)
    assert post(client, course, [locales["cy"]]).status_code == 302  # drafts
    assert publish_checkbox(client.get(translate_url(course))) is None
    assert post(client, course, [locales["cy"]], publish=True).status_code == 403


def test_superuser_translates_and_publishes(course, locales, login):
    client = login(make_user("admin", superuser=True))
    assert publish_checkbox(client.get(translate_url(course))) is not None
    response = post(client, course, locales.values(), publish=True, follow=True)
    assert len(shown_messages(response)) == 3
    for locale in locales.values():
        assert course.get_translation(locale).live


def test_po_download_for_a_user_who_may_translate(course, locales, login):
    client = login(make_user("editor", "Editors"))
    response = client.get(translate_url(course), {"po": "cy"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="peer-support-training-cy.po"'
    assert 'msgid "Peer Support Training"' in response.content.decode()


def button_links(client, url, course):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return soup.find_all("a", href=translate_url(course))


@pytest.mark.parametrize(
    ("user", "shown"),
    [
        (dict(name="translator"), False),
        (dict(name="editor-no-translate", groups=["Plain editors"], translate=False), False),
        (dict(name="editor", groups=["Editors"]), True),
        (dict(name="moderator", groups=["Moderators"]), True),
        (dict(name="admin", superuser=True), True),
    ],
)
def test_translate_buttons_show_only_to_users_allowed(course, home, locales, login, user, shown):
    page_group("Plain editors", home, "add_page", "change_page")
    groups = user.pop("groups", [])
    client = login(make_user(user.pop("name"), *groups, **user))
    # The course's own header, and the course in its parent's listing.
    header = button_links(client, reverse("wagtailadmin_explore", args=[course.pk]), course)
    listing = button_links(client, reverse("wagtailadmin_explore", args=[home.pk]), course)
    assert bool(header) is shown
    assert bool(listing) is shown
    if shown:
        assert header[0].get_text(strip=True) == "Translate whole course"


def test_po_download_writes_nothing(course, locales, login):
    client = login(make_user("editor", "Editors"))
    before = rows()
    assert client.get(translate_url(course), {"po": "cy"}).status_code == 200
    assert rows() == before
    # After a translation, and an edit to the course that a refresh would store.
    client.post(translate_url(course), {"locales": [locales["cy"].pk]})
    session = course.get_children().first().specific
    session.aim = "A new aim."
    session.save_revision().publish()
    before = rows()
    sources = list(TranslationSource.objects.values_list("pk", "last_updated_at", "content_json"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(translate_url(course), {"po": "cy"})
    assert 'msgid "A new aim."' in response.content.decode()
    assert rows() == before
    assert (
        list(TranslationSource.objects.values_list("pk", "last_updated_at", "content_json"))
        == sources
    )
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
        and "django_session" not in query["sql"]
    ]
    assert writes == []
