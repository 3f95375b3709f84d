"""Hostile content from files, imports and snippets never runs in a visitor's browser.

Every payload of tests/hostile/xss.txt goes into every text, rich text and page field
of every block (found by walking the page types' StreamBlocks), through the course
package loader, the Tutor importer and the support contact snippet. Every page of the
course and both workbooks are then rendered and parsed: nothing may run, load another
site or post a form, and plain text must show as the text it is.
"""

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page, Revision, get_page_models

from tests.safety import hostile_package, payloads, problems, shipped_elements
from tests.test_tutor_import import COURSE as TUTOR_COURSE
from wagtail_peersupport.blocks import RICH_TEXT_FEATURES
from wagtail_peersupport.cleaning import clean_html
from wagtail_peersupport.coursepackage import (
    CoursePackageError,
    check_package,
    dump_package,
    load_course,
    read_package,
    shipped_course_path,
)
from wagtail_peersupport.models import CoursePage, CoursePageMixin, LessonPage, SupportContact
from wagtail_peersupport.tutor import import_tutor_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(db):
    image = get_image_model().objects.create(title="A photo", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="Worksheet", file=ContentFile(b"%PDF-1.4 worksheet", name="worksheet.pdf")
    )
    return {"image": image.pk, get_document_model()._meta.model_name: document.pk}


def write(tmp_path, data, name="course.yaml"):
    path = tmp_path / name
    path.write_text(dump_package(data), encoding="utf-8")
    return path


def pages_of(course):
    """Every page of the course, and the course and session workbooks."""
    pages = list(Page.objects.descendant_of(course, inclusive=True).live().specific())
    urls = [page.url for page in pages]
    urls += [page.url + "workbook/" for page in pages if hasattr(page, "reverse_subpage")]
    return urls


def render_all(client, course):
    rendered = {}
    for url in pages_of(course):
        response = client.get(url)
        assert response.status_code == 200, url
        rendered[url] = BeautifulSoup(response.content, "html.parser")
    return rendered


@pytest.fixture
def harmless_elements(home, ids, client):
    """What a course built from the same blocks with harmless text shows of
    meta, link, form, iframe… elements: what the package itself writes."""
    data = hostile_package(["Harmless text."], ids)
    data["course"]["slug"] = "harmless-course"
    course = load_course(data, home, publish=True).course
    allowed = set()
    for soup in render_all(client, course).values():
        assert problems(soup, allowed | shipped_elements(soup)) == []
        allowed |= shipped_elements(soup)
    return allowed


def visible_text(soup):
    return " ".join(soup.get_text(" ").split())


def test_the_corpus_is_large_and_varied():
    corpus = payloads()
    assert len(corpus) >= 50
    needles = ("<script", "onerror", "javascript:", "data:", "vbscript:", "<svg", "<math",
               "<base", "http-equiv", "srcdoc", "expression(", "<form", "{{", "{%")  # fmt: skip
    for needle in needles:
        assert any(needle in payload.lower() for payload in corpus), needle


def test_every_payload_in_every_field_is_cleaned_and_nothing_runs(
    home, ids, client, tmp_path, harmless_elements
):
    path = write(tmp_path, hostile_package(payloads(), ids))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "peersupport_load", str(path), parent=home.pk, publish=True, stdout=out, stderr=err
    )
    # The gate says what it removed, and where.
    assert "sessions[0].lessons[0].body[1]: removed <script>" in err.getvalue()
    assert re.search(r"lessons\[\d+\]\.body\[\d+\]\.story: removed .*onerror", err.getvalue())
    assert "rich text values cleaned" in out.getvalue()

    course = Page.objects.get(slug="hostile-course")
    assert LessonPage.objects.descendant_of(course).count() == len(payloads())
    rendered = render_all(client, course)
    for url, soup in rendered.items():
        assert problems(soup, harmless_elements) == [], url

    # Plain text is shown as the text it is: escaped, never interpreted or dropped.
    for lesson in LessonPage.objects.descendant_of(course):
        payload = lesson.title
        text = visible_text(rendered[lesson.url])
        assert " ".join(payload.split()) in text, lesson.url
        # The heading block, a CharBlock, holds the payload as text.
        heading = next(block for block in lesson.body if block.block_type == "heading")
        assert heading.value["text"] == payload[:255]


def test_template_syntax_stays_text(home, ids, client):
    data = hostile_package(["{{ request.META }} {% debug %}"], ids)
    course = load_course(data, home, publish=True).course
    lesson = LessonPage.objects.descendant_of(course).get()
    text = visible_text(BeautifulSoup(client.get(lesson.url).content, "html.parser"))
    assert "{{ request.META }} {% debug %}" in text
    assert "HTTP_HOST" not in text and "SERVER_NAME" not in text


def test_strict_refuses_markup_and_writes_nothing(home, ids, tmp_path):
    path = write(tmp_path, hostile_package(payloads()[:3], ids))
    before = (Page.objects.count(), Revision.objects.count())
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("peersupport_load", str(path), parent=home.pk, strict=True, stderr=err)
    assert str(excinfo.value).startswith("Nothing was loaded.")
    assert "--strict" in str(excinfo.value)
    assert "sessions[0].lessons[0].body[1]: removed <script>" in err.getvalue()
    assert (Page.objects.count(), Revision.objects.count()) == before


def test_a_clean_package_passes_strict(home):
    report = load_course(read_package(shipped_course_path()), home, strict=True)
    assert report.removed == ()
    assert report.created


def test_the_shipped_course_is_already_clean():
    package = read_package(shipped_course_path())
    assert package.removed == ()


def test_the_gate_keeps_only_the_fields_features():
    html = '<p><b>Bold</b> <i>it</i> <a href="https://ok.example/">link</a></p><h2>Head</h2>'
    cleaned = clean_html(html, ["bold"])
    assert cleaned.html == "<p><b>Bold</b> it link</p>Head"
    assert cleaned.removed == ("<i>", "<a>", "<h2>")
    full = clean_html(html, RICH_TEXT_FEATURES)
    assert full.html == '<p><b>Bold</b> <i>it</i> <a href="https://ok.example/">link</a></p>Head'


def test_the_gate_keeps_the_stored_form_of_links():
    html = '<p><a linktype="page" id="3">a page</a> <a linktype="document" id="7">a doc</a></p>'
    cleaned = clean_html(html, RICH_TEXT_FEATURES)
    assert cleaned.removed == ()
    soup = BeautifulSoup(cleaned.html, "html.parser")
    assert [(a["linktype"], a["id"]) for a in soup.find_all("a")] == [
        ("page", "3"),
        ("document", "7"),
    ]
    # Without the document-link feature, the document link goes and its text stays.
    cleaned = clean_html(html, ["link"])
    assert "a doc" in cleaned.html and 'linktype="document"' not in cleaned.html
    assert cleaned.removed == ("document link (the text is kept)",)


def test_the_gate_is_idempotent_on_every_payload():
    for payload in payloads():
        once = clean_html(payload, RICH_TEXT_FEATURES)
        twice = clean_html(once.html, RICH_TEXT_FEATURES)
        assert twice.html == once.html and twice.removed == (), payload


@pytest.mark.parametrize("embed_videos", [False, True])
def test_media_embeds_from_files_are_dropped_unless_the_site_embeds_videos(settings, embed_videos):
    settings.WAGTAIL_PEERSUPPORT_EMBED_VIDEOS = embed_videos
    html = '<p>Watch:</p><embed embedtype="media" url="https://www.youtube.com/watch?v=abc"/>'
    # The package's own rich text has no embed feature: videos go in a video block.
    assert clean_html(html, RICH_TEXT_FEATURES).html == "<p>Watch:</p>"
    # A site's own rich text that allows embeds keeps them only if the site chose that.
    kept = clean_html(html, ["embed"])
    assert ("<embed" in kept.html) is embed_videos
    assert (kept.removed == ()) is embed_videos


def test_rendering_never_calls_another_site(home, ids, client, monkeypatch, harmless_elements):
    import wagtail.embeds.embeds

    def refuse(*args, **kwargs):
        raise AssertionError("a page asked another site for an embed")

    monkeypatch.setattr(wagtail.embeds.embeds, "get_embed", refuse)
    data = hostile_package(
        ['<embed embedtype="media" url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"/>'], ids
    )
    course = load_course(data, home, publish=True).course
    for soup in render_all(client, course).values():
        assert soup.find("iframe") is None
        assert problems(soup, harmless_elements) == []


# Links --------------------------------------------------------------------------------

GOOD_LINKS = {
    "https://www.samaritans.org/": "https://www.samaritans.org/",
    "http://example.org/a b": "http://example.org/a%20b",
    " https://example.org/ ": "https://example.org/",
    "mailto:help@example.org": "mailto:help@example.org",
    "tel:116 123": "tel:116123",
    "tel:+44 (0)800-123": "tel:+440800123",
    "/support/": "/support/",
}
BAD_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example\\x",
    "example.org/x",
    "ftp://example.org/",
    "tel:call-me",
    "mailto:not an address",
    "https://",
]


def link_blocks():
    """Every URL block inside the course page types' StreamBlocks, with a way to reach it."""
    found = {}

    def walk(block, path):
        if isinstance(block, blocks.URLBlock):
            found.setdefault(type(block).__name__ + ":" + path[-1], path)
        children = getattr(block, "child_blocks", None) or {}
        for name, child in children.items():
            walk(child, (*path, name))
        if isinstance(block, blocks.ListBlock):
            walk(block.child_block, (*path, "[]"))

    for model in get_page_models():
        if issubclass(model, CoursePageMixin):
            for field in model._meta.get_fields():
                if hasattr(field, "stream_block"):
                    walk(field.stream_block, (model, field.name))
    return list(found.values())


def package_with_link(path, link, ids):
    """A package whose first lesson holds one block of ``path``'s type with ``link`` in it."""
    model, field_name, block_type, *inner = path
    stream = model._meta.get_field(field_name).stream_block
    from tests.safety import hostile_value

    value = hostile_value(stream.child_blocks[block_type], "Text.", ids)
    target = value
    for step in inner[:-1]:
        target = target[0] if step == "[]" else target[step]
    target[inner[-1]] = link
    body = [{"type": block_type, "value": value}]
    lesson = {"title": "A lesson", field_name: body}
    return {
        "format": 1,
        "course": {"title": "Links"},
        "sessions": [{"title": "S", "aim": "A.", "lessons": [lesson]}],
    }


def test_every_link_field_is_found():
    names = {path[-1] for path in link_blocks()}
    assert {"url", "source_url"} <= names


@pytest.mark.parametrize("link", list(GOOD_LINKS))
def test_link_fields_take_web_phone_email_and_site_links_cleaned(link, ids):
    for path in link_blocks():
        package = check_package(package_with_link(path, link, ids))
        stored = yaml.safe_dump(package["sessions"][0]["lessons"][0])
        assert GOOD_LINKS[link] in stored, path


@pytest.mark.parametrize("link", BAD_LINKS + [p for p in payloads() if "<" not in p])
def test_link_fields_refuse_everything_else_naming_the_field(link, ids):
    for path in link_blocks():
        try:
            package = check_package(package_with_link(path, link, ids))
        except CoursePackageError as exc:
            assert exc.path.startswith("sessions[0].lessons[0].")
            assert exc.path.endswith(path[-1]) or "items" in exc.path
            assert "https://" in exc.message and "tel:" in exc.message
        else:
            # Only a payload that is a harmless link gets through, and then only cleaned.
            from wagtail_peersupport.links import clean_link

            assert clean_link(link), (path, link)
            assert package is not None


def test_links_that_reached_the_database_otherwise_are_not_followed(
    home, ids, client, contacts, harmless_elements
):
    """A translator's override or old data: the page checks links again as it is drawn."""
    data = hostile_package(["Text."], ids)
    course = load_course(data, home, publish=True).course
    lesson = LessonPage.objects.descendant_of(course).get()
    raw = lesson.body.raw_data
    for block in raw:
        value = block["value"]
        if block["type"] == "resource_list":
            value["items"][0]["value"]["url"] = "javascript:alert(1)"
        if block["type"] in ("recovery_story", "research_finding"):
            value["source_url"] = "data:text/html,<script>alert(1)</script>"
            value.setdefault("source_title", "Source")
    lesson.body = raw
    lesson.save_revision().publish()
    SupportContact.objects.filter(pk=contacts[0].pk).update(website="javascript:alert(1)")
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    soup = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    assert problems(soup, harmless_elements) == []
    assert soup.find("a", string="Samaritans website") is None


# The support contact snippet ----------------------------------------------------------


def test_support_contacts_show_hostile_text_as_text(home, ids, client, harmless_elements):
    english = Locale.get_default()
    for number, payload in enumerate(payloads()):
        SupportContact.objects.create(
            locale=english,
            name=payload[:255],
            audience=payload[:255],
            phone="116 123",
            phone_note=payload[:255],
            text_number="85258",
            text_message=payload[:50],
            opening_hours=payload[:255],
            last_checked="2026-11-23",
            sort_order=number,
        )
    course = load_course(hostile_package(["Harmless."], ids), home, publish=True).course
    soup = BeautifulSoup(client.get(course.url).content, "html.parser")
    assert problems(soup, harmless_elements) == []
    text = visible_text(soup)
    for payload in payloads()[:20]:
        assert " ".join(payload[:255].split()) in text


@pytest.mark.parametrize("website", BAD_LINKS[:9])
def test_the_contact_form_refuses_unsafe_websites(admin_client, website, locales):
    from django.urls import reverse

    url = reverse("wagtailsnippets_wagtail_peersupport_supportcontact:add")
    response = admin_client.post(
        url + "?locale=en",
        {"name": "Helpline", "website": website, "last_checked": "2026-11-23", "sort_order": 0},
    )
    assert response.status_code == 200
    assert SupportContact.objects.count() == 0
    form = response.context["form"]
    assert "tel:" in " ".join(form.errors["website"])


def test_the_contact_form_takes_a_phone_link_cleaned(admin_client, locales):
    from django.urls import reverse

    url = reverse("wagtailsnippets_wagtail_peersupport_supportcontact:add")
    response = admin_client.post(
        url + "?locale=en",
        {
            "name": "Helpline",
            "website": "https://example.org/a b",
            "last_checked": "2026-11-23",
            "sort_order": 0,
        },  # fmt: skip
    )
    assert response.status_code == 302, response.context["form"].errors
    assert SupportContact.objects.get().website == "https://example.org/a%20b"


# The Tutor importer -------------------------------------------------------------------


def test_hostile_tutor_pages_are_cleaned_and_nothing_runs(
    home, client, tmp_path, harmless_elements
):
    saved = (TUTOR_COURSE / "02-open-questions-tutor2.html").read_text(encoding="utf-8")
    marker = '<div class="tutor-fs-6 tutor-color-secondary tutor-lesson-wrapper">'
    assert marker in saved
    hostile = "\n".join(f"<p>Payload {n}: {payload}</p>" for n, payload in enumerate(payloads()))
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "lesson.html").write_text(saved.replace(marker, marker + hostile), encoding="utf-8")
    shutil.copy(TUTOR_COURSE / "01-story-tutor2.html", folder)
    result = import_tutor_pages([folder])
    report = load_course(result.package, home, publish=True)
    for soup in render_all(client, report.course).values():
        assert problems(soup, harmless_elements) == []
    lesson = LessonPage.objects.get(title="Open questions")
    text = visible_text(BeautifulSoup(client.get(lesson.url).content, "html.parser"))
    # A payload that closes </div></body></html> ends the saved lesson's content there,
    # as it would in a browser; everything before it arrives as text.
    closing = next(n for n, p in enumerate(payloads()) if p.startswith("</p></div></body>"))
    assert all(f"Payload {n}:" in text for n in range(closing))


def test_the_loader_stores_the_cleaned_link(home, ids):
    path = next(p for p in link_blocks() if p[2] == "resource_list")
    data = package_with_link(path, " tel:116 123 ", ids)
    course = load_course(data, home).course
    lesson = LessonPage.objects.descendant_of(course).get()
    item = lesson.body.raw_data[0]["value"]["items"][0]["value"]
    assert item["url"] == "tel:116123"


def test_no_template_marks_content_safe():
    """Plain text stays text: no template turns escaping off for a value from content."""
    from wagtail_peersupport import __file__ as package_init

    templates = Path(package_init).parent / "templates"
    for template in templates.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert "autoescape off" not in source, template
        assert "|safeseq" not in source, template
        # The one |safe marks a literal of the template itself, never a value.
        for match in re.finditer(r"(\w+=)?('[^']*'|\"[^\"]*\"|[\w.]+)\|safe\b", source):
            assert match.group(2)[0] in "'\"", (template, match.group(0))


def test_a_page_written_any_other_way_is_cleaned_when_saved_and_previewed(home, ids, rf):
    """A script, or wagtail-localize's editor, writes a page without the loader."""
    course = load_course(hostile_package(["Text."], ids), home, publish=True).course
    lesson = LessonPage.objects.descendant_of(course).get()
    raw = lesson.body.raw_data
    paragraph = next(block for block in raw if block["type"] == "paragraph")
    paragraph["value"] = '<p onclick="alert(1)">Hello<img src=x onerror=alert(1)></p>'
    lesson.body = raw
    revision = lesson.save_revision()
    assert "onerror" not in str(revision.content) and "onclick" not in str(revision.content)
    revision.publish()
    stored = LessonPage.objects.get(pk=lesson.pk).body.raw_data
    assert next(b for b in stored if b["type"] == "paragraph")["value"] == "<p>Hello</p>"

    course.introduction = "<p>Welcome<script>alert(1)</script></p>"
    course.save()
    assert Page.objects.get(pk=course.pk).specific.introduction == "<p>Welcome</p>"

    # A preview renders the page as given, unsaved: it is cleaned first.
    lesson.body = raw
    paragraph["value"] = "<p>Preview<svg onload=alert(1)></svg></p>"
    lesson.body = raw
    request = rf.get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False, "is_active": False})()
    response = lesson.serve_preview(request, lesson.default_preview_mode)
    html = response.render().content.decode()
    assert "Preview" in html and "onload" not in html and "<svg" not in html


def test_rich_text_that_skipped_the_save_is_cleaned_as_it_is_drawn(home, ids, client, monkeypatch):
    """Content written to the database without a page's save (SQL, loaddata, old data)."""
    import wagtail.embeds.embeds

    def refuse(*args, **kwargs):
        raise AssertionError("a page asked another site for an embed")

    monkeypatch.setattr(wagtail.embeds.embeds, "get_embed", refuse)
    course = load_course(hostile_package(["Text."], ids), home, publish=True).course
    lesson = LessonPage.objects.descendant_of(course).get()
    raw = list(lesson.body.raw_data)
    for block in raw:
        if block["type"] == "paragraph":
            block["value"] = (
                '<p onclick="alert(1)">Kept</p><script>alert(1)</script>'
                '<embed embedtype="media" url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"/>'
            )
        if block["type"] == "recovery_story":
            block["value"]["story"] = "<p>A story<img src=x onerror=alert(1)></p>"
    LessonPage.objects.filter(pk=lesson.pk).update(body=raw)
    CoursePage.objects.filter(pk=course.pk).update(introduction="<p>Hi<svg onload=alert(1)>")
    for url in (lesson.url, course.url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert problems(soup, shipped_elements(soup) - {"<svg>"}) == [], url
        assert soup.find("iframe") is None and soup.find("embed") is None
    text = visible_text(BeautifulSoup(client.get(lesson.url).content, "html.parser"))
    assert "Kept" in text and "A story" in text
