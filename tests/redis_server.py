"""A real Redis server for the tests of the shared cache (a pytest plugin; see conftest.py).

``redis_server`` starts Debian's ``redis-server`` once for the session, on 127.0.0.1 on a
free port, keeping nothing on disk, in a temporary folder, and stops it when the session
ends, however it ends. ``redis_caches`` points Django's cache at it for one test, through
two separate connections, as two app servers sharing the cache would have, and empties it
before and after the test.

When ``redis-server`` is not installed the tests that need it fail, saying how to install
it: ``make test`` does (``tests/ensure_redis.py``).
"""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.ensure_redis import missing_message
from tests.processes import free_port, stop_with_parent

STARTUP_TIMEOUT = 15  # seconds for redis-server to answer PING
STOP_TIMEOUT = 10  # seconds for it to stop after SIGTERM, before SIGKILL


class RedisServer:
    """One ``redis-server`` process in ``folder``; ``url`` once it answers."""

    def __init__(self, executable, folder):
        self.executable = executable
        self.folder = Path(folder)
        self.log = self.folder / "redis.log"
        self.port = None
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        # Another process may take the free port before redis-server binds it: try again.
        for _attempt in range(3):
            self.port = free_port()
            self.process = subprocess.Popen(
                [
                    self.executable,
                    "--bind", "127.0.0.1",
                    "--port", str(self.port),
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", str(self.folder),
                    "--logfile", str(self.log),
                    "--daemonize", "no",
                ],
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=stop_with_parent,
            )  # fmt: skip
            if self.wait_until_answering():
                return self
            self.stop()
        raise RuntimeError(
            f"redis-server did not answer PING on 127.0.0.1 within {STARTUP_TIMEOUT} s. "
            f"Its log ends:\n{self.log_tail()}"
        )

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def wait_until_answering(self):
        import redis

        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with self.client() as client:
                    if client.ping():
                        return True
            except redis.ConnectionError:
                pass
            time.sleep(0.05)
        return False

    def log_tail(self):
        return self.log.read_text()[-2000:] if self.log.exists() else "(no log)"

    def flush(self):
        with self.client() as client:
            client.flushall()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def redis_server():
    """A ``redis-server`` on 127.0.0.1 for the whole session, stopped at its end."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail(missing_message(), pytrace=False)
    folder = tempfile.mkdtemp(prefix="peersupport-redis-")
    server = RedisServer(executable, folder)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def redis_cache_settings(url):
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}


@pytest.fixture
def redis_caches(redis_server, settings):
    """Django's cache on Redis, empty: ``default`` and ``server-b`` are two connections to it.

    The package uses ``default``; a test sets ``WAGTAIL_PEERSUPPORT_CACHE = "server-b"`` to
    act as a second app server.
    """
    redis_server.flush()
    settings.CACHES = {
        "default": redis_cache_settings(redis_server.url),
        "server-b": redis_cache_settings(redis_server.url),
    }
    yield redis_server
    redis_server.flush()
