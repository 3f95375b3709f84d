"""Loads at the same time as other loads, and as editors' saves: nobody's work is lost.

The loads run in real processes (``manage.py``-style, through ``call_command``) against
a database they share: the suite's PostgreSQL database when the suite runs on
PostgreSQL, otherwise a SQLite file migrated for the test.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from django.db import connection
from wagtail.models import Page

from tests.processes import postgres_url
from wagtail_peersupport.coursepackage import load_course
from wagtail_peersupport.models import LessonPage
from wagtail_peersupport.sample import sample_package

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = connection.vendor == "postgresql"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


ENVIRONMENT = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """A SQLite file migrated once, for each test to copy."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    if not POSTGRES:
        result = run(
            ["-m", "django", "migrate", "--noinput", "-v", "0"],
            {**ENVIRONMENT, "DATABASE_URL": f"sqlite:///{path}"},
        )
        assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def shared_database(tmp_path, migrated_sqlite):
    """The environment for processes that share one database with each other."""
    env = dict(ENVIRONMENT)
    if POSTGRES:
        env["DATABASE_URL"] = postgres_url()
    else:
        shared = tmp_path / "shared.sqlite3"
        shutil.copyfile(migrated_sqlite, shared)
        env["DATABASE_URL"] = f"sqlite:///{shared}"
    return env


def run(args, env, **kwargs):
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
        **kwargs,
    )  # fmt: skip


def start_load(path, env, *extra):
    return subprocess.Popen(
        [sys.executable, "-m", "django", "peersupport_load", str(path), "--publish", *extra],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


STATE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from wagtail.models import Page, Revision
    from wagtail_peersupport.models import AbstractCoursePage
    courses = Page.objects.type(AbstractCoursePage)
    pages = Page.objects.filter(depth__gt=2)
    print(json.dumps({
        "courses": courses.count(),
        "pages": pages.count(),
        "revisions": {p.title: Revision.page_revisions.filter(object_id=str(p.pk)).count()
                      for p in pages},
        "titles": sorted(pages.values_list("title", flat=True)),
    }))
    """
)


def state(env):
    result = run(["-c", STATE], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def package_file(tmp_path, name="course.yaml", **changes):
    package = sample_package(title="Listening Well", sessions=4, lessons_per_session=5)
    for lesson in package["sessions"][0]["lessons"]:
        lesson["title"] = changes.get("lesson_title", lesson["title"])
    path = tmp_path / name
    path.write_text(yaml.safe_dump(package, sort_keys=False), encoding="utf-8")
    return path


def finish(process):
    out, err = process.communicate(timeout=300)
    assert "Traceback" not in err, err
    if process.returncode:
        assert err.strip().startswith("CommandError: Nothing was loaded."), err
        assert len(err.strip().splitlines()) == 1, err
    return process.returncode, out


def test_two_loads_of_one_file_at_once_make_one_course(shared_database, tmp_path):
    path = package_file(tmp_path)
    first, second = start_load(path, shared_database), start_load(path, shared_database)
    results = [finish(first), finish(second)]
    after = state(shared_database)
    assert after["courses"] == 1
    assert after["pages"] == 1 + 4 + 4 * 5 + 1
    # Every page was written once: the second load found it loaded, or loaded nothing.
    assert set(after["revisions"].values()) == {1}
    if POSTGRES:
        # On PostgreSQL the second load waits for the first, then has nothing to do.
        assert [code for code, _out in results] == [0, 0]
        assert sum("26 unchanged" in out for _code, out in results) == 1


def test_two_updates_at_once_write_one_revision_per_changed_page(shared_database, tmp_path):
    finish(start_load(package_file(tmp_path), shared_database))
    changed = package_file(tmp_path, "changed.yaml", lesson_title="Renamed lesson")
    first, second = start_load(changed, shared_database), start_load(changed, shared_database)
    finish(first), finish(second)
    after = state(shared_database)
    renamed = [title for title in after["titles"] if title == "Renamed lesson"]
    assert len(renamed) == 5
    # One new revision for each of the five lessons changed, none for the rest.
    assert after["revisions"]["Renamed lesson"] == 2
    assert sorted(after["revisions"].values()).count(1) == after["pages"] - 5


@pytest.mark.skipif(
    not POSTGRES, reason="SQLite lets one process write at a time: an editor's save waits"
)
def test_an_editors_save_while_a_load_runs_is_kept_postgres(shared_database, tmp_path):
    finish(start_load(package_file(tmp_path), shared_database))
    changed = package_file(tmp_path, "changed.yaml", lesson_title="Renamed by the file")
    # The load goes slowly, page by page; the editor saves a lesson it has not reached.
    slow_load = textwrap.dedent(
        f"""
        import sys, time, django
        django.setup()
        from wagtail.models import Site
        from wagtail_peersupport.coursepackage import load_course, read_package
        def progress(line):
            print(line, flush=True)
            time.sleep(0.15)
        report = load_course(read_package({str(changed)!r}),
                             Site.objects.get(is_default_site=True).root_page.specific,
                             publish=True, progress=progress)
        print("KEPT", [page.title for page in report.kept], flush=True)
        """
    )
    loading = subprocess.Popen(
        [sys.executable, "-c", slow_load],
        env=shared_database,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert loading.stdout.readline()  # the load has started
    edit = textwrap.dedent(
        """
        import django
        django.setup()
        from wagtail_peersupport.models import LessonPage
        lesson = LessonPage.objects.filter(slug__startswith="lesson").order_by("path").last()
        lesson.title = "Edited by an editor"
        lesson.save_revision().publish()
        """
    )
    assert run(["-c", edit], shared_database).returncode == 0
    out, err = loading.communicate(timeout=300)
    assert loading.returncode == 0, err
    assert "Edited by an editor" in state(shared_database)["titles"]


def test_an_editors_save_that_lands_during_a_load_is_kept(home, tmp_path):
    """In one process: the editor's save lands between the load's start and its end."""
    package = sample_package(title="Listening Well", sessions=2, lessons_per_session=2)
    course = load_course(package, home, publish=True).course
    last = LessonPage.objects.descendant_of(course).order_by("path").last()
    for session in package["sessions"]:
        for lesson in session["lessons"]:
            lesson["title"] += " (revised)"

    def editor_saves_while_loading(line):
        if "Session 1 of 2" in line:
            lesson = LessonPage.objects.get(pk=last.pk)
            lesson.title = "Edited by an editor"
            lesson.save_revision().publish()

    report = load_course(package, home, publish=True, progress=editor_saves_while_loading)
    assert [page.pk for page in report.kept] == [last.pk]
    assert Page.objects.get(pk=last.pk).title == "Edited by an editor"
    assert len(report.updated) == 3
