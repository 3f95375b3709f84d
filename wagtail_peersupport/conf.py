"""Every setting the package reads, with its default.

Settings are read when they are used, not at import time, so that
``override_settings`` in a site's tests and per-environment settings work.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

BASE_TEMPLATE_SETTING = "WAGTAIL_PEERSUPPORT_BASE_TEMPLATE"


def get_setting(name, default):
    return getattr(settings, f"WAGTAIL_PEERSUPPORT_{name}", default)


def base_template_name():
    """The host site's base template, which every course page extends."""
    return get_setting("BASE_TEMPLATE", "base.html")


def get_base_template():
    """Load the host's base template, or explain which setting to change."""
    name = base_template_name()
    try:
        return get_template(name)
    except TemplateDoesNotExist as exc:
        raise ImproperlyConfigured(
            f"wagtail-peersupport could not find the base template {name!r} that course "
            f"pages extend. Create that template in your site, or set "
            f"{BASE_TEMPLATE_SETTING} in your settings to the name of your site's base "
            f"template (for example 'base.html')."
        ) from exc


def include_stylesheet():
    """Whether course pages add the package's stylesheet to the ``extra_css`` block."""
    return get_setting("INCLUDE_CSS", True)


def include_script():
    """Whether course pages load the package's script (notes, progress, the outline toggle)."""
    return get_setting("INCLUDE_JS", True)


def reading_speed():
    """Words a minute for a lesson's estimated reading time (a calm, careful pace)."""
    return max(1, int(get_setting("READING_SPEED", 180)))


def cache_alias():
    """The Django cache that holds course outlines and language switchers."""
    return get_setting("CACHE", "default")


def cache_timeout():
    """Seconds a cached outline is kept; changes to a course replace it sooner."""
    return get_setting("CACHE_TIMEOUT", 24 * 60 * 60)


def quick_exit_url():
    """Where "Leave this site quickly" goes: a neutral page; ``None`` turns the control off."""
    return get_setting("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")


def offline_enabled():
    """Whether visitors can read the course offline: its service worker and "Save this course"."""
    return bool(get_setting("OFFLINE", True))


def offline_max_pages():
    """How many pages of a course a browser keeps for reading offline; the oldest go first."""
    return max(1, int(get_setting("OFFLINE_MAX_PAGES", 200)))


def api_image_rendition():
    """The Wagtail image filter for the rendition an image block gives in the API."""
    return get_setting("API_IMAGE_RENDITION", "max-1600x1600")


def show_review_dates():
    """Whether session and lesson pages show visitors when they were last reviewed."""
    return bool(get_setting("SHOW_REVIEW_DATES", True))


def review_due_days():
    """How many days ahead the review report and dashboard count a review as due soon."""
    return max(0, int(get_setting("REVIEW_DUE_DAYS", 30)))


def safe_messaging_phrases():
    """Changes to the safe-messaging phrase list, per language: ``{"en": {"extend": [...]}}``."""
    return get_setting("SAFE_MESSAGING_PHRASES", {}) or {}


def page_cache_enabled():
    """Whether course pages keep their rendered HTML, and whole responses, in the cache."""
    return bool(get_setting("PAGE_CACHE", True))


def public_max_age():
    """Seconds browsers and CDNs may keep an anonymous visitor's course page; ``None``: unset.

    Sent as ``Cache-Control: public, max-age=…`` on course pages served to visitors who
    are not signed in. With ``wagtail.contrib.frontend_cache`` a change purges the CDN at
    once; browsers keep their copy for up to this long.
    """
    value = get_setting("PUBLIC_MAX_AGE", 300)
    return None if value is None else max(0, int(value))


def job_timeout():
    """Seconds after which a course job no worker has finished is given up, so another can start."""
    return max(60, int(get_setting("JOB_TIMEOUT", 2 * 60 * 60)))
