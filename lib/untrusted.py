"""Reading untrusted input: encodings detected, HTML reduced to text, bad input refused with a
reason naming the file. Every way text comes in goes through here, so all of them behave alike:

* report files (``manage.py ingest``, ``manage.py extract``): ``read_report_file(path)``;
* uploads (the admin's "add report" form): ``read_upload(name, data)``;
* records of JSON Lines batches and pasted text: ``check_text(text, name=...)``;
* tables and JSON Lines batches (``import_control``, ``ingest``): ``read_text_file(path)``
  (= ``read_table_file``): the same encodings, no HTML step, no size limit;
* the gazetteer loaders (streamed files): ``file_problem(path)`` and ``utf8_error(...)`` give
  them the same reasons for empty, binary, UTF-16 and wrongly encoded files;
* links and short fields: ``safe_url(url)`` (only http and https become links),
  ``one_line(value, limit)`` (outlets, names: no control characters or direction overrides),
  ``isolate(name)`` (a name with direction controls inside a plain-text label).

What is read: UTF-8 (with or without a BOM), UTF-16 and UTF-32 (with a BOM; UTF-16 also without
one when it is clearly text), Windows-1256 and ISO-8859-6 Arabic (the one that reads as Arabic;
it must look like Arabic or Persian, so other single-byte or CJK files are not taken for it),
Windows-1252 for mostly-English files, and the charset an HTML page declares. HTML becomes its
text (scripts, styles and other non-text elements dropped).

What is refused, always with ``UnreadableReport("<name>: <reason>")`` and nothing written:
empty files, files over ``settings.REPORT_MAX_BYTES`` (default 2 MB; reports only), binary
files (known file signatures, NUL bytes, too many control characters), text in none of the
encodings above, HTML with no text, and text Python or the database cannot store: NUL
characters (PostgreSQL refuses them) and unpaired surrogates (not valid Unicode; they can only
come from ``\\ud800``-style escapes in JSON). Nothing here writes anything.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

#: Default of ``settings.REPORT_MAX_BYTES``: the largest report (in bytes, as stored in UTF-8).
MAX_BYTES = 2 * 1024 * 1024

_HTML = re.compile(
    r"^\s*(<!doctype html|<html|<head|<body|<p[\s>]|<div[\s>]|<article|<meta|<title|<!--)", re.IGNORECASE
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc]")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

#: File signatures of common binary formats people upload by mistake.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (audio, video or WebP image)"),
    (b"PK\x03\x04", "a ZIP archive, or a Word, Excel or OpenDocument file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 file"),
    (b"\x1a\x45\xdf\xa3", "a video (Matroska or WebM)"),
)


class UnreadableReport(ValueError):
    """A file or text that cannot be read as a report; the message names it and says why."""


#: Where the report size limit comes from: the default here; the events app points it at
#: ``settings.REPORT_MAX_BYTES`` when Django starts (``EventsConfig.ready``), so this module
#: needs no Django.
def _limit_source() -> int:
    return MAX_BYTES


def set_report_limit(source: Callable[[], int]) -> None:
    """Read the report size limit from ``source`` from now on (called once at start-up)."""
    global _limit_source
    _limit_source = source


def max_report_bytes() -> int:
    """The largest report accepted, in bytes (``settings.REPORT_MAX_BYTES`` inside the app)."""
    return int(_limit_source())


# --- HTML -------------------------------------------------------------------------------------


class _TextOf(HTMLParser):
    SKIP = {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "select",
        "textarea",
        "button",
    }
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "article",
        "section",
        "blockquote",
        "header",
        "footer",
        "pre",
        "hr",
        "dd",
        "dt",
        "figcaption",
        "caption",
        "title",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP and tag not in self.VOID:
            self.skipping.append(tag)
        elif tag in self.BLOCK and not self.skipping:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):  # <br/>, <script/> (nothing to skip)
        if tag in self.BLOCK and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipping:
            if tag in self.skipping:  # also closes unclosed ones inside it
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag) :]
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip("\ufeff")
    return bool(_HTML.match(head)) or (head.lstrip().startswith("<") and "</" in text)


def html_to_text(html: str) -> str:
    """The text of an HTML page: block elements become line breaks, white space is folded,
    and scripts, styles, the head, frames, forms' controls and embedded objects are dropped.
    Character references are decoded (``&lt;script&gt;`` becomes the text ``<script>``,
    which the site escapes like any other text)."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


# --- bytes → text -----------------------------------------------------------------------------


def binary_reason(data: bytes) -> str | None:
    """Why these (first) bytes are not a text file, or None. A BOM'd UTF-16/32 file and
    UTF-16 without a BOM that reads as text are text."""
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return f"binary data ({what}), not text"
    if data[4:8] == b"ftyp":
        return "binary data (an MP4 or MOV video), not text"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in data and _utf16_guess(data) is None:
        return "binary data, not text (it contains NUL bytes)"
    return None


def utf8_error(data: bytes, exc: UnicodeDecodeError, base_line: int = 0) -> str:
    """A reason for a file that is not UTF-8: the first bad byte and where it is."""
    bad = data[exc.start : exc.start + 1].hex()
    line = base_line + data[: exc.start].count(b"\n") + 1
    return f"not UTF-8 text (byte 0x{bad} at line {line})"


def file_problem(path: Path, *, allow: tuple[str, ...] = (), utf8_only: bool = True) -> str | None:
    """Why a data file (a gazetteer dump, GeoJSON) cannot be read, from its first 64 KB: it is
    missing, not a regular file, empty, binary, or (``utf8_only``) UTF-16/32 rather than UTF-8.
    ``allow``: kinds of archive the caller unpacks itself ("gzip", "zip"). None when it may be
    read; the reasons are the ones reports get."""
    path = Path(path)
    try:
        if not path.is_file():
            return "no such file" if not path.exists() else "not a regular file"
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not head.strip(b" \t\r\n\x0b\x0c"):
        return "the file is empty"
    if "gzip" in allow and head.startswith(b"\x1f\x8b"):
        return None
    if "zip" in allow and head.startswith(b"PK\x03\x04"):
        return None
    if utf8_only and (
        head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (b"\x00" in head and _utf16_guess(head))
    ):
        return "UTF-16 text: this kind of file must be UTF-8 (save it as UTF-8)"
    return binary_reason(head)


def _utf16_guess(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text without a byte-order mark, else None: ASCII
    characters put a NUL on one side of their two bytes, and the start reads as text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= len(sample) // 20 and other <= nuls // 10 and _readable(sample.decode(encoding, errors="replace")):
            return encoding
    return None


def _readable(text: str) -> bool:
    """Mostly letters, digits, spaces and punctuation (not control characters or symbols
    from random bytes)."""
    if not text:
        return False
    good = sum(1 for ch in text[:4000] if ch.isspace() or unicodedata.category(ch)[0] in "LNPM")
    return good >= 0.9 * min(len(text), 4000)


def _arabic_text(text: str) -> bool:
    """Does this read as Arabic or Persian? Enough Arabic letters, in words of a normal length
    (not runs without spaces), bare alef as common as in real text, and almost no other
    non-ASCII letters or symbols (Cyrillic, Greek or CJK files read as Windows-1256 fail one
    of these)."""
    letters = len(_ARABIC_LETTER.findall(text))
    if letters < 3:
        return False
    odd = sum(
        1
        for ch in text
        if ord(ch) > 127
        and not _ARABIC_LETTER.match(ch)
        and not ch.isspace()
        and unicodedata.category(ch)[0] not in "PMC"
    )
    words = _ARABIC_WORD.findall(text)
    alef = text.count("\u0627")
    return odd <= 0.02 * letters and letters / len(words) <= 10 and (alef >= 0.05 * letters or letters < 50)


def _legacy(data: bytes) -> str | None:
    """Windows-1256 or ISO-8859-6 (the one that reads as Arabic), else Windows-1252 for a
    mostly-English text."""
    found = []
    for encoding in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _arabic_text(text):
            found.append((len(_ARABIC_LETTER.findall(text)), encoding == "cp1256", text))
    if found:
        return max(found)[2]
    high = sum(1 for b in data if b > 127)
    if high <= 0.15 * len(data):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
        if _readable(text):
            return text
    return None


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag (in its first 4 KB), if Python knows it."""
    if not looks_like_html(data[:2000].decode("ascii", errors="replace")):
        return None
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def decode(data: bytes, *, name: str = "report", html: bool = True, max_bytes: int | None = -1) -> str:
    """Bytes → text; see the module's docstring for what is read and what is refused.

    ``html``: reduce HTML to its text (reports); off for tables. ``max_bytes``: the size limit
    (default ``settings.REPORT_MAX_BYTES``; None: no limit)."""
    limit = max_report_bytes() if max_bytes == -1 else max_bytes
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise UnreadableReport(f"{name}: the file is empty")
    if limit is not None and len(data) > limit:
        raise UnreadableReport(f"{name}: {len(data):,} bytes is over the limit of {limit:,} for one report")
    reason = binary_reason(data[:65536])
    if reason:
        raise UnreadableReport(f"{name}: {reason}")
    text = _bytes_to_text(data, name)
    if html and looks_like_html(text):
        text = html_to_text(text)
        if not text.strip():
            raise UnreadableReport(f"{name}: an HTML page with no text (only markup, scripts or styles)")
    return check_text(text, name=name, max_bytes=None)


def _bytes_to_text(data: bytes, name: str) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                label = {"utf-8-sig": "UTF-8"}.get(encoding, encoding.upper())
                raise UnreadableReport(
                    f"{name}: starts with a {label} byte-order mark but is not valid {label} ({exc.reason} at byte {exc.start})"
                ) from None
    if b"\x00" in data:
        encoding = _utf16_guess(data)
        if encoding is None:
            raise UnreadableReport(f"{name}: binary data, not text (it contains NUL bytes)")
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableReport(
                f"{name}: looks like UTF-16 without a byte-order mark but is not valid UTF-16 ({exc.reason} at byte {exc.start})"
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8", "utf-8-sig"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError as exc:
            raise UnreadableReport(
                f"{name}: the page says it is {declared} but is not ({exc.reason} at byte {exc.start})"
            ) from None
    text = _legacy(data)
    if text is None:
        raise UnreadableReport(
            f"{name}: {utf8_error(data, first_error)}, nor UTF-16, Windows-1256 or ISO-8859-6 Arabic, nor Windows-1252 English"
        )
    return text


def check_text(text: str, *, name: str = "report", max_bytes: int | None = -1) -> str:
    """Text that came in as text (JSON Lines records, pasted text) or was just decoded: refuse
    what cannot be stored or is not text at all. Returns the text unchanged."""
    limit = max_report_bytes() if max_bytes == -1 else max_bytes
    if not isinstance(text, str):
        raise UnreadableReport(f"{name}: the text is not a string")
    m = _SURROGATE.search(text)
    if m:
        raise UnreadableReport(
            f"{name}: an unpaired surrogate (U+{ord(m.group()):04X}) at character {m.start()}: not valid Unicode"
        )
    if "\x00" in text:
        raise UnreadableReport(
            f"{name}: NUL characters (U+0000) at character {text.index(chr(0))}: binary data, not text (the database cannot store them)"
        )
    if not text.strip():
        raise UnreadableReport(f"{name}: the text is empty (only white space)")
    if limit is not None:
        size = len(text.encode("utf-8"))
        if size > limit:
            raise UnreadableReport(f"{name}: {size:,} bytes is over the limit of {limit:,} for one report")
    control = len(_CONTROL.findall(text))
    if control > max(8, len(text) // 100):
        raise UnreadableReport(f"{name}: binary data, not text ({control} control characters)")
    return text


# --- files and uploads ------------------------------------------------------------------------


def _read_regular_file(path: Path, limit: int | None) -> bytes:
    try:
        st = path.stat()
        if not path.is_file():
            raise UnreadableReport(f"{path}: not a regular file")
        if limit is not None and st.st_size > limit:
            raise UnreadableReport(f"{path}: {st.st_size:,} bytes is over the limit of {limit:,} for one report")
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableReport(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_report_file(path: Path) -> str:
    """A report file (text or HTML) as text; the size is checked before reading."""
    path = Path(path)
    limit = max_report_bytes()
    return decode(_read_regular_file(path, limit), name=str(path), max_bytes=limit)


def read_upload(name: str, data) -> str:
    """An uploaded report (the admin's form): ``data`` is bytes or an uploaded file (its size
    is checked before it is read). Same rules and messages as ``manage.py ingest``; raises
    ``UnreadableReport`` naming the file."""
    name = Path(str(name or "upload")).name or "upload"
    limit = max_report_bytes()
    if not isinstance(data, (bytes, bytearray, memoryview)):
        size = getattr(data, "size", None)
        if size is not None and size > limit:
            raise UnreadableReport(f"{name}: {size:,} bytes is over the limit of {limit:,} for one report")
        if hasattr(data, "seek"):
            data.seek(0)
        data = data.read(limit + 1)
    return decode(bytes(data), name=name, max_bytes=limit)


def read_text_file(path: Path) -> str:
    """A data file read whole (a CSV or TSV table for ``import_control``, a JSON Lines batch
    for ``ingest``): the same encodings and refusals as reports, no HTML, no size limit (each
    record of a batch is checked on its own)."""
    path = Path(path)
    return decode(_read_regular_file(path, None), name=str(path), html=False, max_bytes=None)


read_table_file = read_text_file


def one_line(value, limit: int) -> str:
    """A short field (outlet, language, title) as one clean line: control and format characters
    that could break a page or the database (NUL, unpaired surrogates, bidi overrides) removed,
    white space folded, cut to ``limit`` characters."""
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    value = _SURROGATE.sub("", value)
    value = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if not (ch in _BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and not ch.isspace()))
    )
    return " ".join(value.split())[:limit]


#: Bidirectional embeddings, overrides and isolates (ZWNJ, ZWJ, LRM and RLM are kept: Persian
#: and Arabic need them).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def isolate(text) -> str:
    """A name that carries direction controls (an override such as U+202E, embeddings,
    isolates), between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, for plain-text labels
    made of several parts (``str()`` of a model, a map label ``A | B``): the control then
    reorders only the name, not the text around it. Other names come back unchanged. In HTML,
    templates put names in ``<bdi>`` instead."""
    text = "" if text is None else str(text)
    return f"\u2068{text}\u2069" if any(ch in _BIDI_CONTROLS for ch in text) else text


# --- links ------------------------------------------------------------------------------------

_URL_JUNK = re.compile(r"[\t\n\r]")


def safe_url(url: str | None) -> str:
    """The URL if it is an absolute http(s) link, else "" (``javascript:``, ``data:``,
    ``vbscript:``, relative and malformed URLs never become links). Tabs and newlines, which
    browsers drop from URLs (``java\\tscript:``), are dropped first."""
    if not url or not isinstance(url, str):
        return ""
    url = _URL_JUNK.sub("", url).strip(
        " \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
    )
    if len(url) > 1000 or any(ch.isspace() or ord(ch) < 32 or unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url
