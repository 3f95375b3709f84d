"""The course outline: sessions in tree order, their lessons, and the way between them.

The outline of a course is read in one query whatever the course's size (the
course's pages, with the sessions' aims joined in), and cached per course and
site until a page of the course changes (see ``cache.py``). Every course, session
and lesson page uses it for its navigation, numbering and previous/next links.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce
from wagtail.models import Page, get_page_models

from .cache import cached, course_version, site_id

__all__ = ["OutlineEntry", "SessionEntry", "CourseOutline", "build_outline", "get_outline"]


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


def build_outline(course, request=None):
    """Read the outline of ``course`` (a course page) from the database: one query."""
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
            "url": page.get_url(request=request) or "",
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


def get_outline(course, request=None):
    """The outline of ``course``, from the cache when nothing in the course has changed."""
    key = f"outline:{course.pk}:{site_id(request)}:{course_version(course.translation_key)}"
    return cached(key, lambda: build_outline(course, request=request))
