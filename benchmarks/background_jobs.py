"""How long the admin takes to queue a whole-course translation, and the worker to do it.

Run with ``make bench`` or ``python benchmarks/background_jobs.py``. For a generated
course of 500 lessons, with django-tasks-db's database backend: the time of the admin
POST that queues the Welsh translation (the request an editor waits for; it should
stay under a second whatever the course's size), then the time ``manage.py db_worker``,
started as its own process, takes to do the job, and how often the screen's count of
pages moved while it ran.

The worker needs a database another process can open: a SQLite file made for the run,
or, when ``DATABASE_URL`` names PostgreSQL, a test database created on that server.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    ROOT,
    QueryCount,
    machine,
    progress,
    section_for_database,
    setup_django,
    write_results,
)

SESSIONS, LESSONS_PER_SESSION = 50, 10  # 500 lessons
LANGUAGE = "cy"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAIT = 1800  # seconds the worker has for the job


def shared_database(scratch):
    """Configure Django on a database a worker process can share; the worker's environment."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.worker_settings"}
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        connection = setup_django()
        database = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        )
        return env
    env["DATABASE_URL"] = os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'jobs.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    # Without WAL, a transaction too large for SQLite's page cache locks readers out
    # until it commits: the admin could not even show the job. The mode stays with the file.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
    return env


def main():
    with tempfile.TemporaryDirectory() as scratch:
        run(shared_database(Path(scratch)))


def run(env):
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings
    from django.urls import reverse
    from wagtail.models import Locale, Site

    from wagtail_peersupport.localize import course_pages
    from wagtail_peersupport.models import CourseJob
    from wagtail_peersupport.sample import make_course

    welsh = Locale.objects.get_or_create(language_code=LANGUAGE)[0]
    home = Site.objects.get(is_default_site=True).root_page
    lessons = SESSIONS * LESSONS_PER_SESSION
    progress(f"Course of {SESSIONS} sessions x {LESSONS_PER_SESSION} lessons: loading...")
    started = time.perf_counter()
    course = make_course(
        home, title=f"Course of {lessons} lessons", sessions=SESSIONS,
        lessons_per_session=LESSONS_PER_SESSION,
    )  # fmt: skip
    pages = len(course_pages(course))
    progress(f"  loaded {pages} pages in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("bench", "b@example.org", "pw"))
    url = reverse("wagtail_peersupport_translate_course", args=[course.pk])
    with override_settings(TASKS=DATABASE_BACKEND):
        assert client.get(url).status_code == 200  # templates and URLs loaded, as on a live site
        with QueryCount() as queries:
            started = time.perf_counter()
            response = client.post(url, {"locales": [welsh.pk], "publish": "on"})
            post_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    job = CourseJob.objects.get(course=course)
    assert job.status == "queued", job.status
    progress(f"  queued in {post_seconds * 1000:.0f} ms ({queries.count} queries); working...")

    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "db_worker", "--interval", "0.2",
         "--no-startup-delay", "--no-reload"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    seen = set()
    try:
        started = time.perf_counter()
        while job.is_active:
            assert time.perf_counter() - started < WAIT, "the worker took too long"
            assert worker.poll() is None, worker.communicate()[1]
            time.sleep(0.5)
            job.refresh_from_db()
            if job.is_active and job.done:
                if job.done not in seen and len(seen) % 10 == 0:
                    progress(f"    {job.done} of {job.total} pages")
                seen.add(job.done)
        wall_seconds = time.perf_counter() - started
    finally:
        # The worker stops when its current task ends, and it is not waited for longer.
        worker.terminate()
        try:
            worker.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
    assert job.status == "done", job.error
    assert len(course_pages(course.get_translation(welsh))) == pages
    job_seconds = (job.finished_at - job.started_at).total_seconds()
    progress(f"  done: {job_seconds:.1f} s in the worker, {wall_seconds:.1f} s from its start")

    counted = (
        f"the screen's count of pages moved {len(seen)} times while it ran (it is written "
        f"at most every half second)"
        if seen
        else "the count of pages is written when the job ends on this database (SQLite "
        "lets one connection write at a time), so the screen shows the job running until then"
    )
    lines = [
        f"Machine: {machine()}. A generated course of {lessons} lessons ({pages} pages) is "
        f"translated into Welsh ({LANGUAGE}), published, from the admin's “Translate whole "
        "course” screen with django-tasks-db's database backend, and `manage.py db_worker` "
        "started as its own process.",
        "",
        "| step | time |",
        "|---|---:|",
        f"| admin POST that queues the job ({queries.count} queries) | "
        f"{post_seconds * 1000:.0f} ms |",
        f"| the job in the worker (started to finished) | {job_seconds:.1f} s "
        f"({job_seconds / pages * 1000:.0f} ms a page) |",
        f"| from starting the worker to the job done | {wall_seconds:.1f} s |",
        "",
        f"The editor waits {post_seconds * 1000:.0f} ms instead of the whole translation; "
        f"{counted}.",
    ]
    write_results(
        section_for_database("Whole-course jobs in a worker (benchmarks/background_jobs.py)"),
        "\n".join(lines),
    )


if __name__ == "__main__":
    main()
