"""Fixtures for the browser tests: one headless Chromium, and pages of the live server."""

import os
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.helpers import launch, open_page


@pytest.fixture(scope="package")
def playwright_browser():
    """Headless Chromium, shared by the browser tests and closed when they are done."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves an event loop running in this thread. The ORM must
    # still work here, and Django, seeing the loop, would keep database connections per
    # async context and give the tests new ones: keep the test database's own (the
    # in-memory SQLite database, the serialized contents for serialized_rollback).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    test_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in test_connections.items():
        connections[alias] = connection
    try:
        browser = launch(playwright)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_page(playwright_browser, live_server):
    """Open a page of the live server (a path, a Wagtail page or a URL) with ``open_page``.

    Keyword arguments go to ``open_page``. Pages are closed after the test.
    """
    opened = []

    def open_live(page_or_url, **kwargs):
        # A Wagtail page's URL may name the site's own host; the path is what matters here.
        url = page_or_url if isinstance(page_or_url, str) else urlsplit(page_or_url.url).path
        result = open_page(playwright_browser, urljoin(live_server.url + "/", url), **kwargs)
        opened.append(result)
        return result

    yield open_live
    for page in opened:
        page.close()
