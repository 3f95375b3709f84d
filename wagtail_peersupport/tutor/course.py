"""Put parsed Tutor LMS pages together into one course package.

The outline comes from the course-content sidebar that every saved page repeats;
outlines are merged, so pages saved when the course had fewer lessons, or saved
with some topics folded, still add what they show. Topics become sessions (the
summary is the aim), lessons become lesson pages: with their content when their
page was saved, otherwise as a placeholder saying the content is missing.
"""

from html import escape

from django.utils.text import slugify
from django.utils.translation import gettext

from ..coursepackage.schema import FORMAT_VERSION
from .mapping import map_lesson
from .parse import Topic
from .report import LessonReport, SessionReport, TutorImportReport
from .sanitise import sanitise

__all__ = ["build_package", "RESOURCE_TOPICS"]

# A topic with one of these titles and no lessons is the course's resources page.
RESOURCE_TOPICS = {"useful resources", "resources", "further reading", "useful links"}


def _key(text):
    return " ".join(text.split()).casefold()


def _topic_key(topic):
    # A topic with no title (it happens) is known by its summary.
    return _key(topic.title) or _key(topic.summary)


def merge_outlines(pages, report):
    """One outline from every page's sidebar, in order.

    Topics are matched in order, so two topics with the same title (a "Review"
    session halfway and at the end) stay two sessions.
    """
    merged = []
    for page in pages:
        cursor, first_outline = 0, not merged
        for topic in page.topics:
            key = _topic_key(topic)
            following = range(cursor, len(merged))
            match = next((i for i in following if _topic_key(merged[i]) == key), None)
            if match is None:
                if not first_outline:
                    report.notes.append(
                        f"the topic {topic.title or topic.summary[:40]!r} is only in the "
                        f"outline of {page.source.name}"
                    )
                merged.insert(cursor, Topic(topic.title, topic.summary))
                match = cursor
            target = merged[match]
            target.summary = target.summary or topic.summary
            position = 0
            for lesson in topic.lessons:
                known = [_key(title) for title in target.lessons]
                if _key(lesson) in known:
                    position = known.index(_key(lesson)) + 1
                else:
                    target.lessons.insert(position, lesson)
                    position += 1
            for skipped in topic.skipped:
                if skipped not in target.skipped:
                    target.skipped.append(skipped)
            cursor = match + 1
    return merged


def _unique_slug(title, taken, fallback):
    base = slugify(title)[:80].strip("-") or fallback
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def placeholder_lesson_body():
    """The body of a lesson whose content was not imported."""
    text = gettext(
        "This lesson's content was not imported from Tutor LMS: the lesson was listed in "
        "the course outline, but its page was not among the saved pages. Add the content "
        "here before publishing the lesson."
    )
    return [
        {
            "type": "callout",
            "value": {
                "kind": "important",
                "heading": gettext("Content not imported"),
                "text": f"<p>{escape(text, quote=False)}</p>",
            },
        }
    ]


def _course_title(pages, title, report):
    if title:
        report.course_title, report.course_title_from = title, "the --title option"
        return title
    for source in ("the course title element", "the page title (<title>)"):
        for page in pages:
            if page.course_title and page.course_title_from == source:
                report.course_title = page.course_title
                report.course_title_from = f"{source} of {page.source.name}"
                return page.course_title
    report.course_title = gettext("Imported course")
    report.course_title_from = "nowhere: no page names the course; set the title (or --title)"
    return report.course_title


def _lesson_pages(pages, topics, report):
    """Each saved lesson page, keyed by the lesson title it is saved as."""
    outline = {_key(title) for topic in topics for title in topic.lessons}
    by_title, leftovers = {}, []
    for page in pages:
        if page.body is None:
            continue
        if not page.lesson_title:
            page.lesson_title = page.source.stem
            report.notes.append(
                f"{page.source.name} does not say which lesson it is; it is named after the file"
            )
        key = _key(page.lesson_title)
        if key in by_title:
            report.notes.append(
                f"{page.source.name} is the lesson {page.lesson_title!r} again; "
                f"{by_title[key].source.name} was used"
            )
            continue
        by_title[key] = page
        if key not in outline:
            leftovers.append(page)
    if leftovers:
        topics.append(
            Topic(gettext("Imported lessons"), lessons=[p.lesson_title for p in leftovers])
        )
        report.notes.append(
            f"{len(leftovers)} saved lesson page(s) are in no course outline and were put in a "
            f"session of their own: {', '.join(page.source.name for page in leftovers)}"
        )
    return by_title


def _lesson(title, page, taken, report_session):
    lesson_report = LessonReport(title=title)
    report_session.lessons.append(lesson_report)
    spec = {"title": title[:255], "slug": _unique_slug(title, taken, "lesson")}
    if page is None:
        spec["body"] = placeholder_lesson_body()
        return spec
    lesson_report.source, lesson_report.layout = page.source.name, page.layout
    if page.body is not None:
        lesson_report.removed, changed = sanitise(page.body, page.soup, page.base_url)
        lesson_report.check += changed
    body = map_lesson(page, lesson_report)
    if not body:
        body = placeholder_lesson_body()
        lesson_report.check.append("the saved page had no lesson content: a placeholder was made")
    spec["body"] = body
    return spec


def build_package(pages, title=None):
    """``(package data, TutorImportReport)`` for parsed pages, in the order given."""
    report = TutorImportReport()
    for page in pages:
        count = len(page.topics)
        held = [f"{count} topic{'s' if count != 1 else ''} in its outline"] if count else []
        if page.body is not None:
            held.append(f"the lesson {page.lesson_title!r}")
        report.pages.append((page.source.name, page.layout, " and ".join(held)))
    course_title = _course_title(pages, title, report)
    topics = merge_outlines(pages, report)
    lesson_pages = _lesson_pages(pages, topics, report)
    package = {
        "format": FORMAT_VERSION,
        "course": {"title": course_title[:255], "slug": slugify(course_title)[:80] or "course"},
        "sessions": [],
    }
    session_slugs = {package["course"]["slug"]}
    for topic in topics:
        if (
            _key(topic.title) in RESOURCE_TOPICS
            and not topic.lessons
            and "resources" not in package
        ):
            package["resources"] = _resources(topic, session_slugs, report)
            continue
        number = len(package["sessions"]) + 1
        session_title = topic.title or gettext("Session %(number)s") % {"number": number}
        session_report = SessionReport(number, session_title)
        report.sessions.append(session_report)
        if not topic.title:
            session_report.notes.append(
                "title: PLACEHOLDER (the topic had no title in the outline): write the title"
            )
        aim = topic.summary
        if not aim:
            aim = gettext(
                "Aim to be written: Tutor LMS had no summary for this topic, so the session's "
                "aim could not be imported."
            )
            session_report.placeholder_aim = True
        for kind, name in topic.skipped:
            session_report.notes.append(
                f"{kind} {name!r} not imported: course packages hold lessons only"
            )
        lesson_slugs = set()
        lessons = [
            _lesson(name, lesson_pages.get(_key(name)), lesson_slugs, session_report)
            for name in topic.lessons
        ]
        package["sessions"].append(
            {
                "title": session_title[:255],
                "slug": _unique_slug(session_title, session_slugs, f"session-{number}"),
                "aim": aim,
                "lessons": lessons,
            }
        )
    return package, report


def _resources(topic, taken, report):
    report.notes.append(
        f"the topic {topic.title!r} has no lessons and became the course's resources page; "
        "add the resources to it"
    )
    text = gettext(
        "Tutor LMS listed this page in the course outline with nothing in it, so there was "
        "nothing to import. Add the course's resources here."
    )
    return {
        "title": topic.title[:255],
        "slug": _unique_slug(topic.title, taken, "resources"),
        "introduction": f"<p>{escape(topic.summary, quote=False)}</p>" if topic.summary else "",
        "body": [
            {
                "type": "callout",
                "value": {
                    "kind": "important",
                    "heading": "",
                    "text": f"<p>{escape(text, quote=False)}</p>",
                },
            }
        ],
    }
