"""Big untrusted data files (JSON Lines batches, CSV and TSV tables) read line by line in
constant memory, by the rules and with the messages of ``lib.untrusted`` for whole files.

``open_lines(path)`` first scans the whole file in chunks of ``CHUNK`` bytes, keeping none of
them, and refuses what ``read_text_file`` refuses (missing, not a regular file, empty, binary,
a byte-order mark or UTF-16 that is not valid, none of the encodings reports may have, NUL
characters, more than 1 % control characters) with the same reasons, before a single line is
handed out: a bad file is refused whole, so nothing of it is written. The encoding is decided
as for a whole file: a byte-order mark; NUL bytes anywhere → UTF-16 without one (or binary);
UTF-8 when every byte of the file is UTF-8; else the charset an HTML page declares, or the
legacy single-byte encoding its first ``SAMPLE`` bytes read as (the same rule as for a whole
file up to that size), checked over the whole file.

Then iterating a ``TextLines`` yields each ``Line`` (its number, counting ``\\n``, ``\\r\\n`` and
``\\r`` as line ends, and its text without the line end). A line longer than ``max_chars`` is
yielded with ``text=None`` and its length, skipped without being held in memory, so one record
can never take more than about ``max_chars`` characters of memory whatever the file holds.
``TextLines.lines`` is the number of lines, for progress bars.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .untrusted import (
    UnreadableReport,
    binary_reason,
    count_controls,
    declared_charset,
    legacy_encoding,
    no_encoding,
    not_utf8,
    nul_characters,
    too_many_controls,
    utf16_guess,
    wrong_encoding,
)

#: Bytes read at a time by the scan.
CHUNK = 1 << 20
#: The start of a file that decides a legacy encoding or an HTML charset (a whole file up to this size).
SAMPLE = 1 << 20
_WHITE = b" \t\r\n\x0b\x0c"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str | None  # None: longer than the limit, skipped unread
    length: int  # characters, without the line end


@dataclass(slots=True)
class _Stats:
    """What the scan learns of the decoded text (check_text's questions, for the whole file)."""

    chars: int = 0
    controls: int = 0
    nul_at: int | None = None
    blank: bool = True
    newlines: int = 0
    last: str = ""

    def add(self, text: str) -> None:
        if not text:
            return
        if self.nul_at is None and "\x00" in text:
            self.nul_at = self.chars + text.index("\x00")
        if self.blank and text.strip():
            self.blank = False
        self.controls += count_controls(text)
        self.newlines += text.count("\n") + text.count("\r") - text.count("\r\n")
        self.chars += len(text)
        self.last = text[-1]


@dataclass(slots=True)
class _Failure:
    """Where a decoder first failed: its reason, the byte's offset in the file, its line."""

    reason: str
    start: int
    byte: bytes
    line: int


class _Decoding(Exception):
    def __init__(self, failure: _Failure) -> None:
        self.failure = failure


@dataclass
class TextLines:
    """A data file that passed the scan; iterate it for its lines (it reopens the file)."""

    path: Path
    encoding: str
    lines: int
    max_chars: int
    name: str = field(default="")

    def __iter__(self) -> Iterator[Line]:
        name = self.name or str(self.path)
        number = 0
        try:
            with open(self.path, "rb") as raw, io.TextIOWrapper(raw, encoding=self.encoding, newline=None) as fh:
                while chunk := fh.readline(self.max_chars + 1):
                    number += 1
                    if chunk.endswith("\n"):
                        yield Line(number, chunk[:-1], len(chunk) - 1)
                    elif len(chunk) <= self.max_chars:
                        yield Line(number, chunk, len(chunk))  # the last line, without a line end
                    else:
                        yield Line(number, None, len(chunk) + _skip_line(fh))
        except UnicodeDecodeError as exc:  # the file changed since the scan
            raise UnreadableReport(f"{name}:{number + 1}: not {self.encoding} text any more ({exc.reason})") from None
        except OSError as exc:
            raise UnreadableReport(f"{name}: cannot be read ({exc.strerror or exc})") from None


def _skip_line(fh: io.TextIOWrapper) -> int:
    """Read to the end of the current line in bounded pieces; the characters skipped."""
    skipped = 0
    while piece := fh.readline(CHUNK):
        if piece.endswith("\n"):
            return skipped + len(piece) - 1
        skipped += len(piece)
    return skipped


def open_lines(path: Path, *, max_chars: int, name: str | None = None) -> TextLines:
    """Scan a data file (see the module docstring) and return its lines to iterate; raises
    ``UnreadableReport`` naming the file, as ``read_text_file`` would, before any line."""
    path = Path(path)
    name = name or str(path)
    try:
        path.stat()
        if not path.is_file():
            raise UnreadableReport(f"{name}: not a regular file")
        with open(path, "rb") as fh:
            head = fh.read(SAMPLE)
    except OSError as exc:
        raise UnreadableReport(f"{name}: cannot be read ({exc.strerror or exc})") from None
    encoding, stats = _choose(path, head, name)
    if stats.nul_at is not None:
        raise nul_characters(name, stats.nul_at)
    if stats.blank:
        raise UnreadableReport(f"{name}: the text is empty (only white space)")
    too_many_controls(name, stats.controls, stats.chars)
    lines = stats.newlines + (1 if stats.last not in ("\n", "\r") else 0)
    return TextLines(path, encoding, lines, max_chars, name)


def _choose(path: Path, head: bytes, name: str) -> tuple[str, _Stats]:
    """The file's encoding and what its decoded text holds, as ``lib.untrusted.decode`` decides."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            _refuse_blank_or_binary(path, head, name)
            try:
                return encoding, _scan(path, encoding)
            except _Decoding as exc:
                raise wrong_encoding(name, encoding, "bom", exc.failure.reason, exc.failure.start) from None
    _refuse_blank_or_binary(path, head, name)
    stats, utf8_failure, has_nul = _scan_utf8(path)
    if has_nul:
        guess = utf16_guess(head)
        if guess is None:
            raise UnreadableReport(f"{name}: binary data, not text (it contains NUL bytes)")
        try:
            return guess, _scan(path, guess)
        except _Decoding as exc:
            raise wrong_encoding(name, guess, "utf-16", exc.failure.reason, exc.failure.start) from None
    if utf8_failure is None:
        return "utf-8", stats
    declared = declared_charset(head)
    if declared and declared not in ("utf-8", "utf-8-sig"):
        try:
            return declared, _scan(path, declared)
        except _Decoding as exc:
            raise wrong_encoding(name, declared, "declared", exc.failure.reason, exc.failure.start) from None
    legacy = legacy_encoding(head)
    refusal = no_encoding(name, not_utf8(utf8_failure.byte, utf8_failure.line))
    if legacy is None:
        raise refusal
    try:
        return legacy, _scan(path, legacy)
    except _Decoding:
        raise refusal from None


def _refuse_blank_or_binary(path: Path, head: bytes, name: str) -> None:
    """The whole file white space ("the file is empty"), or its start a binary format."""
    blank = not head.strip(_WHITE)
    if blank and len(head) == SAMPLE:
        with open(path, "rb") as fh:
            fh.seek(SAMPLE)
            while blank and (chunk := fh.read(CHUNK)):
                blank = not chunk.strip(_WHITE)
    if blank:
        raise UnreadableReport(f"{name}: the file is empty")
    reason = binary_reason(head[:65536])
    if reason:
        raise UnreadableReport(f"{name}: {reason}")


def _scan(path: Path, encoding: str) -> _Stats:
    """Decode the whole file with ``encoding``, keeping only its statistics; ``_Decoding`` at the
    first bad byte."""
    stats = _Stats()
    offset, newlines = 0, 0
    skip = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0  # decoded as UTF-8 after its mark
    decoder = codecs.getincrementaldecoder("utf-8" if skip else encoding)()
    with open(path, "rb") as fh:
        fh.seek(skip)
        offset = skip
        while True:
            chunk = fh.read(CHUNK)
            final = not chunk
            pending = _pending(decoder)
            try:
                stats.add(decoder.decode(chunk, final=final))
            except UnicodeDecodeError as exc:
                data = pending + chunk
                start = offset - len(pending) + exc.start
                line = newlines + data[: exc.start].count(b"\n") + 1
                raise _Decoding(_Failure(exc.reason, start, data[exc.start : exc.start + 1], line)) from None
            if final:
                return stats
            offset += len(chunk)
            newlines += chunk.count(b"\n")


def _scan_utf8(path: Path) -> tuple[_Stats, _Failure | None, bool]:
    """One pass for a file without a byte-order mark: its statistics as UTF-8, the first byte
    that is not UTF-8 (None: all of it is), and whether it holds a NUL byte anywhere."""
    try:
        stats = _scan(path, "utf-8")
    except _Decoding as exc:
        return _Stats(), exc.failure, _has_nul(path)
    return stats, None, stats.nul_at is not None  # in UTF-8 a NUL byte is a NUL character


def _has_nul(path: Path) -> bool:
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if b"\x00" in chunk:
                return True
    return False


def _pending(decoder: codecs.IncrementalDecoder) -> bytes:
    """The bytes an incremental decoder holds back (the start of an unfinished character)."""
    state = decoder.getstate()
    return state[0] if isinstance(state[0], bytes) else b""
