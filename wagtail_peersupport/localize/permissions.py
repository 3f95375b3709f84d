"""Who may translate a whole course, and who may publish the translation.

The checks are wagtail-localize's own: its views ask for the
``wagtail_localize.submit_translation`` permission and for permission to edit the
page (Wagtail's page permission policy), and its editor publishes a translated
page only for a user who may publish that page. Page permissions are inherited
down the tree, so the course decides for the pages below it.
"""

from wagtail.models import Page

__all__ = ["can_publish_translation", "can_translate_course"]

SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


def can_translate_course(user, course):
    """Whether ``user`` may translate ``course`` and the pages below it, or download its PO file."""
    return user.has_perm(SUBMIT_TRANSLATION) and course.permissions_for_user(user).can_edit()


def can_publish_translation(user, course, locale):
    """Whether ``user`` may publish the ``locale`` translation of ``course`` and its pages.

    If the translated course exists, that is publish permission on it; otherwise
    permission to publish a new page below the nearest translated ancestor (the
    translated course will be created there), or below the root of the tree.
    """
    translated = course.get_translation_or_none(locale)
    if translated is not None:
        return translated.permissions_for_user(user).can_publish()
    for ancestor in course.get_ancestors().filter(depth__gt=1).order_by("-depth"):
        translated_ancestor = ancestor.get_translation_or_none(locale)
        if translated_ancestor is not None:
            return translated_ancestor.permissions_for_user(user).can_publish_subpage()
    return Page.get_first_root_node().permissions_for_user(user).can_publish_subpage()
