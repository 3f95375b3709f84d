"""A lesson page from the full-page cache, against a plain WSGI app, on one gunicorn.

Run with ``make bench`` or ``python benchmarks/page_cache.py``. Sets up the example site
with its production settings (``example_site.production``, as ``make serve`` runs it:
DEBUG off, WhiteNoise, ``CoursePageCacheMiddleware`` first, a file cache the workers
share, or Redis when ``REDIS_URL`` is set) on a temporary SQLite database holding the
shipped course and a generated course of 100 lessons; then serves it with gunicorn (2 sync
workers on 127.0.0.1) together with a plain WSGI app that returns the lesson page's own
bytes (``_page_cache_wsgi.py``), and fetches the middle lesson and the plain app from
this process with 8 threads, taking turns. gunicorn is stopped at the end.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine, progress, write_results
from serve_gunicorn import (
    ROUND,
    ROUNDS,
    THREADS,
    WARM_UP,
    WORKERS,
    Gunicorn,
    fetch,
    measure,
    stop_with_parent,
)

HERE = Path(__file__).resolve().parent
SITE = ROOT / "example_site"
COURSE = (20, 5)  # sessions x lessons: 100 lessons
TARGET = 0.5  # of the plain app's requests per second


def prepare(folder):
    """Migrate, set up the demo, add a generated course; save the lesson's HTML; its URL."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from render_pages import middle
    from wagtail.models import Page, Site

    from wagtail_peersupport.models import AbstractSessionPage
    from wagtail_peersupport.sample import make_course

    call_command("migrate", verbosity=0, interactive=False)
    call_command("setup_demo", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page
    sessions, per_session = COURSE
    course = make_course(home, title="Course", sessions=sessions, lessons_per_session=per_session)
    session = middle(Page.objects.child_of(course).type(AbstractSessionPage).order_by("path"))
    lesson = middle(Page.objects.child_of(session).order_by("path")).specific
    response = Client(HTTP_HOST="127.0.0.1").get(lesson.get_url())
    assert response.status_code == 200, response.status_code
    (Path(folder) / "lesson.html").write_bytes(response.content)
    print(json.dumps({"lesson page": lesson.get_url(), "bytes": len(response.content)}))


def environment(folder):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.production",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "DJANGO_CACHE_DIR": f"{folder}/cache",
        "DJANGO_SECRET_KEY": "benchmark-not-secret",
        "PLAIN_HTML": f"{folder}/lesson.html",
        "PYTHONPATH": os.pathsep.join([str(SITE), str(ROOT), str(HERE)]),
    }
    env.pop("BENCH_DATABASE_URL", None)
    return env


def collect_static(env):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=SITE,
        env=env,
        check=True,
    )


def run():
    folder = tempfile.mkdtemp(prefix="peersupport-page-cache-")
    try:
        env = environment(folder)
        progress("setting up the example site with its production settings")
        collect_static(env)
        prepared = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--prepare", folder],
            env=env,
            cwd=SITE,
            capture_output=True,
            text=True,
            check=False,
            preexec_fn=stop_with_parent,
        )
        if prepared.returncode != 0:
            sys.stderr.write(prepared.stderr)
            raise RuntimeError("setting up the example site failed")
        pages = json.loads(prepared.stdout.strip().splitlines()[-1])
        lesson = pages["lesson page"]
        cache = "Redis" if os.environ.get("REDIS_URL") else "files (FileBasedCache)"
        with Gunicorn(
            env, Path(folder) / "gunicorn.log", app="_page_cache_wsgi:application", cwd=SITE
        ) as server:
            server.wait_until_serving(lesson)
            status, body = fetch(server.port, lesson)
            assert status == 200 and len(body) == pages["bytes"], (status, len(body))
            progress(f"  gunicorn serving on 127.0.0.1:{server.port} with {WORKERS} workers")
            rows = measure(
                server.port, {"lesson page (full-page cache)": lesson, "plain WSGI app": "/plain/"}
            )
        return rows, pages["bytes"], cache
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(rows, size, cache):
    import sqlite3

    database = f"sqlite {sqlite3.sqlite_version}"
    lines = [
        f"Machine: {machine(database)}. The example site with its production settings "
        f"(`example_site.production`, as `make serve` runs it; the shared cache: {cache}) "
        f"and a plain WSGI app returning the lesson page's {size / 1000:.1f} kB of HTML, "
        f"both in one gunicorn (sync workers: {WORKERS}) on 127.0.0.1; {THREADS} client "
        "threads in another process on the same machine, each request on a new connection; "
        f"{WARM_UP:.0f} s of warm-up, then {ROUNDS * ROUND:.0f} s measured each, in "
        f"{ROUNDS} turns of {ROUND:.0f} s. The lesson is the middle one of a course of "
        f"{COURSE[0] * COURSE[1]} lessons, requested by visitors without a session cookie.",
        "",
        "| served | requests | requests/s | p50 | p99 | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        latency = f"{row['p50']:.1f} ms | {row['p99']:.1f} ms" if "p50" in row else "- | -"
        errors = str(row["errors"])
        if row["error_kinds"]:
            errors += f" ({', '.join(row['error_kinds'])})"
        lines.append(
            f"| {row['kind']} | {row['requests']} | {row['per_second']:.1f} | {latency} | "
            f"{errors} |"
        )
    lesson, plain = rows
    ratio = lesson["per_second"] / plain["per_second"] if plain["per_second"] else 0
    met = "met" if ratio >= TARGET and not lesson["errors"] else "missed"
    lines += [
        "",
        f"The lesson page serves {ratio:.0%} of the plain app's requests per second "
        f"(target: at least {TARGET:.0%}): {met}.",
    ]
    write_results("Serving from the full-page cache (benchmarks/page_cache.py)", "\n".join(lines))
    progress(f"lesson page at {ratio:.0%} of the plain app: {met}")


def main():
    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    started = time.perf_counter()
    rows, size, cache = run()
    report(rows, size, cache)
    progress(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"]:
        prepare(sys.argv[2])
    else:
        main()
