"""Template tags for course pages: translations of a page, and support contacts."""

import hashlib

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from wagtail.rich_text import RichText
from wagtail.templatetags.wagtailcore_tags import richtext

from .. import conf
from ..blocks import RICH_TEXT_FEATURES
from ..cache import (
    PREFIX,
    cached,
    contacts_version,
    content_version,
    course_version,
    get_cache,
    site_id,
)
from ..cleaning import clean_html
from ..links import is_safe_link
from ..models import SupportContact

register = template.Library()


@register.filter
def peersupport_richtext(value, features=None):
    """Rich text rendered as Wagtail's ``|richtext`` renders it, after the HTML gate.

    Course pages clean their rich text whenever they are saved; this cleans it again as
    it is drawn, for rich text that reached the database some other way (a fixture
    loaded with ``loaddata``, SQL, content saved before the gate existed), so that
    nothing a field does not allow reaches visitors, and no media embed makes the
    server call another site. ``features`` defaults to the package's own. Clean HTML
    is remembered, so this costs little after the first time.
    """
    source = value.source if isinstance(value, RichText) else str(value or "")
    return richtext(clean_html(source, features or RICH_TEXT_FEATURES).html)


@register.filter
def peersupport_link(value):
    """``value`` if it is a link visitors may follow (see ``links``), else nothing.

    Links are cleaned when they are saved; this checks again as the page is drawn, for
    links that reached the database some other way (a translator's override of a link,
    a value written before the rules existed).
    """
    return value if is_safe_link(value) else ""


def _language_order():
    return {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}


@register.simple_tag(takes_context=True)
def peersupport_translations(context, page):
    """The live versions of ``page`` in every language, in the order of ``LANGUAGES``.

    Each is a dict with ``code``, ``name`` (the language's name in that language),
    ``url``, ``bidi`` and ``current``. Empty when the page exists in one language only.
    """
    request = context.get("request")
    cache = getattr(request, "_peersupport_translations", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._peersupport_translations = cache
    if page.pk not in cache:
        cache[page.pk] = _cached_translations(page, request, context.get("course"))
    return cache[page.pk]


def _cached_translations(page, request, course):
    """Translations from Django's cache while nothing in the page's course has changed."""
    if course is None or getattr(request, "is_preview", False):
        return _translations(page, request)
    key = f"translations:{page.pk}:{site_id(request)}:{course_version(course.translation_key)}"
    return cached(key, lambda: _translations(page, request))


def _translations(page, request):
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    order = _language_order()
    items = []
    for translated in pages:
        code = translated.locale.language_code
        try:
            info = get_language_info(code)
        except KeyError:
            info = {"name_local": code, "bidi": False}
        items.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": translated.get_url(request=request),
                "full_url": translated.get_full_url(request=request),
                "current": translated.pk == page.pk,
            }
        )
    if len(items) < 2:
        return []
    return sorted(items, key=lambda item: order.get(item["code"], len(order)))


@register.simple_tag(takes_context=True)
def peersupport_support_contacts(context):
    """Support contacts for the visitor's language (read once per request)."""
    request = context.get("request")
    if request is not None and hasattr(request, "_peersupport_contacts"):
        return request._peersupport_contacts
    contacts = SupportContact.for_active_locale()
    if request is not None:
        request._peersupport_contacts = contacts
    return contacts


def _route(request):
    """The sub-route a routable page resolved for ``request`` (its name and arguments)."""
    match = getattr(request, "routable_resolver_match", None)
    if match is None:
        return ""
    return f"{match.url_name}:{match.args!r}:{sorted(match.kwargs.items())!r}"


def page_html_key(request, page, course):
    """The cache key of a course page's HTML for ``request``: nothing else can share it.

    The address (host, path and query string), the sub-route the page resolved, the
    site, the language, every setting the HTML shows and the versions of the course,
    the site's content and the support contacts.
    """
    where = hashlib.sha256(
        "\n".join(
            str(part)
            for part in (
                request.get_host(),
                request.get_full_path(),
                _route(request),
                conf.quick_exit_url(),
                conf.offline_enabled(),
                conf.show_review_dates(),
            )
        ).encode()
    ).hexdigest()[:32]
    return ":".join(
        str(part)
        for part in (
            "page-html",
            page.pk,
            where,
            site_id(request),
            translation.get_language(),
            course_version(course.translation_key),
            content_version(),
            contacts_version(),
        )
    )


class CachedContentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        page, course, request = context.get("page"), context.get("course"), context.get("request")
        if (
            page is None
            or course is None
            or request is None
            or not conf.page_cache_enabled()
            or getattr(request, "is_preview", False)
            or request.method not in ("GET", "HEAD")
            # A page that differs for each visitor's request (the search page) says so.
            or context.get("peersupport_no_cache")
        ):
            return self.nodelist.render(context)
        cache = get_cache()
        key = f"{PREFIX}:{page_html_key(request, page, course)}"
        html = cache.get(key)
        if html is None:
            html, personal = self._render_watching(context, request)
            if personal:
                return html
            cache.set(key, html, conf.cache_timeout())
        # The course's own templates' output, autoescaped, its rich text through the HTML
        # gate (peersupport_richtext), kept as rendered: nothing else reaches the cache.
        return mark_safe(html)  # noqa: S308

    def _render_watching(self, context, request):
        """Render, and say whether the HTML holds anything of this visitor's own.

        A site's template inside the course's content (a form, say) may show a CSRF
        token, which is each visitor's own: such HTML is never kept.
        """
        used = []
        token = context.get("csrf_token")
        needed_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        with context.push(
            csrf_token=SimpleLazyObject(lambda: used.append(True) or str(token))
            if token is not None
            else None
        ):
            html = self.nodelist.render(context)
        personal = bool(used) or (
            not needed_before and bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        )
        return html, personal


@register.tag
def peersupport_cache(parser, token):
    """Cache what it encloses: a course page's own HTML, the same for every visitor.

    Course pages hold nothing personal (notes and progress live in the browser), so
    their HTML is kept in Django's cache until the course, any page, document or
    image of the site, or the support contacts change. Previews are never cached.
    """
    nodelist = parser.parse(("endpeersupport_cache",))
    parser.delete_first_token()
    return CachedContentNode(nodelist)
