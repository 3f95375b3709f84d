"""A bounded load test: every page of the shipped course, in English and Welsh, under gunicorn.

Run with ``make bench`` or ``python benchmarks/load_test.py [--seconds N]``. Serves the
test site with gunicorn (2 sync workers on 127.0.0.1, as serve_gunicorn.py does) from a
fresh database holding the shipped Peer Support Training course, loaded and published,
and its Welsh (cy) translation from ``translate_course``. Then 20 client threads in this
process fetch every page of both courses (course, sessions, lessons, resources, and the
course's and each session's printable workbook) in turns for 60 s by default, each request
on a new connection, and stop by themselves.

Reports the requests, requests per second, p50 and p99 latency, errors (timeouts and
connection errors) and non-2xx responses, overall and for each kind of page. Exits
non-zero if any request failed or any response was a 5xx. Runs on a temporary SQLite
file, and also on PostgreSQL when ``DATABASE_URL`` is a postgres URL (a new database next
to that one, dropped at the end; see postgres.sh). gunicorn and the temporary folders are
removed at the end, whatever happens.
"""

import argparse
import http.client
import json
import os
import re
import signal
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from _common import RESULTS, ROOT, machine, progress, write_results
from serve_gunicorn import (
    WORKERS,
    Database,
    Gunicorn,
    percentile,
    prepare_in_child,
    serving_environment,
)

HERE = Path(__file__).resolve().parent
SECTION = "Load test (benchmarks/load_test.py)"
CLIENTS = 20
SECONDS = 60.0
TIMEOUT = 30.0  # seconds before a request counts as a timeout
REPORT_EVERY = 10.0  # seconds between progress lines
LANGUAGE = "cy"
KINDS = ["course", "session", "lesson", "resources", "course workbook", "session workbook"]


# The database set-up, run in a child process with the serving settings.


def prepare():
    """Migrate, load and translate the shipped course; print its pages as JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from _common import database
    from django.core.management import call_command
    from wagtail.models import Locale, Site

    from wagtail_peersupport.coursepackage import load_course, read_package, shipped_course_path
    from wagtail_peersupport.localize import course_pages, translate_course
    from wagtail_peersupport.models import (
        AbstractCoursePage,
        AbstractLessonPage,
        AbstractResourcesPage,
        AbstractSessionPage,
    )

    call_command("migrate", verbosity=0, interactive=False)
    Locale.objects.get_or_create(language_code=LANGUAGE)
    home = Site.objects.get(is_default_site=True).root_page
    course = load_course(read_package(shipped_course_path()), home, publish=True).course
    translate_course(course, LANGUAGE)

    kinds = [
        (AbstractCoursePage, "course"),
        (AbstractSessionPage, "session"),
        (AbstractLessonPage, "lesson"),
        (AbstractResourcesPage, "resources"),
    ]
    pages = []
    welsh = course.get_translation(Locale.objects.get(language_code=LANGUAGE))
    for page in course_pages(course) + course_pages(welsh):
        kind = next(name for model, name in kinds if isinstance(page, model))
        entry = {"kind": kind, "language": page.locale.language_code, "url": page.get_url()}
        pages.append(entry)
        if kind in ("course", "session"):
            pages.append({**entry, "kind": f"{kind} workbook", "url": entry["url"] + "workbook/"})
    print(json.dumps({"pages": pages, "database": database()}))


# The load, from this process.


def fetch(port, path):
    """One GET on a new connection (gunicorn's sync workers close each one); the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class Load:
    """CLIENTS threads fetching ``pages`` in turns until a deadline; what they saw."""

    def __init__(self, port, pages, seconds):
        self.port = port
        self.pages = pages
        self.seconds = seconds
        self.lock = threading.Lock()
        self.requests = 0
        self.latencies = defaultdict(list)  # page index: seconds of each 2xx response
        self.statuses = Counter()  # non-2xx status: count
        self.bad_pages = defaultdict(Counter)  # page index: non-2xx status or error: count
        self.errors = Counter()  # "timeout" or the exception's name: count
        self.elapsed = 0.0

    def client(self, number, deadline):
        # Each client starts at its own place in the list, so every page is in demand
        # at every moment, not all clients on the workbooks at once.
        index = number * len(self.pages) // CLIENTS
        while time.perf_counter() < deadline:
            page = index % len(self.pages)
            index += 1
            started = time.perf_counter()
            status = problem = None
            try:
                status = fetch(self.port, self.pages[page]["url"])
            except TimeoutError:
                problem = "timeout"
            except (OSError, http.client.HTTPException) as error:
                problem = type(error).__name__
            elapsed = time.perf_counter() - started
            with self.lock:
                self.requests += 1
                if problem:
                    self.errors[problem] += 1
                    self.bad_pages[page][problem] += 1
                elif 200 <= status < 300:
                    self.latencies[page].append(elapsed)
                else:
                    self.statuses[status] += 1
                    self.bad_pages[page][f"HTTP {status}"] += 1

    def show(self, started, since):
        """A progress line; the count of requests, for the next line."""
        now = time.perf_counter()
        with self.lock:
            requests, failed = self.requests, sum(self.errors.values())
            other = sum(self.statuses.values())
        progress(
            f"    {now - started:4.0f} s: {requests} requests, "
            f"{(requests - since[0]) / (now - since[1]):.0f}/s lately, {failed} errors, "
            f"{other} non-2xx"
        )
        return requests, now

    def run(self):
        started = time.perf_counter()
        deadline = started + self.seconds
        threads = [
            threading.Thread(target=self.client, args=(number, deadline), daemon=True)
            for number in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        since, next_report = (0, started), started + REPORT_EVERY
        while (now := time.perf_counter()) < deadline:
            time.sleep(max(0.0, min(next_report, deadline) - now))
            if next_report <= time.perf_counter() < deadline:
                since = self.show(started, since)
                next_report += REPORT_EVERY
        # Requests under way at the deadline finish, or time out.
        for thread in threads:
            thread.join(max(0.0, deadline + TIMEOUT + 5 - time.perf_counter()))
        self.elapsed = time.perf_counter() - started
        self.show(started, since)
        return self


def cpu_seconds(gunicorn, servers=()):
    """CPU seconds the machine has spent in all, busy, and busy on this test; Linux only.

    This test is this process, gunicorn and its workers (the children of ``gunicorn``),
    and any process named in ``servers`` (the database server's).
    """
    tick = os.sysconf("SC_CLK_TCK")
    try:
        with open("/proc/stat") as stat:
            times = [int(value) for value in stat.readline().split()[1:]]
        ours = sum(os.times()[:2])
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue  # the process has gone
            # The name may hold spaces and brackets: the fields after its last ")" are fixed.
            name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1]
            fields = fields.split()
            if gunicorn in (int(entry.name), int(fields[1])) or name in servers:
                ours += (int(fields[11]) + int(fields[12])) / tick
    except (OSError, ValueError, IndexError):
        return None
    idle = times[3] + times[4]  # idle, and waiting for I/O
    return sum(times[:8]) / tick, (sum(times[:8]) - idle) / tick, ours


def others_share(before, after):
    """The share of the machine's CPU time that other processes used between two readings."""
    if before is None or after is None:
        return None
    total, busy, ours = (end - start for start, end in zip(before, after, strict=True))
    return max(0.0, busy - ours) / total if total else None


def figures(latencies):
    """p50, p99 and the slowest, in ms."""
    if not latencies:
        return None
    return {
        "p50": percentile(latencies, 0.50) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "max": max(latencies) * 1000,
    }


def summarise(load):
    """The figures of a run, overall and by kind of page and language."""
    every = [value for values in load.latencies.values() for value in values]
    five_hundreds = sum(count for status, count in load.statuses.items() if status >= 500)
    rows = []
    for kind in KINDS:
        for language in ("en", LANGUAGE):
            indexes = [
                index
                for index, page in enumerate(load.pages)
                if page["kind"] == kind and page["language"] == language
            ]
            if not indexes:
                continue
            latencies = [value for index in indexes for value in load.latencies[index]]
            failed = sum(sum(load.bad_pages.get(index, {}).values()) for index in indexes)
            rows.append(
                {
                    "kind": kind,
                    "language": language,
                    "pages": len(indexes),
                    "requests": len(latencies) + failed,
                    "failed": failed,
                    **(figures(latencies) or {}),
                }
            )
    slowest = max(
        (index for index in load.latencies if load.latencies[index]),
        key=lambda index: percentile(load.latencies[index], 0.5),
        default=None,
    )
    return {
        "requests": load.requests,
        "per_second": load.requests / load.elapsed if load.elapsed else 0.0,
        "elapsed": load.elapsed,
        "errors": dict(load.errors),
        "statuses": {str(status): count for status, count in sorted(load.statuses.items())},
        "five_hundreds": five_hundreds,
        "bad_pages": {
            load.pages[index]["url"]: dict(problems) for index, problems in load.bad_pages.items()
        },
        "slowest": (
            {
                "url": load.pages[slowest]["url"],
                **figures(load.latencies[slowest]),
            }
            if slowest is not None
            else None
        ),
        "rows": rows,
        **(figures(every) or {}),
    }


def run(database, seconds):
    """Serve the course on one database and load it; the figures."""
    with database:
        env = serving_environment(database)
        progress(f"{database.label}: migrating, loading the shipped course, translating it")
        started = time.perf_counter()
        setup = prepare_in_child(__file__, env)
        pages = setup["pages"]
        progress(
            f"  ready in {time.perf_counter() - started:.1f} s ({setup['database']}): "
            f"{len(pages)} URLs"
        )

        with Gunicorn(env, Path(database.folder) / "gunicorn.log") as server:
            server.wait_until_serving(pages[0]["url"])
            progress(f"  gunicorn serving on 127.0.0.1:{server.port} with {WORKERS} workers")
            # Each page once, unmeasured: the figures are of a site that has been up a
            # while, not of each page's first render, and a page that fails shows up early.
            for page in pages:
                status = fetch(server.port, page["url"])
                if status != 200:
                    progress(f"  warm-up: {page['url']} answered {status}")
            progress(f"  {CLIENTS} clients for {seconds:.0f} s")
            servers = ("postgres",) if database.postgres_url else ()
            before = cpu_seconds(server.process.pid, servers)
            result = summarise(Load(server.port, pages, seconds).run())
            result["others"] = others_share(before, cpu_seconds(server.process.pid, servers))
        result["database"] = setup["database"]
        result["urls"] = len(pages)
        return result


# The results file.


def milliseconds(row):
    if "p50" not in row:
        return "- | - | -"
    return f"{row['p50']:.0f} ms | {row['p99']:.0f} ms | {row['max']:.0f} ms"


def subsection(label, result, seconds):
    """The results of one database, as a ``### label`` part of the section."""
    errors = sum(result["errors"].values())
    non_2xx = sum(int(count) for count in result["statuses"].values())
    lines = [
        f"### {label}",
        "",
        f"Machine: {machine(result['database'])}. {result['urls']} URLs, {seconds:.0f} s."
        + (
            f" Other work on the machine used {result['others']:.0%} of its CPU time meanwhile."
            if result["others"] is not None
            else ""
        ),
        "",
        "| requests | requests/s | p50 | p99 | slowest | errors | non-2xx | 5xx |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {result['requests']} | {result['per_second']:.1f} | {milliseconds(result)} | "
        f"{errors} | {non_2xx} | {result['five_hundreds']} |",
        "",
        "| page | language | pages | requests | p50 | p99 | slowest | errors and non-2xx |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['kind']} | {row['language']} | {row['pages']} | {row['requests']} | "
            f"{milliseconds(row)} | {row['failed']} |"
        )
    notes = []
    if result["slowest"]:
        slowest = result["slowest"]
        notes.append(
            f"Slowest page by median: `{slowest['url']}`, p50 {slowest['p50']:.0f} ms, "
            f"p99 {slowest['p99']:.0f} ms."
        )
    if result["errors"]:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(result["errors"].items()))
        notes.append(f"Errors: {kinds}.")
    if result["statuses"]:
        kinds = ", ".join(f"{count} HTTP {status}" for status, count in result["statuses"].items())
        notes.append(f"Non-2xx responses: {kinds}.")
    for url, problems in sorted(result["bad_pages"].items()):
        described = ", ".join(f"{count} {problem}" for problem, count in problems.items())
        notes.append(f"`{url}`: {described}.")
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def kept_subsections(measured):
    """The parts of the section already in RESULTS.md for databases not measured this time."""
    if not RESULTS.exists():
        return []
    found = re.search(
        rf"^## {re.escape(SECTION)}\n(.*?)(?=^## |\Z)", RESULTS.read_text(), re.S | re.M
    )
    if not found:
        return []
    parts = re.split(r"^(?=### )", found.group(1), flags=re.M)
    return [
        part.strip()
        for part in parts
        if part.startswith("### ") and part.splitlines()[0][4:].strip() not in measured
    ]


def report(results, seconds):
    intro = (
        f"gunicorn (sync workers: {WORKERS}) on 127.0.0.1 serving the test site with the "
        f"shipped course, loaded and published, and its Welsh ({LANGUAGE}) translation: "
        "every course, session, lesson and resources page in both languages, and the "
        "course's and each session's workbook. "
        f"{CLIENTS} client threads in another process on the same machine fetch the pages "
        "in turns, each request on a new connection (gunicorn's sync workers close every "
        "connection), after one unmeasured request per page. Latency is from opening the "
        "connection to reading the whole response, over 2xx responses; errors are timeouts "
        f"({TIMEOUT:.0f} s) and connection errors. Database connections persist between "
        "requests (`CONN_MAX_AGE`); Django's cache is each worker's local memory."
    )
    parts = [subsection(label, result, seconds) for label, result in results.items()]
    parts += kept_subsections(results)
    order = {"SQLite": 0, "PostgreSQL": 1}
    parts.sort(key=lambda part: order.get(part.splitlines()[0][4:].strip(), 2))
    write_results(SECTION, "\n\n".join([intro, *parts]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds",
        type=float,
        default=SECONDS,
        help=f"how long to load each database (default: {SECONDS:.0f})",
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        prepare()
        return 0

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    databases = [Database()]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        databases.append(Database(url))
    results = {}
    for database in databases:
        results[database.label] = run(database, options.seconds)
    report(results, options.seconds)
    failures = 0
    for label, result in results.items():
        errors = sum(result["errors"].values())
        non_2xx = sum(result["statuses"].values())
        failed = errors > 0 or result["five_hundreds"] > 0
        failures += failed
        progress(
            f"Load test, {label}: {result['requests']} requests, "
            f"{result['per_second']:.1f}/s, p50 {result.get('p50', 0):.0f} ms, "
            f"p99 {result.get('p99', 0):.0f} ms, {errors} errors, {non_2xx} non-2xx "
            f"({result['five_hundreds']} 5xx): {'FAILED' if failed else 'passed'}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
