"""How long course pages take to render, against a plain page of the site.

Run with ``make bench`` or ``python benchmarks/render_pages.py``. For generated courses
of 10, 100 and 500 lessons, fetches the course page, a session page and a lesson page
with Django's test client (the whole request: middleware, routing, the database,
templates) and reports the median time after a warm-up, the database queries and the
size of the page: with Django's cache as repeated requests leave it; on the first visit
after a change (another lesson of the course published before each request, with the
task that follows a change having run, as it does on a site); and with the cache emptied
before each request (a restart). The plain page is the test site's ``ArticlePage`` at the
lesson's depth (home > a > b > article) holding the lesson's text as paragraphs of rich
text.

Targets: a lesson renders in at most 1.3 times the plain page, whatever the course's
size; on the first visit after a change, a lesson of a 500-lesson course takes at most
1.5 times one of a 10-lesson course, and at most 3 times the plain page.
"""

import os
import statistics
import time
from html import escape

from _common import QueryCount, machine, progress, section_for_database, setup_django, write_results

SIZES = [(5, 2), (20, 5), (50, 10)]  # sessions x lessons: 10, 100 and 500 lessons
WARM_UP = 5
REPEATS = 40
TARGET = 1.3
FIRST_VISIT_TARGETS = (1.5, 3.0)  # against the 10-lesson course, against the plain page
STATES = ("cached", "after a change", "emptied cache")


def body_paragraphs(lesson):
    """The text of the lesson's body as rendered, one string per line of text."""
    from bs4 import BeautifulSoup

    html = lesson.body.render_as_block(context={"page": lesson, "self": lesson})
    text = BeautifulSoup(str(html), "html.parser").get_text("\n")
    return [line.strip() for line in text.splitlines() if line.strip()]


def plain_page_like(home, lesson, label):
    """An ArticlePage at the lesson's depth holding as much text as the lesson's body."""
    from wagtail.models import Page

    from tests.testapp.models import ArticlePage

    paragraphs = body_paragraphs(lesson)
    section = home.add_child(instance=Page(title=f"Plain pages {label}"))
    for _ in range(lesson.depth - home.depth - 2):
        section = section.add_child(instance=Page(title=f"Section {section.depth}"))
    article = section.add_child(
        instance=ArticlePage(
            title=lesson.title,
            body="".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs),
        )
    )
    assert article.depth == lesson.depth, (article.depth, lesson.depth)
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    return article, len(paragraphs), words


def empty_caches():
    """Empty Django's caches, as after a restart or on a server that has not served yet."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def publish_another(lesson):
    """Publish a new revision of ``lesson``: a change to its course, committed."""

    def change():
        lesson.title = f"{lesson.title.split(' (')[0]} ({time.perf_counter_ns()})"
        lesson.save_revision().publish()

    return change


def measure(client, urls, before=None):
    """Median and fastest time in ms, queries and bytes of each page, fetched repeatedly.

    ``before`` runs before each request, untimed. The pages take turns, so a moment
    when the machine is busy slows them alike.
    """
    for url in urls.values():
        for _ in range(WARM_UP):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    times = {kind: [] for kind in urls}
    for _ in range(REPEATS):
        for kind, url in urls.items():
            if before:
                before()
            started = time.perf_counter()
            client.get(url)
            times[kind].append((time.perf_counter() - started) * 1000)
    figures = {}
    for kind, url in urls.items():
        if before:
            before()
        with QueryCount() as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        figures[kind] = {
            "ms": statistics.median(times[kind]),
            "fastest": min(times[kind]),
            "queries": queries.count,
            "bytes": len(response.content),
        }
    return figures


def middle(pages):
    return pages[len(pages) // 2]


def main():
    setup_django(test_environment=False)
    from django.test import Client
    from wagtail.models import Page, Site

    from wagtail_peersupport.models import AbstractSessionPage
    from wagtail_peersupport.sample import make_course

    home = Site.objects.get(is_default_site=True).root_page
    client = Client()
    load_before = os.getloadavg()[0]
    results = []  # (lessons, {page kind: figures})
    text = None
    for sessions, per_session in SIZES:
        lessons = sessions * per_session
        progress(f"Loading a course of {sessions} sessions x {per_session} lessons...")
        course = make_course(
            home,
            title=f"Course of {lessons} lessons",
            sessions=sessions,
            lessons_per_session=per_session,
        )
        session = middle(
            Page.objects.child_of(course).type(AbstractSessionPage).order_by("path")
        ).specific
        lesson = middle(Page.objects.child_of(session).order_by("path")).specific
        other = Page.objects.child_of(session).order_by("path").first().specific
        article, paragraphs, words = plain_page_like(home, lesson, lessons)
        text = (paragraphs, words)
        urls = {
            "course page": course.get_url(),
            "session page": session.get_url(),
            "lesson page": lesson.get_url(),
            "plain page": article.get_url(),
        }
        figures = {}
        befores = (None, publish_another(other), empty_caches)
        for state, before in zip(STATES, befores, strict=True):
            progress(f"  timing ({state}) {', '.join(urls.values())}...")
            figures[state] = measure(client, urls, before)
            for kind, row in figures[state].items():
                progress(
                    f"    {kind}: {row['ms']:.1f} ms, {row['queries']} queries, "
                    f"{row['bytes'] / 1000:.1f} kB"
                )
        results.append((lessons, figures))

    def cell(row):
        return f"{row['ms']:.1f} ms ({row['fastest']:.1f})"

    lines = [
        f"Machine: {machine()}. Django test client, {REPEATS} requests per page, the "
        f"pages taking turns, after {WARM_UP} to warm up; median time (fastest in "
        "brackets). *Cached*: the same request repeated, so whatever the site keeps in "
        "Django's cache is there. *After a change*: the first visit after a change to the "
        "course: before each request, a new revision of another lesson of the course is "
        "published (untimed), which makes every cached copy of the course stale, and the "
        "task that follows a change (building the course's outline) runs, as django-tasks' "
        "default backend runs it on a site; the request then renders the page afresh. "
        "*Emptied cache*: Django's cache emptied before each request, as after a restart. "
        "Each lesson page is the middle lesson of the middle session. The plain page is an "
        "`ArticlePage` at the lesson's depth whose body holds the lesson's text "
        f"({text[1]} words) as {text[0]} paragraphs. The machine's load average was "
        f"{load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end (other work "
        "on the machine slows every page alike; compare the ratios). Command: "
        "`python benchmarks/render_pages.py`.",
        "",
        "| lessons | page | cached | after a change | emptied cache | "
        "queries, cached / after a change / emptied | HTML |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for lessons, figures in results:
        for kind in figures["cached"]:
            rows = [figures[state][kind] for state in STATES]
            lines.append(
                f"| {lessons} | {kind} | "
                + " | ".join(cell(row) for row in rows)
                + " | "
                + " / ".join(str(row["queries"]) for row in rows)
                + f" | {rows[0]['bytes'] / 1000:.1f} kB |"
            )
    lines += [
        "",
        f"Lesson page against the plain page (target: at most {TARGET}x cached):",
        "",
        "| lessons | cache | lesson page | plain page | ratio | queries, lesson / plain | target |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for lessons, figures in results:
        for state in STATES:
            lesson, plain = figures[state]["lesson page"], figures[state]["plain page"]
            ratio = lesson["ms"] / plain["ms"]
            target = {"cached": TARGET, "after a change": FIRST_VISIT_TARGETS[1]}.get(state)
            verdict = "—" if target is None else ("met" if ratio <= target else "missed")
            lines.append(
                f"| {lessons} | {state} | {lesson['ms']:.1f} ms | {plain['ms']:.1f} ms | "
                f"{ratio:.2f}x | {lesson['queries']} / {plain['queries']} | {verdict} |"
            )
    small, large = results[0], results[-1]
    first_small = small[1]["after a change"]["lesson page"]
    first_large = large[1]["after a change"]["lesson page"]
    plain_large = large[1]["after a change"]["plain page"]
    growth = first_large["ms"] / first_small["ms"]
    against_plain = first_large["ms"] / plain_large["ms"]
    lines += [
        "",
        "First visit after a change, lesson page:",
        "",
        "| target | measured | |",
        "|---|---:|---|",
        f"| {large[0]} lessons at most {FIRST_VISIT_TARGETS[0]}x {small[0]} lessons "
        f"| {first_large['ms']:.1f} ms / {first_small['ms']:.1f} ms = {growth:.2f}x "
        f"| {'met' if growth <= FIRST_VISIT_TARGETS[0] else 'missed'} |",
        f"| {large[0]} lessons at most {FIRST_VISIT_TARGETS[1]}x the plain page "
        f"| {first_large['ms']:.1f} ms / {plain_large['ms']:.1f} ms = {against_plain:.2f}x "
        f"| {'met' if against_plain <= FIRST_VISIT_TARGETS[1] else 'missed'} |",
        "",
    ]
    for state in STATES:
        first, last = small[1][state], large[1][state]
        growth = [
            f"{kind} {last[kind]['ms'] / first[kind]['ms']:.2f}x "
            f"({first[kind]['queries']} to {last[kind]['queries']} queries)"
            for kind in first
        ]
        lines.append(f"From {small[0]} to {large[0]} lessons, {state}: " + "; ".join(growth) + ".")
    write_results(
        section_for_database("Rendering pages (benchmarks/render_pages.py)"), "\n".join(lines)
    )


if __name__ == "__main__":
    main()
