"""Find Chromium for the browser tests, installing it first when it is missing.

``make test`` runs this before pytest::

    python tests/browser/ensure_chromium.py

When Chromium is already there it only looks, and says nothing. Otherwise it installs
Debian's package (``apt-get install chromium chromium-driver``) when it can install
packages (as root, with apt-get), or else has Playwright download its own Chromium. If
neither works it says which one command installs it, and exits with status 1, before
the suite starts.

The browser tests (``tests/browser/helpers.py``) launch what ``find_chromium`` finds:
Debian's Chromium when it is installed, otherwise Playwright's. This module uses only the
standard library (and Playwright, when it is installed), so it runs as a script too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
APT_PACKAGES = ["chromium", "chromium-driver"]


def _executable(path):
    return path if path.is_file() and os.access(path, os.X_OK) else None


def debian_chromium():
    """Debian's Chromium, when the ``chromium`` package is installed."""
    return _executable(DEBIAN_CHROMIUM)


def playwright_chromium(playwright=None):
    """The Chromium Playwright downloads (``playwright install chromium``), when it has.

    Pass a started Playwright to use it; otherwise one is started for the look.
    """
    if playwright is None:
        if find_spec("playwright") is None:
            return None
        from playwright.sync_api import sync_playwright

        with sync_playwright() as started:
            return playwright_chromium(started)
    return _executable(Path(playwright.chromium.executable_path))


def find_chromium(playwright=None):
    """The Chromium to launch: Debian's, else Playwright's own, else None."""
    return debian_chromium() or playwright_chromium(playwright)


def is_root():
    return getattr(os, "geteuid", lambda: None)() == 0


def fix_command():
    """The one command that installs Chromium on this machine."""
    if shutil.which("apt-get"):
        sudo = "" if is_root() else "sudo "
        return f"{sudo}apt-get install -y {' '.join(APT_PACKAGES)}"
    python = os.path.relpath(sys.executable)
    if python.startswith(".."):
        python = sys.executable
    return f"{python} -m playwright install chromium"


def missing_message(tried=(), again="make test"):
    """What to say when there is no Chromium, after trying what ``tried`` lists."""
    lines = ["Chromium is not installed, and the browser tests (tests/browser/) need it."]
    lines += tried
    lines += ["Install it with:", "", f"    {fix_command()}", "", f"then run {again} again."]
    return "\n".join(lines)


def install_with_apt():
    """Install Debian's package, without questions; True when apt-get succeeded."""
    apt_get = shutil.which("apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Suites that start side by side may both get here: the second waits for the first.
    lock = ["-o", "DPkg::Lock::Timeout=600"]
    for args in (["update", "-qq"], ["install", "-y", "-qq", *APT_PACKAGES]):
        if subprocess.run([apt_get, *lock, *args], env=env, check=False).returncode != 0:
            return False
    return True


def install_with_playwright():
    """Have Playwright download its Chromium; True when it says it did."""
    command = [sys.executable, "-m", "playwright", "install", "chromium"]
    return subprocess.run(command, check=False).returncode == 0


def main():
    if find_chromium():
        return 0
    tried = []
    if is_root() and shutil.which("apt-get"):
        print("Chromium is missing: installing Debian's chromium package.", file=sys.stderr)
        if install_with_apt() and debian_chromium():
            return 0
        tried.append("apt-get could not install Debian's chromium package (see above).")
    if find_spec("playwright") is not None:
        print("Chromium is missing: downloading Playwright's Chromium.", file=sys.stderr)
        if install_with_playwright() and playwright_chromium():
            return 0
        tried.append("Playwright could not download its Chromium (see above).")
    print(missing_message(tried), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
