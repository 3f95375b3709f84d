"""Two app servers sharing one Redis cache: a change published on one shows on the other.

Two gunicorn processes (one sync worker each, on two ports of 127.0.0.1) serve the test
site from one database (a SQLite file, or the suite's PostgreSQL database when the suite
runs on PostgreSQL) and one Redis server (``redis_server``), with the full-page cache
middleware first (``tests/two_servers_settings.py``). Visitors' requests carry the
site's own host name, as a load balancer in front of both would pass on. An editor
signs in to Wagtail's admin on server A and unpublishes a lesson and publishes another
lesson's new title there; server B must show both at once, in every cache: its stored
full pages, the outline, the language switcher and the pages' own HTML.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from bs4 import BeautifulSoup
from django.db import connection

from tests.processes import free_port, postgres_url, stop_with_parent

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = connection.vendor == "postgresql"
SETTINGS = "tests.two_servers_settings"
CACHE_HEADER = "X-Peersupport-Cache"
SITE_HOST = "localhost"  # the default site's host name, which both servers serve
TIMEOUT = 30  # seconds for any one request
START_TIMEOUT = 60  # seconds for gunicorn to serve its first page
EDITOR, PASSWORD = "editor", "two-servers-password"
NEW_TITLE = "Telling your story, safely"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


# The database, prepared in a child process with the servers' settings.


def prepare():
    """Load, publish and translate the shipped course, add an editor and a draft; print URLs."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from wagtail_peersupport.models import AbstractCoursePage, LessonPage

    call_command("migrate", interactive=False, verbosity=0)
    Locale.objects.get_or_create(language_code="cy")
    call_command("peersupport_load", "--publish", verbosity=0)
    course = Page.objects.type(AbstractCoursePage).filter(locale__language_code="en").get()
    call_command("peersupport_translate", str(course.pk), "--locale", "cy", verbosity=0)
    lessons = LessonPage.objects.descendant_of(course).order_by("path")
    unpublished, retitled = lessons[0], lessons[1]
    # A draft of a new title, for the editor to publish through the admin.
    retitled.title = NEW_TITLE
    retitled.save_revision()
    get_user_model().objects.create_superuser(EDITOR, "editor@example.org", PASSWORD)
    welsh = Locale.objects.get(language_code="cy")
    print(
        json.dumps(
            {
                "course": course.url,
                "unpublished": {
                    "id": unpublished.pk,
                    "title": unpublished.title,
                    "url": unpublished.url,
                    "session": unpublished.get_parent().url,
                    "welsh": unpublished.get_translation(welsh).url,
                },
                "retitled": {
                    "id": retitled.pk,
                    "title": LessonPage.objects.get(pk=retitled.pk).title,
                    "url": retitled.url,
                    "session": retitled.get_parent().url,
                },
            }
        )
    )


PREPARE = "import django; django.setup(); from tests.test_two_servers import prepare; prepare()"


@pytest.fixture
def servers_env(redis_server, tmp_path):
    """The environment both servers, and the preparation, run in."""
    redis_server.flush()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PEERSUPPORT_REDIS_URL": redis_server.url,
        "PYTHONPATH": str(ROOT),
    }
    if POSTGRES:
        env["DATABASE_URL"] = postgres_url()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    yield env
    redis_server.flush()


def prepare_database(env):
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert prepared.returncode == 0, prepared.stderr
    return json.loads(prepared.stdout.strip().splitlines()[-1])


# The servers.


class Gunicorn:
    """gunicorn serving the test site, in its own process group; stopped on leaving."""

    def __init__(self, name, env, folder):
        self.name = name
        self.env = env
        self.log = Path(folder) / f"gunicorn-{name}.log"
        self.port = free_port()
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn",
                "--workers", "1",
                "--bind", f"127.0.0.1:{self.port}",
                "--timeout", "60",
                "--log-level", "warning",
                "--error-logfile", str(self.log),
                "django.core.wsgi:get_wsgi_application()",
            ],
            env=self.env, cwd=ROOT, start_new_session=True, preexec_fn=stop_with_parent,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            self.wait_until_serving()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_until_serving(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise AssertionError(f"gunicorn {self.name} exited with {code}:\n{self.log_tail()}")
            try:
                # The admin's sign-in page: nothing of the course is cached by asking.
                if requests.get(self.url("/admin/login/"), timeout=TIMEOUT).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise AssertionError(
            f"gunicorn {self.name} did not serve within {START_TIMEOUT} s:\n{self.log_tail()}"
        )

    def log_tail(self):
        return self.log.read_text()[-4000:] if self.log.exists() else "(no log)"

    def stop(self):
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(15)
        except ProcessLookupError:
            pass

    def __exit__(self, *exc):
        self.stop()

    # A visitor, who has no cookies and comes through the site's own host name.

    def visit(self, path, status=200):
        response = requests.get(
            self.url(path), headers={"Host": SITE_HOST}, timeout=TIMEOUT, allow_redirects=False
        )
        assert response.status_code == status, (self.name, path, response.status_code)
        return response


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def outline_lessons(response):
    return [a.get_text(strip=True) for a in soup(response).select(".ps-outline--full li li a")]


def sidebar_links(response):
    nav = soup(response).find("nav", class_="ps-outline--sidebar")
    return [" ".join(a.get_text(" ", strip=True).split()) for a in nav.select("ol a")]


def languages(response):
    switcher = soup(response).find(class_="ps-languages")
    return [a["hreflang"] for a in switcher.find_all("a")] if switcher else []


# The editor, signed in to the admin of one server.


def submit_form(session, url, fields=None):
    """GET ``url``, fill in its POST form (CSRF token included), submit it; the response."""
    page = session.get(url, timeout=TIMEOUT)
    assert page.status_code == 200, (url, page.status_code)
    form = next(
        form
        for form in soup(page).find_all("form")
        if (form.get("method") or "").lower() == "post"
        and form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    )
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name") and field.get("type") not in ("checkbox", "radio", "submit")
    }
    data.update(fields or {})
    action = urljoin(page.url, form.get("action") or page.url)
    return session.post(
        action, data=data, headers={"Referer": page.url}, timeout=TIMEOUT, allow_redirects=False
    )


def signed_in_editor(server):
    session = requests.Session()
    response = submit_form(
        session, server.url("/admin/login/"), {"username": EDITOR, "password": PASSWORD}
    )
    assert response.status_code == 302, soup(response).get_text(" ", strip=True)[:500]
    assert session.get(server.url("/admin/"), timeout=TIMEOUT).status_code == 200
    return session


def test_a_change_published_on_server_a_shows_on_server_b_at_once(servers_env, tmp_path):
    pages = prepare_database(servers_env)
    unpublished, retitled = pages["unpublished"], pages["retitled"]
    assert retitled["title"] != NEW_TITLE  # the new title is a draft so far
    cached = [
        pages["course"],
        unpublished["url"],
        unpublished["session"],
        unpublished["welsh"],
        retitled["url"],
        retitled["session"],
    ]
    a = Gunicorn("A", servers_env, tmp_path)
    b = Gunicorn("B", servers_env, tmp_path)
    with a, b:
        # Each page is built once, by A, and B is served what A stored.
        for path in cached:
            built = a.visit(path)
            assert built.headers[CACHE_HEADER] == "miss", path
            shared = b.visit(path)
            assert shared.headers[CACHE_HEADER] == "hit", path
            assert shared.content == built.content, path
        before = b.visit(pages["course"])
        assert unpublished["title"] in outline_lessons(before)
        assert retitled["title"] in outline_lessons(before)
        assert unpublished["title"] in sidebar_links(b.visit(unpublished["session"]))
        assert languages(b.visit(unpublished["welsh"])) == ["en", "cy"]

        editor = signed_in_editor(a)
        response = submit_form(editor, a.url(f"/admin/pages/{unpublished['id']}/unpublish/"))
        assert response.status_code == 302, soup(response).get_text(" ", strip=True)[:500]
        response = submit_form(
            editor, a.url(f"/admin/bulk/wagtailcore/page/publish/?id={retitled['id']}")
        )
        assert response.status_code == 302, soup(response).get_text(" ", strip=True)[:500]

        # B, at once: not the page it stored before, but the changed course.
        after = b.visit(pages["course"])
        assert after.headers[CACHE_HEADER] == "miss"
        assert unpublished["title"] not in outline_lessons(after)
        assert NEW_TITLE in outline_lessons(after)
        assert retitled["title"] not in outline_lessons(after)
        again = b.visit(pages["course"])
        assert again.headers[CACHE_HEADER] == "hit"
        assert again.content == after.content

        assert unpublished["title"] not in sidebar_links(b.visit(unpublished["session"]))
        b.visit(unpublished["url"], status=404)
        # Its Welsh translation is still published, now with no English page to switch to.
        assert languages(b.visit(unpublished["welsh"])) == []

        lesson = b.visit(retitled["url"])
        assert soup(lesson).find("h1").get_text(" ", strip=True) == NEW_TITLE
        assert NEW_TITLE in sidebar_links(lesson)
        assert NEW_TITLE in sidebar_links(b.visit(retitled["session"]))
        # A, which made the change, agrees.
        assert a.visit(pages["course"]).content == after.content
