"""Template tags for course pages: translations of a page, and support contacts."""

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from ..models import SupportContact

register = template.Library()


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
    from wagtail.models import Site

    from ..cache import cached, course_version

    if course is None or getattr(request, "is_preview", False):
        return _translations(page, request)
    site = Site.find_for_request(request) if request is not None else None
    key = (
        f"translations:{page.pk}:{site.pk if site else '-'}:"
        f"{course_version(course.translation_key)}"
    )
    return cached(key, lambda: _translations(page, request))


def _translations(page, request):
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    order = _language_order()
    items = []
    for translation in pages:
        code = translation.locale.language_code
        try:
            info = get_language_info(code)
        except KeyError:
            info = {"name_local": code, "bidi": False}
        items.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": translation.get_url(request=request),
                "full_url": translation.get_full_url(request=request),
                "current": translation.pk == page.pk,
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
    contacts = SupportContact.cached_for_active_locale()
    if request is not None:
        request._peersupport_contacts = contacts
    return contacts
