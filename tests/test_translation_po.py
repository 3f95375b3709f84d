"""One PO file for a whole course: export, translate, import, re-export after source edits."""

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision
from wagtail_localize.models import StringTranslation

from wagtail_peersupport.models import LessonPage, SessionPage
from wagtail_peersupport.sample import make_course

pytestmark = pytest.mark.django_db


def export(course, tmp_path, locale="cy", name="course-cy.po"):
    path = tmp_path / name
    call_command("peersupport_po", "export", str(course.pk), locale=locale, output=str(path))
    return path


def translate_file(path, translate):
    po = polib.pofile(str(path))
    for entry in po:
        if not entry.obsolete:
            entry.msgstr = translate(entry)
    po.save(str(path))
    return po


def welsh(msgid):
    return f"[cy] {msgid}"


def test_export_holds_every_string_of_the_course(shipped_course, locales, tmp_path):
    po = polib.pofile(str(export(shipped_course, tmp_path)))
    msgids = [entry.msgid for entry in po]
    assert "Peer Support Training" in msgids
    assert "How did it feel to read this recovery story?" in msgids
    assert "Harding et al 1987" in msgids
    assert any(
        m.startswith("The aim of this session is to explore the development") for m in msgids
    )
    assert po.metadata["Language"] == "cy"
    assert po.metadata["X-WagtailPeerSupport-Course"] == str(shipped_course.translation_key)
    story = next(e for e in po if e.msgid.startswith("When I was 26 years old"))
    assert story.comment.endswith("Personal Recovery › Activity 1: Personal story of recovery")
    assert all(e.msgstr == "" for e in po)


def test_po_round_trip_publishes_translated_pages(shipped_course, locales, tmp_path, get_soup):
    path = export(shipped_course, tmp_path)
    # Slugs are translatable too; this translator leaves them, and the rich text, alone.
    translate_file(
        path,
        lambda entry: (
            "" if "<" in entry.msgid or entry.msgctxt.endswith("|slug") else welsh(entry.msgid)
        ),
    )
    call_command("peersupport_po", "import", str(path), publish=True, verbosity=0)

    lesson = LessonPage.objects.get(
        slug="activity-1-personal-story-of-recovery", locale=locales["cy"]
    )
    assert lesson.live
    soup = get_soup(lesson)
    questions = [
        li.get_text(strip=True)
        for li in soup.select("section.ps-reflection ol li .ps-reflection__text")
    ]
    assert questions[0] == "[cy] How did it feel to read this recovery story?"
    session = SessionPage.objects.get(slug="what-is-recovery", locale=locales["cy"])
    assert session.aim.startswith("[cy] The aim of this session")


def test_reexport_keeps_translations_and_marks_changed_strings_fuzzy(
    shipped_course, locales, tmp_path
):
    path = export(shipped_course, tmp_path)
    translate_file(path, lambda entry: welsh(entry.msgid))
    call_command("peersupport_po", "import", str(path), verbosity=0)

    session = SessionPage.objects.get(slug="personal-recovery", locale__language_code="en")
    old_aim = session.aim
    session.aim = old_aim.replace("explore", "look at")
    session.save_revision().publish()

    po = polib.pofile(str(export(shipped_course, tmp_path, name="again.po")))
    changed = next(e for e in po if e.msgid == session.aim)
    assert "fuzzy" in changed.flags
    assert changed.msgstr == welsh(old_aim)
    assert changed.previous_msgid == old_aim
    unchanged = next(e for e in po if e.msgid == "Why are personal stories so powerful?")
    assert unchanged.msgstr == welsh("Why are personal stories so powerful?")
    assert "fuzzy" not in unchanged.flags
    assert sum(1 for e in po if "fuzzy" in e.flags) == 1


def test_import_never_deletes_translations_the_file_leaves_out(shipped_course, locales, tmp_path):
    path = export(shipped_course, tmp_path)
    translate_file(path, lambda entry: welsh(entry.msgid))
    call_command("peersupport_po", "import", str(path), verbosity=0)
    translated = StringTranslation.objects.filter(locale=locales["cy"]).count()

    po = polib.pofile(str(path))
    for entry in list(po)[1:]:
        po.remove(entry)
    po[0].msgstr = "Hyfforddiant Cymorth gan Gymheiriaid"
    po.save(str(path))
    call_command("peersupport_po", "import", str(path), publish=True, verbosity=0)
    assert StringTranslation.objects.filter(locale=locales["cy"]).count() == translated
    assert (
        shipped_course.get_translation(locales["cy"]).title
        == "Hyfforddiant Cymorth gan Gymheiriaid"
    )


def state():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        StringTranslation.objects.count(),
    )


def refused(path, **options):
    before = state()
    with pytest.raises(CommandError) as excinfo:
        call_command("peersupport_po", "import", str(path), verbosity=0, **options)
    assert state() == before
    return str(excinfo.value)


@pytest.fixture
def other_course(home):
    return make_course(home, title="Listening Well", sessions=1, lessons_per_session=1)


def test_file_for_another_course_is_refused(shipped_course, locales, tmp_path, other_course):
    path = export(shipped_course, tmp_path)
    translate_file(path, lambda entry: welsh(entry.msgid))
    message = refused(path, course=other_course.pk)
    assert "this PO file is for the course 'Peer Support Training'" in message
    assert f"not 'Listening Well' (page {other_course.pk})" in message


def test_entries_from_another_course_are_refused(shipped_course, locales, other_course, tmp_path):
    ours = polib.pofile(str(export(shipped_course, tmp_path)))
    theirs = polib.pofile(str(export(other_course, tmp_path, name="other.po")))
    ours.append(theirs[0])
    ours.save(str(tmp_path / "mixed.po"))
    message = refused(tmp_path / "mixed.po")
    assert "does not belong to a page of 'Peer Support Training'" in message


def test_file_for_another_locale_is_refused(shipped_course, locales, tmp_path):
    path = export(shipped_course, tmp_path, locale="es")
    message = refused(path, locale="cy")
    assert "this PO file is a 'es' translation, not 'cy'" in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('msgid "one"\nmsgstr "un"\nthis is not a PO line\n', "bad.po, line 3: "),
        (
            'msgid ""\nmsgstr ""\n"Language: cy\\n"\n\nmsgid "a"\nmsgstr "b"\n',
            "not exported from a course",
        ),
    ],
)
def test_malformed_or_foreign_files_are_refused(
    shipped_course, locales, tmp_path, content, message
):
    path = tmp_path / "bad.po"
    path.write_text(content)
    assert message in refused(path)


def test_missing_file_is_refused(tmp_path, db):
    assert "no such file" in refused(tmp_path / "missing.po")
