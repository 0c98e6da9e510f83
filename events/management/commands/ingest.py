"""Read reports into the database: .txt files, folders, and JSON Lines (one report a line
with text, published, outlet, url). One transaction per report; the same text twice is one
report; a bad file is reported with its reason and skipped, and the batch goes on.

    manage.py ingest reports/ --outlet "Diyaruna (Persian)"
    manage.py ingest report.txt --published 2018-05-14 --url https://...
    manage.py ingest batch.jsonl

With a Celery broker configured (CELERY_BROKER_URL), every report is handed to the workers
(events.tasks: the same code, the same rows) and the command waits for their answers; --sync
ingests in this process instead.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from events.ingest import ingest_text
from events.pipeline.runner import EmptyText
from lib.untrusted import UnreadableReport, check_text, read_report_file, read_text_file

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
        parser.add_argument(
            "--sync", action="store_true", help="ingest in this process even when a Celery broker is configured"
        )
        parser.add_argument(
            "--timeout", type=float, default=600, help="seconds to wait for the workers' answer to one report"
        )

    def handle(self, *args, paths: list[str], **opts) -> str:
        published = parse_date(opts["published"])
        started = time.perf_counter()
        counts = {"read": 0, "new": 0, "known": 0, "failed": 0, "events": 0, "control": 0}
        items = list(self.reports(paths, opts, published, counts))
        workers = bool(settings.CELERY_BROKER_URL) and not opts["sync"]
        if workers:  # hand every report to Celery first, then collect the answers in order
            from events import tasks

            try:
                tasks.check_workers()
            except tasks.NoWorkers as exc:
                raise CommandError(str(exc)) from exc
            items = [
                (label, item if isinstance(item, str) else tasks.submit(item, name=label)) for label, item in items
            ]
        for label, item in tqdm(items, desc="reports", unit=" rep", disable=opts["no_progress"] or None, leave=False):
            if isinstance(item, str):  # an error message
                counts["failed"] += 1
                self.stderr.write(f"skipped {item}")
                continue
            counts["read"] += 1
            try:
                result = tasks.outcome(item, opts["timeout"]) if workers else ingest_text(**item, name=label)
            except (EmptyText, ValueError, DatabaseError) as exc:  # UnreadableReport is a ValueError
                counts["failed"] += 1
                message = str(exc)
                self.stderr.write(f"skipped {message}" if message.startswith(label) else f"skipped {label}: {message}")
                continue
            except RuntimeError as exc:  # tasks.NoWorkers: the workers stopped answering
                raise CommandError(str(exc)) from exc
            if result.dropped_url:
                self.stderr.write(f"{label}: URL {result.dropped_url[:200]!r} not kept (only http and https links are)")
            counts["new" if result.created else "known"] += 1
            counts["events"] += result.events
            counts["control"] += result.control
        seconds = time.perf_counter() - started
        return (
            f"ingest: {counts['read']:,} reports read, {counts['new']:,} new, {counts['known']:,} already known, "
            f"{counts['failed']:,} skipped; {counts['events']:,} events, {counts['control']:,} control assertions; {seconds:.1f} s"
            + (" (Celery workers)" if workers else "")
        )

    def reports(self, paths: list[str], opts: dict, published, counts) -> Iterator[tuple[str, dict | str]]:
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                yield raw, f"{raw}: no such file or folder"
            elif path.is_dir():
                for child in sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
                ):
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
        yield (
            str(path),
            {"text": text, "published": published, "outlet": opts["outlet"], "url": opts["url"], "lang": opts["lang"]},
        )

    def jsonl(self, path: Path, opts: dict) -> Iterator[tuple[str, dict | str]]:
        try:
            lines = read_text_file(path).splitlines()
        except UnreadableReport as exc:
            yield str(path), str(exc)
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
            except (
                ValueError,
                KeyError,
                TypeError,
                CommandError,
                RecursionError,
            ) as exc:  # JSONDecodeError is a ValueError
                yield label, f"{label}: not a report record ({type(exc).__name__}: {str(exc)[:200]})"
                continue
            try:
                check_text(text, name=label)
            except UnreadableReport as exc:
                yield label, str(exc)
                continue
            yield (
                label,
                {
                    "text": text,
                    "published": published,
                    "outlet": _string(record.get("outlet")) or opts["outlet"],
                    "url": _string(record.get("url")) or _string(record.get("source_url")),
                    "lang": _string(record.get("lang")) or opts["lang"],
                },
            )


def _string(value) -> str:
    return value if isinstance(value, str) else ""
