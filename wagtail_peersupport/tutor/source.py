"""Read saved web pages from disk, in the character set they declare.

Pages saved from a browser keep the ``<meta charset>`` (or ``http-equiv``
Content-Type) of the site they came from. WordPress sites send UTF-8; older
ones, and pages saved on Windows, may be Windows-1252. Anything else is refused
rather than guessed, so an editor never reviews text with the wrong letters in it.
"""

import codecs
from email.message import Message
from pathlib import Path

from bs4 import BeautifulSoup, SoupStrainer

from ..coursepackage import CoursePackageError

__all__ = ["TutorImportError", "expand_paths", "read_html", "declared_charset"]

# The WHATWG Encoding Standard, which browsers follow, reads these labels as
# Windows-1252: a page that says ISO-8859-1 or ASCII is shown as Windows-1252.
WINDOWS_1252_CODECS = {"cp1252", "iso8859-1", "ascii"}
PAGE_SUFFIXES = {".html", ".htm", ".xhtml"}


class TutorImportError(CoursePackageError):
    """A saved page that cannot be imported, with the file it is about."""


def expand_paths(paths):
    """The pages to read: files as given, folders as their HTML files in sorted order."""
    pages = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in PAGE_SUFFIXES)
            if not found:
                raise TutorImportError("the folder holds no .html files", source=path)
            pages.extend(p for p in found if p.is_file())
        else:
            pages.append(path)
    return pages


def declared_charset(data):
    """The charset a page declares in a ``<meta>`` element, or ``None``."""
    # Latin-1 maps every byte to one character, so the markup can be read to
    # find the declaration before the real charset is known.
    head = BeautifulSoup(data.decode("latin-1"), "html.parser", parse_only=SoupStrainer("meta"))
    for meta in head.find_all("meta"):
        if meta.get("charset"):
            return meta["charset"].strip()
        if str(meta.get("http-equiv", "")).strip().lower() == "content-type":
            header = Message()
            header["content-type"] = str(meta.get("content", ""))
            charset = header.get_param("charset")
            if charset:
                return str(charset).strip()
    return None


def _codec(label):
    """``"utf-8"`` or ``"cp1252"`` for a charset this importer accepts, else ``None``."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("utf-8", "utf-8-sig"):
        return "utf-8"
    if name in WINDOWS_1252_CODECS:
        return "cp1252"
    return None


def read_html(path):
    """The text of the page at ``path`` and the charset it was read in.

    Raises ``TutorImportError`` naming the file when it cannot be read, declares
    a charset other than UTF-8 or Windows-1252, or holds bytes that charset
    cannot decode.
    """
    path = Path(path)
    if not path.is_file():
        raise TutorImportError("no such file", source=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TutorImportError(f"the file cannot be read ({exc.strerror})", source=path) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TutorImportError(
            "the page is UTF-16 text; save it again as UTF-8 or Windows-1252", source=path
        )
    if data.startswith(codecs.BOM_UTF8):
        declared, data = "UTF-8 (byte order mark)", data[len(codecs.BOM_UTF8) :]
        label = "utf-8"
    else:
        declared = declared_charset(data)
        label = declared or "utf-8"
    codec = _codec(label)
    if codec is None:
        raise TutorImportError(
            f"the page declares the charset {label!r}; only UTF-8 and Windows-1252 can be "
            "imported (save the page again as UTF-8)",
            source=path,
        )
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        charset = declared or "UTF-8 (no charset is declared)"
        raise TutorImportError(
            f"byte {exc.start} (0x{data[exc.start]:02x}) cannot be read as {charset}; the file "
            "is damaged or in another charset",
            source=path,
        ) from exc
    return text, codec
