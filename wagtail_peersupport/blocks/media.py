"""Video from YouTube or Vimeo, shown as a link unless the site chooses to embed it.

A course page makes no request to another host by default: many visitors read it on
a work or shared device, and a video player from another site sets its own cookies
and loads its own scripts. The block therefore renders a link to the video (and its
transcript, if the editor adds one); a site that wants the player on the page sets
``WAGTAIL_PEERSUPPORT_EMBED_VIDEOS = True`` and allows the two player hosts in its
Content-Security-Policy (``frame-src https://www.youtube-nocookie.com
https://player.vimeo.com``).
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..conf import get_setting
from .links import LinkBlock
from .previews import PREVIEW_TEMPLATE
from .text import ParagraphBlock

__all__ = ["VIDEO_HOSTS", "Video", "parse_video_url", "VideoValue", "VideoBlock"]

VIDEO_HOSTS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "www.youtube-nocookie.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "www.vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
}


@dataclass(frozen=True)
class Video:
    service: str  # "YouTube" or "Vimeo"
    video_id: str

    @property
    def watch_url(self):
        if self.service == "YouTube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def embed_url(self):
        if self.service == "YouTube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"


def _is_id(text):
    return bool(text) and len(text) <= 64 and all(ch.isalnum() or ch in "-_" for ch in text)


def parse_video_url(url):
    """The ``Video`` a YouTube or Vimeo address (watch, share or embed form) points at.

    ``None`` for any other address, so callers can tell an allowed video from the rest.
    """
    try:
        parts = urlsplit(str(url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    service = VIDEO_HOSTS.get((parts.hostname or "").lower())
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate = None
    if service == "YouTube":
        if parts.hostname == "youtu.be" and segments:
            candidate = segments[0]
        elif segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "v", "shorts", "live"):
            candidate = segments[1]
    elif service == "Vimeo":
        numbers = [segment for segment in segments if segment.isdigit()]
        candidate = numbers[0] if numbers else None
    return Video(service, candidate) if _is_id(candidate) else None


class VideoValue(blocks.StructValue):
    """A video block's value, with the video its address points at."""

    @property
    def video(self):
        """The ``Video`` (service, id, watch and embed addresses), or ``None``.

        ``None`` when the address is not a YouTube or Vimeo video, so a link that
        was never checked (or was replaced since) is never drawn.
        """
        return parse_video_url(self.get("url"))

    @property
    def embed(self):
        """Whether to show the player: the site embeds videos and this is one."""
        return bool(get_setting("EMBED_VIDEOS", False)) and self.video is not None


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video with its title and an optional transcript."""

    url = LinkBlock(
        label=_("Video address"),
        help_text=_(
            "The address of the video on YouTube or Vimeo, as you see it in your browser "
            "or from the video's Share button."
        ),
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=255,
        help_text=_("What the video is, in a few words; it becomes the link text."),
    )
    transcript = ParagraphBlock(
        label=_("Transcript"),
        required=False,
        help_text=_(
            "Optional, but it helps people who cannot listen or would rather read. "
            "Shown under the video, folded away until opened."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("url") and parse_video_url(value["url"]) is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Use the address of a video on YouTube or Vimeo."))
                }
            )
        return value

    def get_api_representation(self, value, context=None):
        """The video's addresses (``""`` unless it is a YouTube or Vimeo video), its title,
        its transcript as HTML, and whether the site shows the player (``embed``)."""
        video = value.video
        return {
            "title": value.get("title"),
            "url": video.watch_url if video else "",
            "service": video.service if video else "",
            "video_id": video.video_id if video else "",
            "embed_url": video.embed_url if video else "",
            "embed": value.embed,
            "transcript": self.child_blocks["transcript"].get_api_representation(
                value.get("transcript"), context
            ),
        }

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        icon = "media"
        label = _("Video")
        template = "wagtail_peersupport/blocks/video.html"
        value_class = VideoValue
        description = _("A YouTube or Vimeo video, with an optional transcript.")
        preview_value = {
            "url": "https://www.youtube.com/watch?v=example",
            "title": _("A short film about recovery"),
            "transcript": "",
        }
