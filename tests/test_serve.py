"""The example site with the production settings `make serve` runs it with.

DEBUG off, static files from WhiteNoise, and course pages served to visitors who are not
signed in from the full-page cache, public for CDNs; never an editor's page.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parent.parent / "example_site"

VISIT = """
import json
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
from wagtail.models import Page
from wagtail_peersupport.models import LessonPage

setup_test_environment()
settings.ALLOWED_HOSTS = ["127.0.0.1"]
def seen(response):
    return {
        "status": response.status_code,
        "headers": dict(response.items()),
        "cookies": sorted(response.cookies),
        "body": response.content.decode(errors="replace") if not response.streaming else "",
    }
lesson = LessonPage.objects.live().filter(locale__language_code="en").order_by("path").first()
visitor, another = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
first = visitor.get(lesson.url)
second = another.get(lesson.url)
editor = Client(HTTP_HOST="127.0.0.1")
editor.login(username="admin", password="changeme")
edited = editor.get(lesson.url)
stylesheet = visitor.get(
    __import__("django.templatetags.static", fromlist=["static"]).static(
        "wagtail_peersupport/css/peersupport.css"
    )
)
missing = visitor.get("/en/no-such-page/")
print(json.dumps({
    "debug": settings.DEBUG,
    "first": seen(first), "second": seen(second), "editor": seen(edited),
    "stylesheet": {**seen(stylesheet), "body": ""}, "missing": seen(missing),
}))
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "example_site.production",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "DJANGO_CACHE_DIR": str(folder / "cache"),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "DJANGO_SECRET_KEY": "tests-not-secret",
        }
    )
    env.pop("REDIS_URL", None)

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=SITE,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    # What `make serve` runs before gunicorn starts.
    manage("migrate", "--noinput")
    manage("setup_demo")
    manage("collectstatic", "--noinput", "-v0")
    return json.loads(manage("shell", "--no-imports", "-c", VISIT).strip().splitlines()[-1])


def test_debug_is_off_and_a_missing_page_shows_no_debug_page(served):
    assert served["debug"] is False
    assert served["missing"]["status"] == 404
    assert "Traceback" not in served["missing"]["body"]


def test_a_visitor_is_served_the_lesson_from_the_full_page_cache(served):
    first, second = served["first"], served["second"]
    assert first["status"] == second["status"] == 200
    assert first["headers"]["X-Peersupport-Cache"] == "miss"
    assert second["headers"]["X-Peersupport-Cache"] == "hit"
    assert second["body"] == first["body"]
    assert "Leave this site quickly" in second["body"]


def test_a_visitors_page_is_public_for_a_cdn(served):
    for response in (served["first"], served["second"]):
        assert response["headers"]["Cache-Control"] == "public, max-age=300"
        assert "cookie" not in response["headers"].get("Vary", "").lower()
        assert response["cookies"] == []


def test_a_signed_in_editor_is_never_served_the_cached_page(served):
    editor = served["editor"]
    assert editor["status"] == 200
    assert "X-Peersupport-Cache" not in editor["headers"]
    assert "public" not in editor["headers"].get("Cache-Control", "")
    assert "wagtail-userbar" in editor["body"]  # the editor's own page
    assert "wagtail-userbar" not in served["second"]["body"]


def test_static_files_come_from_whitenoise_with_far_future_caching(served):
    stylesheet = served["stylesheet"]
    assert stylesheet["status"] == 200
    assert stylesheet["headers"]["Content-Type"].startswith("text/css")
    assert "immutable" in stylesheet["headers"]["Cache-Control"]
