"""Safe-messaging checks of a page's content, and of a whole course.

Three rules, each giving ``Finding`` objects:

- a phrase to avoid (``peersupport-phrase-<language>-<id>``), wherever it is;
- words about suicide or self-harm on a session or lesson whose content warnings
  do not name that topic (``peersupport-warning-<topic>``): the page's own content
  warnings, a content warning block anywhere on the page, or, for the text of a
  recovery story, the story's own warnings, count;
- a recovery story on a page that shows visitors no support contacts
  (``peersupport-story-support``). Course pages list the support contacts of the
  page's language (or, when it has none, of the default language) under "Need
  support now?", as do support contacts blocks; with no contacts to list, the
  page offers no way to reach support.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from ..blocks import ContentWarningBlock, RecoveryStoryBlock
from ..topics import CONTENT_WARNING_TOPICS
from .matching import normalise, phrase_pattern, rich_text_lines, topic_patterns
from .phrases import phrase_entries

__all__ = [
    "Finding",
    "STORY_RULE",
    "TOPIC_RULE_PREFIX",
    "check_page",
    "page_texts",
    "support_on_page",
    "topic_rule_id",
]

STORY_RULE = "peersupport-story-support"
TOPIC_RULE_PREFIX = "peersupport-warning-"
SEPARATOR = " › "
TITLE_CHILDREN = ("title", "heading", "text", "name")
# Fields a visitor never reads, though editors type text into them.
EDITOR_ONLY_FIELDS = {"slug", "reviewed_by"}

STORY_TITLE = _("Recovery story with no way to reach support")
STORY_INSTEAD = _(
    "Add support contacts for this page's language under “Support contacts” in the "
    "admin menu: course pages list them under “Need support now?”."
)
STORY_WHY = _(
    "Reading about someone's hardest times can bring up difficult feelings; the page "
    "should show readers where to get support."
)
WARNING_WHY = _(
    "A warning lets readers who find the topic hard choose when, or whether, to read on, "
    "and points them to support."
)


def topic_rule_id(topic):
    return TOPIC_RULE_PREFIX + topic


def topic_title(topic):
    return _("Mentions %(topic)s without a content warning") % {
        "topic": str(dict(CONTENT_WARNING_TOPICS)[topic]).lower()
    }


def topic_instead(topic):
    return _(
        "Tick “%(topic)s” under the page's content warnings, or add a content warning naming it."
    ) % {"topic": dict(CONTENT_WARNING_TOPICS)[topic]}


@dataclass
class Finding:
    """Something on a page that safe-messaging guidance asks editors to change."""

    rule_id: str
    title: str
    instead: str
    why: str
    page: object
    location: str
    text: str = ""
    """The words that matched, as the page has them."""
    count: int = 1
    """How many times the page has them (the location is the first)."""
    pattern: object = field(default=None, repr=False, compare=False)

    @property
    def advice(self):
        return " ".join(str(part) for part in (self.instead, self.why) if part)


@dataclass
class TextUnit:
    location: tuple
    text: str
    warned: frozenset = frozenset()


@dataclass
class PageContent:
    """The text of a page, with the topics it warns about and where its stories are."""

    units: list = field(default_factory=list)
    warned: set = field(default_factory=set)
    stories: list = field(default_factory=list)


def _label(block):
    label = str(block.label or block.name or "")
    return label[:1].upper() + label[1:]


def _describe(block, value, position):
    label = _label(block)
    if isinstance(block, blocks.StructBlock) and hasattr(value, "get"):
        for name in TITLE_CHILDREN:
            child = block.child_blocks.get(name)
            text = value.get(name) if child is not None else None
            if isinstance(child, blocks.CharBlock) and text:
                text = str(text)
                return f"{label} “{text[:40]}{'…' if len(text) > 40 else ''}”"
    return _("%(block)s (block %(position)d)") % {"block": label, "position": position}


def _walk(block, value, location, content, warned=frozenset()):
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for position, child in enumerate(value, start=1):
            where = (*location, _describe(child.block, child.value, position))
            _walk(child.block, child.value, where, content, warned)
    elif isinstance(block, blocks.StructBlock) and not hasattr(value, "get"):
        # A struct whose value is an object of its own, such as Wagtail's ImageBlock
        # (an image): its alternative text is what visitors read of it.
        alt_text = getattr(value, "contextual_alt_text", None)
        if alt_text:
            content.units.append(TextUnit(location, str(alt_text).strip(), warned))
    elif isinstance(block, blocks.StructBlock):
        if isinstance(block, ContentWarningBlock):
            content.warned.update(value.get("topics") or ())
        if isinstance(block, RecoveryStoryBlock):
            content.stories.append(SEPARATOR.join(str(part) for part in location))
            warned = warned | frozenset(value.get("content_warnings") or ())
        for name, child in block.child_blocks.items():
            _walk(child, value.get(name), (*location, _label(child)), content, warned)
    elif isinstance(block, blocks.ListBlock):
        for position, item in enumerate(value, start=1):
            where = (*location, f"{_label(block.child_block)} {position}")
            _walk(block.child_block, item, where, content, warned)
    elif isinstance(block, blocks.RichTextBlock):
        source = value.source if isinstance(value, RichText) else str(value)
        content.units.extend(TextUnit(location, line, warned) for line in rich_text_lines(source))
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        for line in str(value).splitlines():
            if line.strip():
                content.units.append(TextUnit(location, line.strip(), warned))


def _text_fields(page):
    # The fields translators translate are the text visitors read.
    names = [
        f.field_name
        for f in get_translatable_fields(type(page))
        if type(f) is TranslatableField and f.field_name not in EDITOR_ONLY_FIELDS
    ]
    for name in names:
        model_field = page._meta.get_field(name)
        if model_field.choices or not hasattr(model_field, "get_internal_type"):
            continue
        if isinstance(model_field, StreamField | RichTextField) or (
            model_field.get_internal_type() in ("CharField", "TextField")
        ):
            yield model_field


def page_texts(page):
    """Every piece of text a visitor reads on ``page``, where it is, and what it warns about."""
    content = PageContent(warned=set(getattr(page, "content_warnings", None) or ()))
    for model_field in _text_fields(page):
        value = getattr(page, model_field.name)
        where = (_label_of_field(model_field),)
        if isinstance(model_field, StreamField):
            _walk(model_field.stream_block, value, where, content)
        elif isinstance(model_field, RichTextField):
            lines = rich_text_lines(value)
            content.units.extend(TextUnit(where, line) for line in lines)
        elif value:
            content.units.extend(TextUnit(where, line) for line in str(value).splitlines())
    return content


def _label_of_field(model_field):
    name = str(model_field.verbose_name)
    return name[:1].upper() + name[1:]


def support_on_page(page):
    """Whether visitors to ``page`` see support contacts (those its language shows)."""
    from ..models import SupportContact

    with translation.override(page.locale.language_code):
        return bool(SupportContact.for_active_locale())


def check_page(page, *, support_available=None):
    """The findings on ``page`` as it is given (a draft, a revision, the live page).

    ``support_available`` says whether the page shows support contacts; by default it
    is worked out from the contacts of the page's language.
    """
    language = page.locale.language_code
    content = page_texts(page)
    findings = []
    for entry in phrase_entries(language):
        pattern = phrase_pattern(entry.phrases, entry.language)
        for unit in content.units:
            for match in pattern.finditer(normalise(unit.text)):
                findings.append(
                    Finding(
                        rule_id=entry.rule_id,
                        title=entry.title,
                        instead=entry.instead,
                        why=entry.why,
                        page=page,
                        location=SEPARATOR.join(str(part) for part in unit.location),
                        text=match.group(0),
                        pattern=pattern,
                    )
                )
    if hasattr(page, "content_warnings"):
        findings.extend(_unwarned_topics(page, content, language))
    if content.stories:
        if support_available is None:
            support_available = support_on_page(page)
        if not support_available:
            findings.extend(
                Finding(
                    rule_id=STORY_RULE,
                    title=STORY_TITLE,
                    instead=STORY_INSTEAD,
                    why=STORY_WHY,
                    page=page,
                    location=location,
                )
                for location in content.stories
            )
    return findings


def _unwarned_topics(page, content, language):
    for topic, pattern in topic_patterns(language).items():
        if topic in content.warned:
            continue
        matches = [
            (unit, match)
            for unit in content.units
            if topic not in unit.warned
            for match in pattern.finditer(normalise(unit.text))
        ]
        if matches:
            unit, match = matches[0]
            yield Finding(
                rule_id=topic_rule_id(topic),
                title=topic_title(topic),
                instead=topic_instead(topic),
                why=WARNING_WHY,
                page=page,
                location=SEPARATOR.join(str(part) for part in unit.location),
                text=match.group(0),
                count=len(matches),
                pattern=pattern,
            )
