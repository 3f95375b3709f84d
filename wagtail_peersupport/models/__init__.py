"""The package's models: course page types, support contacts, loader records and course jobs."""

from .jobs import *  # noqa: F403
from .pages import *  # noqa: F403
from .records import *  # noqa: F403
from .support import *  # noqa: F403
