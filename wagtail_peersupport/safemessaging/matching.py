"""Finding phrases in text: case-insensitive, on word boundaries, on plain text.

Rich text is turned into plain text one block element (paragraph, list item,
heading) at a time, so a phrase never matches across two paragraphs.
"""

import re
import unicodedata
from functools import lru_cache

from bs4 import BeautifulSoup

from ..topics import TOPIC_KEYS

__all__ = ["TOPIC_TERMS", "normalise", "rich_text_lines", "phrase_pattern", "topic_patterns"]

# Words that mean a page talks about a topic its content warnings should name.
TOPIC_TERMS = {
    "en": {
        "suicide": ["suicide", "suicides", "suicidal", "suicidality"],
        "self-harm": [
            "self-harm",
            "self harm",
            "self-harming",
            "self harming",
            "self-harmed",
            "self-injury",
            "self injury",
            "self-injuring",
            "overdose",
            "overdoses",
            "overdosed",
            "overdosing",
        ],
    },
    "cy": {
        "suicide": ["hunanladdiad", "hunanladdol"],
        "self-harm": ["hunan-niweidio", "hunan niweidio", "hunan-niwed", "hunan niwed", "gorddos"],
    },
    "es": {
        "suicide": ["suicidio", "suicidios", "suicida", "suicidas", "suicidarse", "suicidó"],
        "self-harm": [
            "autolesión",
            "autolesiones",
            "autolesionarse",
            "autolesiona",
            "sobredosis",
        ],
    },
    "ar": {
        "suicide": ["انتحار", "انتحر", "انتحرت", "منتحر", "منتحرا", "منتحرة"],
        "self-harm": ["إيذاء النفس", "أذى النفس", "إيذاء الذات", "جرعة زائدة"],
    },
}

BLOCK_TAGS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "dt", "dd", "td", "th", "figcaption", "caption", "summary",
}  # fmt: skip

_LINE_END = "\x00"
# Arabic short vowels, shadda, sukun and tatweel: optional in writing, so ignored.
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0653), 0x0670, 0x0640])
_ARABIC_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
# Arabic writes "and", "the", "to", "with" onto the word: و، ف، ب، ك، ل، ال، لل.
_ARABIC_PREFIX = "(?:[وف])?(?:لل|[بكل]?ال|[بكل])?"
_ARABIC_SUFFIX = "(?:ه|ها|هم|هن)?"


def normalise(text):
    """Text as the matcher compares it: NFC, typographic apostrophes and Arabic marks evened out."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = text.replace("’", "'").replace("\u00a0", " ")
    return text.translate(_ARABIC_MARKS).translate(_ARABIC_ALEFS)


def rich_text_lines(html):
    """The plain text of rich text, one string per paragraph, list item or heading."""
    soup = BeautifulSoup(str(html or ""), "html.parser")
    for br in soup.find_all("br"):
        br.replace_with(" ")
    for tag in soup.find_all(BLOCK_TAGS):
        tag.append(_LINE_END)
    # A line break in the HTML source is only a space; block elements end lines.
    lines = (" ".join(line.split()) for line in soup.get_text().split(_LINE_END))
    return [line for line in lines if line]


def _words(phrase, language):
    words = [re.escape(word) for word in normalise(phrase).split()]
    # Any run of spaces (never a line break) between words.
    body = r"[^\S\n]+".join(words)
    if language == "ar":
        body = _ARABIC_PREFIX + body + _ARABIC_SUFFIX
    return body


@lru_cache(maxsize=512)
def phrase_pattern(phrases, language):
    """One regular expression matching any of ``phrases`` as whole words, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    alternatives = "|".join(_words(phrase, language) for phrase in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def topic_patterns(language_code):
    """``{topic key: pattern}`` for the words that mention each topic in a language."""
    base = (language_code or "").lower().split("-")[0]
    terms = TOPIC_TERMS.get(base, {})
    return {
        topic: phrase_pattern(tuple(terms[topic]), base) for topic in TOPIC_KEYS if terms.get(topic)
    }
