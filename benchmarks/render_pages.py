"""How long course pages take to render, against a plain page of the site.

Run with ``make bench`` or ``python benchmarks/render_pages.py``. For generated courses
of 10, 100 and 500 lessons, fetches the course page, a session page and a lesson page
with Django's test client (the whole request: middleware, routing, the database,
templates) and reports the median time after a warm-up, the database queries and the
size of the page: with Django's cache as repeated requests leave it, and with the cache
emptied before each request (a cold start, or after a change that invalidates it). The
plain page is the test site's ``ArticlePage`` at the lesson's depth (home > a > b >
article) holding the lesson's text as paragraphs of rich text.

Target: a lesson renders in at most 1.3 times the plain page, whatever the course's size.
"""

import statistics
import time
from html import escape

from _common import QueryCount, machine, progress, section_for_database, setup_django, write_results

SIZES = [(5, 2), (20, 5), (50, 10)]  # sessions x lessons: 10, 100 and 500 lessons
WARM_UP = 5
REPEATS = 40
TARGET = 1.3


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
        article, paragraphs, words = plain_page_like(home, lesson, lessons)
        text = (paragraphs, words)
        urls = {
            "course page": course.get_url(),
            "session page": session.get_url(),
            "lesson page": lesson.get_url(),
            "plain page": article.get_url(),
        }
        figures = {}
        for state, before in (("cached", None), ("cold", empty_caches)):
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
        "Django's cache is there. *Cold*: Django's cache emptied before each request, as "
        "after a restart or a change that invalidates it. Each lesson page is the middle "
        "lesson of the middle session. The plain page is an `ArticlePage` at the lesson's "
        f"depth whose body holds the lesson's text ({text[1]} words) as {text[0]} paragraphs.",
        "",
        "| lessons | page | cached | cold | queries, cached / cold | HTML |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for lessons, figures in results:
        for kind in figures["cached"]:
            cached, cold = figures["cached"][kind], figures["cold"][kind]
            lines.append(
                f"| {lessons} | {kind} | {cell(cached)} | {cell(cold)} | "
                f"{cached['queries']} / {cold['queries']} | {cached['bytes'] / 1000:.1f} kB |"
            )
    lines += [
        "",
        f"Lesson page against the plain page (target: at most {TARGET}x):",
        "",
        "| lessons | cache | lesson page | plain page | ratio | queries, lesson / plain | target |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for lessons, figures in results:
        for state in ("cached", "cold"):
            lesson, plain = figures[state]["lesson page"], figures[state]["plain page"]
            ratio = lesson["ms"] / plain["ms"]
            lines.append(
                f"| {lessons} | {state} | {lesson['ms']:.1f} ms | {plain['ms']:.1f} ms | "
                f"{ratio:.2f}x | {lesson['queries']} / {plain['queries']} | "
                f"{'met' if ratio <= TARGET else 'missed'} |"
            )
    lines.append("")
    for state in ("cached", "cold"):
        first, last = results[0][1][state], results[-1][1][state]
        growth = [
            f"{kind} {last[kind]['ms'] / first[kind]['ms']:.2f}x "
            f"({first[kind]['queries']} to {last[kind]['queries']} queries)"
            for kind in first
        ]
        lines.append(
            f"From {results[0][0]} to {results[-1][0]} lessons, {state}: " + "; ".join(growth) + "."
        )
    write_results(
        section_for_database("Rendering pages (benchmarks/render_pages.py)"), "\n".join(lines)
    )


if __name__ == "__main__":
    main()
