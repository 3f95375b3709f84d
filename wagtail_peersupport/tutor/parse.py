"""Read a saved Tutor LMS page: its course outline, lesson content and attachments.

Tutor's markup changed between versions; both are read, from the classes and ids
its templates output (see docs/importing-from-tutor.md for the templates):

- 1.x: the sidebar's ``.tutor-topics-in-single-lesson`` topics (``.tutor-topics-title
  h3``, ``.tutor-topics-summery``, ``.tutor-single-lesson-items``), the lesson in
  ``.tutor-lesson-content-area`` (or ``.lesson_content`` with "About Lesson" and
  "Exercise Files" headings), attachments in ``.tutor-attachments-wrap``;
- 2.x and later: the sidebar's ``.tutor-course-topic`` topics, the lesson in
  ``#tutor-course-spotlight-overview`` (``.tutor-lesson-wrapper``), attachments in
  ``#tutor-course-spotlight-files``, the course title in the lesson header.

A page with neither is read by its visible headings ("Course Content", "About
Lesson", "Exercise Files"), which every version shows.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, Tag

from .source import TutorImportError, read_html

__all__ = ["Topic", "Attachment", "TutorPage", "read_tutor_page", "parse_tutor_html", "text_of"]

ABOUT = {"about lesson", "about this lesson"}
FILES = {"exercise files", "attachments"}
OUTLINE = {"course content", "topics for this course", "lesson list"}
STOPS = ABOUT | FILES | OUTLINE | {"comments", "question & answer", "browse q&a", "reviews"}
NO_ATTACHMENTS = ("no attachment found", "no attchment found")  # Tutor 2.0 spelt it so
TITLE_SEPARATORS = (" – ", " — ", " | ", " - ", " · ", " :: ")
TUTOR_1_CHROME = (
    "#tutor_video_tracking_information, .tutor-lesson-video-wrap, .tutor-attachments-wrap, "
    ".tutor-next-previous-pagination-wrap, .tutor-lesson-complete-form-wrap, "
    ".tutor-single-page-top-bar"
)
SKIPPED_KINDS = {
    "quiz": "quiz",
    "assignment": "assignment",
    "assignments": "assignment",
    "zoom": "Zoom meeting",
    "meeting": "Zoom meeting",
}


@dataclass
class Topic:
    """A topic of the course outline, with the titles of its lessons in order."""

    title: str
    summary: str = ""
    lessons: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # quizzes, assignments: ("quiz", title)


@dataclass
class Attachment:
    title: str
    href: str


@dataclass
class TutorPage:
    """What one saved page says about the course."""

    source: Path
    layout: str
    course_title: str = ""
    course_title_from: str = ""
    lesson_title: str = ""
    topics: list = field(default_factory=list)
    body: Tag | None = None
    attachments: list = field(default_factory=list)
    no_attachments: bool = False
    base_url: str = ""
    soup: BeautifulSoup | None = None


def text_of(node):
    """The visible text of ``node`` with whitespace collapsed."""
    if node is None:
        return ""
    return " ".join(node.get_text(" ").split())


def _label(text):
    return text.casefold().rstrip(" :")


NOT_LABELS = {"a", "body", "html", "head", "title", "script", "style", "button", "[document]"}


def _is_label(tag, labels):
    if not isinstance(tag, Tag) or tag.name in NOT_LABELS:
        return False
    if tag.find_parent(["a", "nav"]) or tag.find_parent(class_="tutor-course-spotlight-nav"):
        return False
    return _label(text_of(tag)) in labels


def find_label(root, labels):
    """The innermost element whose whole text is one of ``labels``, or ``None``."""
    found = [tag for tag in root.find_all(True) if _is_label(tag, labels)]
    innermost = [tag for tag in found if not any(other in tag.descendants for other in found)]
    return innermost[0] if innermost else None


def section_after(label, soup):
    """A new ``div`` holding what follows ``label``, up to the next section heading."""
    node = label
    while not any(_has_content(sib) for sib in node.next_siblings):
        if node.parent is None or node.parent.name in ("body", "html", "[document]"):
            break
        node = node.parent
    section = soup.new_tag("div")
    for sibling in list(node.next_siblings):
        if isinstance(sibling, Tag) and (
            _is_label(sibling, STOPS) or find_label(sibling, STOPS) is not None
        ):
            break
        section.append(sibling.extract())
    return section


def _has_content(node):
    if isinstance(node, Tag):
        return bool(text_of(node)) or node.find(["iframe", "img", "a"]) is not None
    return bool(str(node).strip()) and not isinstance(node, Comment)


def _without(tag, selector):
    """The text of ``tag`` leaving out the elements matching ``selector``."""
    clone = BeautifulSoup(str(tag), "html.parser")
    for part in clone.select(selector):
        part.decompose()
    return text_of(clone)


def _item_kind(classes):
    for name in classes:
        for key, kind in SKIPPED_KINDS.items():
            if key in name.split("-") and "lesson" not in name.split("-"):
                return kind
    return "lesson"


def _add_item(topic, kind, title, active, page):
    if not title:
        return
    if kind == "lesson":
        topic.lessons.append(title)
        if active and not page.lesson_title:
            page.lesson_title = title
    else:
        topic.skipped.append((kind, title))


def _outline_tutor_2(soup, page):
    # The lesson sidebar (lesson_sidebar.php), else the course page's accordion.
    topics = soup.select(".tutor-course-topic") or soup.select(".tutor-accordion-item")
    for node in topics:
        header = node.select_one(".tutor-course-topic-title") or node.select_one(
            ".tutor-accordion-item-header"
        )
        if header is None:
            continue
        topic = Topic(
            title=_without(header, ".tutor-course-topic-title-info, .tooltip-wrap"),
            summary=text_of(header.select_one(".tooltip-txt")),
        )
        for item in node.select(".tutor-course-topic-item, .tutor-course-content-list-item"):
            classes = [c for c in item.get("class", []) if c != "tutor-course-topic-item"]
            title = text_of(
                item.select_one(
                    ".tutor-course-topic-item-title, .tutor-course-content-list-item-title"
                )
            )
            active = "is-active" in item["class"] or "active" in item["class"]
            _add_item(topic, _item_kind(classes), title, active, page)
        page.topics.append(topic)


def _outline_tutor_1(soup, page):
    # Tutor 2.0's first releases kept these classes and moved the summary into a tooltip.
    icons = (
        ".toggle-information-icon, .toogle-informaiton-icon, .topic-toggle-description, "
        ".tooltip-wrap, i"
    )
    for node in soup.select(".tutor-topics-in-single-lesson"):
        header = node.select_one(".tutor-topics-title h3, .tutor-course-title h4")
        topic = Topic(
            title=_without(header, icons) if header else "",
            summary=text_of(node.select_one(".tutor-topics-summery, .tooltip-txt")),
        )
        for item in node.select(".tutor-single-lesson-items"):
            title = text_of(item.select_one(".lesson_title"))
            active = "active" in item["class"] or "active" in item.parent.get("class", [])
            _add_item(topic, _item_kind(item["class"]), title, active, page)
        for item in node.select(".tutor-course-lesson h5"):
            # On the course page only the icon tells a quiz or an assignment from a lesson.
            icon = item.find("i")
            icons = icon.get("class", []) if icon is not None else []
            kind = "quiz" if "tutor-icon-doubt" in icons else "lesson"
            kind = "assignment" if "tutor-icon-clipboard" in icons else kind
            title = _without(item, ".tutor-lesson-duration, .tutor-zoom-label, i")
            _add_item(topic, kind, title, False, page)
        page.topics.append(topic)


def _outline_from_headings(soup, page):
    label = find_label(soup, OUTLINE)
    if label is None:
        return
    section = section_after(label, soup)
    topic = None
    for node in section.find_all(["h2", "h3", "h4", "h5", "h6", "p", "li"]):
        if node.name != "li" and node.find_parent("li"):
            continue
        if node.name.startswith("h"):
            topic = Topic(title=text_of(node))
            page.topics.append(topic)
        elif node.name == "p" and topic is not None and not topic.lessons:
            topic.summary = " ".join(filter(None, [topic.summary, text_of(node)]))
        elif node.name == "li":
            if topic is None:
                topic = Topic(title="")
                page.topics.append(topic)
            classes = " ".join(node.get("class", []))
            active = "active" in classes or "current" in classes or node.get("aria-current")
            _add_item(topic, "lesson", text_of(node), active, page)


def _attachments(section, page):
    for link in section.find_all("a", href=True):
        name = link.select_one(".tutor-name, .tutor-attachment-info span")
        title = text_of(name) if name else text_of(link)
        if not title:
            title = unquote(Path(urlsplit(link["href"]).path).name)
        page.attachments.append(Attachment(title=title, href=link["href"]))
    text = text_of(section).casefold()
    if any(empty in text for empty in NO_ATTACHMENTS):
        page.no_attachments = True
    page.no_attachments = page.no_attachments and not page.attachments


def _videos(soup, selector):
    """The lesson's own video, which Tutor shows above the lesson content."""
    return [
        video.extract()
        for wrap in soup.select(selector)
        for video in wrap.find_all(["iframe", "video"])
    ]


def _body(videos, content, soup):
    body = soup.new_tag("div")
    for node in [*videos, *(list(content.contents) if content is not None else [])]:
        body.append(node.extract())
    return body if (videos or content is not None) else None


def _content_tutor_2(soup, page):
    videos = _videos(soup, ".tutor-video-player-wrapper")
    overview = soup.select_one("#tutor-course-spotlight-overview")
    content = soup.select_one(".tutor-lesson-wrapper")
    if content is None and overview is not None:
        label = find_label(overview, ABOUT)
        content = section_after(label, soup) if label else overview
    page.body = _body(videos, content, soup)
    files = soup.select_one("#tutor-course-spotlight-files")
    if files is not None:
        _attachments(files, page)


def _content_tutor_1(soup, page):
    videos = _videos(soup, ".tutor-lesson-video-wrap")
    area = soup.select_one(".tutor-lesson-content-area, .lesson_content")
    if area is None:
        _content_from_headings(soup, page, videos)
        return
    for wrap in area.select(".tutor-attachments-wrap"):
        _attachments(wrap, page)
    for chrome in area.select(TUTOR_1_CHROME):
        chrome.decompose()
    label = find_label(area, ABOUT)
    files = find_label(area, FILES)
    if files is not None:
        _attachments(section_after(files, soup), page)
        files.decompose()
    if label is not None:
        page.body = _body(videos, section_after(label, soup), soup)
    else:
        page.body = _body(videos, area, soup)


def _content_from_headings(soup, page, videos=()):
    label = find_label(soup, ABOUT)
    files = find_label(soup, FILES)
    if files is not None:
        _attachments(section_after(files, soup), page)
    if label is not None:
        page.body = _body(list(videos), section_after(label, soup), soup)


def _base_url(soup):
    for selector, attribute in (
        ("link[rel=canonical]", "href"),
        ('meta[property="og:url"]', "content"),
        ("base[href]", "href"),
    ):
        tag = soup.select_one(selector)
        if tag is not None and str(tag.get(attribute, "")).startswith(("http://", "https://")):
            return tag[attribute]
    # Chrome and Internet Explorer note the address of a saved page in a comment.
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        if comment.strip().startswith("saved from url="):
            url = comment.split(")", 1)[-1].strip()
            if url.startswith(("http://", "https://")):
                return url
    return ""


def _titles(soup, page):
    header = soup.select_one(
        ".tutor-course-topic-single-header-title, .tutor-course-details-title, "
        ".tutor-course-header-h1"
    )
    if header is not None and text_of(header):
        page.course_title, page.course_title_from = text_of(header), "the course title element"
    topbar = soup.select_one(".tutor-topbar-content-title-wrap")
    if topbar is not None and text_of(topbar):
        page.lesson_title = text_of(topbar)
    title = soup.select_one("head title") or soup.find("title")
    parts = [text_of(title)] if title else []
    for separator in TITLE_SEPARATORS:
        if parts and separator in parts[0]:
            parts = [p.strip() for p in parts[0].split(separator)]
            parts = parts[:-1]  # the last part names the site
            break
    if page.body is not None and not page.lesson_title and parts:
        page.lesson_title = parts[0]
    others = [p for p in parts if p and p.casefold() != page.lesson_title.casefold()]
    if not page.course_title and others:
        page.course_title, page.course_title_from = others[0], "the page title (<title>)"


def parse_tutor_html(html, source=""):
    """Read the text of a saved Tutor LMS page; raise ``TutorImportError`` if it is not one."""
    soup = BeautifulSoup(html, "html.parser")
    version_2 = soup.select_one(
        "#tutor-course-spotlight-overview, .tutor-course-single-sidebar-title, "
        ".tutor-course-topic-item, .tutor-lesson-wrapper, .tutor-course-topic-single-header, "
        ".tutor-course-content-list-item"
    )
    version_1 = soup.select_one(
        ".tutor-topics-in-single-lesson, .tutor-lesson-content-area, .lesson_content, "
        ".tutor-single-lesson-segment, .tutor-course-topics-wrap"
    )
    layout = "Tutor 2.x" if version_2 else "Tutor 1.x" if version_1 else "page headings"
    page = TutorPage(source=Path(source), layout=layout, soup=soup)
    page.base_url = _base_url(soup)
    for read_outline in (_outline_tutor_2, _outline_tutor_1, _outline_from_headings):
        if not page.topics:
            read_outline(soup, page)
    if version_2:
        _content_tutor_2(soup, page)
    elif version_1:
        _content_tutor_1(soup, page)
    if page.body is None and not version_2:
        _content_from_headings(soup, page)
    if not page.topics and page.body is None:
        if version_1 or version_2:
            raise TutorImportError(
                "this Tutor LMS page has neither a course outline nor lesson content "
                "(save a lesson page or the course page)",
                source=source,
            )
        raise TutorImportError(
            "this is not a Tutor LMS lesson or course page (no Tutor LMS markup, and no "
            "'Course Content' or 'About Lesson' heading)",
            source=source,
        )
    _titles(soup, page)
    return page


def read_tutor_page(path):
    """Read and parse the saved page at ``path``."""
    html, _charset = read_html(path)
    return parse_tutor_html(html, source=path)
