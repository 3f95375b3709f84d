"""Translation never loses anyone's work, reports honestly, and lets no translator add code."""

import json
import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

import polib
import pytest
from bs4 import BeautifulSoup
from bs4.element import PreformattedString
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Revision
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringTranslation,
    Translation,
    TranslationSource,
)

from wagtail_peersupport.localize import (
    CourseTranslationError,
    course_pages,
    export_course_po,
    import_course_po,
    translate_course,
)
from wagtail_peersupport.models import CoursePage, LessonPage, ResourcesPage
from wagtail_peersupport.sample import make_course

pytestmark = pytest.mark.django_db

HOSTILE = Path(__file__).resolve().parent / "hostile" / "xss.txt"


@pytest.fixture(autouse=True)
def english():
    """Messages in English, whatever language a page rendered before left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def state():
    """What an import that was refused must leave exactly as it was."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sources": list(TranslationSource.objects.values_list("pk", "last_updated_at")),
        "translations": list(Translation.objects.values_list("pk", "enabled")),
        "strings": list(StringTranslation.objects.values_list("pk", "data", "has_error")),
        "titles": list(Page.objects.order_by("pk").values_list("title", flat=True)),
    }


def write_po(po, path):
    path.write_text(str(po), encoding="utf-8")
    return path


def import_po(path, **options):
    """Import ``path`` with the command; return its summary, the last line it prints."""
    out, err = StringIO(), StringIO()
    call_command("peersupport_po", "import", str(path), stdout=out, stderr=err, **options)
    return out.getvalue().strip().splitlines()[-1]


def refused(path, **options):
    """Import ``path``, expect it refused with a one-line message, and nothing written."""
    before = state()
    with pytest.raises(CommandError) as excinfo:
        import_po(path, **options)
    assert state() == before
    message = str(excinfo.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def entry(po, msgid):
    return next(e for e in po if e.msgid == msgid and not e.obsolete)


# Never lose anyone's work ---------------------------------------------------------------


def stop_syncing(client, page, locale):
    """Press wagtail-localize's "Stop syncing" for the ``locale`` translation of ``page``."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale
    )
    response = client.post(
        reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert not translation.enabled
    return translation


HAND_MADE = "Gweithgaredd 1: stori bersonol am adferiad"


def test_rerunning_translation_keeps_pages_taken_out_of_sync(
    shipped_course, locales, admin_client, get_soup
):
    welsh = locales["cy"]
    translate_course(shipped_course, "cy")
    lesson = LessonPage.objects.get(
        slug="activity-1-personal-story-of-recovery", locale__language_code="en"
    )
    translation = stop_syncing(admin_client, lesson, welsh)
    welsh_lesson = lesson.get_translation(welsh)
    welsh_lesson.title = HAND_MADE
    welsh_lesson.save_revision().publish()
    # A page made by hand in Welsh, with no wagtail-localize record at all.
    resources = ResourcesPage.objects.get(locale__language_code="en")
    Translation.objects.filter(
        source__object_id=resources.translation_key, target_locale=welsh
    ).delete()
    welsh_resources = resources.get_translation(welsh)
    welsh_resources.title = "Adnoddau"
    welsh_resources.save_revision().publish()
    # The English pages change, so re-running would bring the change to both.
    for page in (lesson, resources):
        page.title += " (revised)"
        page.save_revision().publish()

    out = StringIO()
    call_command("peersupport_translate", shipped_course.pk, locale=["cy"], stdout=out)
    summary = out.getvalue().strip().splitlines()[-1]
    assert "2 pages kept as they are, because they are edited by hand and not synced" in summary
    assert f"“{HAND_MADE}”" in summary and "“Adnoddau”" in summary
    assert "13 updated" in summary

    response = admin_client.post(
        reverse("wagtail_peersupport_translate_course", args=[shipped_course.pk]),
        {"locales": [welsh.pk], "publish": "on"},
        follow=True,
    )
    soup = BeautifulSoup(response.content, "html.parser")
    shown = [" ".join(li.get_text(" ").split()) for li in soup.select(".messages li")]
    [message] = [text for text in shown if text.startswith("Translated")]
    assert "2 pages kept as they are" in message and f"“{HAND_MADE}”" in message

    for page, title in ((lesson, HAND_MADE), (resources, "Adnoddau")):
        translated = page.get_translation(welsh)
        assert translated.title == title
        assert translated.live_revision.as_object().title == title
        assert get_soup(translated).find("h1").get_text(strip=True) == title
    translation.refresh_from_db()
    assert not translation.enabled
    assert not Translation.objects.filter(
        source__object_id=resources.translation_key, target_locale=welsh
    ).exists()
    # The pages still synced did get the English change.
    session = lesson.get_parent().specific
    assert session.get_translation(welsh).title == session.title


def test_po_import_skips_pages_taken_out_of_sync(shipped_course, locales, admin_client, tmp_path):
    welsh = locales["cy"]
    translate_course(shipped_course, "cy")
    lesson = LessonPage.objects.get(
        slug="activity-1-personal-story-of-recovery", locale__language_code="en"
    )
    po = export_course_po(shipped_course, "cy")
    stop_syncing(admin_client, lesson, welsh)
    welsh_lesson = lesson.get_translation(welsh)
    welsh_lesson.title = HAND_MADE
    welsh_lesson.save_revision().publish()
    for item in po:
        if "<" not in item.msgid and not item.msgctxt.endswith("|slug"):
            item.msgstr = "[cy] " + item.msgid
    lesson_strings = sum(
        1 for e in po if e.msgstr and e.msgctxt.startswith(str(lesson.translation_key))
    )
    summary = import_po(write_po(po, tmp_path / "course-cy.po"), publish=True)
    assert (
        f"{lesson_strings} strings not imported into 1 page kept as it is, because it is "
        f"edited by hand and not synced: “{HAND_MADE}”"
    ) in summary
    assert lesson.get_translation(welsh).title == HAND_MADE
    assert lesson.get_parent().get_translation(welsh).title.startswith("[cy] ")
    # Nor does a new export offer its strings to the translator again.
    again = export_course_po(shipped_course, "cy")
    assert not any(e.msgctxt.startswith(str(lesson.translation_key)) for e in again)


# PO import reports honestly -------------------------------------------------------------


@pytest.fixture
def linked_course(course):
    """The course fixture, its introduction linking a website and one of its sessions."""
    session = course.get_children().first()
    course.introduction = (
        '<p>Read <a href="https://www.mind.org.uk/">the Mind guide</a> and '
        f'<a linktype="page" id="{session.pk}">the first session</a> first.</p>'
    )
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


LINKED = 'Read <a id="a1">the Mind guide</a> and <a id="a2">the first session</a> first.'


def test_import_counts_only_what_was_applied(linked_course, locales, tmp_path):
    po = export_course_po(linked_course, "cy")
    entry(po, "Peer Support Training").msgstr = "Hyfforddiant Cymorth gan Gymheiriaid"
    entry(po, "Anyone who wants to support others.").msgstr = "Unrhyw un sydd am gefnogi eraill."
    entry(po, "The aim of session 1.").msgstr = "Nod sesiwn 1."
    bad = entry(po, LINKED)
    bad.msgstr = "<script>alert(1)</script>" + LINKED
    path = write_po(po, tmp_path / "course-cy.po")
    line = polib.pofile(str(path)).find(LINKED, by="msgid").linenum

    summary = import_po(path, publish=True)
    assert summary.startswith("Imported 3 strings into 2 pages of “Peer Support Training” (cy)")
    assert (
        f"rejected 1: Peer Support Training, introduction (line {line}) "
        "(markup that is not allowed: <script>)"
    ) in summary
    stored = set(StringTranslation.objects.values_list("data", flat=True))
    assert stored == {"Hyfforddiant Cymorth gan Gymheiriaid", "Unrhyw un sydd am gefnogi eraill.",
                      "Nod sesiwn 1."}  # fmt: skip
    welsh = linked_course.get_translation(locales["cy"])
    assert welsh.title == "Hyfforddiant Cymorth gan Gymheiriaid"
    assert "<script>" not in welsh.introduction


@pytest.mark.parametrize(
    ("msgstr", "reason"),
    [
        ("<script>alert(1)</script>" + LINKED, "markup that is not allowed: <script>"),
        (
            '<img src=x onerror="alert(1)"><script>x</script>',
            "markup that is not allowed: <script>, <img>, onerror",
        ),
        ('<iframe src="https://evil.example/"></iframe>', "markup that is not allowed: <iframe>"),
        (
            LINKED.replace('<a id="a1">', '<a href="javascript:alert(1)">'),
            "markup that is not allowed: javascript: address",
        ),
        (
            '<a href="javascript:alert(1)">x</a> ' + LINKED,
            "markup that is not allowed: javascript: address",
        ),
        ("<!-- --!><img src=x onerror=alert(1)> -->" + LINKED, "markup that is not allowed"),
        (
            'Darllenwch <a id="a1">ganllaw Mind</a> yn gyntaf.',
            "a link of the original is missing or changed: “the first session”",
        ),
        (LINKED.replace("a2", "a1"), "a link of the original is missing or changed"),
        (LINKED + ' <a id="a3">x</a>', "it adds a link the original does not have"),
        (LINKED.replace("the Mind guide", "<code>Mind</code>"), "not allowed: <code>"),
        ("<p>" + LINKED + "</p>", "<p> tag is not allowed"),
    ],
)
def test_unsafe_or_broken_rich_text_is_rejected(linked_course, locales, tmp_path, msgstr, reason):
    po = export_course_po(linked_course, "cy")
    entry(po, LINKED).msgstr = msgstr
    message = refused(write_po(po, tmp_path / "course-cy.po"))
    assert "the 1 translated string was rejected: " in message
    assert "Peer Support Training, introduction (line " in message
    assert reason in message


@pytest.mark.parametrize(
    ("msgstr", "reason"),
    [
        ("<script>alert(1)</script>", "markup that is not allowed: <script>"),
        ("<b>Hyfforddiant</b>", "markup that is not allowed: <b>"),
        ("<!-- Hyfforddiant -->", "markup that is not allowed"),
    ],
)
def test_markup_in_plain_text_is_rejected(course, locales, tmp_path, msgstr, reason):
    po = export_course_po(course, "cy")
    entry(po, "Peer Support Training").msgstr = msgstr
    message = refused(write_po(po, tmp_path / "course-cy.po"))
    assert "Peer Support Training, title (line " in message and reason in message


def test_escaped_markup_in_plain_text_is_text(course, locales, tmp_path, get_soup):
    po = export_course_po(course, "cy")
    entry(po, "Peer Support Training").msgstr = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    import_po(write_po(po, tmp_path / "course-cy.po"), publish=True)
    welsh = course.get_translation(locales["cy"])
    assert welsh.title == "<script>alert(1)</script> & co"
    soup = get_soup(welsh)
    assert soup.find("h1").get_text(strip=True) == "<script>alert(1)</script> & co"
    assert not soup.find("script", string=re.compile("alert"))


def test_strings_the_page_would_not_save_are_rejected(course, locales, tmp_path):
    po = export_course_po(course, "cy")
    entry(po, "Peer Support Training").msgstr = "Hyfforddiant " * 30
    entry(po, "The aim of session 1.").msgstr = "Nod sesiwn 1."
    summary = import_po(write_po(po, tmp_path / "course-cy.po"))
    assert "Imported 1 string into 1 pages" in summary
    assert "rejected 1: Peer Support Training, title (line " in summary
    assert "Ensure this value has at most 255 characters" in summary
    # The course page was still translated, with the English title.
    assert course.get_translation(locales["cy"]).title == "Peer Support Training"
    assert not StringTranslation.objects.filter(data__startswith="Hyfforddiant").exists()


def test_strings_no_longer_on_the_page_are_rejected(course, locales, tmp_path):
    po = export_course_po(course, "cy")
    entry(po, "The aim of session 1.").msgstr = "Nod sesiwn 1."
    entry(po, "Peer Support Training").msgstr = "Hyfforddiant Cymorth gan Gymheiriaid"
    session = course.get_children().first().specific
    session.aim = "A new aim."
    session.save_revision().publish()
    summary = import_po(write_po(po, tmp_path / "course-cy.po"))
    assert "Imported 1 string" in summary
    assert "rejected 1: Peer Support Training › Session title 1, aim (line " in summary
    assert "(the original text is no longer in this place of the page)" in summary


def test_a_rejected_string_does_not_replace_an_earlier_translation(course, locales, tmp_path):
    po = export_course_po(course, "cy")
    entry(po, "Peer Support Training").msgstr = "Hyfforddiant"
    import_po(write_po(po, tmp_path / "first.po"))
    entry(po, "Peer Support Training").msgstr = "Hyfforddiant " * 30
    entry(po, "The aim of session 1.").msgstr = "Nod sesiwn 1."
    import_po(write_po(po, tmp_path / "second.po"))
    assert StringTranslation.objects.filter(data="Hyfforddiant").exists()
    assert course.get_translation(locales["cy"]).title == "Hyfforddiant"


# Bad PO files -----------------------------------------------------------------------------


def translated(course, language_code="cy"):
    """The course's PO file with every plain string translated, as text."""
    po = export_course_po(course, language_code)
    for item in po:
        if "<" not in item.msgid and not item.msgctxt.endswith("|slug"):
            item.msgstr = f"[{language_code}] {item.msgid}"
    return str(po)


def line_of(text, fragment):
    return text[: text.index(fragment)].count("\n") + 1


def cut_inside_a_string(course, path, settings):
    text, msgstr = translated(course), 'msgstr "[cy] The aim of session 1.'
    path.write_text(text[: text.index(msgstr) + len('msgstr "[cy] The aim')], encoding="utf-8")
    return {}, f"line {line_of(text, msgstr)}: the text is not closed with a quote"


def cut_after_a_msgid(course, path, settings):
    text, msgid = translated(course), 'msgid "The aim of session 1."'
    path.write_text(text[: text.index("\n", text.index(msgid)) + 1], encoding="utf-8")
    # The entry starts with its msgctxt, on the line before.
    return {}, f"line {line_of(text, msgid) - 1}: the file ends inside the entry that starts here"


def too_large(course, path, settings):
    settings.WAGTAIL_PEERSUPPORT_MAX_PACKAGE_SIZE = 2048
    path.write_bytes(b"\xff" * 4096)  # not even UTF-8: the size is checked first
    return {}, (
        "the file is 4.0 KB, larger than the 2.0 KB a PO file may be "
        "(WAGTAIL_PEERSUPPORT_MAX_PACKAGE_SIZE)"
    )


def not_utf8(course, path, settings):
    text = translated(course)
    data = text.encode("utf-8").replace(b"[cy] The aim of session 1.", b"[cy] \xe9t\xe9 1.")
    path.write_bytes(data)
    byte = data.index(b"\xe9")
    return {}, (
        f"line {line_of(text, '[cy] The aim of session 1.')}: the file is not UTF-8 text "
        f"(byte {byte} cannot be read)"
    )


def utf16(course, path, settings):
    path.write_bytes(translated(course).encode("utf-16"))
    return {}, "line 1: the file is not UTF-8 text (byte 0 cannot be read)"


def for_another_course(course, path, settings):
    other = make_course(course.get_parent(), title="Listening Well", sessions=1)
    path.write_text(translated(course), encoding="utf-8")
    return {"course": other.pk}, "header: this PO file is for the course 'Peer Support Training'"


def for_another_language(course, path, settings):
    path.write_text(translated(course, "es"), encoding="utf-8")
    return {"locale": "cy"}, "header: this PO file is a 'es' translation, not 'cy'"


def with_an_unknown_locale(course, path, settings):
    path.write_text(translated(course).replace('"Language: cy\\n"', '"Language: xx\\n"'))
    return {}, "header: unknown locale 'xx'"


def from_a_course_not_on_this_site(course, path, settings):
    unknown = "00000000-0000-4000-8000-000000000000"
    text = translated(course).replace(str(course.translation_key), unknown)
    path.write_text(text, encoding="utf-8")
    return {}, "header: the course this PO file was exported from is not on this site"


def adding_markup(course, path, settings):
    po = export_course_po(course, "cy")
    entry(po, "Peer Support Training").msgstr = "Hyfforddiant<script>alert(1)</script>"
    write_po(po, path)
    line = polib.pofile(str(path)).find("Peer Support Training", by="msgid").linenum
    return {}, (
        f"the 1 translated string was rejected: Peer Support Training, "
        f"title (line {line}) (markup that is not allowed: <script>)"
    )


def dropping_a_placeholder(course, path, settings):
    po = export_course_po(course, "cy")
    entry(po, LINKED).msgstr = 'Darllenwch <a id="a2">y sesiwn gyntaf</a>.'
    write_po(po, path)
    return {}, "(a link of the original is missing or changed: “the Mind guide”)"


@pytest.mark.parametrize(
    "make_bad_file",
    [
        cut_inside_a_string, cut_after_a_msgid, too_large, not_utf8, utf16, for_another_course,
        for_another_language, with_an_unknown_locale, from_a_course_not_on_this_site,
        adding_markup, dropping_a_placeholder,
    ],
)  # fmt: skip
def test_bad_po_files_are_refused_and_change_nothing(
    linked_course, locales, tmp_path, settings, make_bad_file
):
    path = tmp_path / "course-cy.po"
    options, expected = make_bad_file(linked_course, path, settings)
    message = refused(path, **options)
    assert message.startswith(f"Nothing was imported: {path}, ") or message.startswith(
        f"Nothing was imported: {path}: "
    )
    assert expected in message


def test_a_byte_order_mark_is_accepted(course, locales, tmp_path):
    path = tmp_path / "course-cy.po"
    path.write_bytes(b"\xef\xbb\xbf" + translated(course).encode("utf-8"))
    assert import_po(path).startswith("Imported ")
    assert course.get_translation(locales["cy"]).title == "[cy] Peer Support Training"


# Links a translator replaced --------------------------------------------------------------


def override(page, locale, path_end, value):
    """Store a translator's replacement for a link on ``page``, as wagtail-localize's editor
    does."""
    segment = OverridableSegment.objects.get(
        source__object_id=page.translation_key, context__path__endswith=path_end
    )
    return SegmentOverride.objects.create(
        locale=locale, context=segment.context, data_json=json.dumps(value)
    )


@pytest.fixture
def replaced_links(linked_course, locales):
    """The Welsh course, its translator having replaced three links, two of them with code."""
    translate_course(linked_course, "cy")
    welsh = locales["cy"]
    lesson = LessonPage.objects.get(slug="lesson-1-1", locale=linked_course.locale)
    resources = ResourcesPage.objects.get(locale=linked_course.locale)
    return [
        override(linked_course, welsh, "'https://www.mind.org.uk/'", "javascript:alert(1)"),
        override(lesson, welsh, "source_url", " java\tscript:alert(1)"),
        override(resources, welsh, ".url", "https://www.scottishrecovery.net/cy/"),
    ]


def assert_unsafe_links_not_used(course, locales, get_soup, replaced_links):
    welsh = locales["cy"]
    soup = get_soup(course.get_translation(welsh))
    assert soup.find("a", string="the Mind guide")["href"] == "https://www.mind.org.uk/"
    lesson = LessonPage.objects.get(slug="lesson-1-1", locale=welsh)
    [story] = [block for block in lesson.body if block.block_type == "recovery_story"]
    assert story.value["source_url"] == "https://example.org/stories/sam"
    resources = ResourcesPage.objects.get(locale=welsh)
    assert get_soup(resources).find("a", string="Scottish Recovery Network")["href"] == (
        "https://www.scottishrecovery.net/cy/"
    )
    # The translator's values are still there, as they left them.
    for stored in replaced_links:
        assert SegmentOverride.objects.get(pk=stored.pk).data_json == stored.data_json
        assert not SegmentOverride.objects.get(pk=stored.pk).has_error


def test_translating_does_not_use_unsafe_replacement_links(
    linked_course, locales, get_soup, replaced_links
):
    report = translate_course(linked_course, "cy")
    assert sorted(link.value for _page, link in report.refused_links) == [
        " java\tscript:alert(1)",
        "javascript:alert(1)",
    ]
    assert "2 replacement links not used, because they are not web, email, phone or site" in (
        report.summary()
    )
    assert_unsafe_links_not_used(linked_course, locales, get_soup, replaced_links)


def test_po_import_does_not_use_unsafe_replacement_links(
    linked_course, locales, get_soup, replaced_links, tmp_path
):
    po = export_course_po(linked_course, "cy")
    entry(po, "Peer Support Training").msgstr = "Hyfforddiant Cymorth gan Gymheiriaid"
    entry(po, "Finding my feet").msgstr = "Dod o hyd i'm traed"
    entry(po, "Useful resources").msgstr = "Adnoddau defnyddiol"
    summary = import_po(write_po(po, tmp_path / "course-cy.po"), publish=True)
    assert "2 replacement links not used" in summary
    assert_unsafe_links_not_used(linked_course, locales, get_soup, replaced_links)


def publish_in_wagtail_localize(client, page):
    """Press "Publish" in wagtail-localize's editor of a translated page."""
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
    )
    assert response.status_code == 302


# wagtail-localize's own editor publishes what a translator stored without checking it; the
# package's page types put rich text through the HTML gate whenever a page is saved.


def test_wagtail_localize_editor_publishing_a_replaced_rich_text_link(
    linked_course, locales, admin_client, get_soup, django_capture_on_commit_callbacks
):
    translate_course(linked_course, "cy")
    welsh = linked_course.get_translation(locales["cy"])
    translation = Translation.objects.get(
        source__object_id=linked_course.translation_key, target_locale=locales["cy"]
    )
    segment = OverridableSegment.objects.get(
        source=translation.source, context__path__endswith="'https://www.mind.org.uk/'"
    )
    response = admin_client.put(
        reverse("wagtail_localize:edit_override", args=[translation.pk, segment.pk]),
        data=urlencode({"value": "javascript:alert(1)"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[welsh.pk]), {"action": "publish"}
        )
    link = get_soup(welsh).find("a", string="the Mind guide")
    assert link is not None and "href" not in link.attrs
    assert "javascript:" not in str(Page.objects.get(pk=welsh.pk).specific.introduction)


def test_wagtail_localize_editor_publishing_a_comment_in_rich_text(
    linked_course, locales, admin_client, client, django_capture_on_commit_callbacks
):
    translate_course(linked_course, "cy")
    welsh = linked_course.get_translation(locales["cy"])
    translation = Translation.objects.get(
        source__object_id=linked_course.translation_key, target_locale=locales["cy"]
    )
    segment = translation.source.stringsegment_set.get(string__data=LINKED)
    response = admin_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        data=urlencode({"value": "<!-- --!><img src=x onerror=alert(1)> -->" + LINKED}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[welsh.pk]), {"action": "publish"}
        )
    # A browser ends that comment at "--!>", and runs the image's onerror.
    assert "onerror" not in client.get(welsh.url).content.decode()


# Hostile translators ----------------------------------------------------------------------


def hostile_payloads():
    """The payloads in tests/hostile/xss.txt: one a line, lines starting "# " are comments."""
    lines = HOSTILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


URL_ATTRIBUTES = ("href", "src", "action", "formaction")
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
# Browsers ignore whitespace and control characters in a URL's scheme.
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def shipped_markup(soup):
    """What only the package or the site may put on a page: scripts it did not load from
    /static/, frames, objects, forms, base and meta http-equiv tags, and comments."""
    found = [str(tag) for tag in soup.find_all(["iframe", "object", "embed", "base", "form"])]
    found += [str(tag) for tag in soup.find_all("meta", attrs={"http-equiv": True})]
    found += [
        str(tag)
        for tag in soup.find_all("script")
        if not str(tag.get("src", "")).startswith("/static/") or tag.string
    ]
    found += [
        str(node) for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString))
    ]
    return sorted(found)


def code_on_the_page(soup, harmless):
    """Anything on the page that could run code, beyond what the harmless page holds."""
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}>")
            if name.lower() in URL_ATTRIBUTES:
                url = IGNORED_IN_URLS.sub("", str(value)).lower()
                if url.startswith(UNSAFE_SCHEMES):
                    found.append(f"<{tag.name} {name}={value!r}>")
    extra = list(shipped_markup(soup))
    for item in harmless:
        if item in extra:
            extra.remove(item)
    return found + extra


@pytest.fixture
def hostile_course(home, locales):
    """A small course with every kind of block, and links in its rich text, in Welsh."""
    from wagtail_peersupport.coursepackage import check_package, load_course
    from wagtail_peersupport.sample import sample_package

    package = sample_package(title="Peer Support Training", sessions=1, lessons_per_session=1)
    package["course"]["introduction"] = (
        '<p>Read <a href="https://www.mind.org.uk/">the Mind guide</a> or '
        '<a href="mailto:info@example.org">write to us</a>.</p>'
    )
    course = load_course(check_package(package), home, publish=True).course
    translate_course(course, "cy")
    return course


def rendered(client, course, locale):
    """Every translated page of the course, and the workbooks, parsed, by URL."""
    caches_clear()
    pages = {}
    for page in course_pages(course.get_translation(locale)):
        urls = [page.url] + ([page.url + "workbook/"] if hasattr(page, "workbook") else [])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = BeautifulSoup(response.content, "html.parser")
    return pages


def caches_clear():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def test_hostile_translations_cannot_put_code_on_a_page(hostile_course, locales, client):
    welsh = locales["cy"]
    po = export_course_po(hostile_course, "cy")
    for item in po:
        item.msgstr = item.msgid + ("-cy" if item.msgctxt.endswith("|slug") else " (cy)")
    assert not import_course_po(po, publish=True).rejected
    harmless = {}
    for number, soup in enumerate(rendered(client, hostile_course, welsh).values()):
        harmless[number] = shipped_markup(soup)

    payloads, accepted = hostile_payloads(), 0
    assert len(payloads) > 50
    for payload in payloads:
        for item in po:
            item.msgstr = payload
        before = state()
        try:
            report = import_course_po(po, publish=True)
        except CourseTranslationError:
            assert state() == before, payload
            continue  # nothing changed, so the pages are as they were last checked
        accepted += report.strings
        for number, (url, soup) in enumerate(rendered(client, hostile_course, welsh).items()):
            assert code_on_the_page(soup, harmless[number]) == [], (payload, url)
    # Some payloads are plain text, which any string may hold, escaped when shown.
    assert accepted > 0


def test_the_check_finds_code(get_soup):
    harmless = '<p>Text</p><script src="/static/wagtail_peersupport/js/peersupport.js"></script>'
    hostile = harmless + (
        '<img src=x onerror=alert(1)><a href=" java\tscript:alert(1)">x</a>'
        '<form action="https://evil.example/"></form><meta http-equiv="refresh" content="0">'
        "<script>alert(1)</script><iframe src=/></iframe><!-- a comment -->"
    )
    found = code_on_the_page(
        BeautifulSoup(hostile, "html.parser"),
        shipped_markup(BeautifulSoup(harmless, "html.parser")),
    )
    assert len(found) == 7, found
