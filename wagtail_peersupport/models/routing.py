"""A course finds the session or lesson a URL names in one query, not two per level.

Wagtail's own routing (``Page.route``) reads each level's child, then its specific
page. A course reads every page its path names in one query, with the course's page
types joined in so the target comes back specific, and hands the rest of the path to
the target's own ``route``, so sub-routes (a session's workbook) and Wagtail's checks
still apply. The course's own sub-routes are left to ``RoutablePageMixin``. See
``benchmarks/RESULTS.md`` for what it saves.
"""

from functools import cache

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin

from .mixins import course_page_models
from .tree import base_page_model, base_pages

__all__ = ["CourseRoutingMixin"]

# Sessions sit one level below the course, and their lessons one below that.
LEVELS = 2


class CourseRoutingMixin(RoutablePageMixin):
    """Routing for a course page: its own sub-routes, then its sessions and lessons."""

    def route(self, request, path_components):
        if not path_components or self._is_own_route(path_components):
            # The course itself, or one of its sub-routes (the workbook): Wagtail's way,
            # which sets request.routable_resolver_match.
            return super().route(request, path_components)
        chain = self._pages_on_path(path_components)
        if not chain:
            raise Http404
        parent = self
        for page in chain:
            # As Page.route does, so that get_parent() costs no query.
            page._cached_parent_obj = parent
            parent = page
        target = _joined_specific(chain[-1], type(self))
        if hasattr(target, "peersupport_kind"):
            target.course = self  # ``course`` is a cached_property: this is its value
        return target.route(request, path_components[len(chain) :])

    def _is_own_route(self, path_components):
        if not self.live:
            return False
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    def _pages_on_path(self, path_components):
        """The pages the first levels of the path name, from the course down, in order."""
        prefixes, url = [], self.url_path
        for slug in path_components[:LEVELS]:
            url += f"{slug}/"
            prefixes.append(url)
        found = {
            page.url_path: page
            for page in base_pages(self)
            .filter(
                path__startswith=self.path,
                depth__in=range(self.depth + 1, self.depth + LEVELS + 1),
                url_path__in=prefixes,
            )
            .select_related(*_joins(type(self)))
        }
        chain = []
        for prefix in prefixes:
            if prefix not in found:
                break
            chain.append(found[prefix])
        return chain


@cache
def _joins(course_model):
    """Reverse one-to-one joins from the base page model to each course page type's table."""
    base = base_page_model(course_model)
    return sorted(
        model._meta.model_name
        for kind in ("session", "lesson", "resources")
        for model in course_page_models(kind)
        if model._meta.parents.keys() == {base}
    )


def _joined_specific(page, course_model):
    """The specific page from a joined row, or from the database when it was not joined."""
    name = page.specific_class._meta.model_name if page.specific_class else None
    if name in _joins(course_model):
        specific = getattr(page, name)
        specific._cached_parent_obj = getattr(page, "_cached_parent_obj", None)
        return specific
    return page.specific
