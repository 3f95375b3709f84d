"""Support contacts: each language shows its own services, on every course page."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import LessonPage

pytestmark = pytest.mark.django_db


def text(tag):
    return " ".join(tag.get_text(" ", strip=True).split())


def test_course_pages_link_to_the_contacts_of_their_language(contacts, course, get_soup):
    lesson = LessonPage.objects.first()
    soup = get_soup(lesson)
    link = soup.find("p", class_="ps-toolbar__support").find("a")
    assert text(link) == "Need support now?"
    section = soup.find(id=link["href"][1:])
    assert text(section.find("h2")) == "Need support now?"
    items = section.select("li.ps-support__contact")
    assert [text(li.find("h3")) for li in items] == ["Samaritans", "Shout"]
    call = items[0].find("a", href="tel:116123")
    assert text(call) == "116 123"
    # The date follows the visitor's language's own date format ("en" here).
    assert text(items[0].find(class_="ps-support__checked")) == "Details checked on Nov. 23, 2026"
    sms = items[1].find("a", href="sms:85258?body=SHOUT")
    assert text(sms.parent) == "Text SHOUT to 85258"


def test_welsh_pages_list_the_welsh_contacts(contacts, course, locales, get_soup):
    translate_course(course, "cy")
    soup = get_soup(course.get_translation(locales["cy"]))
    names = [text(h) for h in soup.select("#ps-support li.ps-support__contact h3")]
    assert names == ["C.A.L.L."]
    checked = text(soup.select_one("#ps-support .ps-support__checked"))
    assert "Tachwedd 2026" in checked


def test_a_language_without_contacts_shows_the_default_languages(contacts, course, get_soup):
    translate_course(course, "es")
    from wagtail.models import Locale

    soup = get_soup(course.get_translation(Locale.objects.get(language_code="es")))
    names = [text(h) for h in soup.select("#ps-support li.ps-support__contact h3")]
    assert names == ["Samaritans", "Shout"]


def test_no_link_and_no_section_without_contacts(course, get_soup):
    soup = get_soup(course)
    assert soup.find(class_="ps-toolbar__support") is None
    assert soup.find(id="ps-support") is None


def test_support_block_lists_the_contacts(contacts, course, get_soup):
    lesson = LessonPage.objects.first()
    lesson.body = [
        {
            "type": "support_contacts",
            "value": {"heading": "If this brings things up", "introduction": ""},
        }
    ]
    lesson.save_revision().publish()
    section = get_soup(lesson).find("section", class_="ps-support--block")
    assert text(section.find("h2")) == "If this brings things up"
    assert [text(h) for h in section.select("h3")] == ["Samaritans", "Shout"]


def test_contacts_are_translatable_snippets(contacts):
    from wagtail_localize.models import StringSegment, TranslationSource

    samaritans = contacts[0]
    source, _ = TranslationSource.get_or_create_from_instance(samaritans)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert strings == {
        "Samaritans",
        "Anyone who is struggling to cope",
        "24 hours a day, every day",
    }


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def test_editors_manage_contacts_in_the_admin(admin_client, contacts):
    response = admin_client.get(reverse("wagtailsnippets_wagtail_peersupport_supportcontact:list"))
    assert response.status_code == 200
    assert "Samaritans" in response.content.decode()


def test_course_page_has_a_translate_whole_course_action(admin_client, course, locales):
    explore = admin_client.get(reverse("wagtailadmin_explore", args=[course.pk]))
    url = reverse("wagtail_peersupport_translate_course", args=[course.pk])
    assert url in explore.content.decode()

    form = admin_client.get(url)
    assert form.status_code == 200
    response = admin_client.post(url, {"locales": [locales["cy"].pk]}, follow=True)
    assert response.status_code == 200
    welsh = course.get_translation(locales["cy"])
    assert welsh.get_descendants().count() == course.get_descendants().count()
    page_text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "Translated 'Peer Support Training' into Welsh (cy): 11 pages created" in page_text


def test_po_file_downloads_from_the_admin(admin_client, course, locales):
    url = reverse("wagtail_peersupport_translate_course", args=[course.pk])
    response = admin_client.get(url, {"po": "cy"})
    assert response["Content-Disposition"] == 'attachment; filename="peer-support-training-cy.po"'
    assert 'msgid "Peer Support Training"' in response.content.decode()
