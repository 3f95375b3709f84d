"""Build the package's wheel as a fresh clone would, for the packaging test and the CI check."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class WheelBuildError(Exception):
    """pip could not build the wheel; the message is pip's output."""


def copy_tracked_files(destination):
    """Copy the files git tracks, as they are in the working tree, into ``destination``."""
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        source, target = ROOT / name, Path(destination) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        elif source.is_file():  # a tracked file deleted in the working tree is left out
            shutil.copy2(source, target)


def build_wheel(out_dir):
    """Build the wheel into ``out_dir`` and return its path.

    It is built from a copy of the tracked files, as a fresh clone has them: the build
    writes into the tree it builds (``build/``, ``*.egg-info``), and other suites may be
    running in this checkout. The build uses this Python's setuptools (the development
    extras have it), so nothing is downloaded.
    """
    with tempfile.TemporaryDirectory() as temporary:
        source = Path(temporary) / "wagtail-peersupport"
        copy_tracked_files(source)
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
            + ["--wheel-dir", str(out_dir), str(source)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    if result.returncode != 0:
        raise WheelBuildError(result.stdout + result.stderr)
    (path,) = Path(out_dir).glob("wagtail_peersupport-*.whl")
    return path
