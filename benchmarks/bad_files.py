"""How long and how much memory refusing each bad course package takes.

Run with ``make bench`` or ``python benchmarks/bad_files.py``. Reads every file of
tests/bad_files/packages/, plus a 50 MB package and a package holding one 5 MB value
made here, each in a fresh process, and measures the time ``read_package`` takes to
refuse it, the peak of Python's allocations while it ran (tracemalloc) and how much the
process grew (its peak resident size after, less before). Target: the worst file
refused within 1 s and 100 MB. Exits non-zero when a file is accepted or misses it.
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, machine, progress, write_results

sys.path.insert(0, str(ROOT))
from tests.bad_files import write_large_package  # noqa: E402

CORPUS = ROOT / "tests" / "bad_files" / "packages"
TARGET_SECONDS = 1.0
TARGET_MB = 100.0

MEASURE = r"""
import json, os, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
import django
django.setup()
from wagtail_peersupport.coursepackage import CoursePackageError, read_package
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
started = time.perf_counter()
try:
    read_package(sys.argv[2])
    outcome = "accepted"
except CoursePackageError as exc:
    outcome = str(exc).split(": ", 1)[-1][:70]
seconds = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "python_mb": peak / 2**20,
                  "grew_mb": (after - before) / 1024, "outcome": outcome}))
"""


def generated(folder):
    """Files too large to keep in the repository."""
    huge = write_large_package(folder / "50-mb-package.yaml", megabytes=50)
    long_value = folder / "5-mb-block-type.yaml"
    long_value.write_text(
        "format: 1\ncourse: {title: A}\nsessions:\n- title: S\n  aim: A.\n  lessons:\n"
        f"  - title: L\n    body:\n    - type: {'carousel' * 650_000}\n      value: x\n",
        encoding="utf-8",
    )
    return [huge, long_value]


def migrated_database(folder):
    """A database for the measuring processes, migrated once."""
    url = f"sqlite:///{folder}/bench.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
        env=_environment(url),
        check=True,
        cwd=ROOT,
    )
    return url


def _environment(database_url):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url}


def measure(path, database_url):
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(Path(__file__).resolve().parent), str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=_environment(database_url),
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    with tempfile.TemporaryDirectory() as folder:
        files = sorted(p for p in CORPUS.iterdir() if not p.name.endswith("-good.yaml"))
        files += generated(Path(folder))
        database_url = migrated_database(folder)
        rows = []
        for number, path in enumerate(files, 1):
            figures = measure(path, database_url)
            progress(
                f"[{number}/{len(files)}] {path.name}: {figures['seconds'] * 1000:.1f} ms, "
                f"{figures['python_mb']:.1f} MB"
            )
            rows.append((path, path.stat().st_size, figures))
    rows.sort(key=lambda row: -row[2]["seconds"])
    accepted = [path.name for path, _size, figures in rows if figures["outcome"] == "accepted"]
    worst_seconds = max(figures["seconds"] for _p, _s, figures in rows)
    worst_mb = max(max(figures["python_mb"], figures["grew_mb"]) for _p, _s, figures in rows)
    lines = [
        f"Machine: {machine(f'sqlite {sqlite3.sqlite_version}')}. "
        "Each file is read by `read_package` in a fresh process: "
        "the time to refuse it, the peak of Python's allocations meanwhile (tracemalloc) "
        "and how much the process's peak resident size grew. Sorted slowest first.",
        "",
        "| file | size | refused in | Python peak | process grew | message |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for path, size, figures in rows:
        lines.append(
            f"| {path.name} | {size / 1024:,.1f} KB | {figures['seconds'] * 1000:.1f} ms "
            f"| {figures['python_mb']:.2f} MB | {figures['grew_mb']:.1f} MB "
            f"| {figures['outcome'].replace('|', '/')} |"
        )
    met = worst_seconds <= TARGET_SECONDS and worst_mb <= TARGET_MB and not accepted
    lines += [
        "",
        f"Worst: {worst_seconds * 1000:.1f} ms and {worst_mb:.1f} MB "
        f"(target: within {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB): "
        f"{'met' if met else 'MISSED'}."
        + (f" Accepted, and should not be: {', '.join(accepted)}." if accepted else ""),
    ]
    write_results("Refusing bad course packages (benchmarks/bad_files.py)", "\n".join(lines))
    progress(
        f"{len(rows)} bad files refused; worst {worst_seconds * 1000:.0f} ms, {worst_mb:.1f} MB."
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
