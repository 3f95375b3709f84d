"""The package's models: course page types, support contacts and loader records."""

from .pages import *  # noqa: F403
from .records import *  # noqa: F403
from .support import *  # noqa: F403
