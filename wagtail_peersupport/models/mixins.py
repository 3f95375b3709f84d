"""What every page of a course shares: its course, the tree rules, the HTML gate, context."""

from functools import cache

from django.utils.functional import SimpleLazyObject, cached_property
from wagtail.models import get_page_models

from .. import conf
from ..cleaning import clean_page_content
from ..consent import guard_publish
from ..consent.forms import ConsentPageForm
from ..middleware import mark_public
from ..safemessaging.preview import mark_preview
from ..topics import content_warning_labels
from .tree import base_pages
from .workbook import WorkbookMixin

__all__ = ["CoursePageMixin", "course_page_models"]


@cache
def course_page_models(kind):
    """Every concrete page type of ``kind`` ("course", "session", "lesson", "resources")."""
    return tuple(
        model
        for model in get_page_models()
        if getattr(model, "peersupport_kind", None) == kind and not model._meta.abstract
    )


class CoursePageMixin:
    """What every page of a course shares: its course, the outline, the base template.

    Each abstract base names its kind of page in ``peersupport_kind``. Tree rules are
    given as abstract bases (``get_course_parent_bases`` and
    ``get_course_child_bases``), so a site's own subclass of, say,
    ``AbstractLessonPage`` can be added under any session without listing it. A page
    class that sets ``parent_page_types`` or ``subpage_types`` itself keeps Wagtail's
    usual behaviour.
    """

    peersupport_kind = None
    peersupport_template = None
    # Refuses a workflow approval that would publish a story without consent.
    base_form_class = ConsentPageForm

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
        if self.peersupport_kind == "course":
            return self
        return (
            base_pages(self)
            .ancestor_of(self)
            .type(*course_page_models("course"))
            .order_by("-depth")
            .specific()
            .first()
        )

    @cached_property
    def course(self):
        """The course this page belongs to; the course's routing sets it as it finds the page."""
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

    def publish(self, revision, *args, **kwargs):
        # However a page is published (revision.publish(), a workflow, scheduled
        # publishing, the loader), a story whose narrator has not agreed stays off the site.
        if not guard_publish(self, revision, kwargs.get("log_action", True)):
            return None
        return super().publish(revision, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        # The same for every visitor who is not signed in: browsers and CDNs may keep it.
        return mark_public(request, super().serve(request, *args, **kwargs))

    def serve_preview(self, request, *args, **kwargs):
        clean_page_content(self)
        response = super().serve_preview(request, *args, **kwargs)
        # Safe-messaging findings, marked for the content checker: previews only.
        return mark_preview(self, response)

    def get_template(self, request, *args, **kwargs):
        # A site's subclass looks for its own template first (Wagtail's default,
        # e.g. "mysite/my_lesson_page.html"), then falls back to the package's.
        own = super().get_template(request, *args, **kwargs)
        fallback = self.peersupport_template
        return own if own == fallback else [own, fallback]

    def get_cached_paths(self):
        # The sub-routes visitors fetch (a workbook, the privacy page...), so that
        # Wagtail's own front-end cache purge of the page reaches them too.
        from ..frontend_cache import sub_route_paths

        return [*super().get_cached_paths(), *sub_route_paths(type(self))]

    @property
    def content_warning_labels(self):
        """The names of the difficult topics the page is marked with, for visitors."""
        return content_warning_labels(getattr(self, "content_warnings", None))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.course
        # Read when a template first uses them: a page served from the cache never does.
        outline = SimpleLazyObject(lambda: course.get_outline(request)) if course else None
        offline_scope = SimpleLazyObject(lambda: course.offline_scope(request)) if course else ""
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
                "peersupport_quick_exit_url": conf.quick_exit_url(),
                "peersupport_privacy_url": SimpleLazyObject(lambda: course.privacy_url(request))
                if course
                else "",
                # Reading offline: the course's service worker, and the path it looks after.
                "peersupport_offline_worker_url": SimpleLazyObject(
                    lambda: course.offline_worker_url(request, scope=str(offline_scope))
                )
                if course
                else "",
                "peersupport_offline_scope": offline_scope,
                "peersupport_search_url": SimpleLazyObject(lambda: course.search_url(request))
                if course and hasattr(course, "search_url")
                else "",
            }
        )
        if isinstance(self, WorkbookMixin):
            context["print_url"] = self.get_url(request) + self.reverse_subpage("workbook")
        return context
