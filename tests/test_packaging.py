"""The package installs cleanly: migrations match the models, the wheel carries its files."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from tests.wheel import ROOT, build_wheel


def run(args, cwd=ROOT, env_settings=None):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    if env_settings:
        env["DJANGO_SETTINGS_MODULE"] = env_settings
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("cwd", "settings_module"),
    [(ROOT, "tests.settings"), (ROOT / "example_site", "example_site.settings")],
    ids=["test-site", "example-site"],
)
def test_migrations_match_the_models(cwd, settings_module):
    result = run(
        [sys.executable, "-m", "django", "makemigrations", "--check", "--dry-run"],
        cwd=cwd,
        env_settings=settings_module,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_example_site_passes_django_checks():
    result = run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=ROOT / "example_site",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def wheel_files(wheel):
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_contains_templates_static_files_and_migrations(wheel_files):
    package = ROOT / "wagtail_peersupport"
    for folder, pattern in [("templates", "*.html"), ("static", "*.*"), ("migrations", "0*.py")]:
        expected = {p.relative_to(ROOT).as_posix() for p in (package / folder).rglob(pattern)}
        assert expected, folder
        assert expected <= wheel_files, sorted(expected - wheel_files)


def test_wheel_contains_no_tests_or_example_site(wheel_files):
    assert not [name for name in wheel_files if name.startswith(("tests/", "example_site/"))]


def test_shipped_course_loads_from_the_installed_wheel(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site-packages")
    script = (
        "import django, json; django.setup();"
        "from wagtail_peersupport.coursepackage import read_package, shipped_course_path;"
        "path = shipped_course_path();"
        "data = read_package(path);"
        "print(json.dumps([str(path), data['course']['title'], len(data['sessions'])]))"
    )
    env = {**os.environ, "PYTHONPATH": f"{tmp_path / 'site-packages'}{os.pathsep}{ROOT}"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    path, title, sessions = json.loads(result.stdout)
    assert path.startswith(str(tmp_path / "site-packages" / "wagtail_peersupport"))
    assert (title, sessions) == ("Peer Support Training", 11)
