"""A front-end cache backend for the tests: it records what it is asked to purge."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    """Records every URL purged, one call to ``purge`` or ``purge_batch`` at a time."""

    def purge(self, url):
        PURGED.append([url])

    def purge_batch(self, urls):
        PURGED.append(list(urls))
