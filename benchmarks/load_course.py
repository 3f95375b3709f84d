"""How long loading a course takes: the shipped course and generated ones of 10-500 lessons.

Run with ``make bench`` or ``python benchmarks/load_course.py``. Target: the shipped
course loads in under 3 seconds, and time grows no faster than the number of lessons.
"""

import time

from _common import machine, setup_django, write_results

SIZES = [(5, 2), (20, 5), (50, 10)]  # sessions x lessons: 10, 100 and 500 lessons


def main():
    setup_django()
    from wagtail.models import Page, Site

    from wagtail_peersupport.coursepackage import (
        check_package,
        load_course,
        read_package,
        shipped_course_path,
    )
    from wagtail_peersupport.sample import sample_package

    home = Site.objects.get(is_default_site=True).root_page

    def timed(package, parent_title):
        parent = home.add_child(instance=Page(title=parent_title))
        started = time.perf_counter()
        report = load_course(package, parent, publish=True)
        seconds = time.perf_counter() - started
        pages = len(report.created)
        return seconds, pages

    rows = []
    shipped = read_package(shipped_course_path())
    seconds, pages = timed(shipped, "shipped")
    rerun_started = time.perf_counter()
    load_course(shipped, Page.objects.get(slug="shipped"), publish=True)
    rerun = time.perf_counter() - rerun_started
    rows.append(("Peer Support Training (shipped)", 2, pages, seconds))
    for sessions, per_session in SIZES:
        package = check_package(sample_package(sessions=sessions, lessons_per_session=per_session))
        seconds, pages = timed(package, f"generated {sessions}x{per_session}")
        rows.append(
            (
                f"generated, {sessions} sessions x {per_session}",
                sessions * per_session,
                pages,
                seconds,
            )
        )

    lines = [
        f"Machine: {machine()}. Each load publishes every page and saves a revision.",
        "",
        "| course | lessons | pages | load time | per page |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, lessons, pages, seconds in rows:
        lines.append(
            f"| {name} | {lessons} | {pages} | {seconds:.2f} s | {seconds / pages * 1000:.1f} ms |"
        )
    per_page = [seconds / pages for _, _, pages, seconds in rows[1:]]
    lines += [
        "",
        f"Re-running the shipped course (nothing to change): {rerun:.2f} s.",
        f"Per-page cost from 10 to 500 lessons: {per_page[0] * 1000:.1f} ms to "
        f"{per_page[-1] * 1000:.1f} ms ({per_page[-1] / per_page[0]:.2f}x): "
        + (
            "linear or better." if per_page[-1] / per_page[0] < 1.5 else "grows faster than linear."
        ),
    ]
    write_results("Loading a course (benchmarks/load_course.py)", "\n".join(lines))


if __name__ == "__main__":
    main()
