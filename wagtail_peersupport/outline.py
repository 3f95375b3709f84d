"""The course outline: sessions in tree order, their lessons, and the way between them.

The outline of a course is read in two queries whatever the course's size: one
over the course's pages, one for the sessions' aims. Every course, session and
lesson page uses it for its navigation, numbering and previous/next links.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

__all__ = ["OutlineEntry", "SessionEntry", "CourseOutline", "build_outline"]


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


def build_outline(course, request=None):
    """Read the outline of ``course`` (a course page) from the database."""
    from .models import AbstractLessonPage, AbstractResourcesPage, AbstractSessionPage

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
        .order_by("path")
    )
    outline = CourseOutline()
    sessions_by_path = {}
    session_models = {}
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
        if page.depth == course.depth + 1 and issubclass(model, AbstractSessionPage):
            session = SessionEntry(number=len(outline.sessions) + 1, **entry_kwargs)
            outline.sessions.append(session)
            sessions_by_path[page.path] = session
            session_models.setdefault(model, []).append(session)
        elif page.depth == course.depth + 1 and issubclass(model, AbstractResourcesPage):
            outline.resources.append(OutlineEntry(**entry_kwargs))
        elif page.depth == course.depth + 2 and issubclass(model, AbstractLessonPage):
            session = sessions_by_path.get(page.path[: -Page.steplen])
            if session is not None:
                session.lessons.append(
                    OutlineEntry(number=len(session.lessons) + 1, **entry_kwargs)
                )

    for model, sessions in session_models.items():
        aims = dict(model.objects.filter(pk__in=[s.id for s in sessions]).values_list("pk", "aim"))
        for session in sessions:
            session.aim = aims.get(session.id, "")
    return outline
