"""``make test`` finds redis-server, or installs it, or stops before the suite saying how.

The script runs as ``make test`` runs it, in a child process, on a pretend machine: PATH
holds only a folder with a fake apt-get (which records how it was called, and may
"install" redis-server into that folder). Nothing here needs root or the network.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import ensure_redis
from tests.redis_server import RedisServer

SCRIPT = Path(ensure_redis.__file__)

# Runs the script's main() with its idea of root replaced.
RUN = """
import sys

sys.path.insert(0, sys.argv[1])
import ensure_redis

ensure_redis.is_root = lambda: sys.argv[2] == "root"
sys.exit(ensure_redis.main())
"""

FAKE_APT = """#!{python}
import os, sys
from pathlib import Path

frontend = os.environ.get("DEBIAN_FRONTEND", "")
with open({log!r}, "a") as log:
    log.write(" ".join(sys.argv[1:]) + " DEBIAN_FRONTEND=" + frontend + "\\n")
if sys.argv[-1] == "redis-server" and {installs!r}:
    server = Path({server!r})
    server.write_text("#!/bin/sh\\n")
    server.chmod(0o755)
sys.exit(0 if {installs!r} else 100)
"""


class Machine:
    def __init__(self, root):
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        self.server = self.bin / "redis-server"
        self.apt_log = root / "apt.log"
        self.env = {"PATH": str(self.bin), "HOME": str(root)}

    def install_redis(self):
        self.server.write_text("#!/bin/sh\n")
        self.server.chmod(0o755)

    def add_apt_get(self, installs=True):
        apt_get = self.bin / "apt-get"
        apt_get.write_text(
            FAKE_APT.format(
                python=sys.executable, log=str(self.apt_log), server=str(self.server),
                installs=installs,
            )
        )  # fmt: skip
        apt_get.chmod(0o755)

    def apt_calls(self):
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []

    def run(self, user="root"):
        return subprocess.run(
            [sys.executable, "-c", RUN, str(SCRIPT.parent), user],
            env=self.env, cwd=self.root, capture_output=True, text=True, timeout=120,
        )  # fmt: skip


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


def test_redis_server_already_installed_is_used_without_a_word(machine):
    machine.install_redis()
    machine.add_apt_get()
    result = machine.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.apt_calls() == []


def test_as_root_with_apt_get_debians_package_is_installed_without_questions(machine):
    machine.add_apt_get()
    result = machine.run(user="root")
    assert result.returncode == 0, result.stderr
    lock = "-o DPkg::Lock::Timeout=600"
    assert machine.apt_calls() == [
        f"{lock} update -qq DEBIAN_FRONTEND=noninteractive",
        f"{lock} install -y -qq redis-server DEBIAN_FRONTEND=noninteractive",
    ]
    assert os.access(machine.server, os.X_OK)
    assert "installing Debian's redis-server package" in result.stderr


def test_when_apt_get_fails_it_stops_with_the_command(machine):
    machine.add_apt_get(installs=False)
    result = machine.run(user="root")
    assert result.returncode == 1
    assert result.stderr.endswith(
        "apt-get could not install Debian's redis-server package (see above).\n"
        "Install it with:\n"
        "\n"
        "    apt-get install -y redis-server\n"
        "\n"
        "then run make test again.\n"
    )


def test_without_root_it_installs_nothing_and_gives_the_sudo_command(machine):
    machine.add_apt_get()
    result = machine.run(user="someone")
    assert result.returncode == 1
    assert machine.apt_calls() == []
    assert "Installing Debian's redis-server package needs root." in result.stderr
    assert "    sudo apt-get install -y redis-server\n" in result.stderr


def test_without_apt_get_it_points_to_redis_install_guide(machine):
    result = machine.run(user="root")
    assert result.returncode == 1
    assert ensure_redis.INSTALL_GUIDE in result.stderr


def test_the_tests_own_server_keeps_nothing_on_disk_and_stops(redis_server, tmp_path):
    import redis

    server = RedisServer(redis_server.executable, tmp_path).start()
    try:
        with server.client() as client:
            assert client.config_get("save") == {"save": ""}
            assert client.config_get("appendonly") == {"appendonly": "no"}
            assert client.config_get("bind") == {"bind": "127.0.0.1"}
            client.set("written", "1")
    finally:
        server.stop()
    assert server.process.returncode is not None
    with pytest.raises(redis.ConnectionError), server.client() as client:
        client.ping()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["redis.log"]


def test_without_redis_server_the_tests_that_need_it_fail_saying_how(machine):
    machine.add_apt_get()  # never run: the tests only say how
    test = "tests/test_shared_cache.py::test_server_b_is_served_what_server_a_cached"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", test],
        env={**os.environ, "PATH": str(machine.bin)}, cwd=SCRIPT.parent.parent,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout
    assert "redis-server is not installed" in result.stdout
    assert "make test installs it, or install it with:" in result.stdout
    assert "apt-get install -y redis-server" in result.stdout
    assert "2 errors" in result.stdout  # both layers; none skipped
    assert "skipped" not in result.stdout
    assert machine.apt_calls() == []
