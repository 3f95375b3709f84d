"""Keep cached course outlines and language switchers in step with the pages.

A change to any page of a course (published, unpublished, moved, deleted, or a
translation published) gives the course a new version, which every cached copy
depends on (see ``cache.py``). Support contacts have a version of their own.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_contacts_version, bump_content_version, bump_course_version


def courses_around(*pages):
    """The translation keys of the courses that hold, or are held by, ``pages``."""
    from .models import AbstractCoursePage

    keys = set()
    for page in pages:
        if page is None or not page.path:
            continue
        for queryset in (
            Page.objects.ancestor_of(page, inclusive=True),
            Page.objects.descendant_of(page, inclusive=True),
        ):
            keys.update(queryset.type(AbstractCoursePage).values_list("translation_key", flat=True))
    return keys


def invalidate(*pages):
    keys = courses_around(*pages)

    def bump():
        bump_content_version()
        for key in keys:
            bump_course_version(key)

    # Bump now, and again once the change is committed, so a request that rebuilt
    # the outline from the old data in between does not keep it.
    bump()
    transaction.on_commit(bump)


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    invalidate(instance)


@receiver(post_page_move)
def page_was_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    invalidate(instance, parent_page_before, parent_page_after)


@receiver(pre_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    # Every page, whatever its type, has a row in Page's own table: one signal each.
    invalidate(instance)


def contacts_changed(sender, **kwargs):
    bump_contacts_version()
    transaction.on_commit(bump_contacts_version)


def media_changed(sender, **kwargs):
    bump_content_version()
    transaction.on_commit(bump_content_version)


def connect():
    """Connect the receivers that need the site's own models (called once they are ready)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from .models import SupportContact

    for signal, action in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(contacts_changed, sender=SupportContact, dispatch_uid=f"ps-contact-{action}")
        for model in (get_document_model(), get_image_model()):
            uid = f"ps-{model._meta.label_lower}-{action}"
            signal.connect(media_changed, sender=model, dispatch_uid=uid)
