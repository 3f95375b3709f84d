"""Page types for a peer support course: course, session, lesson and resources.

Each page type has an abstract base that a site can subclass to add fields,
as ``wagtail.contrib.forms`` does with ``AbstractForm``. The concrete pages
below are ready to use. A site's subclass of a base takes its place in the
course tree without further settings (see ``CoursePageMixin``).
"""

from functools import cache

from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail.url_routing import RouteResult

from .. import conf
from ..blocks import (
    RICH_TEXT_FEATURES,
    ExerciseFilesBlock,
    LessonBodyBlock,
    ResourcesBodyBlock,
    SessionBodyBlock,
)
from ..cleaning import clean_page_content
from ..outline import get_outline
from ..topics import content_warning_labels
from .fields import ContentWarningsField

__all__ = [
    "CoursePageMixin",
    "WorkbookMixin",
    "AbstractCoursePage",
    "AbstractSessionPage",
    "AbstractLessonPage",
    "AbstractResourcesPage",
    "CoursePage",
    "SessionPage",
    "LessonPage",
    "ResourcesPage",
]


class CoursePageMixin:
    """What every page of a course shares: its course, the outline, the base template.

    Tree rules are given as abstract bases (``get_course_parent_bases`` and
    ``get_course_child_bases``), so a site's own subclass of, say,
    ``AbstractLessonPage`` can be added under any session without listing it.
    A page class that sets ``parent_page_types`` or ``subpage_types`` itself
    keeps Wagtail's usual behaviour.
    """

    @classmethod
    def get_course_parent_bases(cls):
        """Page classes this page may be created under; ``None`` means anywhere."""
        return None

    @classmethod
    def get_course_child_bases(cls):
        """Page classes that may be created under this page."""
        return ()

    @classmethod
    def clean_subpage_models(cls):
        if cls._clean_subpage_models is None and getattr(cls, "subpage_types", None) is None:
            bases = cls.get_course_child_bases()
            cls._clean_subpage_models = [m for m in get_page_models() if issubclass(m, bases)]
        return super().clean_subpage_models()

    @classmethod
    def clean_parent_page_models(cls):
        bases = cls.get_course_parent_bases()
        if (
            cls._clean_parent_page_models is None
            and getattr(cls, "parent_page_types", None) is None
            and bases is not None
        ):
            cls._clean_parent_page_models = [m for m in get_page_models() if issubclass(m, bases)]
        return super().clean_parent_page_models()

    def get_course(self):
        """The course this page belongs to (itself, for a course page)."""
        if isinstance(self, AbstractCoursePage):
            return self
        return (
            Page.objects.ancestor_of(self)
            .type(AbstractCoursePage)
            .order_by("-depth")
            .specific()
            .first()
        )

    @cached_property
    def course(self):
        return self.get_course()

    # Whatever writes a course page (the admin, the loader, wagtail-localize, a script),
    # its rich text goes through the HTML gate on the way in, and before a preview.

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            clean_page_content(self)
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        clean_page_content(self)
        return super().save_revision(*args, **kwargs)

    def serve_preview(self, request, *args, **kwargs):
        clean_page_content(self)
        return super().serve_preview(request, *args, **kwargs)

    def get_template(self, request, *args, **kwargs):
        # A site's subclass looks for its own template first (Wagtail's default,
        # e.g. "mysite/my_lesson_page.html"), then falls back to the package's.
        own = super().get_template(request, *args, **kwargs)
        fallback = self.peersupport_template
        return own if own == fallback else [own, fallback]

    @property
    def content_warning_labels(self):
        """The names of the difficult topics the page is marked with, for visitors."""
        return content_warning_labels(getattr(self, "content_warnings", None))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.course
        # Read when a template first uses them: a page served from the cache never does.
        outline = SimpleLazyObject(lambda: course.get_outline(request)) if course else None
        context.update(
            {
                "peersupport_base_template": conf.get_base_template(),
                "peersupport_include_css": conf.include_stylesheet(),
                "peersupport_include_js": conf.include_script(),
                "course": course,
                "outline": outline,
                "current_session": SimpleLazyObject(lambda: outline.session_of(self.pk))
                if course
                else None,
                "content_warning_topics": self.content_warning_labels,
            }
        )
        if isinstance(self, WorkbookMixin):
            context["print_url"] = self.get_url(request) + self.reverse_subpage("workbook")
        return context


@cache
def _course_page_joins():
    """Reverse one-to-one joins from Page to each concrete course page type's table."""
    bases = (AbstractSessionPage, AbstractLessonPage, AbstractResourcesPage)
    return sorted(
        model._meta.model_name
        for model in get_page_models()
        if issubclass(model, bases) and model._meta.parents.keys() == {Page}
    )


def _joined_specific(page, joins):
    """The specific page from a joined row, or from the database when it was not joined."""
    name = page.specific_class._meta.model_name if page.specific_class else None
    if name in joins:
        specific = getattr(page, name)
        specific._cached_parent_obj = getattr(page, "_cached_parent_obj", None)
        return specific
    return page.specific


class WorkbookMixin(RoutablePageMixin):
    """A printable workbook at ``workbook/`` below the page: every lesson in order.

    Facilitators run the course with groups in a room. The workbook holds the
    page's sessions and lessons with their stories, and space to write under
    each reflection question.
    """

    workbook_template = "wagtail_peersupport/workbook.html"

    @path("workbook/", name="workbook")
    def workbook(self, request):
        course = self.course
        outline = course.get_outline(request)
        pages = {
            page.pk: page
            for page in Page.objects.descendant_of(self, inclusive=True)
            .live()
            .filter(depth__lte=course.depth + 2)
            .specific()
        }
        sessions = [
            {
                "entry": session,
                "page": pages[session.id],
                "lessons": [pages[lesson.id] for lesson in session.lessons if lesson.id in pages],
            }
            for session in outline.sessions
            if session.id in pages
        ]
        context = self.get_context(request)
        context.update(
            {"sessions": sessions, "whole_course": self.pk == course.pk, "print_view": True}
        )
        return TemplateResponse(request, self.workbook_template, context)


class AbstractCoursePage(CoursePageMixin, WorkbookMixin, Page):
    """A course: its introduction, who it is for, what learners will be able to do."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("What the course is about, shown at the top of the course page."),
    )
    audience = RichTextField(
        _("who it is for"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Who the course is for, and anything learners need before they start."),
    )
    learning_outcomes = StreamField(
        [
            (
                "outcome",
                wagtail_blocks.CharBlock(
                    label=_("Learning outcome"),
                    max_length=500,
                    help_text=_("Something learners will be able to do by the end."),
                ),
            )
        ],
        verbose_name=_("learning outcomes"),
        blank=True,
    )
    duration = models.CharField(
        _("duration"),
        max_length=255,
        blank=True,
        help_text=_("How long the course takes, e.g. '11 sessions of two and a half hours'."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("learning_outcomes"), FieldPanel("duration")],
            heading=_("About the course"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("audience"),
    ]
    peersupport_template = "wagtail_peersupport/course_page.html"

    class Meta:
        abstract = True

    @classmethod
    def get_course_child_bases(cls):
        return (AbstractSessionPage, AbstractResourcesPage)

    def get_outline(self, request=None):
        """The course outline: numbered sessions with their lessons, and resources."""
        # Read once per page instance: a request renders the outline, the numbering
        # and the previous/next links from the same data.
        if not hasattr(self, "_peersupport_outline"):
            self._peersupport_outline = get_outline(self, request=request)
        return self._peersupport_outline

    def route(self, request, path_components):
        """Find a session or lesson below the course in one query, not two per level.

        Wagtail's own routing reads each level's child and then its specific page.
        The course reads the pages its path names in one query, then the target's
        specific page, and hands the rest of the path to it, so sub-routes (such as
        a session's workbook) and Wagtail's own checks still apply. The pages found
        know their course, which saves looking it up again.
        """
        if not path_components:
            return super().route(request, path_components)
        if self.live:
            try:
                view, args, kwargs = self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                pass
            else:
                return RouteResult(self, args=(view, args, kwargs))
        prefixes, url = [], self.url_path
        for slug in path_components[:2]:  # sessions, then their lessons
            url += f"{slug}/"
            prefixes.append(url)
        # The course's page types are joined in, so the target comes back specific.
        joins = _course_page_joins()
        found = {
            page.url_path: page
            for page in Page.objects.filter(
                path__startswith=self.path,
                depth__in=(self.depth + 1, self.depth + 2),
                url_path__in=prefixes,
            ).select_related(*joins)
        }
        chain = []
        for prefix in prefixes:
            if prefix not in found:
                break
            chain.append(found[prefix])
        if not chain:
            raise Http404
        parent = self
        for page in chain:
            page._cached_parent_obj = parent
            parent = page
        target = _joined_specific(chain[-1], joins)
        target._cached_parent_obj = chain[-1]._cached_parent_obj
        if isinstance(target, CoursePageMixin):
            target.__dict__["course"] = self
        return target.route(request, path_components[len(chain) :])


class AbstractSessionPage(CoursePageMixin, WorkbookMixin, Page):
    """A session of a course: its aim, an optional body, and its lessons below it."""

    aim = models.TextField(
        _("aim"),
        help_text=_("What the session sets out to do. Shown under its title in the outline."),
    )
    body = StreamField(
        SessionBodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Optional. Anything learners should read before the session's lessons."),
    )
    content_warnings = ContentWarningsField(
        _("content warnings"),
        help_text=_(
            "Tick every difficult topic this session deals with. Visitors see a short warning, "
            "naming the topics and pointing to support, before the content."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("aim"),
        FieldPanel("content_warnings"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("aim"),
        index.SearchField("body"),
    ]
    peersupport_template = "wagtail_peersupport/session_page.html"

    class Meta:
        abstract = True

    @classmethod
    def get_course_parent_bases(cls):
        return (AbstractCoursePage,)

    @classmethod
    def get_course_child_bases(cls):
        return (AbstractLessonPage,)

    @property
    def number(self):
        """The session's position in its course, counted from 1 (0 if not in a course)."""
        outline = self.course.get_outline() if self.course else None
        entry = outline.session_of(self.pk) if outline else None
        return entry.number if entry else 0


class AbstractLessonPage(CoursePageMixin, Page):
    """A lesson: its body ('About lesson') and the files learners download."""

    body = StreamField(
        LessonBodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("The lesson itself, built from text, stories, reflections and more."),
    )
    exercise_files = StreamField(
        ExerciseFilesBlock(),
        verbose_name=_("exercise files"),
        blank=True,
        help_text=_("Optional. Documents learners download for the lesson's exercises."),
    )
    content_warnings = ContentWarningsField(
        _("content warnings"),
        help_text=_(
            "Tick every difficult topic this lesson deals with. Visitors see a short warning, "
            "naming the topics and pointing to support, before the lesson."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("content_warnings"),
        FieldPanel("body"),
        FieldPanel("exercise_files"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    peersupport_template = "wagtail_peersupport/lesson_page.html"
    subpage_types = []

    class Meta:
        abstract = True

    @classmethod
    def get_course_parent_bases(cls):
        return (AbstractSessionPage,)

    @cached_property
    def reading_minutes(self):
        """About how many minutes the lesson takes to read: at least one."""
        texts = self._meta.get_field("body").get_searchable_content(self.body)
        words = sum(len(str(text).split()) for text in texts)
        return max(1, round(words / conf.reading_speed()))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        outline = context["outline"]
        if outline is not None:
            context["previous_lesson"] = SimpleLazyObject(lambda: outline.neighbours(self.pk)[0])
            context["next_lesson"] = SimpleLazyObject(lambda: outline.neighbours(self.pk)[1])
        return context


class AbstractResourcesPage(CoursePageMixin, Page):
    """The course's resources: lists of further reading, helplines and documents."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Optional. A few words about the resources on this page."),
    )
    body = StreamField(
        ResourcesBodyBlock(),
        verbose_name=_("resources"),
        blank=True,
        help_text=_("Lists of resources, with headings and text between them."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    peersupport_template = "wagtail_peersupport/resources_page.html"
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    @classmethod
    def get_course_parent_bases(cls):
        return (AbstractCoursePage,)


class CoursePage(AbstractCoursePage):
    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")


class SessionPage(AbstractSessionPage):
    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")


class LessonPage(AbstractLessonPage):
    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")


class ResourcesPage(AbstractResourcesPage):
    class Meta:
        verbose_name = _("resources page")
        verbose_name_plural = _("resources pages")
