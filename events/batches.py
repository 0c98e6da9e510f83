"""Report batches for ``manage.py ingest``: text files, folders of them, and JSON Lines (one
report a line: text, published, outlet, url, lang), read one report at a time, so memory stays
flat whatever the size of a batch.

* A text or HTML file is read whole, after its size is checked (``REPORT_MAX_BYTES``).
* A JSON Lines file is scanned first (``lib.untrusted_lines``: the encodings and refusals of
  report files; a refused file yields one error and none of its records), then read line by line.
  A line longer than ``record_limit()`` characters is skipped unread; any other bad record (not
  JSON, nested too deep, no text or a non-string text, NUL characters, unpaired surrogates, a
  text over ``REPORT_MAX_BYTES``, ...) is skipped with ``file:line`` and the reason.

``Batch`` yields an ``Item`` per report or refusal, in file order; ``Batch.expected`` is the
number of items known so far (each JSON Lines file adds its lines when it is opened), for a
progress bar.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.untrusted import UnreadableReport, check_text, max_report_bytes, read_report_file
from lib.untrusted_lines import open_lines

TEXT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: Characters a JSON Lines record may have beyond three times the report limit (its other fields).
RECORD_OVERHEAD = 64 * 1024


def record_limit() -> int:
    """The longest JSON Lines line read, in characters: a text at the report limit written with
    ``\\uXXXX`` escapes (at most three characters a byte), plus ``RECORD_OVERHEAD``."""
    return 3 * max_report_bytes() + RECORD_OVERHEAD


@dataclass(frozen=True, slots=True)
class Defaults:
    """What the command's options give the reports that do not say it themselves."""

    published: dt.date | None = None
    outlet: str = ""
    url: str = ""
    lang: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One report (``report``: the keyword arguments of ``ingest_text``) or one refusal
    (``error``: the message, naming the file and line)."""

    label: str
    report: dict[str, Any] | None = None
    error: str = ""


class Batch:
    """The reports of some files and folders, one at a time (see the module docstring)."""

    def __init__(self, paths: list[str], defaults: Defaults) -> None:
        self.paths = paths
        self.defaults = defaults
        self.expected = 0

    def files(self) -> Iterator[tuple[str, Path | None]]:
        """Each file to read (folders: their text and JSON Lines files, sorted), or a missing path."""
        for raw in self.paths:
            path = Path(raw)
            if not path.exists():
                yield raw, None
            elif path.is_dir():
                suffixes = TEXT_SUFFIXES | JSONL_SUFFIXES
                yield from (
                    (str(p), p) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in suffixes
                )
            else:
                yield raw, path

    def __iter__(self) -> Iterator[Item]:
        for label, path in self.files():
            self.expected += 1
            if path is None:
                yield Item(label, error=f"{label}: no such file or folder")
            elif path.suffix.lower() in JSONL_SUFFIXES:
                yield from self.jsonl(path)
            else:
                yield self.text_file(path)

    def text_file(self, path: Path) -> Item:
        try:
            text = read_report_file(path)
        except UnreadableReport as exc:
            return Item(str(path), error=str(exc))
        d = self.defaults
        return Item(
            str(path), {"text": text, "published": d.published, "outlet": d.outlet, "url": d.url, "lang": d.lang}
        )

    def jsonl(self, path: Path) -> Iterator[Item]:
        try:
            lines = open_lines(path, max_chars=record_limit())
        except UnreadableReport as exc:
            yield Item(str(path), error=str(exc))
            return
        self.expected += lines.lines - 1
        for line in lines:
            label = f"{path}:{line.number}"
            if line.text is None:
                yield Item(
                    label,
                    error=f"{label}: a line of {line.length:,} characters is over the limit of "
                    f"{record_limit():,} for one record (skipped unread)",
                )
            elif not line.text.strip():
                self.expected -= 1
            else:
                yield self.record(label, line.text)

    def record(self, label: str, line: str) -> Item:
        """One JSON Lines record checked as a report, or the reason it is skipped."""
        try:
            record = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
            published = record.get("published")
            published = dt.date.fromisoformat(published) if published and len(published) == 10 else None
        except (ValueError, KeyError, TypeError, RecursionError) as exc:  # JSONDecodeError is a ValueError
            return Item(label, error=f"{label}: not a report record ({type(exc).__name__}: {str(exc)[:200]})")
        try:
            check_text(text, name=label)
        except UnreadableReport as exc:
            return Item(label, error=str(exc))
        return Item(
            label,
            {
                "text": text,
                "published": published,
                "outlet": _string(record.get("outlet")) or self.defaults.outlet,
                "url": _string(record.get("url")) or _string(record.get("source_url")),
                "lang": _string(record.get("lang")) or self.defaults.lang,
            },
        )


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""
