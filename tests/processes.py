"""For tests that start other processes: a free port, clean-up, this test's database."""

import signal
import socket

from django.db import connection

__all__ = ["free_port", "postgres_url", "stop_with_parent"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_with_parent():
    """In the child, before it runs: ask Linux for SIGTERM if pytest dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def postgres_url():
    """A DATABASE_URL for this test's PostgreSQL database, for another process to share."""
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@"
        f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
