import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, Site

from wagtail_peersupport.sample import make_course

# redis_server and redis_caches: a real Redis for the shared-cache tests.
pytest_plugins = ["tests.redis_server"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test writes uploaded files to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the site's default language.

    A page a test renders in Welsh leaves Welsh active in the thread, and commands
    speak the active language.
    """
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a newly started site does."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    """The default site's home page, as `wagtail start` creates it."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def locales(db):
    """The site's languages besides English: Welsh, Spanish and Arabic."""
    from wagtail.models import Locale

    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in ("cy", "es", "ar")
    }


@pytest.fixture
def shipped_course(home):
    """The shipped Peer Support Training course, loaded and published under the home page."""
    from wagtail_peersupport.coursepackage import load_course, read_package, shipped_course_path

    return load_course(read_package(shipped_course_path()), home, publish=True).course


@pytest.fixture
def course(home):
    """A published course of three sessions with two lessons each, and a resources page."""
    return make_course(home, title="Peer Support Training", sessions=3, lessons_per_session=2)


@pytest.fixture
def get_soup(client):
    """Fetch a page as a visitor and parse it."""

    def fetch(page_or_url, status=200):
        url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return BeautifulSoup(response.content, "html.parser")

    return fetch


def children(page):
    return [p.specific for p in Page.objects.child_of(page).order_by("path")]


@pytest.fixture
def contacts(locales):
    """Two English support contacts (Samaritans, Shout) and a Welsh one (C.A.L.L.)."""
    import datetime

    from wagtail.models import Locale

    from wagtail_peersupport.models import SupportContact

    english = Locale.objects.get(language_code="en")
    samaritans = SupportContact.objects.create(
        locale=english,
        name="Samaritans",
        audience="Anyone who is struggling to cope",
        phone="116 123",
        opening_hours="24 hours a day, every day",
        last_checked=datetime.date(2026, 11, 23),
        sort_order=1,
    )
    shout = SupportContact.objects.create(
        locale=english,
        name="Shout",
        text_number="85258",
        text_message="SHOUT",
        last_checked=datetime.date(2026, 11, 23),
        sort_order=2,
    )
    welsh = SupportContact.objects.create(
        locale=locales["cy"],
        name="C.A.L.L.",
        audience="Llinell gymorth iechyd meddwl i Gymru",
        phone="0800 132 737",
        last_checked=datetime.date(2026, 11, 23),
    )
    return samaritans, shout, welsh
