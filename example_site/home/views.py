"""The site-wide search, as ``wagtail start``'s project template has it, in the visitor's
language and without pages behind a view restriction."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from wagtail.models import Locale, Page

from wagtail_peersupport.search import clean_query, page_text, snippet


def search(request):
    query = clean_query(request.GET.get("query", ""))
    if query:
        results = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
        )
    else:
        results = Page.objects.none()
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    # A few words of each result around what was searched for, as the course search shows.
    entries = [{"page": result, "snippet": snippet(page_text(result), query)} for result in page]
    response = TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page, "search_entries": entries},
    )
    # What someone searched for is theirs: no copy in shared caches or the browser's.
    patch_cache_control(response, private=True, no_store=True)
    return response
