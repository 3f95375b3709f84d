"""PO import reports honestly what it applied and what it rejected, and why; a bad PO file
is refused with a one-line message naming the file and the place, and changes nothing."""

import re

import polib
import pytest
from wagtail_localize.models import StringTranslation

from tests import translating
from tests.translating import LINKED, entry, import_po, refused, write_po
from wagtail_peersupport.localize import export_course_po
from wagtail_peersupport.sample import make_course

pytestmark = pytest.mark.django_db
linked_course = translating.linked_course


# PO import reports honestly -------------------------------------------------------------


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
