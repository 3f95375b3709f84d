"""Whole-course translation in a real django-tasks-db worker: the admin request only
queues it, and ``db_worker``, running as its own process, does the work.

The worker shares the test's database: the suite's PostgreSQL database when the suite
runs on PostgreSQL; otherwise a migrated SQLite file, which the test's own connection
is pointed at for the test (the suite's SQLite database is in memory, and no other
process can open it).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection, connections, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale, Page, Site

from tests.processes import postgres_url
from wagtail_peersupport import jobs
from wagtail_peersupport.localize import course_pages
from wagtail_peersupport.models import CourseJob
from wagtail_peersupport.sample import make_course

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = connection.vendor == "postgresql"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAIT = 120  # seconds the worker has to finish a small course, however busy the machine

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def forget_cached_rows():
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The environment for a worker process that uses the test's database."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.worker_settings"}
    if POSTGRES:
        env["DATABASE_URL"] = postgres_url()
        yield env
        return
    path = tmp_path / "shared.sqlite3"
    env["DATABASE_URL"] = f"sqlite:///{path}"
    migrate = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    original = connections["default"]
    shared = type(original)({**original.settings_dict, "NAME": str(path)}, "default")
    connections["default"] = shared
    with shared.cursor() as cursor:
        # As a site on SQLite should: readers are never locked out by the worker's writes.
        cursor.execute("PRAGMA journal_mode=WAL")
    forget_cached_rows()
    try:
        yield env
    finally:
        shared.close()
        connections["default"] = original
        forget_cached_rows()


@pytest.fixture
def worker(shared_database):
    """Start ``db_worker``; it is stopped at the end of the test whatever happens."""
    processes = []

    def start():
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "db_worker", "--interval", "0.2",
             "--no-startup-delay", "--no-reload"],
            env=shared_database, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def course_task():
    # Wagtail queues tasks of its own (reference index updates) on the same backend.
    return DBTaskResult.objects.get(task_path="wagtail_peersupport.jobs.run_course_job")


def wait_for(job, process):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            return job
        if process.poll() is not None:
            pytest.fail(f"the worker stopped: {process.communicate()[0]}")
        time.sleep(0.2)
    pytest.fail(f"the job is still {job.status} after {WAIT} s")


def test_the_worker_translates_what_the_admin_queued(shared_database, worker, client, settings):
    settings.TASKS = DATABASE_BACKEND
    home = Site.objects.get(is_default_site=True).root_page
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    course = make_course(home, title="Listening Well", sessions=2, lessons_per_session=3)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    url = reverse("wagtail_peersupport_translate_course", args=[course.pk])

    response = client.post(url, {"locales": [welsh.pk], "publish": "on"})
    assert response.status_code == 302 and response["Location"] == url
    job = CourseJob.objects.get()
    assert (job.status, job.user_id) == ("queued", admin.pk)
    assert course_task().status == "READY"
    assert not Page.objects.filter(locale=welsh).exists()
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.find("section", class_="ps-course-job")["data-job-status"] == "queued"
    assert soup.find("input", attrs={"name": "locales"}) is None

    process = worker()
    job = wait_for(job, process)
    assert job.status == "done", job.error
    pages = len(course_pages(course))
    assert (job.done, job.total) == (pages, pages)
    translated = course.get_translation(welsh)
    assert len(course_pages(translated)) == pages
    assert all(page.live for page in course_pages(translated))
    assert course_task().status == "SUCCESSFUL"

    soup = BeautifulSoup(client.get(url).content, "html.parser")
    section = soup.find("section", class_="ps-course-job")
    assert section["data-job-status"] == "done"
    text = " ".join(section.get_text(" ").split())
    assert f"Translated 'Listening Well' into Welsh (cy): {pages} pages created, 0 updated" in text
    assert "Started by admin on " in text
    assert soup.find("input", attrs={"name": "locales"}) is not None


class Rollback(Exception):
    pass


@pytest.mark.skipif(
    not POSTGRES, reason="SQLite lets one connection write at a time: the count waits for the end"
)
def test_the_count_of_pages_is_seen_while_the_work_is_uncommitted(course, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0)
    job = CourseJob.objects.create(course=course, kind="translate", status="running")
    reader = connections.create_connection("default")
    table = CourseJob._meta.db_table

    def seen():
        with reader.cursor() as cursor:
            cursor.execute(f"SELECT done, total FROM {table} WHERE id = %s", [job.pk])  # noqa: S608
            return cursor.fetchone()

    count = jobs._Progress(job)
    try:
        with pytest.raises(Rollback), transaction.atomic():
            Page.objects.filter(pk=course.pk).update(title="Being translated")
            count.start(4)
            count.line("[1/4] created Peer Support Training")
            assert seen() == (1, 4)
            count.line("[2/4] created Session 1")
            assert seen() == (2, 4)
            raise Rollback
    finally:
        count.close()
        reader.close()
    assert Page.objects.get(pk=course.pk).title == "Peer Support Training"
    assert CourseJob.objects.values_list("done", "total").get() == (2, 4)
