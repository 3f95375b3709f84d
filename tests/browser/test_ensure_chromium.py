"""``make test`` finds Chromium, or installs it, or stops before the suite saying how.

The script runs as ``make test`` runs it, in a child process, on a pretend machine: its
Debian Chromium path is a file in a temporary folder, PATH holds only a fake apt-get
(which records how it was called, and may "install" Chromium), Playwright keeps its
browsers in an empty folder and downloads from a port nobody listens on. Nothing here
needs root, the network or a real Chromium.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import ensure_chromium

SCRIPT = Path(ensure_chromium.__file__)

# Runs the script's main() with its Debian Chromium and its idea of root replaced.
RUN = """
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import ensure_chromium

ensure_chromium.DEBIAN_CHROMIUM = Path(sys.argv[2])
ensure_chromium.is_root = lambda: sys.argv[3] == "root"
sys.exit(ensure_chromium.main())
"""

FAKE_APT = """#!{python}
import os, sys
from pathlib import Path

frontend = os.environ.get("DEBIAN_FRONTEND", "")
with open({log!r}, "a") as log:
    log.write(" ".join(sys.argv[1:]) + " DEBIAN_FRONTEND=" + frontend + "\\n")
if sys.argv[-1] == "chromium-driver" and {installs!r}:
    chromium = Path({chromium!r})
    chromium.parent.mkdir(parents=True, exist_ok=True)
    chromium.write_text("#!/bin/sh\\n")
    chromium.chmod(0o755)
sys.exit(0 if {installs!r} else 100)
"""


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Machine:
    def __init__(self, root):
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        self.chromium = root / "usr" / "bin" / "chromium"
        self.apt_log = root / "apt.log"
        self.env = {
            "PATH": str(self.bin),
            "HOME": str(root),
            "PLAYWRIGHT_BROWSERS_PATH": str(root / "ms-playwright"),
            "PLAYWRIGHT_DOWNLOAD_HOST": f"http://127.0.0.1:{closed_port()}",
        }

    def install_chromium(self):
        self.chromium.parent.mkdir(parents=True)
        self.chromium.write_text("#!/bin/sh\n")
        self.chromium.chmod(0o755)

    def add_apt_get(self, installs=True):
        apt_get = self.bin / "apt-get"
        apt_get.write_text(
            FAKE_APT.format(
                python=sys.executable,
                log=str(self.apt_log),
                chromium=str(self.chromium),
                installs=installs,
            )
        )
        apt_get.chmod(0o755)

    def apt_calls(self):
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []

    def run(self, user="root"):
        return subprocess.run(
            [sys.executable, "-c", RUN, str(SCRIPT.parent), str(self.chromium), user],
            env=self.env,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


def test_chromium_already_installed_is_used_without_a_word(machine):
    machine.install_chromium()
    machine.add_apt_get()
    result = machine.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.apt_calls() == []


def test_as_root_with_apt_get_debian_chromium_is_installed_without_questions(machine):
    machine.add_apt_get()
    result = machine.run(user="root")
    assert result.returncode == 0, result.stderr
    lock = "-o DPkg::Lock::Timeout=600"
    assert machine.apt_calls() == [
        f"{lock} update -qq DEBIAN_FRONTEND=noninteractive",
        f"{lock} install -y -qq chromium chromium-driver DEBIAN_FRONTEND=noninteractive",
    ]
    assert os.access(machine.chromium, os.X_OK)
    assert "installing Debian's chromium package" in result.stderr


def test_without_apt_get_nor_a_download_it_stops_with_playwrights_command(machine):
    result = machine.run(user="someone")
    assert result.returncode == 1
    assert "downloading Playwright's Chromium" in result.stderr
    assert result.stderr.endswith(
        "Chromium is not installed, and the browser tests (tests/browser/) need it.\n"
        "Playwright could not download its Chromium (see above).\n"
        "Install it with:\n"
        "\n"
        f"    {sys.executable} -m playwright install chromium\n"
        "\n"
        "then run make test again.\n"
    )


def test_without_root_apt_get_is_left_alone_and_the_command_uses_sudo(machine):
    machine.add_apt_get()
    result = machine.run(user="someone")
    assert result.returncode == 1
    assert machine.apt_calls() == []
    assert "\n    sudo apt-get install -y chromium chromium-driver\n" in result.stderr


def test_when_apt_get_fails_playwright_is_tried_then_it_stops(machine):
    machine.add_apt_get(installs=False)
    result = machine.run(user="root")
    assert result.returncode == 1
    assert len(machine.apt_calls()) == 1  # the update failed, so nothing was installed
    assert "apt-get could not install Debian's chromium package (see above).\n" in result.stderr
    assert "Playwright could not download its Chromium (see above).\n" in result.stderr
    assert "\n    apt-get install -y chromium chromium-driver\n" in result.stderr
