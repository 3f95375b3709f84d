"""StreamField blocks for peer support course content.

Every block is re-exported here, so a site imports them from
``wagtail_peersupport.blocks`` whichever module defines them.
"""

from .checks import *  # noqa: F403
from .links import *  # noqa: F403
from .media import *  # noqa: F403
from .reflection import *  # noqa: F403
from .research import *  # noqa: F403
from .resources import *  # noqa: F403
from .stories import *  # noqa: F403
from .streams import *  # noqa: F403
from .support import *  # noqa: F403
from .text import *  # noqa: F403
