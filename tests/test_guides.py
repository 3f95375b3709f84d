"""The guides in docs/ point only at images and files that exist."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDES = sorted(DOCS.glob("*.md"))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _anchors(text):
    anchors = set()
    for line in text.splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            title = re.sub(r"[^\w\- ]", "", title)
            anchors.add(title.replace(" ", "-"))
    return anchors


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_relative_links_and_images_exist(guide):
    text = guide.read_text()
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (guide.parent / path).resolve() if path else guide
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file.read_text()):
            broken.append(target)
    assert broken == []


def test_every_image_has_alt_text():
    for guide in GUIDES:
        assert not re.search(r"!\[\]\(", guide.read_text()), guide.name


def test_translators_guide_exists_with_screenshots():
    text = (DOCS / "translators.md").read_text()
    assert "screenshots/admin-translate-course.png" in text
