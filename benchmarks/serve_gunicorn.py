"""Throughput and latency of a lesson page served by gunicorn, against a plain page.

Run with ``make bench`` or ``python benchmarks/serve_gunicorn.py``. Serves the test site
with gunicorn (2 sync workers on 127.0.0.1) from a fresh database holding a generated
course of 100 lessons, then fetches the middle lesson, and the test site's plain
``ArticlePage`` holding the same text, from this process with 8 threads, for a fixed time
in turns. Runs on a temporary SQLite file, and also on PostgreSQL when ``DATABASE_URL`` is a
postgres URL (a new database next to that one, dropped at the end; see postgres.sh).
gunicorn is stopped at the end, whatever happens.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, machine, progress, write_results

HERE = Path(__file__).resolve().parent
WORKERS = 2
THREADS = 8
WARM_UP = 3.0  # seconds of load before measuring, for each page
ROUNDS = 4  # the pages take turns, so a busy moment on the machine slows both alike
ROUND = 5.0  # seconds of load measured, for each page in each round
TIMEOUT = 30.0  # seconds before a request counts as an error
COURSE = (20, 5)  # sessions x lessons: 100 lessons


# The database set-up, run in a child process with the serving settings.


def prepare():
    """Migrate the database, load a course and a plain page; print their URLs as JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from _common import database
    from django.core.management import call_command
    from render_pages import middle, plain_page_like
    from wagtail.models import Page, Site

    from wagtail_peersupport.models import AbstractSessionPage
    from wagtail_peersupport.sample import make_course

    call_command("migrate", verbosity=0, interactive=False)
    home = Site.objects.get(is_default_site=True).root_page
    sessions, per_session = COURSE
    course = make_course(home, title="Course", sessions=sessions, lessons_per_session=per_session)
    session = middle(Page.objects.child_of(course).type(AbstractSessionPage).order_by("path"))
    lesson = middle(Page.objects.child_of(session).order_by("path")).specific
    article, _, _ = plain_page_like(home, lesson, "serve")
    print(
        json.dumps(
            {
                "lesson page": lesson.get_url(),
                "plain page": article.get_url(),
                "database": database(),
            }
        )
    )


# The load, from this process.


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    """One GET on a new connection (gunicorn's sync workers close each one): status, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(port, path, seconds):
    """Fetch ``path`` from THREADS threads for ``seconds``: latencies (s) of successes, errors."""
    deadline = time.perf_counter() + seconds
    latencies, errors = [], []
    lock = threading.Lock()

    def worker():
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, _ = fetch(port, path)
                problem = None if status == 200 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as error:
                problem = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT + 5)
    return latencies, errors, time.perf_counter() - started


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def measure(port, pages):
    """Load each of ``pages`` (kind: path) in turns; a row of figures for each kind."""
    kinds = list(pages)
    for kind in kinds:
        progress(f"  {kind} {pages[kind]}: {WARM_UP:.0f} s to warm up")
        load(port, pages[kind], WARM_UP)
    measured = {kind: ([], [], 0.0) for kind in kinds}
    for round_number in range(1, ROUNDS + 1):
        for kind in kinds:
            latencies, errors, seconds = load(port, pages[kind], ROUND)
            before = measured[kind]
            measured[kind] = (before[0] + latencies, before[1] + errors, before[2] + seconds)
            progress(
                f"  round {round_number}/{ROUNDS}, {kind}: "
                f"{len(latencies) / seconds:.1f} requests/s, {len(errors)} errors"
            )
    rows = []
    for kind in kinds:
        latencies, errors, seconds = measured[kind]
        row = {
            "kind": kind,
            "requests": len(latencies) + len(errors),
            "per_second": len(latencies) / seconds,
            "errors": len(errors),
            "error_kinds": sorted(set(errors)),
        }
        if latencies:
            row.update({f"p{n}": percentile(latencies, n / 100) * 1000 for n in (50, 95, 99)})
        rows.append(row)
    return rows


# Each database in turn.


class Database:
    """A fresh database for one run: a SQLite file, or a new PostgreSQL database."""

    def __init__(self, postgres_url=None):
        self.postgres_url = postgres_url
        self.folder = None
        self.name = None
        self.label = "PostgreSQL" if postgres_url else "SQLite"

    def env(self):
        if self.postgres_url:
            return {"BENCH_DATABASE_URL": self.postgres_url, "BENCH_DATABASE_NAME": self.name}
        return {"BENCH_DATABASE_URL": f"sqlite:///{self.folder}/db.sqlite3"}

    def _admin(self, *statements):
        import dj_database_url
        import psycopg

        config = dj_database_url.parse(self.postgres_url)
        with psycopg.connect(
            dbname=config["NAME"],
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            autocommit=True,
        ) as connection:
            for statement in statements:
                connection.execute(statement)
        return config["NAME"]

    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="peersupport-serve-")
        if self.postgres_url:
            import dj_database_url

            self.name = f"{dj_database_url.parse(self.postgres_url)['NAME']}_serve_bench"
            try:
                self._admin(
                    f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
                    f'CREATE DATABASE "{self.name}"',
                )
            except Exception:
                shutil.rmtree(self.folder, ignore_errors=True)
                raise
        return self

    def __exit__(self, *exc):
        try:
            if self.postgres_url:
                self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def stop_with_parent():
    """In the child, before gunicorn starts: ask Linux for SIGTERM if this process dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Gunicorn:
    """gunicorn serving the test site, in its own process group; stopped on leaving."""

    def __init__(self, env, log, app="django.core.wsgi:get_wsgi_application()", cwd=None):
        self.port = free_port()
        self.env = env
        self.log = log
        self.app = app
        self.cwd = cwd
        self.process = None

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--pythonpath",
            f"{ROOT},{HERE}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log),
            self.app,
        ]
        self.process = subprocess.Popen(
            command,
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=stop_with_parent,
        )
        return self

    def wait_until_serving(self, path, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                status, _ = fetch(self.port, path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not serve {path} within {seconds} s")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        if exc[0] is not None and self.log.exists() and self.log.read_text().strip():
            print("gunicorn's log ends:", file=sys.stderr)
            print(self.log.read_text()[-4000:], file=sys.stderr)


def serving_environment(database):
    """The environment gunicorn and the set-up process run in, for ``database``."""
    return {
        **os.environ,
        **database.env(),
        "DJANGO_SETTINGS_MODULE": "_serve_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)]),
    }


def prepare_in_child(script, env):
    """Run ``script --prepare`` in a child process; return what it printed last, as JSON."""
    prepared = subprocess.run(
        [sys.executable, str(Path(script).resolve()), "--prepare"],
        env=env,
        cwd=HERE,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=stop_with_parent,
    )
    if prepared.returncode != 0:
        sys.stderr.write(prepared.stderr)
        raise RuntimeError("setting up the database failed")
    return json.loads(prepared.stdout.strip().splitlines()[-1])


def run(database):
    """Serve and load both pages on one database; the figures."""
    with database:
        env = serving_environment(database)
        progress(f"{database.label}: migrating and loading a course of {COURSE[0] * COURSE[1]}")
        started = time.perf_counter()
        pages = prepare_in_child(__file__, env)
        progress(f"  ready in {time.perf_counter() - started:.1f} s ({pages['database']})")

        with Gunicorn(env, Path(database.folder) / "gunicorn.log") as server:
            server.wait_until_serving(pages["lesson page"])
            progress(f"  gunicorn serving on 127.0.0.1:{server.port} with {WORKERS} workers")
            kinds = ("lesson page", "plain page")
            rows = measure(server.port, {kind: pages[kind] for kind in kinds})
            for row in rows:
                progress(
                    f"  {row['kind']}: {row['per_second']:.1f} requests/s, p50 "
                    f"{row.get('p50', 0):.0f} ms, p95 {row.get('p95', 0):.0f} ms, p99 "
                    f"{row.get('p99', 0):.0f} ms, {row['errors']} errors"
                )
        return pages["database"], rows


def report(database, label, rows):
    lines = [
        f"Machine: {machine(database)}. gunicorn "
        f"(sync workers: {WORKERS}) on 127.0.0.1; {THREADS} client threads in another "
        f"process on the same machine, each request on a new connection; {WARM_UP:.0f} s "
        f"of warm-up, then {ROUNDS * ROUND:.0f} s measured per page, in {ROUNDS} turns of "
        f"{ROUND:.0f} s. The lesson is the middle one "
        f"of a course of {COURSE[0] * COURSE[1]} lessons; the plain page is an `ArticlePage` "
        "holding the same text. Database connections persist between requests "
        "(`CONN_MAX_AGE`).",
        "",
        "| page | requests | requests/s | p50 | p95 | p99 | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if "p50" in row:
            latency = f"{row['p50']:.0f} ms | {row['p95']:.0f} ms | {row['p99']:.0f} ms"
        else:
            latency = "- | - | -"
        errors = str(row["errors"])
        if row["error_kinds"]:
            errors += f" ({', '.join(row['error_kinds'])})"
        lines.append(
            f"| {row['kind']} | {row['requests']} | {row['per_second']:.1f} | {latency} | "
            f"{errors} |"
        )
    lesson, plain = rows
    if lesson["per_second"] and plain["per_second"]:
        lines += [
            "",
            f"The plain page serves {plain['per_second'] / lesson['per_second']:.2f} times as "
            "many requests per second as the lesson page.",
        ]
    write_results(
        f"Serving pages with gunicorn (benchmarks/serve_gunicorn.py): {label}", "\n".join(lines)
    )


def main():
    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    databases = [Database()]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        databases.append(Database(url))
    for database in databases:
        started = time.perf_counter()
        version, rows = run(database)
        report(version, database.label, rows)
        progress(f"{database.label} done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        prepare()
    else:
        main()
