"""Turn a lesson's items into course blocks, recognising stories, reflections and resources.

The rules read the text the way an editor would: a long first-person passage in a
blockquote or in quotation marks, after a sentence saying where it was published,
is a recovery story; questions after an invitation to reflect are a reflection
prompt; links under a "Resources" heading are a resource list. Everything else is
headings and rich text, converted by Wagtail's own rich text conversion so only
what the package's editor allows survives. Each block is reported with what it
was made from.
"""

import copy
import re
from urllib.parse import urlsplit

from django.utils.translation import gettext

from ..blocks.media import VIDEO_HOSTS
from .parse import text_of
from .richtext import rich_text
from .sanitise import safe_url
from .structure import flatten

__all__ = ["map_lesson", "find_source"]

SOURCE_PATTERNS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?:featured|published|appeared|shared|posted)\s+(?:on|in|by)\s+"
        r"(?P<source>[^.:;!?“”\"]+)",
        r"\b(?:taken|reproduced|adapted|reprinted)\s+from\s+(?P<source>[^.:;!?“”\"]+)",
        r"\bfrom\s+(?P<source>(?:the\s+)?[^.:;!?“”\"]+?\s+"
        r"(?:website|web site|blog|site|magazine|newsletter|book|journal|podcast))\b",
    )
]
INVITATIONS = (
    "write down some of your thoughts",
    "write down your thoughts",
    "consider the following question",
    "the following questions",
    "questions to consider",
    "reflect on",
    "take a moment to reflect",
    "think about the following",
    "ask yourself",
)
RESOURCE_HEADINGS = {
    "resources", "further reading", "useful links", "useful resources", "further resources",
    "links", "reading list", "more information",
}  # fmt: skip
FIRST_PERSON = {"i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "me", "my", "myself", "mine"}
OPENING_QUOTES = ("“", '"', "„", "«")
CLOSING_QUOTES = ("”", '"', "»")
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".ppt", ".pptx", ".xls", ".xlsx")


def _quote(text, length=70):
    text = " ".join(text.split())
    return f"“{text[:length]}…”" if len(text) > length else f"“{text}”"


def find_source(text):
    """``(source, match)`` when ``text`` says where something was published, else ``None``."""
    for pattern in SOURCE_PATTERNS:
        match = pattern.search(text)
        if match:
            source = " ".join(match.group("source").split()).strip(" ,–—-")
            if source.lower().startswith("the "):
                source = source[4:]
            if source:
                return source[:255], match
    return None


def _first_person(text):
    words = re.findall(r"[A-Za-z’']+", text)
    return len(words) >= 25 and any(word.lower() in FIRST_PERSON for word in words)


def _strip_quote(node, at_start):
    strings = [s for s in node.find_all(string=True) if s.strip()]
    if not strings:
        return
    string = strings[0] if at_start else strings[-1]
    text = string.lstrip() if at_start else string.rstrip()
    if at_start and text.startswith(OPENING_QUOTES):
        string.replace_with(text[1:])
    elif not at_start and text.endswith(CLOSING_QUOTES):
        string.replace_with(text[:-1])


class _Mapper:
    def __init__(self, items, report, soup, base_url):
        self.items = items
        self.report = report
        self.soup = soup
        self.base_url = base_url
        self.blocks = []
        self.run = []  # items waiting to become one paragraph block

    def add(self, block_type, value, made_from):
        self.flush()
        self.blocks.append({"type": block_type, "value": value})
        self.report.made.append(f"{block_type} ← {made_from}")

    def flush(self):
        run, self.run = self.run, []
        if not run:
            return
        value = rich_text([item.node for item in run])
        if not value:
            return
        self.blocks.append({"type": "paragraph", "value": value})
        counts = {}
        for item in run:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        names = {"paragraph": "paragraph", "list": "list"}
        parts = [f"{n} {names[kind]}{'s' if n > 1 else ''}" for kind, n in counts.items()]
        self.report.made.append(f"paragraph ← {', '.join(parts)}")

    def map(self):
        index = 0
        while index < len(self.items):
            index = self.step(index)
        self.flush()
        return self.blocks

    def step(self, index):
        for rule in (self.story, self.reflection, self.resources):
            consumed = rule(index)
            if consumed:
                return index + consumed
        self.handle(self.items[index])
        return index + 1

    def handle(self, item):
        """An item no rule recognised: a heading, or text for the current paragraph block."""
        if item.kind == "heading":
            level = "h2" if item.level <= 2 else "h3" if item.level == 3 else "h4"
            self.add("heading", {"text": item.text[:255], "level": level}, f"<h{item.level}>")
            return
        if item.kind == "video":
            node = item.node
            service = node.get("data-service")
            title = node.get("data-title") or gettext("Video on %(service)s") % {"service": service}
            self.add(
                "video",
                {"url": node["data-url"], "title": title[:255], "transcript": ""},
                f"{service} video embed {node['data-url']}",
            )
            if not node.get("data-title"):
                self.report.check.append(
                    f"the {service} video {node['data-url']} had no title: give it one"
                )
            return
        if item.kind == "media":
            self.report.check.append(
                f"not imported: {item.text} (upload it and add it to the lesson by hand)"
            )
            return
        if item.kind == "note":
            self.report.check.append(item.text)
            return
        if item.kind == "quote":
            self.report.check.append(
                f"a quotation {_quote(item.plain, 50)} with no sentence saying where it was "
                "published was kept as text: if it is a personal story, make it a recovery story"
            )
            for inner in flatten(item.node, self.soup):
                self.handle(inner)
            return
        if item.kind == "paragraph" and not item.node.find("a"):
            lowered = item.plain.lower()
            if "further reading" in lowered or "is available for" in lowered:
                self.report.check.append(
                    f"{_quote(item.plain)} mentions a resource but has no link: add a "
                    "resource list with its address"
                )
        self.run.append(item)

    # Recovery stories -------------------------------------------------------------

    def story(self, index):
        intro = self.items[index]
        if intro.kind != "paragraph" or index + 1 >= len(self.items):
            return 0
        found = find_source(intro.plain)
        if found is None:
            return 0
        nodes, consumed, made_from, narrator = self._story_nodes(index + 1)
        if not nodes or not _first_person(" ".join(text_of(n) for n in nodes)):
            return 0
        source, match = found
        narrator = narrator or _dash_narrator(nodes)
        after = index + 1 + consumed
        if not narrator and after < len(self.items) and self.items[after].kind == "paragraph":
            signed = _dash_narrator([None, self.items[after].node])
            if signed:
                narrator, consumed = signed, consumed + 1
        link = intro.node.find("a", href=True)
        source_url = safe_url(link["href"], self.base_url) if link else None
        self.run.append(intro)
        value = {
            "title": "",
            "story": rich_text(nodes),
            "narrator_type": "named" if narrator else "anonymous",
            "narrator_name": narrator,
            "source_title": source,
            "source_url": source_url if source_url and source_url.startswith("http") else "",
            "content_warnings": [],
            "consent_confirmed": False,
        }
        sentence = intro.plain[max(0, match.start() - 3) :]
        self.add("recovery_story", value, f"{made_from} after {_quote('…' + sentence, 80)}")
        self.report.check.append(
            f"recovery story from {source!r}: "
            + (f"check that {narrator!r} is the narrator's name, " if narrator else "")
            + "confirm you have permission to use it (then tick 'agreed'), and add content "
            "warnings if it needs them"
        )
        return 1 + consumed

    def _story_nodes(self, start):
        """``(nodes, items used, description, narrator)`` of a story starting at ``start``."""
        # Work on copies: the items stay as they were if this turns out not to be a story.
        first = self.items[start]
        if first.kind == "quote":
            quote = copy.copy(first.node)
            cite = quote.find(["cite", "footer"])
            narrator = text_of(cite).lstrip("—–- ")[:255] if cite is not None else ""
            if cite is not None:
                cite.decompose()
            inner = flatten(quote, self.soup)
            nodes = [item.node for item in inner if item.kind in ("paragraph", "list")]
            if nodes and text_of(nodes[0]).startswith(OPENING_QUOTES):
                _strip_quote(nodes[0], at_start=True)
                _strip_quote(nodes[-1], at_start=False)
            return nodes, 1, "blockquote", narrator
        if first.kind != "paragraph" or not first.plain.startswith(OPENING_QUOTES):
            return [], 0, "", ""
        for end in range(start, min(start + 30, len(self.items))):
            item = self.items[end]
            if item.kind != "paragraph":
                break
            closed = item.plain.rstrip(".").endswith(CLOSING_QUOTES)
            if closed and (end > start or len(item.plain) > 1):
                nodes = [copy.copy(i.node) for i in self.items[start : end + 1]]
                # Some writers open every paragraph of a long quotation and close only
                # the last; those opening marks go too.
                for node in nodes[1:-1]:
                    if "”" not in text_of(node):
                        _strip_quote(node, at_start=True)
                _strip_quote(nodes[0], at_start=True)
                _strip_quote(nodes[-1], at_start=False)
                plural = "s" if len(nodes) > 1 else ""
                return nodes, len(nodes), f"{len(nodes)} paragraph{plural} in quotation marks", ""
        return [], 0, "", ""

    # Reflection prompts -----------------------------------------------------------

    def reflection(self, index):
        invitation = self.items[index]
        if invitation.kind != "paragraph":
            return 0
        if not any(phrase in invitation.plain.lower() for phrase in INVITATIONS):
            return 0
        questions, consumed, made_from = self._questions(index + 1)
        if not questions:
            return 0
        heading = gettext("Reflection")
        self.flush()
        last = self.blocks[-1] if self.blocks else None
        if last and last["type"] == "heading" and "reflect" in last["value"]["text"].lower():
            heading = self.blocks.pop()["value"]["text"]
            self.report.made.pop()
            made_from = f"heading {heading!r}, " + made_from
        value = {"heading": heading, "introduction": invitation.plain, "questions": questions}
        self.add("reflection_prompt", value, f"{made_from} after {_quote(invitation.plain, 50)}")
        return 1 + consumed

    def _questions(self, start):
        if start >= len(self.items):
            return [], 0, ""
        item = self.items[start]
        if item.kind == "list":
            questions = [text_of(li) for li in item.node.find_all("li")]
            if questions and all(_is_question(q) for q in questions):
                return questions, 1, f"list of {len(questions)} questions"
            return [], 0, ""
        questions = []
        for following in self.items[start:]:
            if following.kind != "paragraph" or not _is_question(following.plain):
                break
            questions.append(following.plain)
        return questions, len(questions), f"{len(questions)} question paragraphs"

    # Resource lists ---------------------------------------------------------------

    def resources(self, index):
        heading = self.items[index]
        if heading.kind != "heading" or heading.text.lower().rstrip(" :") not in RESOURCE_HEADINGS:
            return 0
        end = index + 1
        while end < len(self.items) and self.items[end].kind != "heading":
            end += 1
        section = self.items[index + 1 : end]
        resources, used, introduction = [], set(), ""
        for position, item in enumerate(section):
            found = self._resource_items(item)
            if found:
                resources += found
                used.add(position)
            elif item.kind == "paragraph" and not resources and not introduction:
                introduction = item.plain
                used.add(position)
        if not resources:
            return 0
        value = {"heading": heading.text[:255], "introduction": introduction, "items": resources}
        self.add("resource_list", value, f"{len(resources)} links under {heading.text!r}")
        for position, item in enumerate(section):
            if position not in used:
                self.handle(item)
        return end - index

    def _resource_items(self, item):
        if item.kind == "list":
            entries = item.node.find_all("li")
        elif item.kind == "paragraph":
            entries = [item.node]
        else:
            return []
        found = []
        for entry in entries:
            link = entry.find("a", href=True)
            url = safe_url(link["href"], self.base_url) if link else None
            if not url or not url.startswith(("http://", "https://")):
                if item.kind == "list":
                    return []
                continue
            title = text_of(link) or url
            description = text_of(entry).replace(text_of(link), "", 1).strip(" –—-:,")
            found.append(
                {"title": title[:255], "description": description, "kind": _kind(url), "url": url}
            )
        return found


def _dash_narrator(nodes):
    """A name signed under the story ("— Sam"): removed from ``nodes`` and returned."""
    text = text_of(nodes[-1])
    if len(nodes) > 1 and text.startswith(("—", "–", "- ")) and len(text.split()) <= 5:
        nodes.pop()
        return text.lstrip("—–- ")[:255]
    return ""


def _is_question(text):
    return 0 < len(text) <= 500 and text.rstrip(" ”\"'’").endswith("?")


def _kind(url):
    parts = urlsplit(url)
    if parts.path.lower().endswith(DOCUMENT_SUFFIXES):
        return "document"
    if (parts.hostname or "") in VIDEO_HOSTS:
        return "video"
    return "website"


def map_lesson(page, report):
    """The lesson body blocks for a parsed page; ``report`` (a ``LessonReport``) is filled in."""
    items = flatten(page.body, page.soup) if page.body is not None else []
    blocks = _Mapper(items, report, page.soup, page.base_url).map()
    attachments, skipped = [], []
    for attachment in page.attachments:
        url = safe_url(attachment.href, page.base_url)
        if url and url.startswith(("http://", "https://")):
            title = attachment.title or url.rsplit("/", 1)[-1]
            attachments.append({"title": title[:255], "kind": "document", "url": url})
        else:
            skipped.append(attachment.title or attachment.href)
    if attachments:
        value = {"heading": gettext("Exercise files"), "introduction": "", "items": attachments}
        blocks.append({"type": "resource_list", "value": value})
        report.made.append(f"resource_list 'Exercise files' ← {len(attachments)} attachment(s)")
        report.check.append(
            "exercise files are links to the old site: upload them as documents, add them to "
            "the lesson's exercise files and remove the 'Exercise files' list"
        )
    for name in skipped:
        report.check.append(f"attachment {name!r} has no full web address and was not imported")
    if page.no_attachments:
        report.made.append("no exercise files ← 'No Attachment Found'")
    return blocks
