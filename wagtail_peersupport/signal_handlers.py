"""Keep cached course outlines, language switchers and pages in step with the content.

A change to any page of a course (published, unpublished, moved, deleted, or a
translation published) gives the course a new version, which every cached copy
depends on (see ``cache.py``). Support contacts have a version of their own, and
any page, document or image change replaces the site-wide content version.

Which courses a page belongs to, or holds, is read from an index of every course's
tree path, kept in the cache until a course is added or a page is moved: so
publishing or deleting pages costs no query here, however many pages a deletion
takes with it.

``register_signal_handlers()`` connects the handlers; the app's ``ready()`` calls it.
"""

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

__all__ = [
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


def invalidate(*pages):
    keys = courses_around(*pages)

    def bump():
        bump_content_version()
        for key in keys:
            bump_course_version(key)

    _now_and_on_commit(bump)


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


def register_signal_handlers():
    """Connect the handlers (the app's ``ready()`` does, once the site's models are known)."""
    for signal, handler, sender, uid in _connections():
        signal.connect(handler, sender=sender, dispatch_uid=uid)


def unregister_signal_handlers():
    """Disconnect the handlers, e.g. for a bulk import that clears the cache itself."""
    for signal, handler, sender, uid in _connections():
        signal.disconnect(handler, sender=sender, dispatch_uid=uid)
