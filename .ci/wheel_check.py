"""The built wheel works on its own, with only the dependencies it declares.

Run with ``make wheel-check`` (``.ci/run`` runs it beside the test suites). It builds the
wheel from the tracked files, installs it into a new virtualenv without the development
extras (pip fetches what the wheel declares, and nothing else), and there, in a temporary
folder where the repository is not on ``sys.path``:

1. imports every module of the package, from that virtualenv's site-packages;
2. makes a site with ``wagtail start`` and adds the apps the README's "Install it in your
   site" names;
3. runs ``manage.py check`` and ``makemigrations --check``, migrates a new SQLite database,
   loads the shipped course with ``peersupport_load --publish``;
4. fetches every page of the course: each must answer 200 and show its title.

A dependency the package imports but does not declare makes one of these steps fail; the
step's command and whole output are printed, and the exit status is 1.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.wheel import WheelBuildError, build_wheel  # noqa: E402

# What the README's "Install it in your site" adds to a site made with `wagtail start`.
LOCAL_SETTINGS = """\
from .base import INSTALLED_APPS as _BASE_APPS

INSTALLED_APPS = ["wagtail_peersupport", "wagtail_localize", *_BASE_APPS]
"""

IMPORT_EVERYTHING = """\
import importlib, pkgutil, sys
from pathlib import Path

import wagtail_peersupport

where = Path(wagtail_peersupport.__file__).resolve()
if not where.is_relative_to(Path(sys.prefix).resolve()):
    sys.exit(f"wagtail_peersupport was imported from {where}, not from the new virtualenv")
modules = pkgutil.walk_packages(wagtail_peersupport.__path__, "wagtail_peersupport.")
names = [module.name for module in modules]
for name in names:
    importlib.import_module(name)
print(f"imported {len(names)} modules from {where.parent}")
"""

RENDER_COURSE = """\
import sys

from django.test import Client
from django.utils.html import escape

from wagtail_peersupport.models import CoursePage

course = CoursePage.objects.get()
pages = [page.specific for page in course.get_descendants(inclusive=True).live().order_by("path")]
client = Client()
failed = []
for page in pages:
    response = client.get(page.get_url())
    shown = response.status_code == 200 and escape(page.title) in response.content.decode()
    print(f"{'ok' if shown else 'FAILED'}  {response.status_code}  {page.get_url()}  {page.title}")
    if not shown:
        failed.append(page.title)
if failed or len(pages) < 2:
    sys.exit(f"{len(failed)} of {len(pages)} pages did not answer 200 with their title")
print(f"all {len(pages)} pages of the course answer 200 with their title")
"""


# Runs code in the site, without the models Django's shell imports for people.
SHELL = ["shell", "--no-imports", "-c"]


class StepFailed(Exception):
    pass


def step(description, command, cwd, env):
    print(f"wheel-check: {description}", flush=True)
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    if result.returncode != 0:
        raise StepFailed(
            f"wheel-check: FAILED to {description} (exit {result.returncode})\n"
            f"$ {' '.join(str(part) for part in command)}\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def check(folder):
    wheel = build_wheel(folder / "dist")
    print(f"wheel-check: built {wheel.name}", flush=True)
    venv = folder / "venv"
    python = venv / "bin" / "python"
    # Nothing of this checkout or of the development virtualenv reaches the new one.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    steps = [
        ("create a virtualenv", [sys.executable, "-m", "venv", venv]),
        ("install the wheel", [python, "-m", "pip", "install", "--no-input", wheel]),
        ("check the installed dependencies", [python, "-m", "pip", "check"]),
        ("make a site with wagtail start", [venv / "bin" / "wagtail", "start", "checksite"]),
    ]
    for description, command in steps:
        step(description, command, folder, env)

    site = folder / "checksite"
    (site / "checksite" / "settings" / "local.py").write_text(LOCAL_SETTINGS)
    # (what, manage.py arguments, whether to print what it says)
    site_steps = [
        ("import every module of the package", [*SHELL, IMPORT_EVERYTHING], True),
        ("run the system checks", ["check", "--fail-level", "WARNING"], False),
        ("find the migrations complete", ["makemigrations", "--check", "--dry-run"], False),
        ("migrate a new database", ["migrate", "--noinput"], False),
        ("load the shipped course", ["peersupport_load", "--publish"], False),
        ("render every page of the course", [*SHELL, RENDER_COURSE], True),
    ]
    for description, arguments, show in site_steps:
        output = step(description, [python, "manage.py", *arguments], site, env)
        if show:
            print(output, end="", flush=True)


def main():
    with tempfile.TemporaryDirectory(prefix="wheel-check-") as folder:
        try:
            check(Path(folder))
        except (StepFailed, WheelBuildError) as error:
            print(error, file=sys.stderr)
            return 1
    print("wheel-check: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
