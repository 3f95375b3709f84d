"""The course outline: sessions in tree order, their lessons, and the way between them.

The outline of a course is read in one query whatever the course's size (the
course's pages, with the sessions' aims joined in), and cached per course and
site until a page of the course changes (see ``cache.py``). Every course, session
and lesson page uses it for its navigation, numbering and previous/next links.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext
from wagtail.models import Page, get_page_models

from .cache import cached, course_version, site_id

__all__ = [
    "OutlineEntry",
    "SessionEntry",
    "CourseOutline",
    "CourseUrls",
    "build_outline",
    "get_outline",
    "outline_key",
    "request_for_site",
    "uses_wagtail_urls",
]


@dataclass
class OutlineEntry:
    """A page in the outline: enough to link to it and to mark it as current."""

    id: int
    title: str
    url: str
    translation_key: str
    number: int = 0


@dataclass
class SessionEntry(OutlineEntry):
    aim: str = ""
    lessons: list = field(default_factory=list)

    @property
    def label(self):
        """ "Session 3", in the active language."""
        # The sidebar lists every session of a long course: one gettext call each is
        # cheaper than a {% blocktranslate %} each, and the message is the same.
        return gettext("Session %(number)s") % {"number": self.number}


@dataclass
class CourseOutline:
    sessions: list = field(default_factory=list)
    resources: list = field(default_factory=list)

    @property
    def lessons(self):
        """Every lesson of the course, in reading order."""
        return [lesson for session in self.sessions for lesson in session.lessons]

    def session_of(self, page_id):
        """The session a page (a session or one of its lessons) belongs to."""
        for session in self.sessions:
            if session.id == page_id or any(lesson.id == page_id for lesson in session.lessons):
                return session
        return None

    def neighbours(self, page_id):
        """The lessons before and after ``page_id`` across the whole course."""
        lessons = self.lessons
        for index, lesson in enumerate(lessons):
            if lesson.id == page_id:
                previous = lessons[index - 1] if index > 0 else None
                following = lessons[index + 1] if index + 1 < len(lessons) else None
                return previous, following
        return None, None


def _model_for(content_type_id):
    # ContentType's manager caches lookups by id, so this is free after the first use.
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _kind(model):
    # Each course page type names its kind; the outline needs no import of the models,
    # which import the outline.
    return getattr(model, "peersupport_kind", None)


def _aim_lookups():
    """Paths from Page to each table that holds a session's aim, for one joined query."""
    owners = {
        model._meta.get_field("aim").model
        for model in get_page_models()
        if _kind(model) == "session" and not model._meta.abstract
    }
    return sorted(
        f"{owner._meta.model_name}__aim"
        for owner in owners
        if Page in owner._meta.parents  # a direct child of Page: one join away
    )


# The characters Django's ``reverse()`` leaves as they are in a path (RFC 3986 "pchar").
_SAFE = "!$&'()*+,;=/~:@"


def uses_wagtail_urls(model):
    """Whether pages of ``model`` get their URLs the way Wagtail's ``Page`` gives them.

    A page type that overrides ``get_url_parts``, ``get_url`` or ``relative_url`` may
    put its pages anywhere, so its URLs are asked of each page.
    """
    return all(
        getattr(model, name) is getattr(Page, name)
        for name in ("get_url_parts", "get_url", "relative_url")
    )


def request_for_site(site):
    """A bare request that Wagtail takes as one served by ``site``, for work done outside
    a request (a task) that must give the URLs a visitor of that site would see."""
    request = HttpRequest()
    request._wagtail_site = site  # what Site.find_for_request() keeps and reads
    return request


class CourseUrls:
    """The URLs of a course's pages, worked out from their ``url_path`` and the course's URL.

    Wagtail reverses a URL for each page, inside a language override; every page of a
    course is on the course's site and in its language, so it shares the course's prefix.
    The course's own URL is asked of Wagtail once; each page's URL is that followed by its
    path below the course, quoted as ``reverse()`` would. Pages of a type that changes how
    URLs are made, pages of a course whose own type does, and pages below the root of
    another site that lies inside the course are asked of Wagtail, page by page.
    """

    def __init__(self, course, request=None, full=False):
        self.course = course
        self.request = request
        self.full = full
        self.prefix = self._wagtail_url(course)
        course_model = course.specific_class or type(course)
        self.derive = (
            self.prefix is not None
            and self.prefix.endswith("/")
            # Without the trailing slash, Wagtail's URLs follow the setting as it was
            # when Wagtail was imported: ask Wagtail.
            and getattr(settings, "WAGTAIL_APPEND_SLASH", True)
            and uses_wagtail_urls(course_model)
            and uses_wagtail_urls(type(course))
            and not self._site_root_inside()
        )

    def _wagtail_url(self, page):
        if self.full:
            return page.get_full_url(self.request)
        return page.get_url(request=self.request)

    def _site_root_inside(self):
        # Pages below another site's root take that site's URLs, not the course's.
        course_path = self.course.url_path
        return any(
            root.root_path != course_path and root.root_path.startswith(course_path)
            for root in self.course._get_site_root_paths(self.request)
        )

    def url(self, page, model=None):
        """The URL of ``page`` (a page of the course, ``model`` its specific class), or ""."""
        model = model or page.specific_class
        if self.derive and (model is None or uses_wagtail_urls(model)):
            return self.prefix + quote(page.url_path[len(self.course.url_path) :], safe=_SAFE)
        if model is not None and not isinstance(page, model):
            page = page.specific
        return self._wagtail_url(page) or ""


def build_outline(course, request=None, site=None):
    """Read the outline of ``course`` (a course page) from the database: one query.

    ``site`` stands for the site of a request when there is none: the URLs are those
    a visitor of that site sees.
    """
    if request is None and site is not None:
        request = request_for_site(site)
    urls = CourseUrls(course, request)
    aims = [F(lookup) for lookup in _aim_lookups()]
    pages = (
        Page.objects.descendant_of(course)
        .live()
        .filter(depth__lte=course.depth + 2)
        .select_related("locale")
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "content_type_id",
            "translation_key",
            "locale",
        )
        .annotate(
            session_aim=Coalesce(*aims, Value(""), output_field=TextField())
            if aims
            else Value("", output_field=TextField())
        )
        .order_by("path")
    )
    outline = CourseOutline()
    sessions_by_path = {}
    for page in pages:
        model = _model_for(page.content_type_id)
        if model is None:
            continue
        entry_kwargs = {
            "id": page.id,
            "title": page.title,
            "url": urls.url(page, model),
            "translation_key": str(page.translation_key),
        }
        if page.depth == course.depth + 1 and _kind(model) == "session":
            session = SessionEntry(
                number=len(outline.sessions) + 1, aim=page.session_aim or "", **entry_kwargs
            )
            outline.sessions.append(session)
            sessions_by_path[page.path] = session
        elif page.depth == course.depth + 1 and _kind(model) == "resources":
            outline.resources.append(OutlineEntry(**entry_kwargs))
        elif page.depth == course.depth + 2 and _kind(model) == "lesson":
            session = sessions_by_path.get(page.path[: -Page.steplen])
            if session is not None:
                session.lessons.append(
                    OutlineEntry(number=len(session.lessons) + 1, **entry_kwargs)
                )
    return outline


def outline_key(course, site=None, request=None):
    """The cache key of the outline of ``course`` as the site (or the request's) shows it."""
    where = site.pk if site is not None else site_id(request)
    return f"outline:{course.pk}:{where}:{course_version(course.translation_key)}"


def get_outline(course, request=None, site=None):
    """The outline of ``course``, from the cache when nothing in the course has changed.

    Give the ``request`` being served, or outside a request the ``site`` whose visitors
    it is for: both find the same cached outline.
    """
    return cached(
        outline_key(course, site=site, request=request),
        lambda: build_outline(course, request=request, site=site),
    )
