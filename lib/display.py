"""Strings out: what is safe to show and to link to, whatever a report or a user put in.

* ``one_line(value, limit)``: outlets, names, titles as one clean line (no control characters or
  direction overrides);
* ``isolate(name)``: a name with direction controls, isolated inside a plain-text label;
* ``safe_url(url)``: only absolute http and https URLs become links.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def one_line(value: object, limit: int) -> str:
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


def isolate(text: object) -> str:
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
