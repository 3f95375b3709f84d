"""Hostile content for tests, and the check that nothing of it can run in a browser.

``payloads()`` reads the corpus in tests/hostile/xss.txt. ``hostile_package()`` builds a
course package with a payload in every text, rich text and page field of every block
of every course page type, found by walking the page types' StreamBlocks, so a block
added later is covered without touching the tests. ``problems(soup, allowed)`` lists
anything executable in a rendered page. ``database_dump()`` is everything an import or a
load could write, to show that one refused wrote nothing.
"""

import io
import re
from functools import cache
from pathlib import Path

from bs4.element import PreformattedString
from django.core.management import call_command
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

HOSTILE = Path(__file__).resolve().parent / "hostile"

# The only scripts a course page may load: the package's own.
SHIPPED_SCRIPTS = {"/static/wagtail_peersupport/js/peersupport.js"}
URL_ATTRIBUTES = (
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset",
    "cite", "background", "lowsrc", "dynsrc", "content",
)  # fmt: skip
UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "livescript")
# Elements a page may hold only where the package (or the site's template) wrote them.
ONLY_AS_SHIPPED = ("iframe", "frame", "object", "embed", "base", "meta", "form", "link", "style")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\xa0\u200b\ufeff]+")


@cache
def payloads():
    """The hostile payloads, one per line of tests/hostile/xss.txt."""
    lines = (HOSTILE / "xss.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line and not line.startswith("# "))


def unsafe_scheme(value):
    """The scheme of ``value`` if a browser would treat it as code or inline content."""
    text = _IGNORED_IN_SCHEME.sub("", str(value)).lower()
    scheme = text.split(":", 1)[0] if ":" in text else ""
    return scheme if scheme in UNSAFE_SCHEMES else None


def signature(tag):
    if tag.name == "link" and "alternate" in (tag.get("rel") or []):
        return "<link rel=alternate>"  # each page's own translations
    if tag.name == "form" and _is_course_search_form(tag):
        # The course's own search box: its address is the course's, whatever its slug.
        return str(tag).replace(f'action="{tag["action"]}"', 'action="<course>/search/"', 1)
    return str(tag)


def _is_course_search_form(tag):
    action = tag.get("action") or ""
    return (
        "ps-search-form" in (tag.get("class") or [])
        and tag.get("method") == "get"
        and action.startswith("/")
        and not action.startswith("//")
        and action.endswith("/search/")
    )


def comments(soup):
    """The page's comments, CDATA sections, processing instructions and declarations."""
    nodes = soup.find_all(string=lambda text: isinstance(text, PreformattedString))
    return [node.output_ready() for node in nodes]


def shipped_elements(soup):
    """The elements of ``ONLY_AS_SHIPPED``, and the comments, on a page rendered from
    harmless content."""
    return {signature(tag) for tag in soup.find_all(ONLY_AS_SHIPPED)} | set(comments(soup))


def problems(soup, allowed=frozenset()):
    """Everything on the page that could run code, load another site or post a form.

    ``allowed`` holds what ``shipped_elements`` found on a harmless page.
    """
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}>")
            elif name.lower() in URL_ATTRIBUTES:
                for part in value if isinstance(value, list) else [value]:
                    if unsafe_scheme(part):
                        found.append(f"<{tag.name} {name}={str(part)[:40]!r}>")
            elif name.lower() == "style" and re.search(r"url\(|expression\(", str(value), re.I):
                found.append(f"<{tag.name} style={str(value)[:40]!r}>")
        if tag.name == "script" and (tag.get("src") not in SHIPPED_SCRIPTS or tag.string):
            found.append(f"script {str(tag)[:60]!r}")
        if tag.name in ONLY_AS_SHIPPED and signature(tag) not in allowed:
            found.append(f"{tag.name} {str(tag)[:60]!r}")
        if tag.name in ("svg", "math", "template", "noscript", "xmp"):
            found.append(f"<{tag.name}>")
    # A parser and a browser may disagree on where a comment ends (a browser ends one at
    # "--!>"), so what BeautifulSoup reads as a comment may hold markup a browser runs.
    for comment in comments(soup):
        if comment not in allowed:
            found.append(f"comment {comment[:60]!r}")
    return found


def database_dump():
    """Everything an import or a load could touch: pages, revisions, locales, translations,
    the package's own records and the test app's page type, as JSON."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        "wagtailcore.page",
        "wagtailcore.revision",
        "wagtailcore.locale",
        "wagtail_localize",
        "wagtail_peersupport",
        "testapp.facilitatedlessonpage",
        stdout=out,
    )
    return out.getvalue()


# Building a hostile course package.


def _base(block):
    """The block's own preview value, as stored data, to start from: it is valid."""
    preview = getattr(block.meta, "preview_value", None)
    if preview is None:
        return None
    return block.get_prep_value(block.normalize(preview))


def hostile_value(block, payload, ids, base=None):
    """Stored data for ``block`` with ``payload`` in every text and rich text in it.

    Links, choices and numbers keep the block's preview values (links have tests of
    their own); ``ids`` gives the image and document to use for choosers.
    """
    if isinstance(block, blocks.StreamBlock):
        return [
            {"type": name, "value": hostile_value(child, payload, ids)}
            for name, child in block.child_blocks.items()
        ]
    if isinstance(block, blocks.ListBlock):
        # As many items as the preview value has (so a knowledge check keeps its right
        # answer), and at least as many as the block needs.
        items = list(base or [None])
        items += items[-1:] * ((block.meta.min_num or 1) - len(items))
        return [
            hostile_value(
                block.child_block,
                payload,
                ids,
                item["value"] if isinstance(item, dict) and item.get("type") == "item" else item,
            )
            for item in items
        ]
    if isinstance(block, ImageBlock):
        return {"image": ids["image"], "alt_text": payload[:255], "decorative": False}
    if isinstance(block, blocks.StructBlock):
        base = base if base is not None else (_base(block) or {})
        value = {
            name: hostile_value(child, payload, ids, base.get(name))
            for name, child in block.child_blocks.items()
        }
        if "consent_confirmed" in value:
            # With consent, so that the pages publish and visitors' pages show the payloads.
            value["consent_confirmed"] = True
        return value
    if isinstance(block, blocks.RichTextBlock):
        return f"<p>Some text first.</p>{payload}"
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        limit = block.field.max_length or 2000
        return payload[:limit]
    if isinstance(block, blocks.ChooserBlock):
        if base is None and block.required:
            return ids.get(block.model_class._meta.model_name)
        return base
    return base if base is not None else block.get_default()


def hostile_package(payload_list, ids):
    """A course package: a lesson for each payload, every block and field holding it."""
    from wagtail_peersupport.models import LessonPage, ResourcesPage, SessionPage

    def body(model, field, payload):
        return hostile_value(model._meta.get_field(field).stream_block, payload, ids)

    first = payload_list[0]
    sessions = []
    for start in range(0, len(payload_list), 10):
        chunk = payload_list[start : start + 10]
        sessions.append(
            {
                "title": chunk[0][:255],
                "slug": f"session-{start // 10 + 1}",
                "aim": chunk[0],
                "seo_title": chunk[0][:255],
                "search_description": chunk[0],
                "body": body(SessionPage, "body", chunk[0]),
                "lessons": [
                    {
                        "title": payload[:255],
                        "slug": f"lesson-{start + n + 1}",
                        "seo_title": payload[:255],
                        "search_description": payload,
                        "body": body(LessonPage, "body", payload),
                        "exercise_files": body(LessonPage, "exercise_files", payload),
                    }
                    for n, payload in enumerate(chunk)
                ],
            }
        )
    return {
        "format": 1,
        "course": {
            "title": first[:255],
            "slug": "hostile-course",
            "introduction": f"<p>Welcome.</p>{first}",
            "audience": f"<p>Everyone.</p>{first}",
            "learning_outcomes": list(payload_list[:5]),
            "duration": first[:255],
        },
        "sessions": sessions,
        "resources": {
            "title": first[:255],
            "slug": "resources",
            "introduction": f"<p>Resources.</p>{first}",
            "body": body(ResourcesPage, "body", first),
        },
    }
