"""Page types for a peer support course: course, session, lesson and resources.

Each page type has an abstract base that a site can subclass to add fields,
as ``wagtail.contrib.forms`` does with ``AbstractForm``. The concrete pages
below are ready to use. A site's subclass of a base takes its place in the
course tree without further settings (see ``CoursePageMixin``).
"""

from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .. import api, conf
from ..blocks import (
    RICH_TEXT_FEATURES,
    ExerciseFilesBlock,
    LessonBodyBlock,
    ResourcesBodyBlock,
    SessionBodyBlock,
)
from ..outline import get_outline
from ..search import text_search_fields
from .fields import ContentWarningsField
from .mixins import CoursePageMixin
from .offline import OfflineMixin
from .privacy import PrivacyMixin
from .review import ReviewMixin
from .routing import CourseRoutingMixin
from .search import CourseSearchMixin
from .workbook import WorkbookMixin

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


class AbstractCoursePage(
    CoursePageMixin,
    CourseRoutingMixin,
    WorkbookMixin,
    PrivacyMixin,
    OfflineMixin,
    CourseSearchMixin,
    Page,
):
    """A course: its introduction, who it is for, what learners will be able to do."""

    peersupport_kind = "course"

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
    search_fields = Page.search_fields + text_search_fields(
        "introduction", "audience", "learning_outcomes"
    )
    api_fields = [
        APIField("introduction", serializer=api.RichTextField()),
        APIField("audience", serializer=api.RichTextField()),
        APIField("learning_outcomes", serializer=api.TextListField()),
        APIField("duration"),
        APIField("outline", serializer=api.OutlineField()),
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


class AbstractSessionPage(CoursePageMixin, WorkbookMixin, ReviewMixin, Page):
    """A session of a course: its aim, an optional body, and its lessons below it."""

    peersupport_kind = "session"

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
        *ReviewMixin.review_panels,
    ]
    search_fields = Page.search_fields + text_search_fields("aim", "body")
    api_fields = [
        APIField("aim"),
        APIField("content_warnings", serializer=api.ContentWarningsField()),
        APIField("body", serializer=api.StreamField()),
        APIField("number", serializer=api.NumberField()),
        APIField("course", serializer=api.CourseField()),
        APIField("lessons", serializer=api.LessonsField()),
        APIField("last_reviewed", serializer=api.ReviewDateField()),
        APIField("next_review_due", serializer=api.ReviewDateField()),
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


class AbstractLessonPage(CoursePageMixin, ReviewMixin, Page):
    """A lesson: its body ('About lesson') and the files learners download."""

    peersupport_kind = "lesson"

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
        *ReviewMixin.review_panels,
    ]
    search_fields = Page.search_fields + text_search_fields("body", "exercise_files")
    api_fields = [
        APIField("content_warnings", serializer=api.ContentWarningsField()),
        APIField("body", serializer=api.StreamField()),
        APIField("exercise_files", serializer=api.StreamField()),
        APIField("reading_minutes"),
        APIField("number", serializer=api.NumberField()),
        APIField("course", serializer=api.CourseField()),
        APIField("session", serializer=api.SessionField()),
        APIField("last_reviewed", serializer=api.ReviewDateField()),
        APIField("next_review_due", serializer=api.ReviewDateField()),
    ]
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

    peersupport_kind = "resources"

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
    search_fields = Page.search_fields + text_search_fields("introduction", "body")
    api_fields = [
        APIField("introduction", serializer=api.RichTextField()),
        APIField("body", serializer=api.StreamField()),
        APIField("course", serializer=api.CourseField()),
    ]
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
