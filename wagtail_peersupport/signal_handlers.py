"""Keep cached course outlines, language switchers and pages in step with the content.

A change to any page of a course (published, unpublished, moved, deleted, or a
translation published) gives the course a new version, which every cached copy
depends on (see ``cache.py``). Support contacts have a version of their own, and
any page, document or image change replaces the site-wide content version.

Which courses a page belongs to, or holds, is read from an index of every course's
tree path, kept in the cache until a course is added or a page is moved: so
publishing or deleting pages costs no query here, however many pages a deletion
takes with it.

Once a change is committed, the outline of each course it touched is built again in a
task (see ``warming.py``), and with ``wagtail.contrib.frontend_cache`` installed every
URL of the course is purged from the front-end cache (see ``frontend_cache.py``): once
per course for the whole transaction, however many pages it changed.

``register_signal_handlers()`` connects the handlers; the app's ``ready()`` calls it.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import (
    bump_contacts_version,
    bump_content_version,
    bump_course_version,
    bump_index_version,
    cached,
    index_version,
)
from .models import SupportContact
from .models.mixins import course_page_models
from .warming import enqueue_outline_builds

__all__ = [
    "AfterCommit",
    "after_commit",
    "course_index",
    "courses_around",
    "register_signal_handlers",
    "unregister_signal_handlers",
]


def read_course_index():
    """``(path, translation_key)`` of every course page, from the database: one query."""
    return tuple(
        Page.objects.type(*course_page_models("course"))
        .order_by("path")
        .values_list("path", "translation_key")
    )


def course_index():
    """Every course's tree path and translation key, cached until a course is added or moved."""
    return cached(f"course-index:{index_version()}", read_course_index)


def courses_around(*pages):
    """The translation keys of the courses that hold, or are held by, ``pages``."""
    paths = [page.path for page in pages if page is not None and page.path]
    if not paths:
        return set()
    return {
        str(key)
        for course_path, key in course_index()
        for path in paths
        if path.startswith(course_path) or course_path.startswith(path)
    }


def _now_and_on_commit(action):
    # Now, and again once the change is committed, so a request that rebuilt a cached
    # copy from the old data in between does not keep it.
    action()
    transaction.on_commit(action)


class AfterCommit:
    """The courses a transaction changed, and what is left to do for them once it commits.

    Each change registers its own commit callback, which bumps the versions it changed;
    the callback registered last then builds the outlines and purges the front-end
    cache, once for each course whose change was committed.
    """

    def __init__(self):
        self.committed = set()  # translation keys of the courses changed and committed
        self.noted = {}  # what handlers noted for the change being made
        self.purges = {}  # translation key: what the front-end cache purge needs to know
        self.last = None  # the callback registered last

    def note(self, key, what, value):
        """Note, for the front-end cache purge of a course, something of this change."""
        self.noted.setdefault(key, {"skip": [], "gone": [], "moved": []})[what].append(value)

    def add_committed(self, keys, notes):
        self.committed |= keys
        for key, noted in notes.items():
            purge = self.purges.setdefault(key, {"skip": [], "gone": [], "moved": []})
            for what, values in noted.items():
                purge[what] += values

    def finish(self):
        enqueue_outline_builds(self.committed)
        if apps.is_installed("wagtail.contrib.frontend_cache"):
            from .frontend_cache import enqueue_course_purges

            enqueue_course_purges(self.committed, self.purges)


def after_commit():
    """The ``AfterCommit`` of the transaction in progress on this thread's connection."""
    connection = transaction.get_connection()
    state = getattr(connection, "_peersupport_after_commit", None)
    pending = [entry[1] for entry in connection.run_on_commit]
    if state is None or (state.last is not None and state.last not in pending):
        # None yet, or left by a transaction that was rolled back.
        state = connection._peersupport_after_commit = AfterCommit()
    return state


def invalidate(*pages):
    keys = courses_around(*pages)

    def bump():
        bump_content_version()
        for key in keys:
            bump_course_version(key)

    bump()
    state = after_commit()
    # What the front-end cache handlers noted just before, for this change.
    notes, state.noted = state.noted, {}

    def on_commit():
        bump()
        state.add_committed(keys, notes)
        if state.last is on_commit:  # else a later change of the transaction finishes
            connection = transaction.get_connection()
            if getattr(connection, "_peersupport_after_commit", None) is state:
                connection._peersupport_after_commit = None
            state.finish()

    state.last = on_commit
    transaction.on_commit(on_commit)
    return keys


def page_changed(sender, instance, **kwargs):
    invalidate(instance)


def page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    # Tree paths below the new place have changed: read the index afresh.
    _now_and_on_commit(bump_index_version)
    invalidate(instance, parent_page_before, parent_page_after)


def page_deleted(sender, instance, **kwargs):
    # Sent for every page of a deleted subtree. A deleted course stays in the index
    # until it is next read, which costs no more than bumping a version nobody reads.
    invalidate(instance)


def course_saved(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        _now_and_on_commit(bump_index_version)


def contacts_changed(sender, **kwargs):
    _now_and_on_commit(bump_contacts_version)


def media_changed(sender, **kwargs):
    _now_and_on_commit(bump_content_version)


def _connections():
    """Every (signal, handler, sender, dispatch_uid) this module connects."""
    yield page_published, page_changed, None, "peersupport-page-published"
    yield page_unpublished, page_changed, None, "peersupport-page-unpublished"
    yield post_page_move, page_moved, None, "peersupport-page-moved"
    # Every page, whatever its type, has a row in Page's own table: one signal each.
    yield pre_delete, page_deleted, Page, "peersupport-page-deleted"
    for model in course_page_models("course"):
        yield post_save, course_saved, model, f"peersupport-{model._meta.label_lower}-saved"
    for signal, action in ((post_save, "saved"), (post_delete, "deleted")):
        yield signal, contacts_changed, SupportContact, f"peersupport-contact-{action}"
        for model in (get_document_model(), get_image_model()):
            uid = f"peersupport-{model._meta.label_lower}-{action}"
            yield signal, media_changed, model, uid


def _all_connections():
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        from .frontend_cache import connections

        # First: they note what the purge needs before ``invalidate`` registers the commit
        # callback, which outside a transaction runs at once.
        yield from connections()
    yield from _connections()


def register_signal_handlers():
    """Connect the handlers (the app's ``ready()`` does, once the site's models are known)."""
    for signal, handler, sender, uid in _all_connections():
        signal.connect(handler, sender=sender, dispatch_uid=uid)


def unregister_signal_handlers():
    """Disconnect the handlers, e.g. for a bulk import that clears the cache itself."""
    for signal, handler, sender, uid in _all_connections():
        signal.disconnect(handler, sender=sender, dispatch_uid=uid)
