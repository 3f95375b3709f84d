"""Hostile content in a real browser: no dialog ever opens, on any page of the course.

Every payload of tests/hostile/xss.txt is in every field of every block of a course
loaded from a package (see tests/safety.py). Each page and both workbooks are opened in
headless Chromium with no Content-Security-Policy (so anything that survived would
run), the keyboard is pressed and every event a handler could wait for is sent to
every element, and a listener on ``dialog`` records any alert, confirm or prompt.
"""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from tests.safety import hostile_package, payloads
from wagtail_peersupport.coursepackage import load_course

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


EVENTS = """() => {
    const types = ["mouseover", "mouseenter", "focus", "blur", "click", "toggle", "error",
                   "load", "animationstart", "input", "change"];
    for (const element of document.querySelectorAll("body *")) {
        if (element.matches("a[href], button, summary")) continue;  // no navigating away
        for (const type of types) element.dispatchEvent(new Event(type));
    }
}"""


@pytest.fixture
def hostile_course(home):
    image = get_image_model().objects.create(title="A photo", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="Worksheet", file=ContentFile(b"%PDF-1.4 worksheet", name="worksheet.pdf")
    )
    ids = {"image": image.pk, get_document_model()._meta.model_name: document.pk}
    return load_course(hostile_package(payloads(), ids), home, publish=True).course


def test_no_dialog_opens_on_any_page(live_server, hostile_course, live_page):
    pages = Page.objects.descendant_of(hostile_course, inclusive=True).live().specific()
    urls = [page.url for page in pages]
    urls += [page.url + "workbook/" for page in pages if hasattr(page, "reverse_subpage")]
    assert len(urls) > len(payloads())
    page = live_page(urls[0], csp=False, record_dialogs=True)
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        # Every event an inline handler could wait for, on every element of the page.
        page.evaluate(EVENTS)
        page.wait_for_timeout(20)
        assert page.dialogs == [], url
        assert page.errors == [], url
    assert page.foreign_requests == []
