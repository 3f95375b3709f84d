"""Take everything out of imported lesson content that could run code or post data.

Only the lesson content is imported, never the page around it, so only what is
inside the lesson is cleaned and reported. Wagtail's own rich text conversion
later keeps just the formatting its editor allows; this step comes first because
that conversion keeps the text inside elements it drops (a script's code would
survive as text) and because an editor needs to know what was taken out.
"""

from collections import Counter
from urllib.parse import urljoin, urlsplit

from bs4 import Comment, Declaration, Doctype, ProcessingInstruction

from ..blocks.media import parse_video_url

__all__ = ["sanitise", "safe_url"]

# Elements removed with everything inside them.
DROP = {
    "script": "script",
    "style": "style",
    "noscript": "noscript",
    "template": "template",
    "form": "form",
    "input": "form field",
    "button": "button",
    "select": "form field",
    "textarea": "form field",
    "object": "plugin (object)",
    "embed": "plugin (embed)",
    "applet": "plugin (applet)",
    "link": "link element",
    "meta": "meta element",
    "base": "base element",
    "svg": "svg drawing",
    "math": "math",
    "canvas": "canvas",
}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def _clean(url):
    # Browsers ignore control characters and spaces inside a scheme, so
    # "java\tscript:" must be caught as "javascript:".
    return "".join(ch for ch in str(url or "") if ch > " " and ch != "\x7f")


def _scheme(url):
    return urlsplit(_clean(url)).scheme.lower()


def safe_url(url, base_url=""):
    """An absolute address that is safe to link to, or ``None``."""
    url = str(url or "").strip().replace(" ", "%20")
    if not _clean(url) or url.startswith("#"):
        return None
    if url.startswith("//"):
        url = "https:" + url
    scheme = _scheme(url)
    if not scheme:
        if not base_url:
            return None
        url = urljoin(base_url, url)
        scheme = _scheme(url)
    return url if scheme in SAFE_SCHEMES and _scheme(url) == urlsplit(url).scheme.lower() else None


def _describe_host(src):
    host = urlsplit(str(src or "")).hostname
    return host or "an unknown address"


def _lines(counter):
    return [
        f"{description}{f' ×{count}' if count > 1 else ''}"
        for description, count in counter.items()
    ]


def _on_host(url, base_url):
    host = urlsplit(base_url).hostname
    return bool(host) and urlsplit(url).hostname == host


def sanitise(fragment, soup, base_url=""):
    """Clean ``fragment`` in place; return report lines ``(removed, changed)``.

    Video embeds from YouTube and Vimeo become a marker (``data-import="video"``)
    that the mapping step turns into a video block; every other iframe,
    scripts, styles, forms, plugins, event-handler attributes and links to
    ``javascript:`` (or any other unsafe) address are removed. Relative links
    are completed with ``base_url``: ``changed`` names those that now point at
    the old site, for an editor to point at the new pages.
    """
    removed = Counter()
    changed = Counter()
    for node in fragment.find_all(string=True):
        if isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
            node.extract()
    for tag in fragment.find_all(list(DROP)):
        if tag.decomposed:
            continue
        removed[DROP[tag.name]] += 1
        tag.decompose()
    for frame in fragment.find_all(["iframe", "frame", "frameset"]):
        video = parse_video_url(safe_url(frame.get("src"))) if frame.name == "iframe" else None
        if video is None:
            removed[f"{frame.name} to {_describe_host(frame.get('src'))}"] += 1
            frame.decompose()
            continue
        # A marker the mapping step turns into a video block.
        marker = soup.new_tag(
            "p",
            attrs={
                "data-import": "video",
                "data-url": video.watch_url,
                "data-service": video.service,
                "data-title": " ".join(str(frame.get("title") or "").split()),
            },
        )
        frame.replace_with(marker)
    for tag in [fragment, *fragment.find_all(True)]:
        for name in list(tag.attrs):
            if name.lower().startswith("on"):
                removed[f"{name.lower()} attribute"] += 1
                del tag[name]
            elif name.lower() in URL_ATTRIBUTES and tag.name != "a":
                if safe_url(tag[name], base_url) is None:
                    scheme = _scheme(tag[name])
                    if scheme and scheme not in SAFE_SCHEMES:
                        removed[f"{scheme}: address in <{tag.name} {name.lower()}>"] += 1
                    del tag[name]
        if tag.name == "a" and tag.get("href") is not None:
            href = str(tag["href"]).strip()
            url = safe_url(href, base_url)
            if url is None:
                text = " ".join(tag.get_text().split())[:60]
                if href.startswith("#") or not href:
                    tag.unwrap()
                    continue
                scheme = _scheme(href) or "relative"
                kind = f"{scheme}: link" if scheme != "relative" else "relative link"
                removed[f"{kind} {text!r} (the text is kept)"] += 1
                tag.unwrap()
            else:
                if not _scheme(href) and _on_host(url, base_url):
                    text = " ".join(tag.get_text().split())[:60]
                    changed[
                        f"relative link {text!r} now points at {url} on the old site: link it "
                        "to the page on this site instead, unless the old site stays"
                    ] += 1
                tag["href"] = url
        elif tag.name == "a":
            tag.unwrap()  # an anchor with no address is not a link
    return _lines(removed), _lines(changed)
