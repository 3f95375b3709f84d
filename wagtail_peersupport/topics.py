"""The difficult topics a page, a story or a warning can be marked with.

One list, shared by the content warning blocks, the page types' content warnings
field and the course package format, so they always offer the same topics.
"""

from django.utils.translation import gettext_lazy as _

__all__ = ["CONTENT_WARNING_TOPICS", "TOPIC_KEYS", "content_warning_labels"]

CONTENT_WARNING_TOPICS = [
    ("self-harm", _("Self-harm")),
    ("suicide", _("Suicide")),
    ("trauma", _("Trauma")),
    ("abuse", _("Abuse")),
    ("hospitalisation", _("Hospitalisation")),
    ("substance-use", _("Substance use")),
    ("eating-disorders", _("Eating disorders")),
    ("bereavement", _("Bereavement")),
    ("police-contact", _("Contact with the police")),
]

TOPIC_KEYS = [key for key, _label in CONTENT_WARNING_TOPICS]


def content_warning_labels(keys):
    """The translated names of the chosen topics, in the order the list gives them."""
    chosen = set(keys or [])
    return [str(label) for key, label in CONTENT_WARNING_TOPICS if key in chosen]
