"""Whether the course's one-query routing pays: lesson and session pages with and without it.

Run with ``make bench`` or ``python benchmarks/course_routing.py``. For generated
courses of 10 and 500 lessons, fetches a session page and a lesson page with Django's
test client, as ``render_pages.py`` does (cached, and with the cache emptied before
each request), first with the course's routing (``CourseRoutingMixin.route``: the
pages on the path in one query) and then with Wagtail's own (``RoutablePageMixin.route``
and ``Page.route``: each level's child, then its specific page). Only routing differs.
"""

from _common import machine, progress, section_for_database, setup_django, write_results
from render_pages import empty_caches, measure, middle

SIZES = [(5, 2), (50, 10)]  # sessions x lessons: 10 and 500 lessons


def main():
    setup_django(test_environment=False)
    from django.test import Client
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import Page, Site

    from wagtail_peersupport.models import AbstractSessionPage
    from wagtail_peersupport.models.routing import CourseRoutingMixin
    from wagtail_peersupport.sample import make_course

    course_route = CourseRoutingMixin.route
    home = Site.objects.get(is_default_site=True).root_page
    client = Client()
    rows = []
    for sessions, per_session in SIZES:
        lessons = sessions * per_session
        progress(f"Loading a course of {lessons} lessons...")
        course = make_course(
            home, title=f"Routing {lessons}", sessions=sessions, lessons_per_session=per_session
        )
        session = middle(
            Page.objects.child_of(course).type(AbstractSessionPage).order_by("path")
        ).specific
        lesson = middle(Page.objects.child_of(session).order_by("path")).specific
        urls = {"session page": session.get_url(), "lesson page": lesson.get_url()}
        figures = {}
        for routing, route in (("course's", course_route), ("Wagtail's", RoutablePageMixin.route)):
            CourseRoutingMixin.route = route
            for state, before in (("cached", None), ("cold", empty_caches)):
                progress(f"  {routing} routing, {state}...")
                figures[routing, state] = measure(client, urls, before)
        CourseRoutingMixin.route = course_route
        for kind in urls:
            for state in ("cached", "cold"):
                ours, theirs = figures["course's", state][kind], figures["Wagtail's", state][kind]
                rows.append((lessons, kind, state, ours, theirs))

    lines = [
        f"Machine: {machine()}. Django test client, as for rendering pages above: median "
        "of 40 requests (fastest in brackets), cached and cold. *Course's routing*: the "
        "course reads the pages on the path in one query. *Wagtail's*: `Page.route` level "
        "by level.",
        "",
        "| lessons | page | cache | course's routing | Wagtail's routing | saved | "
        "queries, course's / Wagtail's |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for lessons, kind, state, ours, theirs in rows:
        saved = theirs["ms"] - ours["ms"]
        lines.append(
            f"| {lessons} | {kind} | {state} | {ours['ms']:.1f} ms ({ours['fastest']:.1f}) | "
            f"{theirs['ms']:.1f} ms ({theirs['fastest']:.1f}) | {saved:.1f} ms "
            f"({saved / theirs['ms']:.0%}) | {ours['queries']} / {theirs['queries']} |"
        )
    cached = [row for row in rows if row[2] == "cached" and row[1] == "lesson page"]
    saved = [theirs["queries"] - ours["queries"] for *_, ours, theirs in cached]
    lines += [
        "",
        f"A cached lesson page runs {min(saved)} to {max(saved)} fewer queries with the "
        "course's routing.",
    ]
    write_results(
        section_for_database("Routing in one query (benchmarks/course_routing.py)"),
        "\n".join(lines),
    )


if __name__ == "__main__":
    main()
