"""Read reports into the database: .txt files, folders, and JSON Lines (one report a line
with text, published, outlet, url). One transaction per report; the same text twice is one
report; a bad file is reported with its reason and skipped, and the batch goes on.

    manage.py ingest reports/ --outlet "Diyaruna (Persian)"
    manage.py ingest report.txt --published 2018-05-14 --url https://...
    manage.py ingest batch.jsonl
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from events.ingest import ingest_text
from events.pipeline.runner import EmptyText
from events.reading import UnreadableReport, read_report_file

from .extract import parse_date

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


class Command(BaseCommand):
    help = "Ingest reports (.txt files, folders, JSON Lines) into the database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--published", help="publication date of .txt files, YYYY-MM-DD")
        parser.add_argument("--outlet", default="", help="outlet of .txt files")
        parser.add_argument("--url", default="", help="URL of a .txt file")
        parser.add_argument("--lang", default="fa")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, paths: list[str], **opts) -> str:
        published = parse_date(opts["published"])
        started = time.perf_counter()
        counts = {"read": 0, "new": 0, "known": 0, "failed": 0, "events": 0, "control": 0}
        items = list(self.reports(paths, opts, published, counts))
        for label, item in tqdm(items, desc="reports", unit=" rep", disable=opts["no_progress"] or None, leave=False):
            if isinstance(item, str):  # an error message
                counts["failed"] += 1
                self.stderr.write(f"skipped {item}")
                continue
            counts["read"] += 1
            try:
                result = ingest_text(**item)
            except (EmptyText, ValueError) as exc:
                counts["failed"] += 1
                self.stderr.write(f"skipped {label}: {exc}")
                continue
            counts["new" if result.created else "known"] += 1
            counts["events"] += result.events
            counts["control"] += result.control
        seconds = time.perf_counter() - started
        return (
            f"ingest: {counts['read']:,} reports read, {counts['new']:,} new, {counts['known']:,} already known, "
            f"{counts['failed']:,} skipped; {counts['events']:,} events, {counts['control']:,} control assertions; {seconds:.1f} s"
        )

    def reports(self, paths: list[str], opts: dict, published, counts) -> Iterator[tuple[str, dict | str]]:
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                yield raw, f"{raw}: no such file or folder"
            elif path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES):
                    yield from self.file(child, opts, published)
            else:
                yield from self.file(path, opts, published)

    def file(self, path: Path, opts: dict, published) -> Iterator[tuple[str, dict | str]]:
        if path.suffix.lower() in JSONL_SUFFIXES or path.name.endswith(".gold.jsonl"):
            yield from self.jsonl(path, opts)
            return
        try:
            text = read_report_file(path)
        except UnreadableReport as exc:
            yield str(path), str(exc)
            return
        yield str(path), {"text": text, "published": published, "outlet": opts["outlet"], "url": opts["url"], "lang": opts["lang"]}

    def jsonl(self, path: Path, opts: dict) -> Iterator[tuple[str, dict | str]]:
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            yield str(path), f"{path}: cannot be read ({exc})"
            return
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            label = f"{path}:{lineno}"
            try:
                record = json.loads(line)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
                published = record.get("published")
                published = parse_date(published) if published and len(published) == 10 else None
            except (json.JSONDecodeError, KeyError, TypeError, CommandError) as exc:
                yield label, f"{label}: not a report record ({exc})"
                continue
            yield label, {
                "text": text,
                "published": published,
                "outlet": record.get("outlet") or opts["outlet"],
                "url": record.get("url") or record.get("source_url") or "",
                "lang": record.get("lang") or opts["lang"],
            }
