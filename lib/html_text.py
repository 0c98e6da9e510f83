"""HTML reduced to its text: what a reader sees, block elements as line breaks, and nothing of
scripts, styles, templates or other elements that are not text. Used on reports that arrive as
HTML (`lib.untrusted`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML = re.compile(
    r"^\s*(<!doctype html|<html|<head|<body|<p[\s>]|<div[\s>]|<article|<meta|<title|<!--)", re.IGNORECASE
)


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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP and tag not in self.VOID:
            self.skipping.append(tag)
        elif tag in self.BLOCK and not self.skipping:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # <br/>, <script/>
        if tag in self.BLOCK and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:  # also closes unclosed ones inside it
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag) :]
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
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
