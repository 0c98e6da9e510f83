"""Reading untrusted input: encodings detected, HTML reduced to text, bad input refused with a
reason naming the file. Every way text comes in goes through here, so all of them behave alike:

* report files (``manage.py ingest``, ``manage.py extract``): ``read_report_file(path)``;
* uploads (the admin's "add report" form): ``read_upload(name, data)``;
* records of JSON Lines batches and pasted text: ``check_text(text, name=...)``;
* data files read whole: ``read_text_file(path)``: the same encodings, no HTML step, no size
  limit; big ones (JSON Lines batches for ``ingest``, tables for ``import_control``) are read
  line by line in constant memory by ``lib.untrusted_lines``, with these rules and messages;
* the gazetteer loaders (streamed files): ``file_problem(path)`` and ``utf8_error(...)`` give
  them the same reasons for empty, binary, UTF-16 and wrongly encoded files;
* links and short fields: `lib.display` (``safe_url``, ``one_line``, ``isolate``).

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
from pathlib import Path
from typing import BinaryIO

from .html_text import html_to_text, looks_like_html

#: Default of ``settings.REPORT_MAX_BYTES``: the largest report (in bytes, as stored in UTF-8).
MAX_BYTES = 2 * 1024 * 1024

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
    if b"\x00" in data and utf16_guess(data) is None:
        return "binary data, not text (it contains NUL bytes)"
    return None


def utf8_error(data: bytes, exc: UnicodeDecodeError, base_line: int = 0) -> str:
    """A reason for a file that is not UTF-8: the first bad byte and where it is."""
    return not_utf8(data[exc.start : exc.start + 1], base_line + data[: exc.start].count(b"\n") + 1)


def not_utf8(bad: bytes, line: int) -> str:
    return f"not UTF-8 text (byte 0x{bad.hex()} at line {line})"


def no_encoding(name: str, utf8_reason: str) -> UnreadableReport:
    """The refusal of a file in none of the encodings read (``utf8_reason``: ``not_utf8(...)``)."""
    return UnreadableReport(
        f"{name}: {utf8_reason}, nor UTF-16, Windows-1256 or ISO-8859-6 Arabic, nor Windows-1252 English"
    )


def wrong_encoding(name: str, encoding: str, why: str, reason: str, start: int) -> UnreadableReport:
    """The refusal of a file that does not decode as what it said or looked like: ``why`` is
    "bom" (a byte-order mark), "utf-16" (UTF-16 without one) or "declared" (an HTML page's
    charset); ``start`` is the offset of the first bad byte in the file."""
    if why == "bom":
        label = {"utf-8-sig": "UTF-8"}.get(encoding, encoding.upper())
        said = f"starts with a {label} byte-order mark but is not valid {label}"
    elif why == "utf-16":
        said = "looks like UTF-16 without a byte-order mark but is not valid UTF-16"
    else:
        said = f"the page says it is {encoding} but is not"
    return UnreadableReport(f"{name}: {said} ({reason} at byte {start})")


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
        head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (b"\x00" in head and utf16_guess(head))
    ):
        return "UTF-16 text: this kind of file must be UTF-8 (save it as UTF-8)"
    return binary_reason(head)


def utf16_guess(data: bytes) -> str | None:
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


def legacy_encoding(data: bytes) -> str | None:
    """Windows-1256 or ISO-8859-6 (the one that reads as Arabic), else Windows-1252 for a
    mostly-English text, else None."""
    found = []
    for encoding in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _arabic_text(text):
            found.append((len(_ARABIC_LETTER.findall(text)), encoding == "cp1256", encoding))
    if found:
        return max(found)[2]
    high = sum(1 for b in data if b > 127)
    if high <= 0.15 * len(data):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
        if _readable(text):
            return "cp1252"
    return None


def declared_charset(data: bytes) -> str | None:
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
            except UnicodeDecodeError as exc:  # utf-8-sig counts from after its byte-order mark
                start = exc.start + (len(bom) if encoding == "utf-8-sig" else 0)
                raise wrong_encoding(name, encoding, "bom", exc.reason, start) from None
    if b"\x00" in data:
        guess = utf16_guess(data)
        if guess is None:
            raise UnreadableReport(f"{name}: binary data, not text (it contains NUL bytes)")
        try:
            return data.decode(guess)
        except UnicodeDecodeError as exc:
            raise wrong_encoding(name, guess, "utf-16", exc.reason, exc.start) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    declared = declared_charset(data)
    if declared and declared not in ("utf-8", "utf-8-sig"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError as exc:
            raise wrong_encoding(name, declared, "declared", exc.reason, exc.start) from None
    legacy = legacy_encoding(data)
    if legacy is None:
        raise no_encoding(name, utf8_error(data, first_error))
    return data.decode(legacy)


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
        raise nul_characters(name, text.index(chr(0)))
    if not text.strip():
        raise UnreadableReport(f"{name}: the text is empty (only white space)")
    if limit is not None:
        size = len(text.encode("utf-8"))
        if size > limit:
            raise UnreadableReport(f"{name}: {size:,} bytes is over the limit of {limit:,} for one report")
    too_many_controls(name, count_controls(text), len(text))
    return text


def nul_characters(name: str, at: int) -> UnreadableReport:
    return UnreadableReport(
        f"{name}: NUL characters (U+0000) at character {at}: binary data, not text (the database cannot store them)"
    )


def count_controls(text: str) -> int:
    """Control characters other than tab, line feed and carriage return (and form feed kin)."""
    return len(_CONTROL.findall(text))


def too_many_controls(name: str, controls: int, length: int) -> None:
    """Refuse a text of ``length`` characters with more than 1 % (at least 8) control characters."""
    if controls > max(8, length // 100):
        raise UnreadableReport(f"{name}: binary data, not text ({controls} control characters)")


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


def read_upload(name: str, data: bytes | bytearray | memoryview | BinaryIO) -> str:
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
    """A data file read whole: the same encodings and refusals as reports, no HTML, no size
    limit. Batches and tables are read line by line instead (``lib.untrusted_lines``)."""
    path = Path(path)
    return decode(_read_regular_file(path, None), name=str(path), html=False, max_bytes=None)
