"""What visitors find on course pages: the way around, warnings, notes, progress, the workbook.

These tests read the HTML the server sends. The browser tests (tests/browser/) check
the same pages with their script running.
"""

from pathlib import Path

import pytest

from wagtail_peersupport.localize import translate_course
from wagtail_peersupport.models import CoursePage, LessonPage, ResourcesPage, SessionPage

STATIC = Path(__file__).resolve().parent.parent / "wagtail_peersupport" / "static"


def text(tag):
    return " ".join(tag.get_text(" ", strip=True).split())


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


# Navigation --------------------------------------------------------------------------


def test_lesson_has_breadcrumbs_from_the_course(course, get_soup):
    lesson = lessons_of(course)[2]  # Session 2, first lesson
    crumbs = get_soup(lesson).find("nav", class_="ps-breadcrumbs")
    assert crumbs["aria-label"] == "Breadcrumb"
    links = crumbs.find_all("a")
    assert [text(a) for a in links] == [
        "Peer Support Training",
        "Session 2: Session title 2",
        lesson.title,
    ]
    assert [a.get("aria-current") for a in links] == [None, None, "page"]


def test_outline_marks_the_current_lesson_and_can_fold_away(course, get_soup):
    lesson = lessons_of(course)[3]
    nav = get_soup(lesson).find("nav", class_="ps-outline--sidebar")
    current = nav.select('[aria-current="page"]')
    assert [text(a) for a in current] == [lesson.title]
    # The toggle only appears when the script can work it; it controls the list.
    toggle = nav.find("button", class_="ps-outline__toggle")
    assert toggle.has_attr("hidden") and toggle["aria-expanded"] == "true"
    assert nav.find(id=toggle["aria-controls"]).select("ol > li") != []
    # The outline comes before the main content, so it sits above it on small screens.
    assert nav.find_next("main") is not None


def test_lesson_shows_its_reading_time(home, get_soup):
    from wagtail_peersupport.sample import make_course

    course = make_course(home, title="Reading", sessions=1, lessons_per_session=1)
    lesson = lessons_of(course)[0]
    words = "word " * 900
    lesson.body = [{"type": "paragraph", "value": f"<p>{words}</p>"}]
    lesson.save_revision().publish()
    meta = get_soup(lesson).find(class_="ps-page__meta")
    # 900 words at the default 180 words a minute.
    assert text(meta) == "About 5 minutes to read"


def test_reading_speed_is_a_setting(home, get_soup, settings):
    from wagtail_peersupport.sample import make_course

    settings.WAGTAIL_PEERSUPPORT_READING_SPEED = 100
    course = make_course(home, title="Reading", sessions=1, lessons_per_session=1)
    lesson = lessons_of(course)[0]
    lesson.body = [{"type": "paragraph", "value": "<p>" + "word " * 90 + "</p>"}]
    lesson.save_revision().publish()
    assert text(get_soup(lesson).find(class_="ps-page__meta")) == "About 1 minute to read"


# Private reflections ----------------------------------------------------------------


def test_reflection_questions_get_a_private_notes_box_each(course, get_soup):
    lesson = lessons_of(course)[0]
    block = next(b for b in lesson.body if b.block_type == "reflection_prompt")
    section = get_soup(lesson).find("section", class_="ps-reflection")
    # Keyed on the page's translation key and the block, never on anything personal.
    assert section["data-ps-notes"] == f"{lesson.translation_key}:{block.id}"
    questions = section.select("ol > li")
    assert len(questions) == len(block.value["questions"])
    for number, item in enumerate(questions, start=1):
        field = item.find(class_="ps-notes__field")
        assert field.has_attr("hidden")  # shown by the script only
        textarea = field.find("textarea")
        label = field.find("label", attrs={"for": textarea["id"]})
        assert text(label) == f"Your notes on question {number}"
        assert textarea["data-ps-note"] == str(number)
        question = item.find(id=textarea["aria-describedby"])
        assert text(question) == block.value["questions"][number - 1]
    # No form: nothing can be submitted to the server.
    assert section.find("form") is None
    controls = section.find(class_="ps-notes__controls")
    assert "never sent to us" in text(controls.find(class_="ps-notes__privacy"))
    buttons = [text(b) for b in controls.find_all("button")]
    assert buttons == ["Download my notes", "Clear my notes", "Forget this device"]


def test_notes_follow_the_visitor_into_a_translation(course, locales, get_soup):
    translate_course(course, "cy")
    lesson = lessons_of(course)[0]
    welsh = lesson.get_translation(locales["cy"])
    english_key = get_soup(lesson).find("section", class_="ps-reflection")["data-ps-notes"]
    welsh_key = get_soup(welsh).find("section", class_="ps-reflection")["data-ps-notes"]
    assert welsh_key == english_key


# Progress ---------------------------------------------------------------------------


def test_lesson_can_be_marked_as_done_in_the_browser(course, get_soup):
    lesson = lessons_of(course)[0]
    box = get_soup(lesson).find(class_="ps-lesson-done")
    assert box["data-ps-lesson-done"] == str(lesson.translation_key)
    assert box.has_attr("hidden")
    button = box.find("button")
    assert text(button) == "✓ Mark this lesson as done"
    assert button["aria-pressed"] == "false"
    assert "kept in this browser only" in text(box)


def test_course_page_counts_lessons_for_progress(course, get_soup):
    soup = get_soup(course)
    layout = soup.find(class_="ps-course-layout")
    assert layout["data-ps-course"] == str(course.translation_key)
    progress = soup.find("section", class_="ps-progress")
    assert text(progress.find("p")) == "Lessons marked as done: 0 of 6"
    assert progress.find("progress")["max"] == "6"
    assert text(progress.find("button")) == "Reset my progress"
    keys = [li["data-ps-lesson"] for li in soup.select(".ps-outline [data-ps-lesson]")]
    assert keys == [str(lesson.translation_key) for lesson in lessons_of(course)]


def test_no_cookies_for_anonymous_visitors(course, client):
    for page in [course, *lessons_of(course)[:2]]:
        response = client.get(page.url)
        assert response.status_code == 200
        assert response.cookies == {}
        assert "Set-Cookie" not in response.headers


# Content warnings -------------------------------------------------------------------


def test_flagged_lesson_warns_before_its_content(course, get_soup, contacts):
    lesson = lessons_of(course)[1]
    lesson.content_warnings = ["suicide", "self-harm"]
    lesson.save_revision().publish()
    soup = get_soup(lesson)
    warning = soup.find("article").find(class_="ps-warning")
    assert warning["role"] == "note"
    assert text(warning.find("p")) == "Content warning: Self-harm, Suicide."
    link = warning.find("a")
    assert soup.find(id=link["href"][1:]) is not None  # the support contacts
    # Before the lesson's content, which stays in the page for everyone.
    assert warning.find_next(class_="ps-body") is not None
    assert soup.find(attrs={"aria-hidden": "true"}, class_="ps-body") is None


def test_lessons_without_warnings_show_none(course, get_soup):
    assert get_soup(lessons_of(course)[1]).select("article > .ps-warning") == []


def test_content_warnings_are_chosen_from_a_list_in_the_admin(course, admin_client):
    lesson = lessons_of(course)[0]
    response = admin_client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert response.status_code == 200
    boxes = response.content.decode()
    assert 'type="checkbox" name="content_warnings" value="self-harm"' in boxes
    assert 'value="police-contact"' in boxes


# The workbook -----------------------------------------------------------------------


def test_course_workbook_holds_every_lesson_in_order(course, get_soup):
    soup = get_soup(course)
    link = soup.find(class_="ps-page__print").find("a")
    assert text(link) == "Print a workbook for the whole course"
    workbook = get_soup(link["href"])
    assert text(workbook.find("h1")) == "Peer Support Training"
    sessions = [text(h) for h in workbook.select(".ps-workbook__session-title")]
    assert sessions == [f"Session {n}: Session title {n}" for n in (1, 2, 3)]
    titles = [text(h) for h in workbook.select(".ps-workbook__lesson-title")]
    assert titles == [lesson.title for lesson in lessons_of(course)]


def test_workbook_leaves_space_to_write_under_each_question(course, get_soup):
    workbook = get_soup(course.url + "workbook/")
    questions = workbook.select(".ps-reflection__question")
    assert len(questions) == 6 * 2  # two questions in each of the six lessons
    for question in questions:
        space = question.find(class_="ps-writing-space")
        assert space is not None and space["aria-hidden"] == "true"
        assert len(space.find_all("span")) == 5
    # Paper has no notes boxes, and stories are printed open.
    assert workbook.find("textarea") is None
    assert workbook.find("details") is None
    assert len(workbook.select("figure.ps-story blockquote")) == 6


def test_session_workbook_holds_that_session_only(course, get_soup):
    session = SessionPage.objects.descendant_of(course).order_by("path")[1]
    link = get_soup(session).find(class_="ps-page__print").find("a")
    assert text(link) == "Print a workbook for this session"
    workbook = get_soup(link["href"])
    assert text(workbook.find("h1")) == "Session 2: Session title 2"
    titles = [text(h) for h in workbook.select(".ps-workbook__lesson-title")]
    assert titles == [p.title for p in lessons_of(session)]
    assert workbook.find("html")["lang"] == "en"


def test_workbook_of_a_translation_is_in_its_language(course, locales, get_soup):
    translate_course(course, "ar")
    arabic = course.get_translation(locales["ar"])
    workbook = get_soup(arabic.url + "workbook/")
    assert workbook.find("html")["dir"] == "rtl" and workbook.find("html")["lang"] == "ar"


def test_unpublished_lessons_stay_out_of_the_workbook(course, get_soup):
    hidden = lessons_of(course)[0]
    hidden.unpublish()
    workbook = get_soup(course.url + "workbook/")
    titles = [text(h) for h in workbook.select(".ps-workbook__lesson-title")]
    assert hidden.title not in titles and len(titles) == 5


# Front-end budget and policy ---------------------------------------------------------


def test_css_and_js_stay_within_34_kb():
    # 30 KB until knowledge checks and reading offline; the offline worker (2 KB) is
    # fetched once per course, not with every page.
    files = [p for p in STATIC.rglob("*") if p.suffix in (".css", ".js")]
    assert {p.suffix for p in files} == {".css", ".js"}
    total = sum(p.stat().st_size for p in files)
    assert total <= 34 * 1024, f"{total} bytes of CSS and JS"


@pytest.mark.parametrize("kind", ["course", "session", "lesson", "resources", "workbook"])
def test_pages_need_no_inline_script_and_nothing_from_elsewhere(course, get_soup, kind):
    session = SessionPage.objects.descendant_of(course).first()
    url = {
        "course": course.url,
        "session": session.url,
        "lesson": lessons_of(course)[0].url,
        "resources": ResourcesPage.objects.descendant_of(course).first().url,
        "workbook": course.url + "workbook/",
    }[kind]
    soup = get_soup(url)
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith("/static/") and not script.string
    handlers = [
        (tag.name, name)
        for tag in soup.find_all(True)
        for name in tag.attrs
        if name.startswith("on")
    ]
    assert handlers == []
    assert soup.find(style=True) is None and soup.find("style") is None
    loaded = [tag.get("src") for tag in soup.find_all(["img", "script", "iframe"])] + [
        link.get("href") for link in soup.find_all("link", rel="stylesheet")
    ]
    assert all(src and src.startswith("/") and not src.startswith("//") for src in loaded)


def test_course_pages_hold_one_h1_and_no_skipped_heading_levels(course, get_soup):
    for page in [course, SessionPage.objects.descendant_of(course).first(), lessons_of(course)[0]]:
        soup = get_soup(page)
        levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels.count(1) == 1, (page.title, levels)
        steps = [b - a for a, b in zip(levels, levels[1:], strict=False)]
        assert max(steps) <= 1, (page.title, levels)


@pytest.mark.django_db  # a new page looks up its content type
def test_course_page_types_know_their_workbook_route():
    for model in (CoursePage, SessionPage):
        assert model().reverse_subpage("workbook") == "workbook/"


# Leaving quickly, and forgetting this device ----------------------------------------------


def pages_with_workbooks(course):
    session = SessionPage.objects.child_of(course).order_by("path").first()
    lesson = lessons_of(course)[0]
    resources = ResourcesPage.objects.child_of(course).first()
    return {
        "course": course.url,
        "session": session.url,
        "lesson": lesson.url,
        "resources": resources.url,
        "course workbook": course.url + "workbook/",
        "session workbook": session.url + "workbook/",
        "privacy": course.url + "privacy/",
    }


def test_every_page_can_be_left_quickly_straight_after_the_skip_link(course, get_soup):
    for kind, url in pages_with_workbooks(course).items():
        soup = get_soup(url)
        focusable = soup.select("a[href], button, textarea, input, select")
        skip = next(i for i, tag in enumerate(focusable) if "ps-skip-link" in tag.get("class", []))
        exit_link = focusable[skip + 1]
        assert exit_link.has_attr("data-ps-quick-exit"), kind
        assert exit_link["href"] == "https://www.bbc.co.uk/weather", kind
        assert exit_link["rel"] == ["noreferrer", "nofollow"], kind
        # Screen readers hear "Emergency exit: Leave this site quickly".
        assert text(exit_link) == "Emergency exit: Leave this site quickly", kind
        assert text(exit_link.find(class_="ps-visually-hidden")) == "Emergency exit:", kind
        assert len(soup.select("[data-ps-quick-exit]")) == 1, kind


def test_the_quick_exit_goes_where_the_site_says_or_is_turned_off(course, get_soup, settings):
    settings.WAGTAIL_PEERSUPPORT_QUICK_EXIT_URL = "https://www.example.org/news/"
    assert get_soup(course).select_one("[data-ps-quick-exit]")["href"] == (
        "https://www.example.org/news/"
    )
    settings.WAGTAIL_PEERSUPPORT_QUICK_EXIT_URL = None
    for kind, url in pages_with_workbooks(course).items():
        soup = get_soup(url)
        assert soup.select("[data-ps-quick-exit], .ps-quick-exit") == [], kind
    assert get_soup(course.url + "privacy/").find(id="ps-leaving") is None


def test_the_privacy_page_says_what_leaving_quickly_does_and_does_not_do(course, get_soup):
    soup = get_soup(course)
    link = soup.select_one(".ps-quick-exit__about a")
    assert text(link) == "How leaving quickly works"
    page = get_soup(link["href"])
    assert text(page.find("h1")) == "Leaving quickly, and your privacy"
    body = text(page.find("main"))
    assert "It replaces this page in the browser's history" in body
    assert "It does not clear your browser's history" in body
    assert "They are never sent to us or to anyone else" in body
    assert page.select("[data-ps-forget] button")
    assert text(page.find("title")).startswith(
        "Leaving quickly, and your privacy · Peer Support Training"
    )


def test_forget_this_device_is_on_the_course_page_and_beside_the_notes(shipped_course, get_soup):
    course_page = get_soup(shipped_course)
    section = course_page.find("section", class_="ps-privacy")
    assert text(section.find("h2")) == "Privacy on this device"
    assert section.find("a")["href"] == shipped_course.url + "privacy/"
    forget = section.select_one("[data-ps-forget]")
    assert forget.has_attr("hidden")  # shown by the script, which does the forgetting
    assert text(forget.find("button")) == "Forget this device"
    assert "This cannot be undone." in forget["data-ps-confirm"]
    lesson = LessonPage.objects.descendant_of(shipped_course).get(
        title="Activity 1: Personal story of recovery"
    )
    notes = get_soup(lesson).select(".ps-notes__controls [data-ps-forget] button")
    assert [text(button) for button in notes] == ["Forget this device"]
