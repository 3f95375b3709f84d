"""Find redis-server for the shared-cache tests, installing it first when it is missing.

``make test`` runs this before pytest::

    python tests/ensure_redis.py

When ``redis-server`` is on PATH it only looks, and says nothing. Otherwise it installs
Debian's package (``apt-get install redis-server``) when it can install packages (as
root, with apt-get). If it cannot, it says which command installs it, and exits with
status 1, before the suite starts.

The tests start their own server on 127.0.0.1 (``tests/redis_server.py``): nothing needs
to be running, and the package's service, if it starts, is not used. This module uses
only the standard library, so it runs as a script too.
"""

import os
import shutil
import subprocess
import sys

APT_PACKAGES = ["redis-server"]
INSTALL_GUIDE = "https://redis.io/docs/latest/operate/oss_and_stack/install/"


def find_redis_server():
    """The path of ``redis-server``, or None."""
    return shutil.which("redis-server")


def is_root():
    return getattr(os, "geteuid", lambda: None)() == 0


def fix_command():
    """The command that installs redis-server on this machine, or None without apt-get."""
    if shutil.which("apt-get"):
        sudo = "" if is_root() else "sudo "
        return f"{sudo}apt-get install -y {' '.join(APT_PACKAGES)}"
    return None


def missing_message(tried=()):
    """What to say when there is no redis-server, after trying what ``tried`` lists.

    With nothing tried (the tests say this), ``make test`` may still install it itself.
    """
    lines = [
        "redis-server is not installed, and the shared-cache tests "
        "(tests/test_shared_cache.py, tests/test_two_servers.py) need it.",
        *tried,
    ]
    command = fix_command()
    if command is None:
        lines.append(f"Install Redis so that redis-server is on PATH: {INSTALL_GUIDE}")
    else:
        how = "Install it with:" if tried else "make test installs it, or install it with:"
        lines += [how, "", f"    {command}", ""]
    lines.append("then run make test again." if tried or command is None else "")
    return "\n".join(lines).rstrip()


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


def main():
    if find_redis_server():
        return 0
    tried = []
    if is_root() and shutil.which("apt-get"):
        print("redis-server is missing: installing Debian's redis-server package.", file=sys.stderr)
        if install_with_apt() and find_redis_server():
            return 0
        tried.append("apt-get could not install Debian's redis-server package (see above).")
    elif shutil.which("apt-get"):
        tried.append("Installing Debian's redis-server package needs root.")
    else:
        tried.append("This machine has no apt-get to install Debian's redis-server package.")
    print(missing_message(tried), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
