"""The course's search page, a route of the course: ``<course>/search/?q=…``."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from ..search import MAX_QUERY_LENGTH, clean_query, page_text, search_course, snippet

__all__ = ["CourseSearchMixin"]


class CourseSearchMixin(RoutablePageMixin):
    """A page at ``search/`` below the course that finds its pages by their words.

    It finds the course's live pages with no view restriction, in the course's own
    language. Its HTML is never kept in the page cache, nor by browsers, proxies or the
    course's offline copy (``Cache-Control: no-store``), and the query is not recorded.
    """

    search_template = "wagtail_peersupport/search.html"
    search_results_per_page = 10

    @path("search/", name="search")
    def search_view(self, request):
        raw = request.GET.get("q", "")
        query = clean_query(raw)
        results = search_course(self, query) if query else None
        page = None
        if results is not None:
            paginator = Paginator(results, self.search_results_per_page)
            page = paginator.get_page(request.GET.get("page"))
        context = self.get_context(request)
        context.update(
            {
                "search_query": query,
                "search_query_cut": len(" ".join(str(raw).split())) > MAX_QUERY_LENGTH,
                "search_max_length": MAX_QUERY_LENGTH,
                "search_page": page,
                "search_results": self.search_entries(page, query, request) if page else [],
                # Each query's results are its own: never drawn from, or kept in, the cache.
                "peersupport_no_cache": True,
            }
        )
        response = TemplateResponse(request, self.search_template, context)
        patch_cache_control(response, private=True, no_store=True)
        # The query is in the address: other sites a visitor goes to next need not see it.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    def search_entries(self, page, query, request=None):
        """What the page shows of each result: title, address, session and snippet."""
        outline = self.get_outline(request)
        entries = []
        for result in page.object_list:
            session = outline.session_of(result.pk)
            entries.append(
                {
                    "page": result,
                    "title": result.title,
                    "url": result.get_url(request),
                    # A session's own page is named by its number; a lesson by its session.
                    "session": session,
                    "is_session": bool(session and session.id == result.pk),
                    "snippet": snippet(page_text(result), query),
                }
            )
        return entries

    def search_url(self, request=None):
        """The address of the course's search page, or "" when the course has none."""
        url = self.get_url(request)
        return url + self.reverse_subpage("search") if url else ""
