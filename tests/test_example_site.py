"""The example site that `make demo` serves: set up from nothing, twice, it shows the course."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SITE = Path(__file__).resolve().parent.parent / "example_site"

VISIT = """
from django.test import Client
client = Client()
home = client.get("/", follow=True)
print(home.status_code)
print(home.content.decode())
"""


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("example")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    env["DJANGO_SETTINGS_MODULE"] = "example_site.settings"

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

    manage("migrate", "--noinput")
    return manage


def test_setup_demo_loads_the_course_and_prints_the_login(example_site):
    first = example_site("setup_demo")
    assert "15 created" in first
    assert "user 'admin', password 'changeme'" in first
    second = example_site("setup_demo")
    assert "0 created, 0 updated, 15 unchanged" in second


def test_home_page_links_to_the_course(example_site):
    example_site("setup_demo")
    status, html = example_site("shell", "--no-imports", "-c", VISIT).split("\n", 1)
    assert status == "200"
    soup = BeautifulSoup(html, "html.parser")
    link = soup.find("a", string="Peer Support Training")
    assert link["href"] == "/en/peer-support-training/"


VISIT_COURSE = """
from django.test import Client
print(Client().get("/en/peer-support-training/").content.decode())
"""


def test_course_shows_the_uk_support_contacts(example_site):
    example_site("setup_demo")
    html = example_site("shell", "--no-imports", "-c", VISIT_COURSE)
    soup = BeautifulSoup(html, "html.parser")
    contacts = soup.select("#ps-support li.ps-support__contact")
    assert [c.find("h3").get_text() for c in contacts] == ["Samaritans", "Shout", "NHS 111"]
    assert contacts[0].find("a", href="tel:116123") is not None
    assert contacts[1].find("a", href="sms:85258?body=SHOUT") is not None
    assert "option 2" in contacts[2].get_text()
