"""How long loading and translating a whole course take, against the course's size.

Run with ``make bench`` or ``python benchmarks/load_translate.py``. For generated courses
of 10, 100 and 500 lessons: the time to load the course (published), the time of
``translate_course(course, "cy")`` creating the Welsh course, and of running it again
when nothing has changed, with the database queries per page of each step. Time should
grow no faster than the number of pages.
"""

import time

from _common import QueryCount, machine, progress, section_for_database, setup_django, write_results

SIZES = [(5, 2), (20, 5), (50, 10)]  # sessions x lessons: 10, 100 and 500 lessons
LANGUAGE = "cy"


def timed(step):
    """Run ``step()``; its result, the seconds it took and the queries it ran."""
    with QueryCount() as queries:
        started = time.perf_counter()
        result = step()
        seconds = time.perf_counter() - started
    return result, seconds, queries.count


def main():
    setup_django()
    from wagtail.models import Locale, Site

    from wagtail_peersupport.localize import course_pages, translate_course
    from wagtail_peersupport.sample import make_course

    Locale.objects.get_or_create(language_code=LANGUAGE)
    home = Site.objects.get(is_default_site=True).root_page

    def translate(course, pages):
        def show(message):
            number = int(message[1 : message.index("/")])
            if number % 50 == 0 or number == pages:
                progress(f"    {message}")

        return translate_course(course, LANGUAGE, progress=show)

    rows = []
    for sessions, per_session in SIZES:
        lessons = sessions * per_session
        progress(f"Course of {sessions} sessions x {per_session} lessons: loading...")
        course, load_seconds, load_queries = timed(
            lambda s=sessions, n=per_session, size=lessons: make_course(
                home, title=f"Course of {size} lessons", sessions=s, lessons_per_session=n
            )
        )
        pages = len(course_pages(course))
        progress(f"  loaded {pages} pages in {load_seconds:.1f} s; translating...")
        report, translate_seconds, translate_queries = timed(
            lambda c=course, p=pages: translate(c, p)
        )
        assert len(report.created) == pages, (len(report.created), pages)
        progress(f"  translated in {translate_seconds:.1f} s; translating again...")
        again, again_seconds, again_queries = timed(lambda c=course, p=pages: translate(c, p))
        assert len(again.updated) == pages, (len(again.updated), pages)
        progress(f"  translated again in {again_seconds:.1f} s")
        rows.append(
            {
                "lessons": lessons,
                "name": f"{sessions} sessions x {per_session}",
                "pages": pages,
                "load": (load_seconds, load_queries),
                "translate": (translate_seconds, translate_queries),
                "again": (again_seconds, again_queries),
            }
        )

    def cell(row, step):
        seconds, queries = row[step]
        return (
            f"{seconds:.1f} s ({seconds / row['pages'] * 1000:.0f} ms, "
            f"{queries / row['pages']:.0f} queries)"
        )

    lines = [
        f"Machine: {machine()}. A generated course of each size is loaded (published, a "
        f"revision per page), then translated into Welsh ({LANGUAGE}) with "
        "`translate_course`, then translated again with nothing changed. Each step: its "
        "time, and in brackets its time and database queries per page.",
        "",
        "| course | lessons | pages | load | translate | translate again |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['lessons']} | {row['pages']} | {cell(row, 'load')} | "
            f"{cell(row, 'translate')} | {cell(row, 'again')} |"
        )
    first, last = rows[0], rows[-1]

    def share(row):
        return f"{row['lessons'] / row['pages']:.0%}"

    summary = []
    for step, label in (
        ("load", "loading"),
        ("translate", "translating"),
        ("again", "translating again"),
    ):
        before = first[step][0] / first["pages"]
        after = last[step][0] / last["pages"]
        summary.append(
            f"{label} {before * 1000:.0f} to {after * 1000:.0f} ms ({after / before:.2f}x), "
            f"{first[step][1] / first['pages']:.0f} to {last[step][1] / last['pages']:.0f} "
            "queries"
        )
    lines += [
        "",
        f"Per page, from {first['lessons']} to {last['lessons']} lessons: "
        + "; ".join(summary)
        + f". Lessons, the pages with the most text, make up {share(first)} of the pages "
        f"of the smallest course and {share(last)} of the largest.",
    ]
    write_results(
        section_for_database("Loading and translating a course (benchmarks/load_translate.py)"),
        "\n".join(lines),
    )


if __name__ == "__main__":
    main()
