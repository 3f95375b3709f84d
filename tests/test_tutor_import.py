"""Importing saved Tutor LMS pages: the package made, the pages it loads into, the refusals.

The sample pages in tests/tutor_pages/course/ are a small invented "Listening
Skills" course saved from both Tutor layouts (markup as Tutor's templates output
it), plus a page with hostile markup, one with broken HTML, one in Windows-1252
and one with no Tutor markup at all. tests/tutor_pages/refused/ holds pages the
importer must refuse.
"""

import copy
import difflib
import html
import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from wagtail_peersupport.coursepackage import load_course, read_package
from wagtail_peersupport.models import CoursePage, LessonPage, ResourcesPage
from wagtail_peersupport.tutor import TutorImportError, import_tutor_pages, read_html

PAGES = Path(__file__).resolve().parent / "tutor_pages"
COURSE = PAGES / "course"
REFUSED = PAGES / "refused"
COURSE_SOURCE = Path(__file__).resolve().parent / "tutor_pages" / "text-dumps"
SHIPPED = Path(__file__).resolve().parents[1] / "fixtures" / "peer-support-training.yaml"


@pytest.fixture(scope="module")
def imported():
    return import_tutor_pages([COURSE])


def lessons(result):
    return {
        lesson["title"]: lesson
        for session in result.package["sessions"]
        for lesson in session["lessons"]
    }


def block_types(lesson):
    return [block["type"] for block in lesson["body"]]


def soup(rich_text):
    return BeautifulSoup(rich_text, "html.parser")


def lesson_report(result, title):
    return next(lesson for lesson in result.report.lessons if lesson.title == title)


# The package ---------------------------------------------------------------------------


def test_outline_becomes_sessions_and_lessons(imported):
    package = imported.package
    assert package["course"]["title"] == "Listening Skills"
    assert [s["title"] for s in package["sessions"]] == [
        "Why Listening Matters",
        "Listening in Practice",
        "Endings",
    ]
    assert [[lesson["title"] for lesson in s["lessons"]] for s in package["sessions"]] == [
        ["A story about being heard", "What gets in the way"],
        ["Open questions", "Reflecting back", "Staying with silence"],
        ["Closing a conversation", "Saying goodbye"],
    ]
    assert package["sessions"][0]["aim"].startswith("The aim of this session is to explore what")
    # The lesson-less "Useful Resources" topic is the course's resources page.
    assert package["resources"]["title"] == "Useful Resources"
    assert [block["type"] for block in package["resources"]["body"]] == ["callout"]


def test_block_types_in_order(imported):
    found = {title: block_types(lesson) for title, lesson in lessons(imported).items()}
    assert found == {
        "A story about being heard": [
            "paragraph",
            "recovery_story",
            "reflection_prompt",
            "resource_list",
            "resource_list",
        ],
        "What gets in the way": ["callout"],
        "Open questions": ["paragraph", "video", "paragraph"],
        "Reflecting back": ["paragraph", "recovery_story", "reflection_prompt", "resource_list"],
        "Staying with silence": ["paragraph"],
        "Closing a conversation": ["heading", "paragraph"],
        "Saying goodbye": ["paragraph", "resource_list"],
    }


def test_blockquote_story_reflection_and_further_reading(imported):
    body = lessons(imported)["A story about being heard"]["body"]
    intro, story, reflection, further, files = (block["value"] for block in body)
    assert "as featured on the Listening Matters Network website" in intro
    assert story["source_title"] == "Listening Matters Network website"
    assert story["narrator_type"] == "anonymous"
    assert story["consent_confirmed"] is False
    paragraphs = [p.get_text() for p in soup(story["story"]).find_all("p")]
    assert len(paragraphs) == 3 and paragraphs[0].startswith("For a long time I thought")
    assert reflection["heading"] == "Reflection"
    assert reflection["introduction"].startswith("After reading this story, write down")
    assert reflection["questions"] == [
        "When did you last feel really listened to?",
        "What did the other person do that helped?",
        "What makes it hard to listen without trying to fix things?",
    ]
    assert further["heading"] == "Further reading"
    assert [(i["title"], i["kind"], i["description"]) for i in further["items"]] == [
        ("A short guide to active listening", "document", "four pages you can print"),
        ("Listening Matters Network", "website", ""),
    ]
    assert files["heading"] == "Exercise files"
    assert [(i["title"], i["kind"], i["url"]) for i in files["items"]] == [
        (
            "listening-log.pdf",
            "document",
            "https://learn.example.org/wp-content/uploads/2023/04/listening-log.pdf",
        ),
        (
            "session-1-slides.pptx",
            "document",
            "https://learn.example.org/wp-content/uploads/2023/04/session-1-slides.pptx",
        ),
    ]


def test_story_in_quotation_marks_with_a_signed_name(imported):
    body = lessons(imported)["Reflecting back"]["body"]
    story = body[1]["value"]
    assert story["source_title"] == "Open Door newsletter"
    assert (story["narrator_type"], story["narrator_name"]) == ("named", "Amira")
    paragraphs = [p.get_text() for p in soup(story["story"]).find_all("p")]
    # The outer quotation marks are gone; the quotation inside the story stays.
    assert paragraphs[0].startswith("I had been going round in circles")
    assert "‘It sounds like you feel you are letting her down.’" in paragraphs[0]
    assert paragraphs[-1].endswith("what I wanted to do next.")
    assert "Amira" not in body[0]["value"]
    assert body[2]["value"]["questions"] == [
        "What did the peer supporter reflect back?",
        "How might the conversation have gone if she had given advice instead?",
    ]
    # Tutor 1.x links attachments relative to the site; the page's canonical address completes them.
    assert body[3]["value"]["items"][0]["url"] == (
        "https://learn.example.org/wp-content/uploads/2023/04/reflecting-practice.docx"
    )


def test_hostile_markup_is_removed_and_reported(imported):
    before, video, after = lessons(imported)["Open questions"]["body"]
    text = soup(before["value"] + after["value"])
    assert not text.find_all(["script", "style", "iframe", "form", "input", "button", "img"])
    assert not [tag for tag in text.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert text.find_all("a") == []
    assert "Try this short exercise: start the exercise, then compare" in text.get_text()
    assert "document.cookie" not in text.get_text() and "color: red" not in text.get_text()
    assert [li.get_text() for li in text.find_all("li")] == [
        "What was that like for you?",
        "How did you get through it?",
        "Tell me more about the weekend.",
    ]
    # The allowed YouTube embed becomes a video block; the advert's iframe goes.
    assert video["value"] == {
        "url": "https://www.youtube.com/watch?v=aBcD3fGh1jK",
        "title": "Open questions in a peer support conversation",
        "transcript": "",
    }
    report = lesson_report(imported, "Open questions")
    assert report.removed == [
        "style",
        "script",
        "form",
        "iframe to ads.example.net",
        "onclick attribute",
        "onmouseover attribute",
        "javascript: link 'start the exercise' (the text is kept)",
        "onerror attribute",
    ]
    assert "video ← YouTube video embed https://www.youtube.com/watch?v=aBcD3fGh1jK" in (
        report.made
    )
    assert "not imported: an image https://learn.example.org/" in imported.report.render()


def test_relative_links_are_completed_and_listed_to_check(tmp_path):
    saved = (COURSE / "03-reflecting-back-tutor1.html").read_text(encoding="utf-8")
    first = "<p>Reflecting back means telling"
    links = (
        '<p>Read <a href="../open-questions/">the lesson on open questions</a> first, then '
        '<a href="//learn.example.org/wp-content/uploads/guide.pdf">the guide</a>, '
        '<a href="https://example.net/">another site</a> and '
        '<a href="//cdn.example.net/notes.pdf">the notes</a>.</p>\n'
    )
    assert saved.count(first) == 1
    page = tmp_path / "reflecting-back.html"
    page.write_text(saved.replace(first, links + first), encoding="utf-8")
    result = import_tutor_pages([page])
    paragraph = soup(lessons(result)["Reflecting back"]["body"][0]["value"])
    # The page's canonical address completes them.
    assert [a["href"] for a in paragraph.find_all("a")] == [
        "https://learn.example.org/courses/listening-skills/lessons/open-questions/",
        "https://learn.example.org/wp-content/uploads/guide.pdf",
        "https://example.net/",
        "https://cdn.example.net/notes.pdf",
    ]
    # Those now on the old site are for an editor to check; links that named
    # their own site are not.
    report = lesson_report(result, "Reflecting back")
    expected = [
        "relative link 'the lesson on open questions' now points at "
        "https://learn.example.org/courses/listening-skills/lessons/open-questions/ on the old "
        "site: link it to the page on this site instead, unless the old site stays",
        "relative link 'the guide' now points at "
        "https://learn.example.org/wp-content/uploads/guide.pdf on the old site: link it to the "
        "page on this site instead, unless the old site stays",
    ]
    assert [line for line in report.check if line.startswith("relative link")] == expected
    assert report.removed == []
    assert f"    to check:\n      {expected[0]}\n" in result.report.render()


def test_broken_html_keeps_its_text_in_order(imported):
    heading, paragraph = lessons(imported)["Closing a conversation"]["body"]
    assert heading["value"] == {"text": "Ending well", "level": "h3"}
    text = soup(paragraph["value"])
    assert [p.get_text() for p in text.find_all("p")] == [
        "Every conversation ends, and how it ends matters to the person you have been supporting.",
        "Before you finish, you might:",
        "Endings can bring up strong feelings, for both of you. That is normal.",
    ]
    assert [li.get_text() for li in text.select("ul > li")] == [
        "sum up what you have talked about",
        "check what the person will do next",
        "say when you will next be in touch",
    ]
    assert "No Attachment Found" not in paragraph["value"]


def test_windows_1252_page_is_read_in_its_charset(imported):
    page = COURSE / "04-staying-with-silence-tutor1-cp1252.html"
    assert b"\x93gaps\x94" in page.read_bytes()
    text, charset = read_html(page)
    assert charset == "cp1252"
    paragraphs = soup(lessons(imported)["Staying with silence"]["body"][0]["value"]).find_all("p")
    assert [p.get_text() for p in paragraphs] == [
        "Silence can feel uncomfortable – but it often gives people the space they need to find "
        "their own words.",
        "As one volunteer put it: ‘I count to five in my head before I say anything…’",
        "Next time you meet someone at the café, notice how long you wait before you speak. "
        "Do you fill the “gaps”?",
    ]


def test_page_without_tutor_markup_is_read_by_its_headings(imported):
    assert ("06-saying-goodbye-headings.html", "page headings") in [
        (name, layout) for name, layout, _held in imported.report.pages
    ]
    paragraph, files = lessons(imported)["Saying goodbye"]["body"]
    assert soup(paragraph["value"]).p.get_text().startswith("Some peer support relationships")
    assert files["value"]["items"][0]["title"] == "Goodbye letter template"


def test_placeholders_are_marked_and_reported(imported):
    callout = lessons(imported)["What gets in the way"]["body"][0]["value"]
    assert callout["kind"] == "important"
    assert "was not imported" in callout["text"]
    endings = imported.package["sessions"][2]
    assert endings["aim"].startswith("Aim to be written")
    rendered = imported.report.render()
    assert "Lesson 'What gets in the way': PLACEHOLDER" in rendered
    assert "1 placeholder lesson(s)" in rendered and "  Session 1: What gets in the way" in rendered
    assert "1 session(s) with a placeholder aim:\n  Session 3: Endings" in rendered
    assert "quiz 'Listening skills check' not imported" in rendered


# Markup as templates/single/course/lead-info.php and course-topics.php output it.
COURSE_PAGE_1 = """<html><head><title>Listening Skills &#8211; Example Charity</title></head><body>
<div class="tutor-single-course-segment tutor-single-course-lead-info">
<h1 class="tutor-course-header-h1">Listening Skills</h1></div>
<div class="tutor-single-course-segment  tutor-course-topics-wrap">
<div class="tutor-course-topics-header"><div class="tutor-course-topics-header-left">
<h4 class="tutor-segment-title">Topics for this course</h4></div></div>
<div class="tutor-course-topics-contents">
<div class="tutor-course-topic tutor-topics-in-single-lesson tutor-active">
<div class="tutor-course-title has-summery"><h4> <i class="tutor-icon-plus"></i> Endings
<span class='toggle-information-icon'>&quest;</span></h4></div>
<div class="tutor-topics-summery">How to end a conversation well.</div>
<div class="tutor-course-lessons">
<div class="tutor-course-lesson"><h5><i class='tutor-icon-document-alt'></i>
<a href='https://learn.example.org/lessons/closing/'> Closing a conversation </a></h5></div>
<div class="tutor-course-lesson"><h5><i class='tutor-icon-doubt'></i>Endings quiz</h5></div>
</div></div></div></div></body></html>"""
COURSE_PAGE_2 = """<html><head><title>Listening Skills &#8211; Example Charity</title></head><body>
<header class="tutor-course-details-header tutor-mb-44">
<h1 class="tutor-course-details-title tutor-fs-4 tutor-fw-bold tutor-mt-12 tutor-mb-0">
<span>Listening Skills</span></h1></header>
<div class="tutor-accordion tutor-mt-24"><div class="tutor-accordion-item">
<h4 class="tutor-accordion-item-header is-active">Endings</h4>
<div class="tutor-accordion-item-body"><div class="tutor-accordion-item-body-content">
<ul class="tutor-course-content-list">
<li class="tutor-course-content-list-item"><div class="tutor-d-flex tutor-align-center">
<span class="tutor-course-content-list-item-icon tutor-icon-document-text tutor-mr-12"></span>
<h5 class="tutor-course-content-list-item-title">Closing a conversation</h5></div></li>
<li class="tutor-course-content-list-item quiz-single-item quiz-single-item-9">
<span class="tutor-course-content-list-item-title"><a href="#">Endings quiz</a></span></li>
</ul></div></div></div></div></body></html>"""


@pytest.mark.parametrize("markup, layout", [(COURSE_PAGE_1, "1.x"), (COURSE_PAGE_2, "2.x")])
def test_a_course_page_gives_the_outline_and_title(tmp_path, markup, layout):
    path = tmp_path / "course.html"
    path.write_text(markup, encoding="utf-8")
    result = import_tutor_pages([path])
    assert result.report.pages == [("course.html", f"Tutor {layout}", "1 topic in its outline")]
    assert result.package["course"]["title"] == "Listening Skills"
    session = result.package["sessions"][0]
    assert session["title"] == "Endings"
    assert [lesson["title"] for lesson in session["lessons"]] == ["Closing a conversation"]
    assert block_types(session["lessons"][0]) == ["callout"]
    assert "quiz 'Endings quiz' not imported" in result.report.render()


def test_the_title_option_names_the_course():
    result = import_tutor_pages([COURSE / "03-reflecting-back-tutor1.html"], title="Listening Well")
    assert result.package["course"]["title"] == "Listening Well"
    assert result.report.course_title_from == "the --title option"


# Loading and rendering -------------------------------------------------------------------


def with_consent(package):
    """A copy of ``package`` with each story's consent ticked, as an editor does once asked."""
    package = copy.deepcopy(package)
    for session in package["sessions"]:
        for lesson in session["lessons"]:
            for block in lesson.get("body") or []:
                if block["type"] == "recovery_story":
                    block["value"]["consent_confirmed"] = True
    return package


@pytest.mark.django_db
def test_the_package_loads_and_renders(home, imported, get_soup):
    load_course(with_consent(imported.package), home, publish=True)
    course = CoursePage.objects.get()
    assert course.title == "Listening Skills"
    assert LessonPage.objects.live().count() == 7
    story_page = LessonPage.objects.get(title="A story about being heard")
    page = get_soup(story_page)
    story = page.select_one("figure.ps-story blockquote")
    assert story.p.get_text().startswith("For a long time I thought nobody wanted to hear")
    assert "Listening Matters Network website" in page.select_one("figure.ps-story").get_text()
    questions = page.select("section.ps-reflection ol li .ps-reflection__text")
    assert [q.get_text() for q in questions][0] == "When did you last feel really listened to?"
    assert len(questions) == 3
    hostile = get_soup(LessonPage.objects.get(title="Open questions")).select_one(".ps-body")
    assert not hostile.find_all(["script", "iframe", "form"])
    watch = hostile.select_one("figure.ps-video a")
    assert watch["href"] == "https://www.youtube.com/watch?v=aBcD3fGh1jK"
    assert watch.get_text() == "Watch “Open questions in a peer support conversation” on YouTube"
    placeholder = get_soup(LessonPage.objects.get(title="What gets in the way"))
    assert "was not imported" in placeholder.select_one('.ps-body [role="note"]').get_text()


# Refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, message",
    [
        (REFUSED / "not-a-tutor-page.html", "this is not a Tutor LMS lesson or course page"),
        (REFUSED / "undecodable.html", "cannot be read as UTF-8"),
        (REFUSED / "latin2.html", "declares the charset 'iso-8859-2'"),
        (REFUSED / "missing.html", "no such file"),
    ],
)
def test_refused_pages_are_named(path, message):
    with pytest.raises(TutorImportError) as excinfo:
        import_tutor_pages([COURSE, path])
    assert str(excinfo.value).startswith(f"{path}: ")
    assert message in str(excinfo.value)


def test_every_refused_page_is_listed():
    with pytest.raises(TutorImportError) as excinfo:
        import_tutor_pages([REFUSED])
    message = str(excinfo.value)
    assert message.startswith("3 pages were refused:")
    for name in ("latin2.html", "not-a-tutor-page.html", "undecodable.html"):
        assert name in message


# The command --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "refused", ["not-a-tutor-page.html", "undecodable.html", "latin2.html", "missing.html"]
)
@pytest.mark.parametrize("load", [False, True])
def test_command_refuses_and_writes_nothing(home, tmp_path, refused, load):
    output = tmp_path / "course.yaml"
    pages_before = Page.objects.count()
    options = {"load": True, "parent": home.pk} if load else {}
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "peersupport_import_tutor", str(COURSE), str(REFUSED / refused), "-o", str(output),
            verbosity=0, **options,
        )  # fmt: skip
    assert str(excinfo.value).startswith(f"Nothing was imported. {REFUSED / refused}: ")
    assert not output.exists()
    assert Page.objects.count() == pages_before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["course.yaml", "course.json"])
def test_command_writes_a_package_that_reads_back(tmp_path, name, capsys):
    output = tmp_path / name
    call_command("peersupport_import_tutor", str(COURSE), "-o", str(output))
    text = output.read_text(encoding="utf-8")
    data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    assert data["course"]["title"] == "Listening Skills"
    assert read_package(output)["sessions"][1]["lessons"][1]["title"] == "Reflecting back"
    out = capsys.readouterr().out
    assert "Lesson 'Open questions' (from 02-open-questions-tutor2.html, Tutor 2.x)" in out
    assert f"Wrote the course package to {output}." in out


def test_command_refuses_an_unknown_output_format(tmp_path):
    with pytest.raises(CommandError, match=r"must end in \.yaml, \.yml or \.json"):
        call_command("peersupport_import_tutor", str(COURSE), "-o", str(tmp_path / "x.txt"))


@pytest.mark.django_db
@pytest.mark.parametrize("publish", [False, True])
def test_command_loads_the_course(home, publish, capsys):
    options = {"publish": True} if publish else {}
    call_command(
        "peersupport_import_tutor", str(COURSE), "--load", "--parent", str(home.pk), **options
    )
    course = CoursePage.objects.child_of(home).get()
    assert course.title == "Listening Skills" and course.live is publish
    assert [s.title for s in course.get_children()] == [
        "Why Listening Matters",
        "Listening in Practice",
        "Endings",
        "Useful Resources",
    ]
    assert LessonPage.objects.count() == 7 and ResourcesPage.objects.count() == 1
    # The importer cannot know whether narrators agreed: the two lessons with stories
    # stay drafts until an editor ticks their consent.
    assert LessonPage.objects.filter(live=True).count() == (5 if publish else 0)
    out = capsys.readouterr().out
    assert "Loaded 'Listening Skills'" in out
    assert ("2 kept as drafts (stories awaiting consent)" in out) is publish


# Text dumps of the shipped course --------------------------------------------------------

# The dumps lost the lesson titles and which topic each lesson sits under; the
# minimal page puts them back as the sidebar would show them.
DUMPS = {
    "lesson-recovery-approach.txt": ("What is Recovery?", "How the recovery approach developed"),
    "lesson-personal-story.txt": ("Personal Recovery", "Activity 1: Personal story of recovery"),
}


def dump_page(text, topic_with_lesson, lesson):
    """A minimal Tutor-1.x-like page from a text dump of a lesson page.

    The dump reads: "Course Content", the outline, the course title, "About
    Lesson", the lesson text, "Exercise Files", the attachments. In the outline,
    topic titles and summaries alternate; a summary is a line ending in a full stop
    (the first topic's title is missing, so its summary comes first), and the last
    line before "About Lesson" is the course title from the lesson's header.
    """
    lines = text.splitlines()
    outline = [line.strip() for line in lines[1 : lines.index("About Lesson")] if line.strip()]
    course_title, outline = outline[-1], outline[:-1]
    topics = []
    for line in outline:
        if line.endswith(".") and (not topics or topics[-1][1]):
            topics.append(["", line])
        elif line.endswith("."):
            topics[-1][1] = line
        else:
            topics.append([line, ""])
    about = "\n".join(lines[lines.index("About Lesson") + 1 : lines.index("Exercise Files")])
    files = lines[lines.index("Exercise Files") + 1 :]
    sidebar = "".join(
        f'<div class="tutor-topics-in-single-lesson"><div class="tutor-topics-title"><h3>'
        f"{html.escape(title)}</h3></div>"
        + (f'<div class="tutor-topics-summery">{html.escape(summary)}</div>' if summary else "")
        + '<div class="tutor-lessons-under-topic">'
        + (
            f'<div class="tutor-single-lesson-items active"><a href="#"><span class="lesson_title">'
            f"{html.escape(lesson)}</span></a></div>"
            if title == topic_with_lesson
            else ""
        )
        + "</div></div>"
        for title, summary in topics
    )
    paragraphs = "".join(
        f"<p>{html.escape(chunk)}</p>" for chunk in about.split("\n\n") if chunk.strip()
    )
    attachments = "".join(f"<p>{html.escape(line)}</p>" for line in files if line.strip())
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(course_title)}'
        f'</title></head><body><div class="tutor-lesson-sidebar"><h2>Course Content</h2>{sidebar}'
        f'</div><div class="lesson_content"><h2>About Lesson</h2>{paragraphs}'
        f"<h2>Exercise Files</h2>{attachments}</div></body></html>"
    )


def normalised(text):
    return " ".join(text.split()).casefold()


@pytest.fixture
def dumps_imported(tmp_path):
    assert COURSE_SOURCE.is_dir(), (
        f"The course source text dumps are missing: {COURSE_SOURCE} should hold "
        "lesson-personal-story.txt and lesson-recovery-approach.txt."
    )
    for name, (topic, lesson) in DUMPS.items():
        text = (COURSE_SOURCE / name).read_text(encoding="utf-8")
        page = dump_page(text, topic, lesson)
        (tmp_path / name.replace(".txt", ".html")).write_text(page, encoding="utf-8")
    return import_tutor_pages([tmp_path])


def test_text_dumps_import_to_the_shipped_course_structure(dumps_imported):
    shipped = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    package = dumps_imported.package
    assert package["course"]["title"] == shipped["course"]["title"] == "Peer Support Training"
    assert len(package["sessions"]) == len(shipped["sessions"]) == 11
    # The first topic's title is not in the source: a placeholder, and reported.
    assert package["sessions"][0]["title"] == "Session 1"
    assert [s["title"] for s in package["sessions"][1:]] == [
        s["title"] for s in shipped["sessions"][1:]
    ]
    for imported_session, shipped_session in zip(
        package["sessions"], shipped["sessions"], strict=True
    ):
        ratio = difflib.SequenceMatcher(
            None, normalised(imported_session["aim"]), normalised(shipped_session["aim"])
        ).ratio()
        assert ratio > 0.97, (imported_session["title"], ratio)  # the shipped course fixed typos
    assert [[lesson["title"] for lesson in s["lessons"]] for s in package["sessions"]] == [
        [lesson["title"] for lesson in s["lessons"]] for s in shipped["sessions"]
    ]
    assert package["resources"]["title"] == shipped["resources"]["title"]


def test_text_dump_of_the_personal_story(dumps_imported):
    lesson = lessons(dumps_imported)["Activity 1: Personal story of recovery"]
    assert block_types(lesson) == ["paragraph", "recovery_story", "reflection_prompt"]
    story = lesson["body"][1]["value"]
    assert "National Alliance on Mental Illness" in story["source_title"]
    paragraphs = soup(story["story"]).find_all("p")
    assert len(paragraphs) == 4
    assert paragraphs[0].get_text().startswith("When I was 26 years old")
    assert paragraphs[-1].get_text().endswith("never accepting defeat.")
    assert len(lesson["body"][2]["value"]["questions"]) == 3
    assert (
        lesson["body"][2]["value"]["questions"][0] == "How did it feel to read this recovery story?"
    )


def test_text_dump_of_the_recovery_approach(dumps_imported):
    shipped = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    shipped_body = shipped["sessions"][1]["lessons"][0]["body"]
    shipped_points = [
        normalised(point)
        for block in shipped_body
        if block["type"] == "key_points"
        for point in block["value"]["points"]
    ]
    lesson = lessons(dumps_imported)["How the recovery approach developed"]
    assert block_types(lesson) == ["paragraph"]
    text = soup(lesson["body"][0]["value"])
    # The "•" lines are lists; the shipped course's last two lists are key points blocks.
    lists = [[normalised(li.get_text()) for li in ul.find_all("li")] for ul in text.find_all("ul")]
    assert lists[0] == shipped_points[2:6]
    assert lists[1] == shipped_points[6:]
    assert len(text.find_all("p")) > 10
    assert "Evidence of Recovery: The ‘Ups’ and ‘Downs’ of Longitudinal Outcome Studies" in (
        text.get_text()
    )
    report = lesson_report(dumps_imported, "How the recovery approach developed")
    assert any("mentions a resource but has no link" in line for line in report.check)
