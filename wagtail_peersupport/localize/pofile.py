"""Read a PO file that came back from a translator, with bounds on what reading it may cost.

The file comes from outside the site, so it is checked before it is used: its
size before it is read (the limit course packages have,
``WAGTAIL_PEERSUPPORT_MAX_PACKAGE_SIZE``, 10 MB by default), then that it is
UTF-8 text (a byte-order mark at the start is allowed), then its syntax. polib,
which parses it, accepts a file cut short in the middle of an entry and reads
the broken entry as best it can; the syntax check refuses such a file instead,
so that half a translation is never imported as if it were whole.
"""

import re
from pathlib import Path

import polib
from django.utils.translation import gettext as _

from ..coursepackage.reader import SIZE_SETTING, max_package_bytes
from .course import CourseTranslationError

__all__ = ["check_po_syntax", "parse_po", "read_po"]

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$")
_QUOTED = re.compile(r'^"(?:[^"\\]|\\.)*"$')
_OPEN = ("msgctxt", "msgid", "msgid_plural")


def _size(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.1f} KB"


def check_po_syntax(text, source=""):
    """Refuse PO text that is not whole: an unclosed string, or an entry without msgstr."""
    state, entry_line = None, 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#~"):
            # An obsolete entry: checked like any other, after its marker.
            line = line[2:].strip()
            if line.startswith("|"):
                continue
        elif not line or line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, line = match.groups()
            keyword = "msgstr" if keyword.startswith("msgstr") else keyword
            starts_entry = keyword == "msgctxt" or (keyword == "msgid" and state != "msgctxt")
            if starts_entry and state in _OPEN:
                raise CourseTranslationError(
                    _("the entry that starts here has no msgstr"),
                    source=source,
                    place=_("line %(line)d") % {"line": entry_line},
                )
            if starts_entry:
                entry_line = number
            state = keyword
        elif state is None or not line.startswith('"'):
            raise CourseTranslationError(
                _("this is not a line of a PO file"),
                source=source,
                place=_("line %(line)d") % {"line": number},
            )
        if not _QUOTED.match(line):
            raise CourseTranslationError(
                _("the text is not closed with a quote; was the file cut short?"),
                source=source,
                place=_("line %(line)d") % {"line": number},
            )
    if state in _OPEN:
        raise CourseTranslationError(
            _("the file ends inside the entry that starts here; was it cut short?"),
            source=source,
            place=_("line %(line)d") % {"line": entry_line},
        )


def parse_po(data, source=""):
    """A ``polib.POFile`` from the bytes of a PO file, or a ``CourseTranslationError``."""
    try:
        # utf-8-sig: editors on Windows start files with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CourseTranslationError(
            _("the file is not UTF-8 text (byte %(byte)d cannot be read); save it as UTF-8")
            % {"byte": exc.start},
            source=source,
            place=_("line %(line)d") % {"line": line},
        ) from exc
    if "\n" not in text.strip():
        # polib would read a one-line "file" as the name of another file.
        raise CourseTranslationError(_("the file holds no PO entries"), source=source)
    check_po_syntax(text, source)
    try:
        return polib.pofile(text, encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise CourseTranslationError(
            _("not a readable PO file (%(problem)s)") % {"problem": exc}, source=source
        ) from exc


def read_po(path):
    """Read the PO file at ``path``, or explain, naming the file, why it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise CourseTranslationError(_("no such file"), source=path)
    limit, size = max_package_bytes(), path.stat().st_size
    if size > limit:
        raise CourseTranslationError(
            _("the file is %(size)s, larger than the %(limit)s a PO file may be (%(setting)s)")
            % {"size": _size(size), "limit": _size(limit), "setting": SIZE_SETTING},
            source=path,
        )
    return parse_po(path.read_bytes(), source=path)
