"""Reading report files: encodings detected, HTML reduced to text, bad input refused with a
reason naming the file. Nothing here writes anything."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<body|<p[\s>]|<div[\s>]|<article)", re.IGNORECASE)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


class UnreadableReport(ValueError):
    """A file that cannot be read as a report; the message says why."""


class _TextOf(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def decode(data: bytes, *, name: str = "report") -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 (with BOM), else Windows-1256 or
    ISO-8859-6 Arabic; binary, empty and oversized input is refused."""
    if not data.strip():
        raise UnreadableReport(f"{name}: the file is empty")
    if len(data) > MAX_BYTES:
        raise UnreadableReport(f"{name}: {len(data):,} bytes is over the limit of {MAX_BYTES:,} for one report")
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="strict")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data:
            raise UnreadableReport(f"{name}: binary data, not text (it contains NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _legacy_arabic(data, name)
    if _HTML.match(text.encode("utf-8")[:200]) or (text.lstrip().startswith("<") and "</" in text):
        text = html_to_text(text)
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if control > max(8, len(text) // 100):
        raise UnreadableReport(f"{name}: binary data, not text ({control} control characters)")
    if not text.strip():
        raise UnreadableReport(f"{name}: no text in the file")
    return text


def _legacy_arabic(data: bytes, name: str) -> str:
    """Windows-1256 or ISO-8859-6: the one that yields more Arabic letters."""
    best, best_score = None, -1
    for encoding in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = len(_ARABIC.findall(text))
        if score > best_score:
            best, best_score = text, score
    if best is None or best_score == 0:
        raise UnreadableReport(f"{name}: not UTF-8, UTF-16, Windows-1256 or ISO-8859-6 text")
    return best


def read_report_file(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableReport(f"{path}: {size:,} bytes is over the limit of {MAX_BYTES:,} for one report")
        return decode(path.read_bytes(), name=str(path))
    except OSError as exc:
        raise UnreadableReport(f"{path}: cannot be read ({exc.strerror or exc})") from None
